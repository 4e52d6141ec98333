// Browser tests of the chat page: answers, citations, emergencies, follow-ups, feedback, safety, reload,
// and what happens when the server cannot be reached.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, ask, lastReply, launchBrowser, openPage, startServer } from './helpers.mjs';

describe('magchat chat page', { timeout: 180000 }, () => {
  let server;
  let browser;
  const contexts = [];

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  after(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    if (browser) await browser.close();
    if (server) await server.stop();
  });

  async function open(options) {
    const opened = await openPage(browser, server.url, options);
    contexts.push(opened.context);
    return opened;
  }

  function assertNoProblems(problems) {
    assert.deepEqual(problems.dialogs, [], 'no dialog may open');
    assert.deepEqual(problems.pageErrors, [], 'no script error');
    assert.deepEqual(problems.consoleErrors, [], 'no console error (CSP violations show up here)');
  }

  test('a question gets a cited answer with the disclaimer and a source card', async () => {
    const { page, problems } = await open();
    const reply = await ask(page, 'What is hypomagnesemia?');
    assert.equal(reply.type, 'answer');
    assert.ok(reply.sources.length > 0, 'the server cites a source');

    const question = page.locator('#thread .message--question .message__text').last();
    assert.equal(await question.innerText(), 'What is hypomagnesemia?');

    const answer = lastReply(page);
    assert.match(await answer.locator('.answer').innerText(), /magnesium/i);
    assert.ok((await answer.locator('.answer li').count()) > 0, 'Markdown lists are rendered as lists');

    // The disclaimer is visible with the answer.
    const disclaimer = answer.locator('.disclaimer');
    assert.ok(await disclaimer.isVisible());
    assert.equal((await disclaimer.innerText()).trim(), reply.disclaimer);

    // Citation markers became links to the source cards of this answer.
    const cite = answer.locator('.answer a.cite__link').first();
    assert.equal(await cite.innerText(), '1');
    assert.doesNotMatch(await answer.locator('.answer').innerText(), /\[1\]/, 'no raw [1] marker is left');
    const cardId = (await cite.getAttribute('href')).slice(1);
    const card = answer.locator(`.source#${cardId}`);
    assert.ok(await card.isVisible());
    assert.match(await card.innerText(), new RegExp(reply.sources[0].title.replace(/[?]/g, '\\?')));
    await cite.click();
    assert.equal(await page.evaluate(() => document.activeElement.id), cardId, 'the citation moves focus to its card');

    // The card links to the source in a new tab, without opener or referrer.
    const link = card.locator('a');
    assert.equal(await link.getAttribute('href'), reply.sources[0].url);
    assert.equal(await link.getAttribute('target'), '_blank');
    assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');

    // Follow-up suggestions are buttons.
    const chips = answer.locator('.suggestions button.chip');
    assert.equal(await chips.count(), reply.suggestions.length);
    assertNoProblems(problems);
  });

  test('an emergency shows an alert banner at the top of the reply', async () => {
    const { page, problems } = await open();
    const reply = await ask(page, "I took 30 magnesium pills and I can't breathe");
    assert.equal(reply.type, 'emergency');
    const answer = lastReply(page);
    const banner = answer.locator('.emergency-banner[role="alert"]');
    assert.ok(await banner.isVisible());
    assert.match(await banner.innerText(), /emergency/i);
    // The banner is the first visible thing in the reply, above the answer text.
    const order = await answer.evaluate((node) => {
      const visible = Array.from(node.children).filter((c) => !c.classList.contains('visually-hidden'));
      return visible.map((c) => c.className);
    });
    assert.match(order[0], /emergency-banner/);
    assert.ok(await answer.locator('.disclaimer').isVisible());
    assertNoProblems(problems);
  });

  test('a follow-up question uses the conversation', async () => {
    const { page, problems } = await open();
    const first = await ask(page, 'What is hypomagnesemia?');
    const requestPromise = page.waitForRequest((r) => r.url().endsWith('/api/chat'));
    const replyPromise = ask(page, 'What causes it?');
    const request = await requestPromise;
    assert.equal(request.postDataJSON().conversation_id, first.conversation_id);
    const second = await replyPromise;
    assert.equal(second.conversation_id, first.conversation_id);
    assert.equal(second.turn_index, first.turn_index + 1);
    assert.match(await lastReply(page).locator('.answer').innerText(), /diuretic|alcohol|diarrh/i);
    assert.equal(await page.locator('#thread .message--reply').count(), 2);
    // Only the newest reply keeps its follow-up chips.
    assert.equal(await page.locator('#thread .message--reply').first().locator('.suggestions').count(), 0);
    assertNoProblems(problems);
  });

  test('a suggestion chip asks its question', async () => {
    const { page, problems } = await open();
    const reply = await ask(page, 'What is hypomagnesemia?');
    const chip = lastReply(page).locator('.suggestions button.chip').first();
    const responsePromise = page.waitForResponse((r) => r.url().endsWith('/api/chat'));
    await chip.click();
    const response = await responsePromise;
    assert.equal(response.request().postDataJSON().message, reply.suggestions[0]);
    await page.locator('#thread .message--reply').nth(1).waitFor();
    assert.equal(await page.locator('#thread .message--question .message__text').last().innerText(), reply.suggestions[0]);
    assertNoProblems(problems);
  });

  test('thumbs down is stored and confirmed', async () => {
    const { page, problems } = await open();
    const reply = await ask(page, 'What is hypomagnesemia?');
    const answer = lastReply(page);
    const down = answer.getByRole('button', { name: 'No, this was not helpful' });
    const responsePromise = page.waitForResponse((r) => r.url().endsWith('/api/feedback'));
    await down.click();
    const response = await responsePromise;
    assert.equal(response.status(), 201);
    assert.deepEqual(response.request().postDataJSON(), {
      conversation_id: reply.conversation_id,
      turn_index: reply.turn_index,
      rating: 'down',
    });
    assert.equal((await response.json()).status, 'stored');
    await answer.locator('.feedback__status--ok').waitFor();
    assert.match(await answer.locator('.feedback__status').innerText(), /thank you/i);
    assert.equal(await down.getAttribute('aria-pressed'), 'true');

    // An optional comment can follow, and is stored too.
    const comment = answer.getByLabel('Tell us more (optional)');
    await comment.fill('Too short for me.');
    const commentResponse = page.waitForResponse((r) => r.url().endsWith('/api/feedback'));
    await answer.getByRole('button', { name: 'Send comment' }).click();
    const stored = await commentResponse;
    assert.equal(stored.status(), 201);
    assert.equal(stored.request().postDataJSON().comment, 'Too short for me.');
    assert.equal(stored.request().postDataJSON().rating, 'down');
    await answer.getByText('Thank you, your comment was saved.').waitFor();
    assertNoProblems(problems);
  });

  test('HTML in a question is shown as text and runs nothing', async () => {
    const { page, problems } = await open();
    const evil = '<img src=x onerror=alert(1)>';
    await ask(page, evil);
    assert.equal(await page.locator('#thread .message--question .message__text').last().innerText(), evil);
    assert.equal(await page.locator('#thread img').count(), 0, 'no img element in the thread');
    await page.waitForTimeout(300);
    assertNoProblems(problems);
  });

  test('HTML in an answer, a source or a suggestion is never turned into markup', async () => {
    const { page, problems } = await open();
    const evil = '<img src=x onerror=alert(1)>';
    // A hostile reply, as if the server or a knowledge-base entry were compromised.
    await page.route('**/api/chat', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({
          conversation_id: '0123456789abcdef0123456789abcdef',
          turn_index: 0,
          type: 'answer',
          answer: 'x',
          answer_html:
            `<p>Safe <strong>bold</strong> [1] ${evil}<script>alert(2)</script>` +
            '<a href="javascript:alert(3)">bad link</a> <a href="https://example.org/" onclick="alert(4)">good</a></p>' +
            '<iframe src="javascript:alert(5)"></iframe><p style="color:red" onmouseover="alert(6)">styled</p>',
          sources: [{
            id: 1,
            entry_id: 'e',
            title: evil,
            section: '<b>section</b>',
            url: 'javascript:alert(7)',
            source_title: evil,
            snippet: evil,
          }],
          disclaimer: evil,
          suggestions: [evil],
          confidence: 1,
          corrected_query: evil,
        }),
      }));
    await ask(page, 'anything');
    const answer = lastReply(page);
    assert.equal(await page.locator('#thread img, #thread script, #thread iframe, #thread b').count(), 0);
    assert.equal(await answer.locator('[style], [onclick], [onmouseover]').count(), 0);
    assert.equal(await answer.locator('a[href^="javascript"]').count(), 0);
    assert.equal(await answer.locator('.answer strong').innerText(), 'bold', 'allowed Markdown survives');
    const good = answer.locator('.answer a', { hasText: 'good' });
    assert.equal(await good.getAttribute('rel'), 'noopener noreferrer');
    // Entry text appears as text.
    assert.match(await answer.locator('.source__title').innerText(), /<img src=x onerror=alert\(1\)>/);
    assert.equal(await answer.locator('.source__section').innerText(), '<b>section</b>');
    assert.match(await answer.locator('.disclaimer').innerText(), /<img src=x/);
    assert.match(await answer.locator('.corrected-query').innerText(), /Showing results for: <img src=x/);
    assert.equal(await answer.locator('.suggestions .chip').innerText(), evil);
    await page.mouse.move(200, 200);
    await page.waitForTimeout(300);
    assert.deepEqual(problems.dialogs, []);
    assert.deepEqual(problems.pageErrors, []);
  });

  test('a misspelt question shows the corrected query', async () => {
    const { page, problems } = await open();
    const reply = await ask(page, 'magnesum deficincy symptoms');
    assert.equal(typeof reply.corrected_query, 'string');
    const corrected = lastReply(page).locator('.corrected-query');
    assert.equal(await corrected.innerText(), `Showing results for: ${reply.corrected_query}`);
    assertNoProblems(problems);
  });

  test('the conversation survives a reload', async () => {
    const { page, problems } = await open();
    const first = await ask(page, 'What is hypomagnesemia?');
    await ask(page, 'What causes it?');
    const before = await page.locator('#thread').innerText();
    // Rate the second answer so the reloaded page can show it.
    const response = page.waitForResponse((r) => r.url().endsWith('/api/feedback'));
    await lastReply(page).getByRole('button', { name: 'Yes, this was helpful' }).click();
    assert.equal((await response).status(), 201);

    const loaded = page.waitForResponse((r) => r.url().includes(`/api/conversations/${first.conversation_id}`));
    await page.reload();
    assert.equal((await loaded).status(), 200);
    await page.locator('#thread .message--reply').nth(1).waitFor();
    assert.ok(await page.locator('#welcome').isHidden());
    const questions = await page.locator('#thread .message--question .message__text').allInnerTexts();
    assert.deepEqual(questions, ['What is hypomagnesemia?', 'What causes it?']);
    const replies = page.locator('#thread .message--reply');
    assert.equal(await replies.count(), 2);
    const second = replies.nth(1);
    assert.match(await second.locator('.answer').innerText(), /diuretic|alcohol|diarrh/i);
    assert.ok((await second.locator('.answer li').count()) > 0, 'stored Markdown is rendered as lists');
    assert.ok((await second.locator('.answer a.cite__link').count()) > 0, 'citations are linked after reload');
    assert.ok(await second.locator('.source a[target="_blank"]').first().isVisible());
    assert.ok(await second.locator('.disclaimer').isVisible());
    assert.equal(await second.getByRole('button', { name: 'Yes, this was helpful' }).getAttribute('aria-pressed'), 'true');
    // The same text as before the reload (feedback status aside).
    const after = await page.locator('#thread').innerText();
    assert.equal(after.replace(/\s+/g, ' ').replace(/Thank you[^.]*\./, ''), before.replace(/\s+/g, ' '));

    // Asking again continues the same conversation, numbered after the stored turns.
    const third = await ask(page, 'Does alcohol lower magnesium?');
    assert.equal(third.conversation_id, first.conversation_id);
    assert.equal(third.turn_index, 2);

    // "New conversation" starts afresh, and a reload then shows the welcome screen.
    await page.getByRole('button', { name: 'New conversation' }).click();
    assert.equal(await page.locator('#thread > *').count(), 0);
    assert.ok(await page.locator('#welcome').isVisible());
    assert.equal(await page.evaluate(() => document.activeElement.id), 'question');
    await page.reload();
    assert.ok(await page.locator('#welcome').isVisible());
    const fresh = await ask(page, 'What is hypomagnesemia?');
    assert.notEqual(fresh.conversation_id, first.conversation_id);
    assertNoProblems(problems);
  });

  test('a clear message with retry when the server cannot be reached', async () => {
    const { page, problems } = await open();
    let calls = 0;
    await page.route('**/api/chat', (route) => {
      calls += 1;
      return calls === 1 ? route.abort('connectionrefused') : route.continue();
    });
    await page.locator('#question').fill('What is hypomagnesemia?');
    await page.locator('#question').press('Enter');
    const error = page.locator('#thread .message--error[role="alert"]');
    await error.waitFor();
    assert.match(await error.innerText(), /cannot be reached/i);
    assert.equal(await page.locator('#question').isEnabled(), true, 'the input is usable again');
    // The question stays in the thread once; Retry sends it again.
    const response = page.waitForResponse((r) => r.url().endsWith('/api/chat') && r.status() === 200);
    await error.getByRole('button', { name: 'Retry' }).click();
    await response;
    await lastReply(page).waitFor();
    assert.equal(await page.locator('#thread .message--error').count(), 0);
    assert.equal(await page.locator('#thread .message--question').count(), 1);
    assert.match(await lastReply(page).locator('.answer').innerText(), /magnesium/i);
    assert.deepEqual(problems.dialogs, []);
    assert.deepEqual(problems.pageErrors, []);
  });

  test('a thinking state shows and the input is disabled while a reply is pending', async () => {
    const { page, problems } = await open();
    let release;
    const gate = new Promise((resolve) => {
      release = resolve;
    });
    await page.route('**/api/chat', async (route) => {
      await gate;
      await route.continue();
    });
    await page.locator('#question').fill('What is hypomagnesemia?');
    await page.locator('#question').press('Enter');
    const thinking = page.locator('#thread .message--thinking[role="status"]');
    await thinking.waitFor();
    assert.match(await thinking.innerText(), /thinking/i);
    assert.equal(await page.locator('#question').isDisabled(), true);
    assert.equal(await page.locator('#send').isDisabled(), true);
    release();
    await lastReply(page).waitFor();
    assert.equal(await thinking.count(), 0);
    assert.equal(await page.locator('#question').isEnabled(), true);
    assertNoProblems(problems);
  });

  test('stored answers (Markdown only) render like live answers (answer_html)', async () => {
    // GET /api/conversations/{id} has no answer_html, so the page renders the Markdown itself after a reload.
    // Compare both renderings over every FAQ question of the knowledge base.
    const faqDir = path.join(repoRoot, 'kb', 'faq');
    const questions = readdirSync(faqDir)
      .filter((f) => f.endsWith('.md'))
      .map((f) => /^question:\s*(.+)$/m.exec(readFileSync(path.join(faqDir, f), 'utf8'))?.[1])
      .filter(Boolean);
    questions.push("I took 30 magnesium pills and I can't breathe", 'hello');
    const replies = [];
    for (const message of questions) {
      const response = await fetch(server.url + '/api/chat', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ message }),
      });
      replies.push(await response.json());
    }
    const { page, problems } = await open();
    const differences = await page.evaluate((all) => {
      const shape = (fragment) => {
        const parts = [];
        const walk = (node) => {
          for (const child of node.childNodes) {
            if (child.nodeType === Node.ELEMENT_NODE) {
              parts.push(`<${child.tagName}>`);
              walk(child);
              parts.push(`</${child.tagName}>`);
            } else if (child.nodeType === Node.TEXT_NODE) {
              parts.push(child.nodeValue);
            }
          }
        };
        walk(fragment);
        return parts.join('').replace(/\s+/g, ' ').replace(/ ?(<[^>]+>) ?/g, '$1').trim();
      };
      return all
        .map((r) => ({
          answer: r.answer,
          server: shape(window.magchat.sanitisedFragment(r.answer_html)),
          page: shape(window.magchat.markdownFragment(r.answer)),
        }))
        .filter((d) => d.server !== d.page);
    }, replies);
    assert.ok(replies.length > 10, 'the knowledge base has questions to compare');
    assert.deepEqual(differences, []);
    assertNoProblems(problems);
  });

  test('Shift+Enter adds a line and Enter sends', async () => {
    const { page, problems } = await open();
    const input = page.locator('#question');
    await input.click();
    await page.keyboard.type('What is hypomagnesemia?');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('Please explain.');
    assert.equal(await input.inputValue(), 'What is hypomagnesemia?\nPlease explain.');
    assert.equal(await page.locator('#thread .message--question').count(), 0, 'Shift+Enter did not send');
    const response = page.waitForResponse((r) => r.url().endsWith('/api/chat'));
    await page.keyboard.press('Enter');
    assert.equal((await response).request().postDataJSON().message, 'What is hypomagnesemia?\nPlease explain.');
    await lastReply(page).waitFor();
    assert.equal(await input.inputValue(), '');
    assertNoProblems(problems);
  });
});

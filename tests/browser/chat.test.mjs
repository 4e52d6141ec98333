// Browser tests of the chat page: answers, citations, emergencies, follow-ups, feedback, safety, reload,
// and what happens when the server cannot be reached.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  repoRoot, ask, isChatResponse, lastReply, parseEventStream, startServer,
  browserSession,
} from './helpers.mjs';

describe('magchat chat page', { timeout: 180000 }, () => {
  const session = browserSession();
  const open = session.open;

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
    // The numbers to call can be tapped on a phone.
    const calls = await answer.locator('.answer a.phone-link').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    assert.ok(calls.includes('tel:911'), 'tel:911 in ' + calls.join(' '));
    assert.ok(calls.includes('tel:18002221222'), 'tel:18002221222 in ' + calls.join(' '));
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

  test('a rate-limited question says so, with the wait the server gives, and can be retried', async () => {
    const { page, problems } = await open();
    let calls = 0;
    await page.route('**/api/chat', (route) => {
      calls += 1;
      if (calls > 1) return route.continue();
      return route.fulfill({
        status: 429,
        contentType: 'application/json',
        headers: { 'Retry-After': '29' },
        body: JSON.stringify({ error: { code: 'rate_limited', message: 'Too many requests; try again in 29 s.', type: 'invalid_request_error', param: null } }),
      });
    });
    await page.locator('#question').fill('What is hypomagnesemia?');
    await page.locator('#question').press('Enter');
    const error = page.locator('#thread .message--error[role="alert"]');
    await error.waitFor();
    const text = await error.innerText();
    assert.match(text, /too many questions/i);
    assert.match(text, /try again in 29 s/);
    assert.doesNotMatch(text, /went wrong on the server/i);
    const response = page.waitForResponse((r) => r.url().endsWith('/api/chat') && r.status() === 200);
    await error.getByRole('button', { name: 'Retry' }).click();
    await response;
    await lastReply(page).waitFor();
    assert.equal(await page.locator('#thread .message--error').count(), 0);
    assert.deepEqual(problems.dialogs, []);
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors.filter((m) => !/status of 429/.test(m)), []);
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

  test('stored answers come back with the same server-rendered HTML as live ones', async () => {
    // The page never parses Markdown itself: live replies and stored turns both carry answer_html (md4c).
    const response = await fetch(session.server.url + '/api/chat', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ message: 'What are the symptoms of magnesium deficiency?' }),
    });
    const live = await response.json();
    const stored = await (await fetch(session.server.url + '/api/conversations/' + live.conversation_id)).json();
    assert.equal(stored.turns[0].reply.answer_html, live.answer_html);
    assert.match(live.answer_html, /<li>/);
    const { page, problems } = await open();
    const rendered = await page.evaluate((html) => {
      const div = document.createElement('div');
      div.appendChild(window.magchat.sanitisedFragment(html));
      return { items: div.querySelectorAll('li').length, scripts: div.querySelectorAll('script, img').length };
    }, stored.turns[0].reply.answer_html);
    assert.ok(rendered.items > 3);
    assert.equal(rendered.scripts, 0);
    assertNoProblems(problems);
  });

  test('the answer streams in as plain text, then becomes the rendered reply', async () => {
    const { page, problems } = await open();
    // Record what the thread shows after every change while the answer arrives.
    await page.evaluate(() => {
      const thread = document.getElementById('thread');
      window.seen = [];
      new MutationObserver(() => {
        const partial = thread.querySelector('.message--streaming');
        const body = partial && partial.querySelector('.answer');
        window.seen.push({
          thinking: thread.querySelector('.message--thinking') !== null,
          text: body ? body.textContent : null,
          elements: body ? body.children.length : 0,
          busy: partial ? partial.getAttribute('aria-busy') : null,
          final: thread.querySelector('.message--reply') !== null,
        });
      }).observe(thread, { childList: true, subtree: true, characterData: true });
    });
    const requestPromise = page.waitForRequest((r) => r.url().endsWith('/api/chat'));
    const responsePromise = page.waitForResponse(isChatResponse);
    const reply = await ask(page, 'What is hypomagnesemia?');
    const request = await requestPromise;
    const response = await responsePromise;
    assert.match(request.headers().accept, /text\/event-stream/, 'the page asks for a stream');
    assert.match(response.headers()['content-type'], /^text\/event-stream/, 'the server streamed');
    const events = parseEventStream(await response.text()).map((e) => e.event);
    assert.equal(events[0], 'meta');
    assert.equal(events.at(-1), 'done');
    assert.ok(events.filter((e) => e === 'delta').length >= 5, 'the answer came in several pieces');

    const seen = await page.evaluate(() => window.seen);
    const partials = [...new Set(seen.map((s) => s.text).filter((t) => t))];
    assert.ok(partials.length >= 2, `the answer grew in steps on the page (saw ${partials.length})`);
    for (const text of partials) {
      assert.ok(reply.answer.startsWith(text), `partial text is the start of the answer: ${JSON.stringify(text)}`);
    }
    assert.ok(partials.some((t) => t.length < reply.answer.length), 'part of the answer showed before the end');
    assert.ok(partials.some((t) => t.includes('[1]')), 'while streaming the text is plain (markers as typed)');
    for (const s of seen.filter((x) => x.text !== null)) {
      assert.equal(s.elements, 0, 'streamed text is plain text, no markup');
      assert.equal(s.thinking, false, 'the thinking state ends with the first piece');
      assert.equal(s.busy, 'true', 'the streaming reply is aria-busy');
      assert.equal(s.final, false, 'the finished reply replaces the streamed text');
    }
    const firstText = seen.findIndex((s) => s.text);
    assert.ok(seen.slice(0, firstText).some((s) => s.thinking), 'thinking shows until the first piece');

    // The finished reply: rendered Markdown, linked citations, source cards; no streamed text left over.
    assert.equal(await page.locator('#thread .message--streaming, #thread .message--thinking').count(), 0);
    assert.equal(await page.locator('#thread .message--reply').count(), 1);
    const answer = lastReply(page);
    assert.ok((await answer.locator('.answer li').count()) > 0, 'lists are rendered');
    assert.doesNotMatch(await answer.locator('.answer').innerText(), /\[1\]/);
    assert.ok((await answer.locator('.answer a.cite__link').count()) > 0);
    assert.equal(await answer.locator('.sources .source').count(), reply.sources.length);
    assert.ok(reply.sources.length > 0);
    assert.ok(await answer.locator('.disclaimer').isVisible());
    assert.equal(await page.evaluate(() => localStorage.getItem('magchat.conversation_id')), reply.conversation_id);
    assert.equal(await page.locator('#question').isEnabled(), true);
    assertNoProblems(problems);
  });

  test('when the server cannot stream (503) the page asks again without streaming', async () => {
    const { page, problems } = await open();
    const accepts = [];
    await page.route('**/api/chat', (route) => {
      accepts.push(route.request().headers().accept || '');
      if (accepts.length > 1) return route.continue();
      return route.fulfill({
        status: 503,
        contentType: 'application/json',
        headers: { 'Retry-After': '1' },
        body: JSON.stringify({ error: { code: 'too_many_streams', message: 'Too many open streams.', type: 'server_error', param: null } }),
      });
    });
    const reply = await ask(page, 'What is hypomagnesemia?');
    assert.equal(accepts.length, 2, 'one streamed attempt, one plain request');
    assert.match(accepts[0], /text\/event-stream/);
    assert.doesNotMatch(accepts[1], /event-stream/);
    assert.equal(reply.type, 'answer');
    const answer = lastReply(page);
    assert.equal(await answer.locator('.sources .source').count(), reply.sources.length);
    assert.ok((await answer.locator('.answer a.cite__link').count()) > 0);
    assert.equal(await page.locator('#thread .message--error').count(), 0, 'no error is shown');
    assert.deepEqual(problems.dialogs, []);
    assert.deepEqual(problems.pageErrors, []);
    // Chromium logs every failed fetch ("Failed to load resource: ... 503"); nothing else may appear.
    assert.deepEqual(problems.consoleErrors.filter((m) => !/status of 503/.test(m)), []);
  });

  test('a stream that breaks after its first frames shows the stored reply without asking twice', async () => {
    // The server stores a turn before it streams it; this one is real, the broken stream announcing it is not.
    const stored = await (await fetch(session.server.url + '/api/chat', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ message: 'What is hypomagnesemia?' }),
    })).json();
    const { page, problems } = await open();
    let posts = 0;
    await page.route('**/api/chat', (route) => {
      posts += 1;
      const meta = { conversation_id: stored.conversation_id, turn_index: stored.turn_index, type: 'answer', corrected_query: null };
      return route.fulfill({
        status: 200,
        contentType: 'text/event-stream',
        body: `event: meta\ndata: ${JSON.stringify(meta)}\n\nevent: delta\ndata: {"text":"Hypomagnesemia means "}\n\n` +
          'event: delta\ndata: {"text":"the level"}\n\n',
      });
    });
    const loaded = page.waitForResponse((r) => r.url().endsWith('/api/conversations/' + stored.conversation_id));
    await page.locator('#question').fill('What is hypomagnesemia?');
    await page.locator('#question').press('Enter');
    assert.equal((await loaded).status(), 200);
    await lastReply(page).waitFor();
    assert.equal(posts, 1, 'the question was not sent a second time');
    const answer = lastReply(page);
    assert.equal(await answer.getAttribute('data-turn-index'), String(stored.turn_index));
    assert.match(await answer.locator('.answer').innerText(), /magnesium/i);
    assert.equal(await answer.locator('.sources .source').count(), stored.sources.length);
    assert.equal(await answer.getByRole('group', { name: 'Was this answer helpful?' }).count(), 1);
    assert.equal(await page.locator('#thread .message--streaming, #thread .message--error').count(), 0);
    assert.equal(await page.evaluate(() => localStorage.getItem('magchat.conversation_id')), stored.conversation_id);
    assertNoProblems(problems);
  });

  test('the event-stream parser handles any split of the text', async () => {
    const { page, problems } = await open();
    const result = await page.evaluate(() => {
      const text = ': a comment\r\nevent: meta\r\ndata: {"a":1}\r\n\r\n' +
        'event: delta\ndata: line one\ndata: line two\nid: 7\nretry: 10\n\n' +
        'data:no space\rdata:  two spaces\r\r' +
        'event: done\ndata: {"é":"😀"}\n\n' +
        'event: unfinished\ndata: dropped\n';
      const parse = (pieces) => {
        const events = [];
        const parser = window.magchat.createEventStreamParser((e) => events.push(e));
        for (const piece of pieces) parser.push(piece);
        parser.end();
        return JSON.stringify(events);
      };
      const whole = parse([text]);
      const differing = [];
      for (let i = 1; i < text.length; i += 1) {
        if (parse([text.slice(0, i), text.slice(i)]) !== whole) differing.push(i);
      }
      const oneByOne = parse(Array.from(text));
      return { whole: JSON.parse(whole), differing, oneByOne: oneByOne === whole };
    });
    assert.deepEqual(result.whole, [
      { event: 'meta', data: '{"a":1}' },
      { event: 'delta', data: 'line one\nline two' },
      { event: 'message', data: 'no space\n two spaces' },
      { event: 'done', data: '{"é":"😀"}' },
    ]);
    assert.deepEqual(result.differing, [], 'every split into two pieces gives the same events');
    assert.ok(result.oneByOne, 'one character at a time gives the same events');
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

  test('a message over 2,000 characters is not cut: the page says so and sends nothing until it is shortened', async () => {
    const { page, problems } = await open();
    const input = page.locator('#question');
    const story = 'My mother has been tired for weeks and her legs cramp at night. '.repeat(40);
    const long = story + 'Could low magnesium be the reason?';
    await input.fill(long);
    assert.equal(await input.inputValue(), long, 'the whole paste is kept');
    let posted = 0;
    page.on('request', (r) => { if (r.url().endsWith('/api/chat')) posted++; });
    await page.keyboard.press('Enter');
    const note = page.locator('#composer-length');
    await note.waitFor({ state: 'visible' });
    assert.match(await note.innerText(), /limit is 2,000/);
    assert.equal(posted, 0);
    assert.equal(await page.locator('#thread .message--question').count(), 0);
    // Shortened to the question, it is sent.
    await input.fill('Could low magnesium be the reason my mother is tired?');
    assert.ok(await note.isHidden());
    const response = page.waitForResponse((r) => r.url().endsWith('/api/chat'));
    await page.keyboard.press('Enter');
    await response;
    await lastReply(page).waitFor();
    assertNoProblems(problems);
  });
});

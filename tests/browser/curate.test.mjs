// Browser tests of the curation page (/curate), tried the way a new curator would: find the question people
// asked that had no answer, write the entry, preview it, publish it, see the chat answer it without a restart,
// change it, and undo it from the history. Plus: wrong tokens, version conflicts, and entry text that must stay
// text.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { artifactPath, browserSession, ask, lastReply } from './helpers.mjs';

const TOKEN = 'browser-test-curator-token-42';
const QUESTION = 'Does magnesium help with hiccups?';

describe('magchat curation page', { timeout: 180000 }, () => {
  const session = browserSession({
    beforeStart: () => {
      // The server inherits the environment: one curator token named "curator".
      process.env.MAGCHAT_CURATOR_TOKEN = TOKEN;
    },
  });
  const open = session.open;

  // Opens /curate in a fresh context and signs in; returns { page, problems }.
  async function openCurate(token = TOKEN) {
    const opened = await open();
    await opened.page.goto('/curate');
    await opened.page.locator('#token').fill(token);
    await opened.page.locator('#signin-button').click();
    if (token === TOKEN) await opened.page.locator('#workspace').waitFor();
    return opened;
  }

  // `expectedStatuses`: HTTP errors the test provokes on purpose (Chromium logs each failed request).
  function assertNoProblems(problems, expectedStatuses = []) {
    assert.deepEqual(problems.dialogs, [], 'no dialog may open');
    assert.deepEqual(problems.pageErrors, [], 'no script error');
    const unexpected = problems.consoleErrors.filter(
      (m) => !expectedStatuses.some((s) => m.startsWith(`Failed to load resource: the server responded with a status of ${s} `)));
    assert.deepEqual(unexpected, [], 'no console error (CSP violations show up here)');
  }

  const textOf = (page, selector) => page.locator(selector).innerText();

  async function waitForText(page, selector, text) {
    await page.waitForFunction(
      ([sel, expected]) => {
        const node = document.querySelector(sel);
        return node && node.textContent.includes(expected);
      },
      [selector, text],
    );
  }

  async function api(method, path, body, headers = {}) {
    const response = await fetch(session.server.url + path, {
      method,
      headers: { Authorization: 'Bearer ' + TOKEN, 'Content-Type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, data: await response.json() };
  }

  test('the page asks for a token and refuses a wrong one', async () => {
    const { page, problems } = await open();
    const response = await page.goto('/curate');
    assert.match(response.headers()['content-security-policy'], /script-src 'self'/);
    assert.ok(await page.locator('#signin').isVisible());
    assert.ok(await page.locator('#workspace').isHidden());
    await page.locator('#token').fill('not-the-right-token-at-all');
    await page.locator('#signin-button').click();
    await page.locator('#signin-error').waitFor();
    assert.match(await textOf(page, '#signin-error'), /not valid/);
    assert.ok(await page.locator('#workspace').isHidden());
    // Failed requests show up as console errors in Chromium; the page itself raised none.
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.dialogs, []);
  });

  test('a question without an answer becomes a published entry the chat answers, and can be undone', async () => {
    // 1. Someone asks, and magchat has no answer.
    const chat = await open();
    const before = await ask(chat.page, QUESTION);
    assert.equal(before.type, 'no_answer');

    // 2. The curator signs in and finds the question among what people asked.
    const { page, problems } = await openCurate();
    assert.equal(await page.evaluate(() => sessionStorage.getItem('magchat.curator_token')), TOKEN);
    await page.locator('#tab-insights').click();
    const item = page.locator('#insight-list li', { hasText: QUESTION });
    await item.waitFor();
    assert.match(await item.innerText(), /no answer/);
    await item.getByRole('button', { name: 'Create entry from this' }).click();

    // 3. A draft opens with the question filled in and the placeholders to replace.
    await page.locator('#entry-form').waitFor();
    assert.equal(await page.locator('#f-question').inputValue(), QUESTION);
    assert.match(await page.locator('#f-answer').inputValue(), /^DRAFT:/);
    assert.equal(await textOf(page, '#entry-status'), 'draft');
    const id = (await page.locator('#f-id').inputValue()).trim();
    assert.ok(id.length > 0, 'the draft has an id');
    assert.equal(await page.locator('#preview-question').inputValue(), QUESTION);

    // Publishing the placeholders is refused, field by field.
    await page.locator('#publish').click();
    await page.locator('#form-errors').waitFor();
    assert.match(await textOf(page, '#form-errors'), /placeholder answer/);
    const refusals = [422];
    assert.equal(await page.locator('#f-answer').getAttribute('aria-invalid'), 'true');

    // 4. Write the entry and watch the preview answer with it.
    const answer = 'No study shows that magnesium stops hiccups. Hiccups usually pass on their own.';
    await page.locator('#f-answer').fill(answer);
    await page.locator('.source-row__title').first().fill('Magnesium - Fact Sheet for Consumers (NIH ODS)');
    await page.locator('#f-alternates').fill('Can magnesium stop hiccups?');
    await waitForText(page, '#preview-answer', 'No study shows');
    await waitForText(page, '#preview-status', 'answer with this entry');
    // The preview saved nothing: the chat still has no answer.
    assert.equal((await ask(chat.page, QUESTION)).type, 'no_answer');

    // 5. Publish: the chat answers with it at once.
    await page.locator('#publish').click();
    await waitForText(page, '#form-message', 'Published');
    assert.equal(await textOf(page, '#entry-status'), 'published');
    const published = await ask(chat.page, QUESTION);
    assert.equal(published.type, 'answer');
    assert.equal(published.sources[0].entry_id, id);
    assert.match(await lastReply(chat.page).locator('.answer').innerText(), /No study shows that magnesium stops hiccups/);

    // 6. Edit the published entry: the next answer changes.
    await page.locator('#f-answer').fill('Magnesium is not a known remedy for hiccups; most hiccups stop by themselves.');
    await page.locator('#f-note').fill('clearer wording');
    await page.locator('#save').click();
    await waitForText(page, '#form-message', 'The chat answers with this version now');
    const edited = await ask(chat.page, QUESTION);
    assert.match(edited.answer, /not a known remedy/);

    // 7. The history shows who changed what, with a line diff.
    const revisions = page.locator('#revision-list > li');
    await page.waitForFunction(() => document.querySelectorAll('#revision-list > li').length >= 3);
    const newest = revisions.first();
    assert.match(await newest.innerText(), /clearer wording/);
    assert.match(await newest.innerText(), /Changed: Answer/);
    await newest.getByRole('button', { name: 'Show changes' }).click();
    await page.locator('#diff').waitFor();
    assert.match(await page.locator('#diff .diff__line--add').first().innerText(), /not a known remedy/);
    assert.match(await page.locator('#diff .diff__line--del').first().innerText(), /No study shows/);
    await page.screenshot({ path: artifactPath('curate-history.png'), fullPage: true });

    // 8. Undo: restore the first version (the draft); the chat has no answer again.
    await revisions.last().getByRole('button', { name: 'Restore this version' }).click();
    await waitForText(page, '#form-message', 'Restored version 1');
    assert.equal(await textOf(page, '#entry-status'), 'draft');
    assert.equal((await ask(chat.page, QUESTION)).type, 'no_answer');

    assertNoProblems(problems, refusals);
    assertNoProblems(chat.problems);
  });

  test('a version conflict is reported and nothing is overwritten', async () => {
    const { page, problems } = await openCurate();
    await page.locator('#search').fill('epsom');
    await page.locator('#entry-list:not([aria-busy])').waitFor();
    const item = page.locator('#entry-list .entry-item[data-id="epsom-salt"]');
    await item.waitFor();
    await item.click();
    await page.locator('#entry-form').waitFor();
    await waitForText(page, '#entry-version', 'version 1');

    // Someone else saves first.
    const current = (await api('GET', '/api/kb/entries/epsom-salt')).data;
    current.answer += '\n\nSaved by someone else.';
    assert.equal((await api('PUT', '/api/kb/entries/epsom-salt', current, { 'If-Match': '"1"' })).status, 200);

    await page.locator('#f-answer').fill('My competing edit.');
    await page.locator('#save').click();
    await waitForText(page, '#form-message', 'has changed since you read it');
    assert.equal((await api('GET', '/api/kb/entries/epsom-salt')).data.answer.endsWith('Saved by someone else.'), true);
    await page.getByRole('button', { name: 'Load the saved version' }).click();
    await waitForText(page, '#entry-version', 'version 2');
    assert.match(await page.locator('#f-answer').inputValue(), /Saved by someone else/);
    assertNoProblems(problems, [412]);
  });

  test('delete with an inline confirmation, then undo', async () => {
    const created = await api('POST', '/api/kb/entries', {
      question: 'Is magnesium used in fireworks?',
      answer: 'Yes: burning magnesium gives a bright white light.',
      tags: ['magnesium'],
      sources: [{ title: 'Magnesium fact sheet', url: 'https://ods.od.nih.gov/factsheets/Magnesium-Consumer/' }],
      reviewed: '2026-11-25',
      status: 'published',
    });
    assert.equal(created.status, 201);
    const id = created.data.id;
    const { page, problems } = await openCurate();
    await page.goto('/curate#entry=' + id);
    await page.locator('#entry-form').waitFor();
    await page.locator('#delete').click();
    await page.locator('#confirm-delete-yes').click();
    await waitForText(page, '#toast', 'Deleted');
    assert.equal((await api('GET', '/api/kb/entries/' + id)).status, 404);
    await page.locator('#toast').getByRole('button', { name: 'Undo' }).click();
    await waitForText(page, '#form-message', 'Restored version 1');
    assert.equal((await api('GET', '/api/kb/entries/' + id)).data.status, 'published');
    assertNoProblems(problems);
  });

  test('at 360 px wide the editor fits without horizontal scrolling', async () => {
    const { page, problems } = await open({ viewport: { width: 360, height: 740 } });
    await page.goto('/curate');
    await page.locator('#token').fill(TOKEN);
    await page.locator('#signin-button').click();
    await page.locator('#workspace').waitFor();
    await page.locator('#entry-list .entry-item[data-id="magnesium-imbalance"]').click();
    await page.locator('#entry-form').waitFor();
    await waitForText(page, '#preview-status', 'answer');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `scrollWidth ${width}`);
    const small = await page.evaluate(() =>
      Array.from(document.querySelectorAll('button'))
        .filter((b) => b.offsetParent !== null)
        .map((b) => b.getBoundingClientRect())
        .filter((r) => r.height < 32).length);
    assert.equal(small, 0, 'no button lower than 32 px');
    await page.screenshot({ path: artifactPath('curate-360.png'), fullPage: true });
    assertNoProblems(problems);
  });

  test('entry text is shown as text, never as markup', async () => {
    const hostile = '<img src=x onerror="window.__pwned=1">Is <b>magnesium</b> shiny?';
    const created = await api('POST', '/api/kb/entries', {
      id: 'hostile-text',
      question: hostile,
      answer: 'It is. <script>window.__pwned=2</script> [link](javascript:alert(1))',
      tags: ['magnesium'],
      sources: [{ title: '<i>source</i>', url: 'https://ods.od.nih.gov/factsheets/Magnesium-Consumer/' }],
      reviewed: '2026-11-25',
      status: 'draft',
    });
    assert.equal(created.status, 201);
    const { page, problems } = await openCurate();
    await page.locator('#search').fill('shiny');
    await page.locator('#entry-list:not([aria-busy])').waitFor();
    assert.equal(await page.locator('#entry-list .entry-item').count(), 1, 'the search shows only the match');
    const item = page.locator('#entry-list .entry-item[data-id="hostile-text"]');
    await item.waitFor();
    assert.equal(await item.locator('.entry-item__title').innerText(), hostile);
    await item.click();
    await page.locator('#preview-question').fill('Is magnesium shiny?');
    await page.waitForFunction(() => /answer|entry/.test(document.querySelector('#preview-status').textContent));
    await page.locator('#revision-list > li').first().getByRole('button', { name: 'Show changes' }).click();
    await page.locator('#diff').waitFor();
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(await page.locator('#main img, #main script, #main b, #main i').count(), 0);
    assert.equal(await page.locator('#preview-answer a[href^="javascript"]').count(), 0);
    assertNoProblems(problems);
  });
});

// Browser tests of layout and access: small screens, keyboard-only use, labels, live regions, dark mode,
// and screenshots written to test-artifacts/.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { artifactPath, browserSession, ask, lastReply } from './helpers.mjs';

describe('magchat page layout and accessibility', { timeout: 180000 }, () => {
  const session = browserSession();
  const open = session.open;

  test('at 360 px wide there is no horizontal scroll', async () => {
    const { page, problems } = await open({ viewport: { width: 360, height: 740 } });
    const widths = async () => page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok((await widths()) <= 360, 'welcome screen fits');
    await ask(page, 'What is hypomagnesemia?');
    await ask(page, "I took 30 magnesium pills and I can't breathe");
    await page.locator('#question').fill('A long question '.repeat(20) + 'x'.repeat(120));
    assert.ok((await widths()) <= 360, `thread fits: scrollWidth ${await widths()}`);
    // Every button is large enough to tap.
    const small = await page.evaluate(() =>
      Array.from(document.querySelectorAll('button'))
        .filter((b) => b.offsetParent !== null)
        .map((b) => b.getBoundingClientRect())
        .filter((r) => r.width < 32 || r.height < 32).length);
    assert.equal(small, 0, 'no button smaller than 32 px');
    assert.deepEqual(problems.pageErrors, []);
  });

  test('keyboard only: Tab to the input, type, Enter, Tab to a thumbs button, Space', async () => {
    const { page, problems } = await open();
    const focused = () => page.evaluate(() => {
      const a = document.activeElement;
      return { id: a.id, classes: a.className, label: a.getAttribute('aria-label') };
    });

    let steps = 0;
    while ((await focused()).id !== 'question') {
      await page.keyboard.press('Tab');
      steps += 1;
      assert.ok(steps < 20, 'the question box is reachable with Tab');
    }
    await page.keyboard.type('What is hypomagnesemia?');
    const responsePromise = page.waitForResponse((r) => r.url().endsWith('/api/chat'));
    await page.keyboard.press('Enter');
    await responsePromise;
    await lastReply(page).waitFor();
    // Focus returns to the question box once the reply is in.
    await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'question');

    // Walk backwards from the question box into the reply until a thumbs button has focus.
    steps = 0;
    while (!/feedback__button--down/.test((await focused()).classes)) {
      await page.keyboard.press('Shift+Tab');
      steps += 1;
      assert.ok(steps < 30, 'a thumbs button is reachable with the keyboard');
    }
    // Focus is visible: the focused button has an outline.
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, 'none', 'the focused control shows a focus ring');

    const feedback = page.waitForResponse((r) => r.url().endsWith('/api/feedback'));
    await page.keyboard.press('Space');
    assert.equal((await feedback).status(), 201);
    await lastReply(page).locator('.feedback__status--ok').waitFor();
    assert.equal((await focused()).label, 'No, this was not helpful');
    assert.deepEqual(problems.dialogs, []);
    assert.deepEqual(problems.pageErrors, []);
  });

  test('controls are labelled and new messages are announced', async () => {
    const { page, problems } = await open();
    assert.equal(await page.getByLabel('Your question about magnesium').count(), 1);
    assert.equal(await page.getByRole('button', { name: 'Send' }).count(), 1);
    assert.equal(await page.getByRole('button', { name: 'New conversation' }).count(), 1);
    const thread = page.locator('#thread');
    assert.equal(await thread.getAttribute('aria-live'), 'polite');
    assert.equal(await thread.getAttribute('role'), 'log');
    await ask(page, 'What is hypomagnesemia?');
    // Every button in the thread has an accessible name.
    const unnamed = await page.evaluate(() =>
      Array.from(document.querySelectorAll('#thread button'))
        .filter((b) => !(b.getAttribute('aria-label') || b.textContent.trim())).length);
    assert.equal(unnamed, 0);
    assert.equal(await lastReply(page).getByRole('group', { name: 'Was this answer helpful?' }).count(), 1);
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
  });

  test('follows the system dark mode', async () => {
    const light = await open({ colorScheme: 'light' });
    const dark = await open({ colorScheme: 'dark' });
    const background = (page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const luminance = (rgb) => {
      const [r, g, b] = rgb.match(/\d+/g).map(Number);
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    assert.ok(luminance(await background(light.page)) > 200, 'light background in light mode');
    assert.ok(luminance(await background(dark.page)) < 60, 'dark background in dark mode');
  });

  test('screenshots of desktop and mobile views', async () => {
    const views = [
      { name: 'desktop', viewport: { width: 1280, height: 800 }, colorScheme: 'light' },
      { name: 'mobile', viewport: { width: 360, height: 740 }, colorScheme: 'light' },
      { name: 'desktop-dark', viewport: { width: 1280, height: 800 }, colorScheme: 'dark' },
      { name: 'mobile-dark', viewport: { width: 360, height: 740 }, colorScheme: 'dark' },
    ];
    for (const view of views) {
      const { page, problems } = await open({ viewport: view.viewport, colorScheme: view.colorScheme });
      await page.screenshot({ path: artifactPath(`${view.name}-welcome.png`) });
      await ask(page, 'What is hypomagnesemia?');
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: artifactPath(`${view.name}-answer.png`) });
      await ask(page, "I took 30 magnesium pills and I can't breathe");
      await lastReply(page).evaluate((node) => node.scrollIntoView({ block: 'start' }));
      await page.screenshot({ path: artifactPath(`${view.name}-emergency.png`) });
      assert.deepEqual(problems.pageErrors, []);
      assert.deepEqual(problems.consoleErrors, []);
    }
  });
});

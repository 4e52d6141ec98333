// Shared set-up for the browser tests: the real magchat server on a free port over a fresh temporary
// database, and Debian's Chromium driven by playwright-core (no browser download).
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const artifactsDir = path.join(repoRoot, 'test-artifacts');

const STARTUP_TIMEOUT_MS = 30000;

// Starts `magchat serve --port 0` with cwd = the repository root and waits until /healthz answers 200.
// options: { args: extra command-line arguments, env: extra environment variables (e.g. MAGCHAT_STREAM_DELAY_MS) }.
// Returns { url, stop, log } where stop() kills the server and removes its temporary directory.
export async function startServer({ args = [], env = {} } = {}) {
  // A relative MAGCHAT_BIN is taken from the repository root, like the default.
  const bin = path.resolve(repoRoot, process.env.MAGCHAT_BIN || 'build/magchat');
  const dir = mkdtempSync(path.join(tmpdir(), 'magchat-browser-'));
  const child = spawn(bin, ['serve', '--port', '0', '--db', path.join(dir, 'magchat.db'), ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  // A child that failed to spawn has no pid and never emits 'exit'.
  const running = () => child.pid !== undefined && child.exitCode === null && child.signalCode === null;
  // Never leave a server behind, even if the test process ends early.
  const killOnExit = () => {
    if (running()) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  const stop = async () => {
    if (running()) {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(timer);
    }
    process.removeListener('exit', killOnExit);
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const url = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('magchat did not start in time:\n' + log)), STARTUP_TIMEOUT_MS);
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(new Error(`could not start ${bin} (set MAGCHAT_BIN): ${error.message}`));
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`magchat exited with code ${code} before serving:\n${log}`));
      });
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk) => {
        // Keep reading so the pipe never fills; keep only the tail for error messages.
        log = (log + chunk).slice(-20000);
        const m = /serving (http:\/\/[^\s/]+:\d+)\//.exec(log);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
    });
    await waitForHealth(url);
    return { url, stop, log: () => log };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitForHealth(url) {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    try {
      const response = await fetch(url + '/healthz');
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('magchat /healthz never answered 200');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}

// A fresh page (own storage) that records dialogs, page errors and console errors so tests can assert none.
export async function openPage(browser, baseURL, options = {}) {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 }, ...options });
  const page = await context.newPage();
  const problems = { dialogs: [], pageErrors: [], consoleErrors: [] };
  page.on('dialog', async (dialog) => {
    problems.dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  page.on('pageerror', (error) => problems.pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.consoleErrors.push(message.text());
  });
  await page.goto('/');
  return { context, page, problems };
}

// The events of a complete text/event-stream body: [{ event, data }] (data lines joined with "\n").
export function parseEventStream(text) {
  const events = [];
  for (const block of text.replace(/\r\n?/g, '\n').split('\n\n')) {
    let event = 'message';
    const data = [];
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length > 0) events.push({ event, data: data.join('\n') });
  }
  return events;
}

// The reply JSON of a POST /api/chat response, streamed (the "done" event) or not.
export async function replyOf(response) {
  const type = response.headers()['content-type'] || '';
  if (!type.startsWith('text/event-stream')) return response.json();
  const done = parseEventStream(await response.text()).find((e) => e.event === 'done');
  if (!done) throw new Error('the event stream has no "done" event');
  return JSON.parse(done.data);
}

// Is this the page's answer to a question (not a 503 "too many streams", after which the page asks again)?
export function isChatResponse(response) {
  return response.url().endsWith('/api/chat') && response.request().method() === 'POST' && response.status() !== 503;
}

// Types a question into the box, presses Enter and waits for the finished reply (streamed or not); returns
// the reply JSON.
export async function ask(page, question) {
  const input = page.locator('#question');
  await input.fill(question);
  const responsePromise = page.waitForResponse(isChatResponse);
  const before = await page.locator('#thread .message--reply').count();
  await input.press('Enter');
  const response = await responsePromise;
  await page.locator('#thread .message--reply').nth(before).waitFor();
  return replyOf(response);
}

export function lastReply(page) {
  return page.locator('#thread .message--reply').last();
}

export function artifactPath(name) {
  mkdirSync(artifactsDir, { recursive: true });
  return path.join(artifactsDir, name);
}

// For a describe block: starts one server and one browser before its tests (`beforeStart` runs first, e.g. to
// set environment variables the server inherits), closes every page context, the browser and the server
// after them. `session.server` and `session.browser` are set once the tests run; `session.open(options)`
// opens a page of the server in a fresh context.
export function browserSession({ beforeStart } = {}) {
  const session = { server: null, browser: null, contexts: [] };
  before(async () => {
    if (beforeStart) beforeStart();
    session.server = await startServer();
    session.browser = await launchBrowser();
  });
  after(async () => {
    for (const context of session.contexts) await context.close().catch(() => {});
    if (session.browser) await session.browser.close();
    if (session.server) await session.server.stop();
  });
  session.open = async (options) => {
    const opened = await openPage(session.browser, session.server.url, options);
    session.contexts.push(opened.context);
    return opened;
  };
  return session;
}

// magchat through the official `openai` npm client, as OpenAI-compatible chat front ends use it:
// POST /v1/chat/completions (plain, streamed, with earlier messages as context), GET /v1/models, errors, and
// the cap on open streams. Each describe block starts the real server (`magchat serve --port 0`) over a fresh
// temporary database; MAGCHAT_BIN picks the binary (default build/magchat).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { parseEventStream, startServer } from '../browser/helpers.mjs';

const QUESTION = 'What is hypomagnesemia?';

function clientFor(server) {
  // Any API key works; no retries, so every status the server sends reaches the test.
  return new OpenAI({ baseURL: server.url + '/v1', apiKey: 'unused', maxRetries: 0, timeout: 20000 });
}

describe('magchat through the openai client', { timeout: 120000 }, () => {
  let server;
  let client;

  before(async () => {
    server = await startServer();
    client = clientFor(server);
  });

  after(async () => {
    if (server) await server.stop();
  });

  test('a completion is a cited answer with sources, the disclaimer and usage', async () => {
    const completion = await client.chat.completions.create({
      model: 'magchat',
      messages: [{ role: 'user', content: QUESTION }],
    });
    assert.match(completion.id, /^chatcmpl-/);
    assert.equal(completion.object, 'chat.completion');
    assert.equal(completion.model, 'magchat');
    assert.ok(Number.isInteger(completion.created) && completion.created > 1.7e9);
    assert.equal(completion.choices.length, 1);
    const [choice] = completion.choices;
    assert.equal(choice.index, 0);
    assert.equal(choice.finish_reason, 'stop');
    assert.equal(choice.message.role, 'assistant');
    const content = choice.message.content;
    assert.match(content, /magnesium/i);
    assert.ok(content.includes('[1]'), 'the answer cites its source');

    // magchat's own fields ride along on the completion.
    assert.equal(completion.type, 'answer');
    assert.ok(Array.isArray(completion.sources) && completion.sources.length > 0);
    for (const source of completion.sources) {
      assert.ok(Number.isInteger(source.id));
      assert.equal(typeof source.title, 'string');
      assert.ok(content.includes(`[${source.id}] ${source.title}`), 'the content lists the sources it cites');
    }
    assert.equal(typeof completion.confidence, 'number');

    // The same disclaimer as the web chat's.
    const web = await (await fetch(server.url + '/api/chat', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ message: QUESTION }),
    })).json();
    assert.ok(web.disclaimer.length > 20);
    assert.ok(content.includes(web.disclaimer), 'the content carries the medical disclaimer');
    assert.ok(content.startsWith(web.answer), 'the content is the web answer, then sources and disclaimer');

    const { usage } = completion;
    assert.ok(usage.prompt_tokens > 0 && usage.completion_tokens > 0);
    assert.equal(usage.total_tokens, usage.prompt_tokens + usage.completion_tokens);
  });

  test('a streamed completion sends the same content in pieces; the last chunk carries the sources', async () => {
    const messages = [{ role: 'user', content: QUESTION }];
    const stream = await client.chat.completions.create({ model: 'magchat', messages, stream: true });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const plain = await client.chat.completions.create({ model: 'magchat', messages });

    const text = chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('');
    assert.equal(text, plain.choices[0].message.content, 'the pieces add up to the plain completion');
    assert.ok(chunks.filter((c) => c.choices[0]?.delta?.content).length >= 5, 'the content came in several pieces');
    for (const chunk of chunks) {
      assert.equal(chunk.object, 'chat.completion.chunk');
      assert.equal(chunk.model, 'magchat');
      assert.equal(chunk.id, chunks[0].id, 'every chunk has the id of the completion');
    }
    assert.equal(chunks[0].choices[0].delta.role, 'assistant');
    const last = chunks.at(-1);
    assert.equal(last.choices[0].finish_reason, 'stop');
    assert.deepEqual(chunks.slice(0, -1).map((c) => c.choices[0].finish_reason).filter((f) => f !== null), []);
    assert.equal(last.type, 'answer');
    assert.ok(last.sources.length > 0);
    assert.deepEqual(last.sources, plain.sources);
    assert.ok(last.usage && last.usage.completion_tokens > 0);
  });

  test("the client's stream helper assembles the same message", async () => {
    const messages = [{ role: 'user', content: 'Which foods are rich in magnesium?' }];
    const runner = client.chat.completions.stream({ model: 'magchat', messages });
    const pieces = [];
    runner.on('content', (delta) => pieces.push(delta));
    const final = await runner.finalChatCompletion();
    const plain = await client.chat.completions.create({ model: 'magchat', messages });
    assert.equal(final.choices[0].message.content, plain.choices[0].message.content);
    assert.equal(pieces.join(''), plain.choices[0].message.content);
    assert.equal(final.choices[0].finish_reason, 'stop');
  });

  test('earlier messages are the conversation: a follow-up is understood', async () => {
    const first = await client.chat.completions.create({
      model: 'magchat',
      messages: [{ role: 'user', content: QUESTION }],
    });
    const followUp = await client.chat.completions.create({
      model: 'magchat',
      messages: [
        { role: 'system', content: 'You are a helpful assistant.' },
        { role: 'user', content: QUESTION },
        { role: 'assistant', content: first.choices[0].message.content },
        { role: 'user', content: 'How is it prevented?' },
      ],
    });
    assert.equal(followUp.type, 'answer');
    const content = followUp.choices[0].message.content;
    assert.match(content, /diet|food/i, 'prevention of low magnesium: eating foods rich in it');
    assert.notEqual(content, first.choices[0].message.content);

    // Content given as text parts (as some front ends send it) is read the same way.
    const parts = await client.chat.completions.create({
      model: 'magchat',
      messages: [
        { role: 'user', content: [{ type: 'text', text: QUESTION }] },
        { role: 'assistant', content: first.choices[0].message.content },
        { role: 'user', content: [{ type: 'text', text: 'How is it prevented?' }] },
      ],
    });
    assert.equal(parts.choices[0].message.content, content);

    // "Tell me more" gets something the conversation was not told yet, not the first answer again.
    const more = await client.chat.completions.create({
      model: 'magchat',
      messages: [
        { role: 'user', content: QUESTION },
        { role: 'assistant', content: first.choices[0].message.content },
        { role: 'user', content: 'tell me more' },
      ],
    });
    assert.equal(more.type, 'answer');
    assert.match(more.choices[0].message.content, /^More on this: "/);
    assert.notEqual(more.sources[0].entry_id, first.sources[0].entry_id);
  });

  test('the model list has magchat', async () => {
    const ids = [];
    for await (const model of client.models.list()) ids.push(model.id);
    assert.ok(ids.includes('magchat'), `models: ${ids.join(', ')}`);
    const model = await client.models.retrieve('magchat');
    assert.equal(model.id, 'magchat');
    assert.equal(model.object, 'model');
  });

  test('errors reach the client with their status and code', async () => {
    const unknownModel = (error) => {
      assert.ok(error instanceof OpenAI.NotFoundError, `a NotFoundError, not ${error?.constructor?.name}`);
      assert.equal(error.status, 404);
      assert.equal(error.code, 'model_not_found');
      assert.equal(error.param, 'model');
      assert.match(error.message, /model/);
      return true;
    };
    const messages = [{ role: 'user', content: QUESTION }];
    await assert.rejects(client.chat.completions.create({ model: 'gpt-4o', messages }), unknownModel);
    await assert.rejects(client.chat.completions.create({ model: 'gpt-4o', messages, stream: true }), unknownModel);

    const badRequest = (code) => (error) => {
      assert.ok(error instanceof OpenAI.BadRequestError, `a BadRequestError, not ${error?.constructor?.name}`);
      assert.equal(error.status, 400);
      assert.equal(error.code, code);
      assert.equal(error.type, 'invalid_request_error');
      return true;
    };
    await assert.rejects(client.chat.completions.create({ model: 'magchat', messages: [] }), badRequest('invalid_messages'));
    await assert.rejects(
      client.chat.completions.create({ model: 'magchat', messages: [{ role: 'user', content: '   ' }] }),
      badRequest('empty_message'),
    );
    await assert.rejects(
      client.chat.completions.create({ model: 'magchat', messages: [...messages, { role: 'assistant', content: 'x' }] }),
      badRequest('invalid_messages'),
    );
  });
});

describe('open streams are capped; plain requests are still served', { timeout: 120000 }, () => {
  let server;
  let client;

  before(async () => {
    server = await startServer({ args: ['--max-streams', '2'], env: { MAGCHAT_STREAM_DELAY_MS: '300' } });
    client = clientFor(server);
  });

  after(async () => {
    if (server) await server.stop();
  });

  // A streamed completion by raw fetch: resolves once the stream has started (headers in), unread.
  const openStream = () =>
    fetch(server.url + '/v1/chat/completions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ model: 'magchat', stream: true, messages: [{ role: 'user', content: 'hello' }] }),
    });

  async function timed(work) {
    const start = performance.now();
    const result = await work();
    return { result, ms: performance.now() - start };
  }

  test('with 2 slow streams open, /healthz and a plain completion answer at once, a third stream gets 503', async () => {
    const streams = [await openStream(), await openStream()];
    let texts = [];
    for (const s of streams) {
      assert.equal(s.status, 200);
      assert.match(s.headers.get('content-type'), /^text\/event-stream/);
    }
    try {
      const health = await timed(() => fetch(server.url + '/healthz'));
      assert.equal(health.result.status, 200);
      assert.ok(health.ms < 2000, `/healthz took ${Math.round(health.ms)} ms`);

      const plain = await timed(() =>
        client.chat.completions.create({ model: 'magchat', messages: [{ role: 'user', content: QUESTION }] }));
      assert.equal(plain.result.type, 'answer');
      assert.ok(plain.ms < 2000, `a plain completion took ${Math.round(plain.ms)} ms`);

      const metrics = await (await fetch(server.url + '/metrics')).text();
      assert.match(metrics, /^magchat_open_streams 2$/m, 'both streams are still open');

      const third = await timed(openStream);
      assert.equal(third.result.status, 503);
      assert.equal(third.result.headers.get('retry-after'), '1');
      assert.equal((await third.result.json()).error.code, 'too_many_streams');
      assert.ok(third.ms < 2000);

      // The web chat's stream shares the cap; the openai client sees the 503 as an error it can act on.
      const web = await fetch(server.url + '/api/chat', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
        body: JSON.stringify({ message: QUESTION }),
      });
      assert.equal(web.status, 503);
      await web.body.cancel();
      await assert.rejects(
        client.chat.completions.create({ model: 'magchat', stream: true, messages: [{ role: 'user', content: QUESTION }] }),
        (error) => error instanceof OpenAI.InternalServerError && error.status === 503 && error.code === 'too_many_streams',
      );
    } finally {
      // Now read both streams to their end (also when a check above failed, so no stream is left open).
      texts = await Promise.all(streams.map((s) => s.text()));
    }
    for (const text of texts) {
      const frames = parseEventStream(text).map((e) => e.data);
      assert.equal(frames.at(-1), '[DONE]', 'each stream is complete');
      const chunks = frames.slice(0, -1).map((f) => JSON.parse(f));
      assert.equal(chunks.at(-1).choices[0].finish_reason, 'stop');
      assert.match(chunks.map((c) => c.choices[0].delta.content ?? '').join(''), /magnesium/i);
    }

    // The slots are free again: a new stream is accepted (the server releases a slot as its stream closes).
    let status = 0;
    for (let i = 0; i < 20 && status !== 200; i += 1) {
      const again = await openStream();
      status = again.status;
      await again.body.cancel().catch(() => {});
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(status, 200);
  });
});

import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import {
  RESEARCH_CONFIG,
  RESEARCH_STEPS,
  startTestGateway,
  type TestGateway,
} from '../../test/support/index.ts';

// A request served from a pin is validated only in what the gateway reads (model, stream,
// max_tokens, messages being a non-empty array) and goes upstream as the client's own bytes with
// `model` replaced. Whatever it cannot read is still its own 400/413; the rest is the upstream's to
// reject, and that 4xx comes back in the endpoint's format.
let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway(`${RESEARCH_CONFIG}\nmax_body_bytes: 65536\n`);
});
afterAll(() => gw.stop());

const REASONING = RESEARCH_STEPS[1];
const CODE = RESEARCH_STEPS[0];

async function post(path: string, body: string, id: string) {
  const response = await gw.fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-model-affinity': id },
    body,
  });
  return { response, json: (await response.json()) as Record<string, unknown> };
}

const chat = (id: string, body: unknown) =>
  post('/v1/chat/completions', typeof body === 'string' ? body : JSON.stringify(body), id);
const messages = (id: string, body: unknown) =>
  post('/v1/messages', typeof body === 'string' ? body : JSON.stringify(body), id);

describe('/v1/chat/completions served from a pin', () => {
  const id = 'passthrough-chat';
  beforeAll(async () => {
    const first = await chat(id, { messages: [{ role: 'user', content: REASONING }] });
    expect(first.response.headers.get('x-tether-model')).toBe('openai/gpt-4o');
  });

  test('escapes, odd whitespace and non-ASCII reach the upstream intact', async () => {
    const body = `{ "messages" : [ {"role":"user","content":"say \\"model\\": \\\\ ✓ \\u00e9"} ],\n\t"model":"whatever" }`;
    const { response, json } = await chat(id, body);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-tether-pinned')).toBe('true');
    expect(json.object).toBe('chat.completion');
  });

  test('a message the gateway does not read is the upstream to reject, in OpenAI shape', async () => {
    const { response, json } = await chat(id, { messages: [{ role: 'robot', content: 'x' }] });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-tether-pinned')).toBe('true');
    expect(json).toMatchObject({ error: { type: 'invalid_request_error' } });
  });

  test('what the gateway reads is still its own 400 or 413', async () => {
    const bad = await chat(id, '{"messages": [');
    expect([bad.response.status, (bad.json.error as { code: string }).code]).toEqual([400, 'invalid_json']);
    const model = await chat(id, { model: 42, messages: [{ role: 'user', content: 'x' }] });
    expect([model.response.status, (model.json.error as { param: string }).param]).toEqual([400, 'model']);
    const empty = await chat(id, { messages: [] });
    expect(empty.response.status).toBe(400);
    const stream = await chat(id, { stream: 'yes', messages: [{ role: 'user', content: 'x' }] });
    expect(stream.response.status).toBe(400);
    const big = await chat(id, { messages: [{ role: 'user', content: 'x'.repeat(70_000) }] });
    expect(big.response.status).toBe(413);
  });

  test('without a pin the gateway validates every message itself, as before', async () => {
    const { response, json } = await chat('passthrough-fresh', {
      messages: [{ role: 'robot', content: 'x' }],
    });
    expect(response.status).toBe(400);
    expect((json.error as { param: string }).param).toBe('messages[0].role');
    expect(await gw.store.get({ id: 'passthrough-fresh' })).toBeNull();
  });
});

describe('/v1/messages served from a pin to an Anthropic upstream', () => {
  const id = 'passthrough-messages';
  const ask = (content: unknown) => ({ max_tokens: 64, messages: [{ role: 'user', content }] });
  beforeAll(async () => {
    const first = await messages(id, ask(CODE));
    expect(first.response.headers.get('x-tether-model')).toBe('anthropic/claude-sonnet-4');
  });

  test('is served, and a bad message comes back as the upstream 400 in Anthropic shape', async () => {
    const ok = await messages(id, ask('and now the tests ✓'));
    expect([ok.response.status, ok.response.headers.get('x-tether-pinned')]).toEqual([200, 'true']);
    const { response, json } = await messages(id, { max_tokens: 64, messages: [{ role: 'robot' }] });
    expect(response.status).toBe(400);
    expect(json).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
  });

  test('a missing max_tokens or bad JSON is still the gateway 400', async () => {
    const missing = await messages(id, { messages: [{ role: 'user', content: 'x' }] });
    expect(missing.response.status).toBe(400);
    expect((missing.json.error as { message: string }).message).toContain('max_tokens');
    const bad = await messages(id, '{"max_tokens": 1,');
    expect([bad.response.status, bad.json.type]).toEqual([400, 'error']);
  });
});

describe('hostile bodies on a pinned session', () => {
  const id = 'passthrough-hostile';
  beforeAll(async () => {
    await chat(id, { messages: [{ role: 'user', content: REASONING }] });
  });

  test('a second top-level model, or one spelled with an escape, never reaches the upstream', async () => {
    const tricks = [
      '{"model":"openai/gpt-4o","messages":[{"role":"user","content":"x"}],"model":"gpt-4o-mini-evil"}',
      '{"messages":[{"role":"user","content":"x"}],"mod\\u0065l":"evil","model":"openai/gpt-4o"}',
      '{"model":"a","model":"b","messages":[{"role":"user","content":"x"}]}',
    ];
    for (const body of tricks) {
      const { response, json } = await chat(id, body);
      expect(response.status).toBe(200);
      // sim-models answers with the model it was asked for: the pin's upstream name, nothing else.
      expect(json.model).toBe('gpt-4o');
    }
  });

  test('mangled bodies are 4xx in the OpenAI shape or served, never a 5xx', async () => {
    const valid = JSON.stringify({
      model: 'openai/gpt-4o',
      stream: false,
      messages: [
        { role: 'user', content: 'a "quoted" \\ path ✓' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }],
        },
        { role: 'tool', tool_call_id: 'c1', content: '{"model":"nested"}' },
      ],
    });
    let seed = 11;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const bodies: Array<string | Uint8Array<ArrayBuffer>> = [
      '',
      'null',
      '[]',
      '"model"',
      `{"messages":${'['.repeat(400)}${']'.repeat(400)}}`,
      `\uFEFF${valid}`,
      new Uint8Array([0x7b, 0x22, 0x6d, 0xff, 0x22, 0x3a, 0x31, 0x7d]),
    ];
    for (let i = 0; i < 150; i++) {
      const at = rand(valid.length);
      const kind = rand(4);
      if (kind === 0) bodies.push(valid.slice(0, at));
      else if (kind === 1) bodies.push(valid.slice(0, at) + '"{[\\,:'.charAt(rand(6)) + valid.slice(at));
      else if (kind === 2) bodies.push(valid.slice(0, at) + valid.slice(at + 1 + rand(8)));
      else
        bodies.push(
          valid.replace('"stream":false', ['"stream":"no"', '"stream":null', '"stream":1'][rand(3)] ?? ''),
        );
    }
    const statuses = new Map<number, number>();
    for (const body of bodies) {
      const response = await gw.fetch('/v1/chat/completions', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-model-affinity': id },
        body,
      });
      const text = await response.text();
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      expect(response.status).toBeLessThan(500);
      if (response.status >= 400)
        expect(JSON.parse(text)).toMatchObject({ error: { type: expect.any(String) } });
    }
    expect(statuses.get(200) ?? 0).toBeGreaterThan(0);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(0);
  });
});

describe('a pinned request whose upstream needs a translation', () => {
  test('is validated in full before translating: a bad message is the gateway 400, in Anthropic shape', async () => {
    const id = 'passthrough-translated';
    const first = await messages(id, { max_tokens: 64, messages: [{ role: 'user', content: REASONING }] });
    expect(first.response.headers.get('x-tether-model')).toBe('openai/gpt-4o');
    const { response, json } = await messages(id, { max_tokens: 64, messages: [{ role: 'robot' }] });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-tether-pinned')).toBe('true');
    expect(json).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    expect((json.error as { message: string }).message).toContain('messages[0]');
    expect((await gw.store.get({ id }))?.model).toBe('openai/gpt-4o');
  });
});

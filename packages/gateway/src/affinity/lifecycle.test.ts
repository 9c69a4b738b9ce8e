import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import Anthropic from '@anthropic-ai/sdk';
import { createMemoryStore, type MemoryAffinityStore } from '@tether/affinity-store';
import { startSimModels } from '@tether/sim-models';
import OpenAI from 'openai';
import {
  RESEARCH_CONFIG,
  RESEARCH_ROUTES,
  type SimModelsHandle,
  startTestGateway,
  type TestGateway,
} from '../test-support/index.ts';

/** A clock shared by a gateway and its store, so TTLs pass without waiting. */
function clock() {
  let t = 1_800_000_000_000;
  return {
    now: () => t,
    advance: (seconds: number): void => {
      t += seconds * 1000;
    },
  };
}

const lookup: OpenAI.ChatCompletionTool = {
  type: 'function',
  function: { name: 'lookup', parameters: { type: 'object', properties: { query: { type: 'string' } } } },
};
const CODE_TASK = 'Implement SQLAlchemy models for the orders and customers tables.';
const REASONING_TASK = 'Now compare and analyse the trade-offs of the two designs.';

let sim: SimModelsHandle;
const gateways: TestGateway[] = [];
async function gateway(affinity: Record<string, unknown>, ttl = 60) {
  const c = clock();
  const store: MemoryAffinityStore = createMemoryStore({ now: c.now, sweepIntervalMs: 0 });
  const yaml = `${RESEARCH_CONFIG}\nrouting:\n  session_ttl_seconds: ${ttl}\n  affinity: ${JSON.stringify(affinity)}\n`;
  const gw = await startTestGateway(yaml, { sim, deps: { store, now: c.now } });
  gateways.push(gw);
  return { gw, store, advance: c.advance };
}
beforeAll(async () => {
  sim = await startSimModels({ quiet: true });
});
afterAll(async () => {
  for (const gw of gateways) {
    await gw.stop();
    await gw.store.close();
  }
  await sim.stop();
});

/** Runs an OpenAI-client tool loop to its final answer; returns the model of every turn. */
async function openAILoop(
  gw: TestGateway,
  id: string,
  stream: boolean,
  headers: Record<string, string> = {},
) {
  const client = new OpenAI({ baseURL: gw.baseURL, apiKey: 'k', maxRetries: 0 });
  const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: CODE_TASK }];
  const turns: Array<{ model: string | null; pinned: string | null }> = [];
  for (let round = 0; round < 6; round++) {
    const request = { model: 'auto', messages, tools: [lookup] };
    const options = { headers: { 'x-model-affinity': id, ...headers } };
    const message: OpenAI.ChatCompletionMessageParam & { role: 'assistant' } = {
      role: 'assistant',
      content: '',
    };
    let finish: string | null = null;
    let response: Response;
    if (stream) {
      const result = await client.chat.completions
        .create({ ...request, stream: true }, options)
        .withResponse();
      response = result.response;
      const calls: OpenAI.ChatCompletionMessageToolCall[] = [];
      for await (const chunk of result.data) {
        const choice = chunk.choices[0];
        message.content += choice?.delta.content ?? '';
        for (const d of choice?.delta.tool_calls ?? []) {
          calls[d.index] ??= { id: '', type: 'function', function: { name: '', arguments: '' } };
          const call = calls[d.index] as OpenAI.ChatCompletionMessageFunctionToolCall;
          call.id += d.id ?? '';
          call.function.name += d.function?.name ?? '';
          call.function.arguments += d.function?.arguments ?? '';
        }
        finish = choice?.finish_reason ?? finish;
      }
      if (calls.length > 0) message.tool_calls = calls;
    } else {
      const result = await client.chat.completions.create(request, options).withResponse();
      response = result.response;
      const choice = result.data.choices[0];
      message.content = choice?.message.content ?? null;
      if (choice?.message.tool_calls) message.tool_calls = choice.message.tool_calls;
      finish = choice?.finish_reason ?? null;
    }
    turns.push({
      model: response.headers.get('x-tether-model'),
      pinned: response.headers.get('x-tether-pinned'),
    });
    messages.push(message);
    if (finish !== 'tool_calls') return turns;
    for (const call of message.tool_calls ?? [])
      messages.push({ role: 'tool', tool_call_id: call.id, content: 'orders: 12 columns' });
  }
  throw new Error('the tool loop did not end');
}

async function routingOf(gw: TestGateway, id: string, text: string, headers: Record<string, string> = {}) {
  const res = await gw.fetch('/routing/v1/chat/completions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-model-affinity': id, ...headers },
    body: JSON.stringify({ messages: [{ role: 'user', content: text }] }),
  });
  return (await res.json()) as { model: string; pinned: boolean };
}

describe('pin_until: done', () => {
  for (const stream of [false, true]) {
    test(`a tool loop stays on one model, then the next turn is routed afresh (${stream ? 'stream' : 'non-stream'})`, async () => {
      const { gw, store } = await gateway({ pin_until: 'done' });
      const id = `done-${stream}`;
      const turns = await openAILoop(gw, id, stream);
      expect(turns.length).toBeGreaterThan(1);
      expect(new Set(turns.map((t) => t.model))).toEqual(new Set([RESEARCH_ROUTES.code_generation]));
      expect(turns.slice(1).every((t) => t.pinned === 'true')).toBe(true);
      expect(await store.get({ id })).toBeNull();
      expect((await store.stats()).released).toBe(1);
      // The next user turn asks for something else and gets the model for it.
      const next = await routingOf(gw, id, REASONING_TASK);
      expect(next).toMatchObject({ model: RESEARCH_ROUTES.complex_reasoning, pinned: false });
    });
  }

  test('with pin_until: ttl (the default) the pin outlives the loop', async () => {
    const { gw, store } = await gateway({});
    await openAILoop(gw, 'ttl-1', false);
    expect((await store.get({ id: 'ttl-1' }))?.model).toBe(RESEARCH_ROUTES.code_generation);
    expect(await routingOf(gw, 'ttl-1', REASONING_TASK)).toMatchObject({ pinned: true });
  });

  test('per request: x-tether-pin-until overrides the config both ways', async () => {
    const { gw, store } = await gateway({});
    await openAILoop(gw, 'hdr-done', false, { 'x-tether-pin-until': 'done' });
    expect(await store.get({ id: 'hdr-done' })).toBeNull();
    const done = await gateway({ pin_until: 'done' });
    await openAILoop(done.gw, 'hdr-ttl', true, { 'x-tether-pin-until': 'ttl' });
    expect(await done.store.get({ id: 'hdr-ttl' })).not.toBeNull();
    const bad = await routingOf(gw, 'x', CODE_TASK, { 'x-tether-pin-until': 'later' }).catch(() => null);
    expect(bad).toMatchObject({ error: { code: 'invalid_request' } });
  });

  test('Anthropic clients: end_turn releases, tool_use keeps (stream, translated upstream)', async () => {
    const { gw, store } = await gateway({ pin_until: 'done' });
    const client = new Anthropic({ baseURL: gw.url, apiKey: 'k', maxRetries: 0 });
    const headers = { 'x-model-affinity': 'anthropic-done' };
    const tools: Anthropic.Tool[] = [{ name: 'lookup', input_schema: { type: 'object', properties: {} } }];
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: REASONING_TASK }];
    const first = await client.messages
      .stream({ model: 'auto', max_tokens: 256, tools, messages }, { headers })
      .finalMessage();
    expect(first.stop_reason).toBe('tool_use');
    expect((await store.get({ id: 'anthropic-done' }))?.model).toBe(RESEARCH_ROUTES.complex_reasoning);
    messages.push(
      { role: 'assistant', content: first.content },
      {
        role: 'user',
        content: first.content
          .filter((b) => b.type === 'tool_use')
          .map((b) => ({ type: 'tool_result' as const, tool_use_id: b.id, content: 'done' })),
      },
    );
    const last = await client.messages
      .stream({ model: 'auto', max_tokens: 256, tools, messages }, { headers })
      .finalMessage();
    expect(last.stop_reason).toBe('end_turn');
    expect(await store.get({ id: 'anthropic-done' })).toBeNull();
  });
});

describe('ttl_mode and per-request TTLs (injected clock)', () => {
  const ask = (gw: TestGateway, headers: Record<string, string>) =>
    gw.fetch('/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ messages: [{ role: 'user', content: CODE_TASK }] }),
    });

  test('fixed: the pin expires TTL after the first decision, however busy the agent is', async () => {
    const { gw, store, advance } = await gateway({ ttl_mode: 'fixed' }, 10);
    await ask(gw, { 'x-model-affinity': 'fixed-1' });
    advance(8);
    const hit = await ask(gw, { 'x-model-affinity': 'fixed-1' });
    expect(hit.headers.get('x-tether-pinned')).toBe('true');
    expect(hit.headers.get('x-tether-affinity-ttl')).toBeNull(); // a hit leaves a fixed TTL alone
    advance(7);
    expect((await ask(gw, { 'x-model-affinity': 'fixed-1' })).headers.get('x-tether-pinned')).toBe('false');
    const stats = await store.stats();
    expect([stats.expirations, stats.renewals, stats.claims]).toEqual([1, 0, 2]);
  });

  test('sliding: every served request renews the pin', async () => {
    const { gw, store, advance } = await gateway({ ttl_mode: 'sliding' }, 10);
    await ask(gw, { 'x-model-affinity': 'sliding-1' });
    for (let i = 0; i < 4; i++) {
      advance(8);
      const hit = await ask(gw, { 'x-model-affinity': 'sliding-1' });
      const seen = [hit.headers.get('x-tether-pinned'), hit.headers.get('x-tether-affinity-ttl')];
      expect(seen).toEqual(['true', '10']);
    }
    expect(await store.ttl({ id: 'sliding-1' })).toBe(10);
    advance(11);
    expect(await store.get({ id: 'sliding-1' })).toBeNull();
    const stats = await store.stats();
    expect([stats.renewals, stats.expirations, stats.claims]).toEqual([4, 1, 1]);
  });

  test('x-tether-affinity-ttl sets the TTL, lowered to max_ttl_seconds; nonsense is a 400', async () => {
    const { gw, store } = await gateway({ max_ttl_seconds: 120 }, 60);
    const short = await ask(gw, { 'x-model-affinity': 'ttl-a', 'x-tether-affinity-ttl': '30' });
    expect(short.headers.get('x-tether-affinity-ttl')).toBe('30');
    expect(await store.ttl({ id: 'ttl-a' })).toBe(30);
    const long = await ask(gw, { 'x-model-affinity': 'ttl-b', 'x-tether-affinity-ttl': '86400' });
    expect(long.headers.get('x-tether-affinity-ttl')).toBe('120');
    expect(await store.ttl({ id: 'ttl-b' })).toBe(120);
    for (const value of ['0', '-5', 'soon', '1.5']) {
      const res = await ask(gw, { 'x-model-affinity': 'ttl-c', 'x-tether-affinity-ttl': value });
      expect({ value, status: res.status }).toEqual({ value, status: 400 });
    }
    expect(await store.get({ id: 'ttl-c' })).toBeNull();
  });
});

describe('x-tether-affinity: off', () => {
  test('the pin is neither read nor written', async () => {
    const { gw, store } = await gateway({});
    const pin = {
      model: RESEARCH_ROUTES.complex_reasoning,
      route: 'complex_reasoning',
      source: 'explicit' as const,
      pinnedAt: 5,
    };
    await store.set({ id: 'off-1' }, pin, { ttlSeconds: 60 });
    const res = await gw.fetch('/v1/chat/completions', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-model-affinity': 'off-1',
        'x-tether-affinity': 'off',
      },
      body: JSON.stringify({ messages: [{ role: 'user', content: CODE_TASK }] }),
    });
    expect(res.headers.get('x-tether-model')).toBe(RESEARCH_ROUTES.code_generation);
    expect(res.headers.get('x-tether-affinity')).toBe('off');
    expect(await store.get({ id: 'off-1' })).toEqual(pin);
    await gw.fetch('/v1/messages', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-model-affinity': 'off-2',
        'x-tether-affinity': 'off',
      },
      body: JSON.stringify({ max_tokens: 16, messages: [{ role: 'user', content: CODE_TASK }] }),
    });
    expect(await store.get({ id: 'off-2' })).toBeNull();
    const stats = await store.stats();
    expect([stats.hits, stats.claims]).toEqual([1, 0]); // the one hit is this test's own get
  });
});

describe('GET /affinity/v1/{id} shows the lifecycle', () => {
  test('a pin, then its counted events', async () => {
    const { gw } = await gateway({ ttl_mode: 'sliding' });
    for (let i = 0; i < 3; i++) {
      await gw.fetch('/v1/chat/completions', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-model-affinity': 'seen-1' },
        body: JSON.stringify({ messages: [{ role: 'user', content: CODE_TASK }] }),
      });
    }
    const view = await (await gw.fetch('/affinity/v1/seen-1')).json();
    expect(view).toMatchObject({ id: 'seen-1', model: RESEARCH_ROUTES.code_generation, source: 'router' });
    // Two served hits renewed the pin; the view's own read is not a lookup, so no third hit.
    expect(view.events).toEqual({
      pinned: 1,
      hit: 2,
      renewed: 2,
      released: 0,
      repinned: 0,
      expired: 0,
      withdrawn: 0,
    });
  });
});

import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { startTestGateway, type TestGateway } from '../../test/support/index.ts';
import { longSystem, sample } from './test-prompts.ts';

const CONFIG = `
model_providers:
  - model: openai/gpt-4o
    default: true
  - model: anthropic/claude-sonnet-4
routing:
  affinity: { implicit_sessions: true }
prompt_caching: { anthropic_markers: true }
`;

let gw: TestGateway;
let openai: OpenAI;
let anthropic: Anthropic;
beforeAll(async () => {
  gw = await startTestGateway(CONFIG);
  openai = new OpenAI({ baseURL: gw.baseURL, apiKey: 'k', maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: gw.url, apiKey: 'k', maxRetries: 0 });
});
afterAll(() => gw.stop());

const metrics = async () => (await gw.fetch('/metrics')).text();

async function chat(system: string | undefined, question: string, headers: Record<string, string> = {}) {
  const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: question }];
  if (system !== undefined) messages.unshift({ role: 'system', content: system });
  const { data, response } = await openai.chat.completions
    .create({ model: 'openai/gpt-4o', messages }, { headers })
    .withResponse();
  return {
    cached: data.usage?.prompt_tokens_details?.cached_tokens ?? 0,
    pinned: response.headers.get('x-tether-pinned'),
    affinity: response.headers.get('x-tether-affinity'),
    ttl: response.headers.get('x-tether-affinity-ttl'),
  };
}

describe('implicit sessions (routing.affinity.implicit_sessions)', () => {
  test('OpenAI: no pin until a response shows a cache hit, then pinned and marked implicit', async () => {
    const system = longSystem('implicit-openai');
    const first = await chat(system, 'Pick a database for a ledger.');
    // OpenAI reports no cache writes, so the first (cold) response commits nothing.
    expect(first).toMatchObject({ cached: 0, pinned: 'false', affinity: 'implicit', ttl: null });
    const second = await chat(system, 'Pick a database for a ledger.');
    expect(second.cached).toBeGreaterThan(0);
    expect(second).toMatchObject({ pinned: 'false', affinity: 'implicit', ttl: '600' });
    const third = await chat(system, 'Pick a database for a ledger.');
    expect(third).toMatchObject({ pinned: 'true', affinity: 'implicit' });
    expect(sample(await metrics(), 'tether_implicit_pins_total', '')).toBeGreaterThanOrEqual(1);
  });

  test('Anthropic: a cache write is activity too, so the first response pins', async () => {
    const ask = async () => {
      const { response } = await anthropic.messages
        .create({
          model: 'anthropic/claude-sonnet-4',
          max_tokens: 64,
          system: longSystem('implicit-anthropic'),
          messages: [{ role: 'user', content: 'Which queue for 1k jobs/s?' }],
        })
        .withResponse();
      return [response.headers.get('x-tether-pinned'), response.headers.get('x-tether-affinity')];
    };
    expect(await ask()).toEqual(['false', 'implicit']);
    expect(await ask()).toEqual(['true', 'implicit']);
  });

  test('an explicit id or x-tether-affinity: off wins over the implicit key', async () => {
    const system = longSystem('implicit-explicit');
    const explicit = await chat(system, 'Hello there.', { 'x-model-affinity': 'mine' });
    expect(explicit.affinity).toBeNull();
    const off = await chat(system, 'Hello there.', { 'x-tether-affinity': 'off' });
    expect(off.affinity).toBe('off');
  });

  test('no system prompt and no first user message: no implicit key, routed as usual', async () => {
    const response = await gw.fetch('/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'assistant', content: 'Earlier answer.' }] }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-tether-affinity')).toBeNull();
    expect(response.headers.get('x-tether-pinned')).toBe('false');
  });

  test('prefix drift: a changed system prompt is a cold pin, re-routed and counted', async () => {
    const question = 'Design the schema for invoices.';
    const system = longSystem('drift-before');
    await chat(system, question);
    await chat(system, question);
    expect((await chat(system, question)).pinned).toBe('true');
    const before = sample(
      await metrics(),
      'tether_prefix_drift_total',
      'session="implicit",action="rerouted"',
    );
    const drifted = await chat(longSystem('drift-after'), question);
    expect(drifted).toMatchObject({ pinned: 'false', affinity: 'implicit', cached: 0 });
    expect(sample(await metrics(), 'tether_prefix_drift_total', 'session="implicit",action="rerouted"')).toBe(
      before + 1,
    );
  });
});

describe('prefix drift on explicit ids', () => {
  // Drift is seen wherever the prefix is hashed: with any prefix feature on (here the prefix-hash
  // header), never on a plain pinned request, which skips reading the body it would hash.
  const config = (reroute: boolean) => `
model_providers:
  - model: openai/gpt-4o
    default: true
routing:
  affinity: { reroute_on_prefix_drift: ${reroute} }
prompt_caching: { prefix_hash_header: true }
`;

  test('kept by default (explicit ids promise consistency) but counted, re-routed with reroute_on_prefix_drift', async () => {
    const kept = await startTestGateway(config(false));
    const rerouted = await startTestGateway(config(true), { sim: kept.sim });
    try {
      for (const [g, pinned, action] of [
        [kept, 'true', 'kept'],
        [rerouted, 'false', 'rerouted'],
      ] as const) {
        const client = new OpenAI({ baseURL: g.baseURL, apiKey: 'k', maxRetries: 0 });
        const ask = (system: string) =>
          client.chat.completions
            .create(
              {
                messages: [
                  { role: 'system', content: system },
                  { role: 'user', content: 'Plan the rollout.' },
                ],
                model: 'x',
              },
              { headers: { 'x-model-affinity': `drift-${action}` } },
            )
            .withResponse();
        await ask('Version one of the instructions.');
        const { response } = await ask('Version two of the instructions.');
        expect(response.headers.get('x-tether-pinned')).toBe(pinned);
        const text = await (await g.fetch('/metrics')).text();
        expect(sample(text, 'tether_prefix_drift_total', `session="explicit",action="${action}"`)).toBe(1);
        // The pin now stands for the new prefix (re-routed) or still for the old one (kept).
        const third = await ask('Version two of the instructions.');
        expect(third.response.headers.get('x-tether-pinned')).toBe('true');
      }
    } finally {
      await rerouted.stop();
      await kept.stop();
    }
  });
});

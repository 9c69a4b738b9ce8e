import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import Anthropic from '@anthropic-ai/sdk';
import { startSimModels } from '@tether/sim-models';
import OpenAI from 'openai';
import {
  RESEARCH_CONFIG,
  RESEARCH_ROUTES,
  type SimModelsHandle,
  startTestGateway,
  type TestGateway,
} from '../../test/support/index.ts';
import { adoptSessionId } from './adopt-session.ts';

const CODE = 'Implement SQLAlchemy models for the orders table.';
const REASONING = 'Now compare and analyse the trade-offs of the two designs.';

let sim: SimModelsHandle;
let adopting: TestGateway;
let plain: TestGateway;
beforeAll(async () => {
  sim = await startSimModels({ quiet: true });
  adopting = await startTestGateway(
    `${RESEARCH_CONFIG}\nrouting:\n  affinity: {adopt_session_headers: true}\n`,
    {
      sim,
    },
  );
  plain = await startTestGateway(RESEARCH_CONFIG, { sim });
});
afterAll(async () => {
  await adopting.stop();
  await plain.stop();
  await sim.stop();
});

/** Two turns with different intents: same model when the session id was adopted, two otherwise. */
async function anthropicTurns(gw: TestGateway, headers: Record<string, string>) {
  const client = new Anthropic({ baseURL: gw.url, apiKey: 'k', maxRetries: 0, defaultHeaders: headers });
  const models: Array<string | null> = [];
  for (const text of [CODE, REASONING]) {
    const { response } = await client.messages
      .create({ model: 'auto', max_tokens: 64, messages: [{ role: 'user', content: text }] })
      .withResponse();
    models.push(response.headers.get('x-tether-model'));
  }
  return models;
}

describe('adopt_session_headers', () => {
  test("Claude Code's x-claude-code-session-id becomes the affinity id", async () => {
    const models = await anthropicTurns(adopting, { 'x-claude-code-session-id': 'cc-9f1c' });
    expect(models).toEqual([RESEARCH_ROUTES.code_generation, RESEARCH_ROUTES.code_generation]);
    expect((await adopting.store.get({ id: 'cc-9f1c' }))?.model).toBe(RESEARCH_ROUTES.code_generation);
  });

  test("Codex's session_id header, and OpenAI's prompt_cache_key body field, on /v1/chat/completions", async () => {
    const client = new OpenAI({ baseURL: adopting.baseURL, apiKey: 'k', maxRetries: 0 });
    const turn = async (
      text: string,
      headers: Record<string, string>,
      extra: Record<string, string> = {},
    ) => {
      const { response } = await client.chat.completions
        .create(
          {
            messages: [{ role: 'user', content: text }],
            ...extra,
          } as OpenAI.ChatCompletionCreateParamsNonStreaming,
          {
            headers,
          },
        )
        .withResponse();
      return response.headers.get('x-tether-model');
    };
    expect([
      await turn(CODE, { session_id: 'codex-1' }),
      await turn(REASONING, { session_id: 'codex-1' }),
    ]).toEqual([RESEARCH_ROUTES.code_generation, RESEARCH_ROUTES.code_generation]);
    const cacheKey = { prompt_cache_key: 'conv-42' };
    expect([await turn(REASONING, {}, cacheKey), await turn(CODE, {}, cacheKey)]).toEqual([
      RESEARCH_ROUTES.complex_reasoning,
      RESEARCH_ROUTES.complex_reasoning,
    ]);
    expect((await adopting.store.get({ id: 'conv-42' }))?.model).toBe(RESEARCH_ROUTES.complex_reasoning);
  });

  test('an explicit X-Model-Affinity wins over an adopted id', async () => {
    await anthropicTurns(adopting, {
      'x-model-affinity': 'explicit-1',
      'x-claude-code-session-id': 'cc-other',
    });
    expect(await adopting.store.get({ id: 'cc-other' })).toBeNull();
    expect(await adopting.store.get({ id: 'explicit-1' })).not.toBeNull();
  });

  test('off by default: the same agent headers route every turn afresh', async () => {
    const models = await anthropicTurns(plain, { 'x-claude-code-session-id': 'cc-plain' });
    expect(models).toEqual([RESEARCH_ROUTES.code_generation, RESEARCH_ROUTES.complex_reasoning]);
    expect(await plain.store.get({ id: 'cc-plain' })).toBeNull();
  });

  test('order of precedence, and ids that are not valid are ignored rather than failing the request', async () => {
    const h = new Headers({ session_id: 'codex', 'x-claude-code-session-id': 'claude' });
    expect(adoptSessionId(h, 'cache')).toEqual({ id: 'claude', source: 'x-claude-code-session-id' });
    expect(adoptSessionId(new Headers({ 'session-id': 'codex-new' }))).toEqual({
      id: 'codex-new',
      source: 'session-id',
    });
    expect(adoptSessionId(new Headers(), 'cache')).toEqual({ id: 'cache', source: 'prompt_cache_key' });
    expect(adoptSessionId(new Headers({ session_id: ' ' }))).toBeUndefined();
    const res = await adopting.fetch('/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        prompt_cache_key: 'k'.repeat(300),
        messages: [{ role: 'user', content: CODE }],
      }),
    });
    expect([res.status, res.headers.get('x-tether-pinned')]).toEqual([200, 'false']);
  });
});

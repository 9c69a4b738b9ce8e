import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { startTestGateway, type TestGateway } from '../support/index.ts';
import { generateCases } from './fuzz-cases.ts';
import type { FuzzEndpoint } from './fuzz-endpoints.ts';
import { pool } from './pool.ts';
import { createPrng, fuzzSeed } from './prng.ts';
import { buildRequest, sendRaw } from './raw-http.ts';
import { judge } from './verdict.ts';

// The hostile-input generator aimed at POST /v1/responses (native and translated models): every
// answer is a 4xx in OpenAI's shape, never a 5xx, a hang or a crash. Replay with TETHER_FUZZ_SEED.

const SEED = fuzzSeed();
const COUNT = Number(process.env.TETHER_FUZZ_REQUESTS ?? 1_000);
const KEY = 'sk-fuzz-SECRET-7a2e9f';
const NOT_A_STRING = [5, true, [], {}] as const;

function responsesEndpoint(name: string, model: string): FuzzEndpoint {
  return {
    name,
    method: 'POST',
    path: '/v1/responses',
    format: 'openai',
    base: { model, input: [{ role: 'user', content: 'hi' }] },
    messagesField: 'input',
    modelField: 'model',
    wrongTypes: {
      model: [123, true, [], {}, '', 'm'.repeat(257)],
      input: [5, true, {}, null, [1], [null], [{}], ['x'], [{ role: 'robot', content: 'x' }]],
      'input.0': [
        { type: 'function_call' },
        { type: 'function_call', call_id: 'c', name: 'f' },
        { type: 'function_call_output', output: 'x' },
        { type: 'item_reference' },
        { role: 'user' },
      ],
      'input.0.content': [5, null, true, {}, [5], [null], [{}], [{ type: 7 }]],
      instructions: [5, [], {}],
      previous_response_id: [5, [], {}, '', 'r'.repeat(300)],
      tools: ['x', 5, [{}], [{ type: 'function' }], [{ type: 'function', name: '' }]],
      tool_choice: ['sometimes', 5, { type: 'function' }],
      max_output_tokens: [0, -1, 'x', 1.5, true],
      temperature: ['hot', -1, 3, true],
      top_p: [2, -0.5, 'x'],
      metadata: ['x', 5, { a: 5 }],
      store: ['yes', 1, {}],
      stream: ['yes', 1, {}],
      prompt_cache_key: [...NOT_A_STRING],
    },
  };
}

let gw: TestGateway;
beforeAll(async () => {
  // No default model: an unknown `model` must be a 400, not silently routed.
  gw = await startTestGateway({
    model_providers: [
      { model: 'openai/gpt-4o', access_key: KEY },
      { model: 'groq/llama', access_key: KEY },
    ],
    max_body_bytes: 64 * 1024,
    body_timeout_ms: 1_000,
  });
});
afterAll(() => gw.stop());

describe(`hostile input on /v1/responses (seed ${SEED})`, () => {
  test(`${COUNT} generated requests: every answer a 4xx error in OpenAI's shape`, async () => {
    const endpoints = [
      responsesEndpoint('responses-native', 'openai/gpt-4o'),
      responsesEndpoint('responses-translated', 'groq/llama'),
    ];
    const cases = generateCases(COUNT, endpoints, createPrng(SEED), { maxBodyBytes: 64 * 1024 });
    const results = await pool(cases, 16, async (c) => ({
      c,
      r: await sendRaw({ host: '127.0.0.1', port: gw.port }, buildRequest(c.request), { timeoutMs: 10_000 }),
    }));
    const failures: string[] = [];
    let fiveXX = 0;
    for (const { c, r } of results) {
      if (r.status >= 500) fiveXX++;
      const outcome = judge(c, r, [KEY]);
      if (!outcome.ok && failures.length < 20)
        failures.push(`${c.kind} on ${c.endpoint.name}: ${outcome.reason}`);
    }
    expect(failures).toEqual([]);
    expect(fiveXX).toBe(0);
  }, 60_000);
});

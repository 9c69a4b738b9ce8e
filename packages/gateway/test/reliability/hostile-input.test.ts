import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { startTestGateway, type TestGateway } from '../support/index.ts';
import { type FuzzKind, generateCases } from './fuzz-cases.ts';
import {
  adminEndpoint,
  anthropicEndpoint,
  type FuzzEndpoint,
  mcpEndpoint,
  openAIEndpoint,
} from './fuzz-endpoints.ts';
import { sampleMemory } from './memory.ts';
import { pool } from './pool.ts';
import { createPrng, fuzzSeed } from './prng.ts';
import { buildRequest, sendRaw } from './raw-http.ts';
import { isErrorBody, judge } from './verdict.ts';

// Thousands of hostile requests from one seed, over real sockets. Replay a failure with
// TETHER_FUZZ_SEED=<seed> (printed below); TETHER_FUZZ_REQUESTS changes the count.

const SEED = fuzzSeed();
const COUNT = Number(process.env.TETHER_FUZZ_REQUESTS ?? 5_000);
const WARM_UP = 500;
const KEY = 'sk-fuzz-SECRET-5c1d0e';
const MAX_BODY = 64 * 1024;
const BODY_TIMEOUT_MS = 1_000;
// No default model: an unknown `model` must be a 400, not silently routed.
const CONFIG = `
model_providers:
  - model: openai/gpt-4o
    access_key: ${KEY}
  - model: openai/gpt-4o-mini
    access_key: ${KEY}
routing:
  session_cache: {tenant_header: x-tenant}
max_body_bytes: ${MAX_BODY}
body_timeout_ms: ${BODY_TIMEOUT_MS}
`;

let gw: TestGateway;
let endpoints: FuzzEndpoint[];
const target = () => ({ host: '127.0.0.1', port: gw.port });

beforeAll(async () => {
  gw = await startTestGateway(CONFIG);
  endpoints = [
    openAIEndpoint('chat', '/v1/chat/completions', 'openai/gpt-4o'),
    openAIEndpoint('routing', '/routing/v1/chat/completions', 'openai/gpt-4o'),
    adminEndpoint('openai/gpt-4o'),
  ];
  // /v1/messages joins the attack as soon as the gateway serves it.
  const probe = await gw.fetch('/v1/messages', { method: 'POST', body: '{}' });
  if (probe.status !== 404) endpoints.push(anthropicEndpoint('openai/gpt-4o'));
  // So does /mcp (loopback callers are allowed without admin_token).
  const mcp = await gw.fetch('/mcp', { method: 'POST', body: '{}' });
  if (mcp.status !== 404) endpoints.push(mcpEndpoint());
  console.log(
    `fuzz seed ${SEED} (replay: TETHER_FUZZ_SEED=${SEED}); endpoints: ${endpoints.map((e) => e.name).join(', ')}`,
  );
});
afterAll(() => gw.stop());

describe(`hostile input (seed ${SEED})`, () => {
  test(`${COUNT} generated requests: every answer a 4xx error in the endpoint's format, memory flat`, async () => {
    const prng = createPrng(SEED);
    const cases = generateCases(COUNT, endpoints, prng, { maxBodyBytes: MAX_BODY, tenantHeader: 'x-tenant' });
    const run = (from: number, to: number) =>
      pool(cases.slice(from, to), 32, async (c) => ({
        c,
        r: await sendRaw(target(), buildRequest(c.request), { timeoutMs: 10_000 }),
      }));

    const warmUp = await run(0, WARM_UP);
    const before = sampleMemory();
    const measured = await run(WARM_UP, cases.length);
    const after = sampleMemory();
    const results = [...warmUp, ...measured];

    const statuses: Record<string, number> = {};
    const byKind: Partial<Record<FuzzKind, number>> = {};
    const answeredBy = { gateway: 0, parser: 0 };
    const failures: string[] = [];
    for (const { c, r } of results) {
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      byKind[c.kind] = (byKind[c.kind] ?? 0) + 1;
      const outcome = judge(c, r, [KEY]);
      if (outcome.ok) answeredBy[outcome.by]++;
      else if (failures.length < 20) failures.push(`${c.kind} on ${c.endpoint.name}: ${outcome.reason}`);
    }
    const fiveXX = Object.entries(statuses)
      .filter(([s]) => Number(s) >= 500)
      .reduce((n, [, v]) => n + v, 0);
    console.log(
      JSON.stringify({
        seed: SEED,
        requests: results.length,
        afterWarmUp: measured.length,
        statuses,
        fiveXX,
        answeredBy,
        byKind,
        memoryMiB: { before, after },
      }),
    );
    expect(failures).toEqual([]);
    expect(fiveXX).toBe(0);
    // A leak check, not a performance figure: thousands of rejected requests must not accumulate.
    expect(after.heapMiB - before.heapMiB).toBeLessThan(64);
    expect(after.rssMiB - before.rssMiB).toBeLessThan(64);
  }, 60_000);

  test('slow bodies are cut off by the body read timeout with a 408, on every endpoint', async () => {
    // /mcp is left out: the MCP SDK reads its body itself (a known limit, see docs/reliability.md).
    const slow = endpoints
      .filter((ep) => ep.format !== 'jsonrpc')
      .flatMap((ep) =>
        [false, true].map((chunked) => {
          const head = buildRequest({
            method: ep.method,
            path: ep.path,
            headers: [['Content-Type', 'application/json']],
            contentLength: chunked ? null : 1_000,
          });
          const first = chunked
            ? Buffer.concat([
                head.subarray(0, -2),
                Buffer.from('Transfer-Encoding: chunked\r\n\r\n1\r\n{\r\n'),
              ])
            : Buffer.concat([head, Buffer.from('{')]);
          // One byte every 200 ms keeps the socket busy forever without a body deadline.
          const drip = Array.from({ length: 200 }, () => Buffer.from(chunked ? '1\r\n \r\n' : ' '));
          return { ep, pieces: [first, ...drip] };
        }),
      );
    const answers = await Promise.all(
      slow.map((s) => sendRaw(target(), s.pieces, { pieceDelayMs: 200, timeoutMs: 15_000 })),
    );
    for (const [i, r] of answers.entries()) {
      expect({ endpoint: slow[i]?.ep.name, status: r.status, timedOut: r.timedOut }).toEqual({
        endpoint: slow[i]?.ep.name,
        status: 408,
        timedOut: false,
      });
      const format = slow[i]?.ep.format ?? 'openai';
      expect(isErrorBody(r.body, format)).toBe(true);
      if (format === 'openai') expect(JSON.parse(r.body).error.code).toBe('request_timeout');
    }
  }, 30_000);

  test('a normal request still succeeds afterwards, and no request is left pending', async () => {
    const response = await gw.fetch('/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-model-affinity': 'after-fuzz', 'x-tenant': 'acme' },
      body: JSON.stringify({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'still there?' }] }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { choices: Array<{ message: { content: string } }> };
    expect(body.choices[0]?.message.content.length).toBeGreaterThan(0);
    const deadline = Date.now() + 5_000;
    while ((gw.app.server?.pendingRequests ?? 0) > 0 && Date.now() < deadline) await Bun.sleep(20);
    expect(gw.app.server?.pendingRequests).toBe(0);
  });
});

describe('deep nesting at a large body limit', () => {
  test('300k nested arrays (600 KB) are refused with a 400, not a stack overflow or a 500', async () => {
    const big = await startTestGateway(
      { model_providers: [{ model: 'openai/gpt-4o', default: true }], max_body_bytes: 4 * 1024 * 1024 },
      { sim: gw.sim },
    );
    try {
      for (const nest of [
        '['.repeat(300_000) + ']'.repeat(300_000),
        '{"a":'.repeat(300_000) + '1' + '}'.repeat(300_000),
      ]) {
        const body = `{"model":"openai/gpt-4o","messages":[{"role":"user","content":"hi"}],"x":${nest}}`;
        const response = await big.fetch('/v1/chat/completions', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        expect(response.status).toBe(400);
        expect(((await response.json()) as { error: { code: string } }).error.code).toBe('invalid_json');
      }
    } finally {
      await big.stop();
    }
  }, 30_000);
});

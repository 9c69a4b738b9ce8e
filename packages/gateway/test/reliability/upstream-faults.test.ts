import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { startTestGateway, type TestGateway } from '../support/index.ts';
import { pool } from './pool.ts';
import { isErrorBody } from './verdict.ts';

// Every upstream fault sim-models can inject, on both upstream wire formats, streaming and not,
// alone and all at once: each ends in its documented status, no 5xx but 502/504, nothing hangs.

const KEY = 'sk-fault-SECRET-77aa01';
const TIMEOUT_MS = 300;
const MODES = ['429', '500', '503', 'timeout', 'reset', 'malformed', 'cut-stream'] as const;
type Mode = (typeof MODES)[number];
const PROVIDERS = ['openai', 'anthropic'] as const;

/** The documented answer: status before any byte is sent (`stream: true` included), or a 200 stream ending in an error event. */
const EXPECTED: Record<Mode, { status: number; code?: string; streamEndsWithError?: true }> = {
  '429': { status: 429 },
  '500': { status: 502, code: 'upstream_error' },
  '503': { status: 502, code: 'upstream_error' },
  timeout: { status: 504, code: 'upstream_timeout' },
  reset: { status: 502, code: 'upstream_unreachable' },
  malformed: { status: 502, code: 'upstream_error' },
  'cut-stream': { status: 502, code: 'upstream_error', streamEndsWithError: true },
};

const CONFIG = `
model_providers:
  - model: openai/healthy
    access_key: ${KEY}
    default: true
${PROVIDERS.flatMap((p) => MODES.map((m) => `  - model: ${p}/fail-${m}\n    access_key: ${KEY}\n    timeout_ms: ${TIMEOUT_MS}\n    headers: {x-sim-fail: "${m}"}`)).join('\n')}
`;

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway(CONFIG, { simOptions: { quiet: true, holdMs: 5_000 } });
});
afterAll(() => gw.stop());

async function call(model: string, stream: boolean) {
  const response = await gw.fetch('/v1/chat/completions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-model-affinity': `fault-${model}` },
    body: JSON.stringify({ model, stream, messages: [{ role: 'user', content: 'hello' }] }),
    // A hung socket shows up as this abort, not as a test that never ends.
    signal: AbortSignal.timeout(TIMEOUT_MS + 4_000),
  });
  const text = await response.text();
  expect(text).not.toContain(KEY);
  return { status: response.status, text, contentType: response.headers.get('content-type') ?? '' };
}

describe('upstream faults map to their documented status', () => {
  for (const provider of PROVIDERS) {
    for (const mode of MODES) {
      for (const stream of [false, true]) {
        const expected = EXPECTED[mode];
        const label = `${provider} ${mode} ${stream ? 'stream' : 'json'}`;
        test(label, async () => {
          const r = await call(`${provider}/fail-${mode}`, stream);
          if (stream && expected.streamEndsWithError) {
            // Headers were already sent: the stream must say it broke, never end as if complete.
            expect(r.status).toBe(200);
            expect(r.text).not.toContain('[DONE]');
            const last = r.text.trim().split('\n\n').at(-1) ?? '';
            expect(last).toStartWith('data: ');
            expect(JSON.parse(last.slice(6)).error.type).toBe('upstream_error');
            return;
          }
          if (stream && mode === 'malformed') {
            // Known limit (docs/reliability.md): a 200 stream's frames are relayed, not re-validated;
            // the translating Anthropic path turns an unparsable frame into an error event.
            expect([200, 502]).toContain(r.status);
            return;
          }
          expect(r.status).toBe(expected.status);
          expect(r.contentType).toContain('application/json');
          expect(isErrorBody(r.text, 'openai')).toBe(true);
          if (expected.code) expect(JSON.parse(r.text).error.code).toBe(expected.code);
        });
      }
    }
  }
});

describe('all faults at once', () => {
  test('400 concurrent faulty calls all complete, none hangs, no 5xx but 502/504, then healthy traffic flows', async () => {
    const calls = Array.from({ length: 400 }, (_, i) => ({
      model: `${PROVIDERS[i % 2]}/fail-${MODES[i % MODES.length]}`,
      stream: i % 3 === 0,
    }));
    const results = await pool(calls, 64, (c) => call(c.model, c.stream));
    const statuses: Record<number, number> = {};
    for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    console.log(JSON.stringify({ faultCalls: results.length, statuses }));
    for (const status of Object.keys(statuses).map(Number)) expect([200, 429, 502, 504]).toContain(status);
    const healthy = await call('openai/healthy', false);
    expect(healthy.status).toBe(200);
    const deadline = Date.now() + 5_000;
    while ((gw.app.server?.pendingRequests ?? 0) > 0 && Date.now() < deadline) await Bun.sleep(20);
    expect(gw.app.server?.pendingRequests).toBe(0);
  }, 30_000);
});

import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { type RedisServerHandle, startRedisServer } from '@tether/testing';
import { RESEARCH_CONFIG, startTestGateway, type TestGateway } from '../support/index.ts';

// The shared pin store going away must degrade affinity, never traffic: a stopped, a paused
// (`DEBUG SLEEP`) and a restarted Redis all fail open within the store timeout, and pins resume.

const STORE_TIMEOUT_MS = 100;
// The bound on "fails open": far above the store timeout, far below anything a client would call hung.
const CLIENT_TIMEOUT_MS = 3_000;

let redis: RedisServerHandle;
let gw: TestGateway;
beforeAll(async () => {
  redis = await startRedisServer({ args: ['--enable-debug-command', 'local'] });
  gw = await startTestGateway(
    `${RESEARCH_CONFIG}
routing:
  session_cache: {type: redis, url: "${redis.url}", timeout_ms: ${STORE_TIMEOUT_MS}, key_prefix: "rel:"}
`,
  );
});
afterAll(async () => {
  await gw.stop();
  await redis.stop();
});

interface Answer {
  status: number;
  model: string | null;
  pinned: string | null;
  affinity: string | null;
  ms: number;
}
const latencies: number[] = [];

async function ask(
  id: string,
  path = '/v1/chat/completions',
  content = 'Implement a parser function in TypeScript.',
): Promise<Answer> {
  const started = performance.now();
  const response = await gw.fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-model-affinity': id },
    body: JSON.stringify({ messages: [{ role: 'user', content }] }),
    signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
  });
  await response.arrayBuffer();
  const ms = performance.now() - started;
  latencies.push(ms);
  const h = response.headers;
  return {
    status: response.status,
    model: h.get('x-tether-model'),
    pinned: h.get('x-tether-pinned'),
    affinity: h.get('x-tether-affinity'),
    ms,
  };
}

/** The same conversation through chat and routing, for several ids. */
async function round(tag: string, content?: string): Promise<Answer[]> {
  const ids = Array.from({ length: 8 }, (_, i) => `${tag}-${i}`);
  return await Promise.all(
    ids.flatMap((id) => [
      ask(id, '/v1/chat/completions', content),
      ask(id, '/routing/v1/chat/completions', content),
    ]),
  );
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (await check()) return;
    await Bun.sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('Redis outages fail open', () => {
  test('healthy: a pin holds against a changed intent', async () => {
    const first = await ask('steady');
    const second = await ask(
      'steady',
      '/v1/chat/completions',
      'Now compare and analyse the trade-offs of both designs.',
    );
    expect([first.status, first.pinned, second.status, second.pinned, second.model]).toEqual([
      200,
      'false',
      200,
      'true',
      first.model,
    ]);
  });

  test('stopped: every request is served (no 5xx), marked unavailable, /healthz degraded', async () => {
    await redis.stop();
    const answers = await round('down');
    for (const a of answers) expect([a.status, a.affinity]).toEqual([200, 'unavailable']);
    const health = (await (await gw.fetch('/healthz')).json()) as {
      status: string;
      store: { reachable: boolean };
    };
    expect(health).toMatchObject({ status: 'degraded', store: { reachable: false } });
  });

  test('restarted (empty): pinning resumes without a gateway restart', async () => {
    await redis.start();
    await until(async () => (await ask('probe-restart')).affinity === null, 'the store to reconnect');
    const first = await ask('after-restart');
    const again = await ask(
      'after-restart',
      '/v1/chat/completions',
      'Now compare and analyse the trade-offs of both designs.',
    );
    expect([first.status, first.pinned, again.pinned, again.model]).toEqual([
      200,
      'false',
      'true',
      first.model,
    ]);
  });

  test('paused (DEBUG SLEEP): requests fail open after the store timeout; the old pin is back afterwards', async () => {
    const before = await ask('paused-pin');
    const sleeping = redis.cli('DEBUG', 'SLEEP', '1.5');
    await Bun.sleep(100);
    const during = await round('paused');
    for (const a of during) expect(a.status).toBe(200);
    expect(during.some((a) => a.affinity === 'unavailable')).toBe(true);
    await sleeping;
    await until(async () => (await ask('probe-pause')).affinity === null, 'the store to answer again');
    const after = await ask(
      'paused-pin',
      '/v1/chat/completions',
      'Now compare and analyse the trade-offs of both designs.',
    );
    expect([after.status, after.pinned, after.model]).toEqual([200, 'true', before.model]);
    console.log(
      JSON.stringify({ redisOutageRequests: latencies.length, maxMs: Math.round(Math.max(...latencies)) }),
    );
  }, 20_000);
});

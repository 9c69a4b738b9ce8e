import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimModels } from '@tether/sim-models';
import { freePort, type RedisServerHandle, startRedisServer } from '@tether/testing';
import type { SimModelsHandle } from '../support/index.ts';

// `tether up` as a real process: SIGTERM in the middle of a slow stream must let the stream finish
// ([DONE] arrives), refuse new connections, close Redis and exit 0; past the grace period the
// stream is cut but the process still exits 0.

const CLI = join(import.meta.dir, '..', '..', 'src', 'cli.ts');
const dir = mkdtempSync(join(tmpdir(), 'tether-shutdown-'));
let sim: SimModelsHandle;
let redis: RedisServerHandle;

beforeAll(async () => {
  [sim, redis] = await Promise.all([startSimModels({ quiet: true }), startRedisServer()]);
});
afterAll(async () => {
  await Promise.all([sim.stop(), redis.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

interface Running {
  url: string;
  proc: ReturnType<typeof Bun.spawn>;
  stderr: Promise<string>;
}

async function startCli(name: string, chunkDelayMs: number, extra = ''): Promise<Running> {
  const config = join(dir, `${name}.yaml`);
  writeFileSync(
    config,
    `model_providers:
  - model: openai/gpt-4o
    base_url: ${sim.url}/v1
    default: true
    headers: {x-sim-chunk-delay-ms: "${chunkDelayMs}"}
routing:
  session_cache: {type: redis, url: "${redis.url}", key_prefix: "${name}:"}
${extra}`,
  );
  const port = await freePort();
  const proc = Bun.spawn(['bun', CLI, 'up', config, '--port', String(port), '--host', '127.0.0.1'], {
    stdout: 'pipe',
    stderr: 'pipe',
    env: { PATH: process.env.PATH ?? '' },
  });
  const reader = (proc.stdout as ReadableStream<Uint8Array>).getReader();
  let out = '';
  while (!out.includes('tether listening')) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`tether up exited: ${out}`);
    out += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  return {
    url: `http://127.0.0.1:${port}`,
    proc,
    stderr: new Response(proc.stderr as ReadableStream).text(),
  };
}

/** Opens a stream and returns once its first bytes have arrived, with a promise of the full text (wrapped: an async function would flatten it). */
async function openStream(url: string): Promise<{ rest: Promise<string> }> {
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-model-affinity': 'shutdown-stream' },
    body: JSON.stringify({
      stream: true,
      messages: [{ role: 'user', content: 'Explain database indexing in detail.' }],
    }),
  });
  expect(response.status).toBe(200);
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = decoder.decode((await reader.read()).value);
  const rest = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
      if (done) return text;
      text += decoder.decode(value, { stream: true });
    }
  })();
  return { rest };
}

async function redisClients(): Promise<number> {
  return Number(/connected_clients:(\d+)/.exec(await redis.cli('INFO', 'clients'))?.[1]);
}

async function refused(url: string): Promise<boolean> {
  try {
    await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1_000) });
    return false;
  } catch {
    return true;
  }
}

describe('graceful shutdown of `tether up`', () => {
  test('SIGTERM mid-stream: the stream completes, new connections are refused, Redis closed, exit 0', async () => {
    const gw = await startCli('drain', 150);
    const { rest } = await openStream(gw.url);
    // The gateway holds its command connection and, with the near cache, its invalidation connection.
    expect(await redisClients()).toBeGreaterThan(1);
    let ended = false;
    void rest.then(() => {
      ended = true;
    });
    gw.proc.kill('SIGTERM');
    let isRefused = false;
    for (let i = 0; i < 100 && !isRefused; i++) {
      isRefused = await refused(gw.url);
      if (!isRefused) await Bun.sleep(20);
    }
    expect(isRefused).toBe(true);
    // Refused while the stream was still going: the listener closed first, the answer was left alone.
    expect(ended).toBe(false);
    const text = await rest;
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
    expect(text).not.toContain('"error"');
    expect(await gw.proc.exited).toBe(0);
    const log = await gw.stderr;
    expect(log).toContain('"outcome":"drained"');
    // Every connection of the gateway is gone (the one left is redis-cli asking).
    expect(await redisClients()).toBe(1);
  }, 30_000);

  test('a stream longer than shutdown_grace_ms is cut at the deadline and the process still exits 0', async () => {
    const gw = await startCli('cut', 2_000, 'shutdown_grace_ms: 300\n');
    const { rest } = await openStream(gw.url);
    gw.proc.kill('SIGTERM');
    expect(await gw.proc.exited).toBe(0);
    expect((await rest).includes('[DONE]')).toBe(false);
    expect(await gw.stderr).toContain('"outcome":"cut"');
  }, 30_000);
});

import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type SimModelsHandle, startSimModels } from '@tether/sim-models';
import { type RedisServerHandle, startRedisServer } from '@tether/testing';
import { expectOpenAiSmoke } from './openai-smoke.ts';
import { REPO_ROOT, run, type ServerProcess, scratchDir, smokeConfig, startListening } from './support.ts';

// The gateway under Deno 2, started the documented way from the repository root:
// `deno task tether up <config> --port N` (deno.json maps the workspace packages to their sources).
const scratch = scratchDir('deno');
let sim: SimModelsHandle;
let redis: RedisServerHandle;

function writeConfig(name: string, text: string): string {
  const path = join(scratch.path, name);
  writeFileSync(path, text);
  return path;
}

function denoGateway(config: string): Promise<ServerProcess> {
  return startListening(['deno', 'task', 'tether', 'up', config, '--port', '0'], {
    cwd: REPO_ROOT,
    timeoutMs: 60_000,
  });
}

beforeAll(async () => {
  sim = await startSimModels({ port: 0, quiet: true });
  redis = await startRedisServer();
});
afterAll(async () => {
  await sim?.stop();
  await redis?.stop();
  scratch.dispose();
});

describe('deno task tether up (the gateway on Deno)', () => {
  test('memory store: routing, a pin held over 3 turns and a stream through the OpenAI SDK', async () => {
    const gateway = await denoGateway(writeConfig('memory.yaml', smokeConfig(sim.url)));
    try {
      expect(gateway.output()).toContain('memory affinity store');
      await expectOpenAiSmoke(gateway.url, 'deno-memory');
      expect((await fetch(`${gateway.url}/healthz`)).status).toBe(200);
      // The admin API answers loopback peers (Deno's remote address reaches the admin guard)…
      const pin = await fetch(`${gateway.url}/affinity/v1/deno-memory`);
      expect(pin.status).toBe(200);
      expect(JSON.stringify(await pin.json())).toContain('anthropic/claude-sonnet-4');
      // …and the dashboard page is read through the adapter.
      const page = await fetch(`${gateway.url}/dashboard`);
      expect([page.status, page.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
      expect(await page.text()).toContain('<html');
    } finally {
      // SIGTERM drains and exits 0, as under Bun.
      expect(await gateway.stop()).toBe(0);
    }
  }, 90_000);

  test('Redis store (ioredis under Deno): the pin lives in Redis', async () => {
    const config = smokeConfig(
      sim.url,
      `routing:\n  session_cache: {type: redis, url: "${redis.url}", key_prefix: "deno-smoke:"}\n`,
    );
    const gateway = await denoGateway(writeConfig('redis.yaml', config));
    try {
      expect(gateway.output()).toContain('redis affinity store');
      await expectOpenAiSmoke(gateway.url, 'deno-redis');
      expect(await redis.cli('--scan', '--pattern', 'deno-smoke:*')).toContain('deno-redis');
    } finally {
      expect(await gateway.stop()).toBe(0);
    }
  }, 90_000);

  test('SIGTERM drains an open stream before exiting 0; past shutdown_grace_ms the stream is cut', async () => {
    const config = (delay: number, extra = '') =>
      `model_providers:\n  - model: openai/gpt-4o\n    base_url: ${sim.url}/v1\n    access_key: sim\n    default: true\n` +
      `    headers: {x-sim-chunk-delay-ms: "${delay}"}\n${extra}`;
    const openStream = async (url: string) => {
      const response = await fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          stream: true,
          messages: [{ role: 'user', content: 'Explain indexing in detail.' }],
        }),
      });
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      const decoder = new TextDecoder();
      let text = decoder.decode((await reader.read()).value);
      // Wrapped in an object: returning the promise itself would make `await openStream()` wait for the end.
      const rest = (async () => {
        for (;;) {
          const { value, done } = await reader
            .read()
            .catch(() => ({ value: undefined, done: true as const }));
          if (done) return text;
          text += decoder.decode(value, { stream: true });
        }
      })();
      return { rest };
    };
    const drain = await denoGateway(writeConfig('drain.yaml', config(150)));
    const { rest: drained } = await openStream(drain.url);
    expect(await drain.stop()).toBe(0);
    // The open stream counted as in flight while it drained.
    expect(drain.output()).toContain('"in_flight":1');
    expect((await drained).trimEnd().endsWith('data: [DONE]')).toBe(true);
    expect(drain.output()).toContain('"outcome":"drained"');

    const cut = await denoGateway(writeConfig('cut.yaml', config(2_000, 'shutdown_grace_ms: 300\n')));
    const { rest: cutStream } = await openStream(cut.url);
    expect(await cut.stop()).toBe(0);
    expect(cut.output()).toContain('"outcome":"cut"');
    expect((await cutStream).includes('[DONE]')).toBe(false);
  }, 90_000);

  test('the libraries on Deno: sim-models serves (Deno.serve), the store claims, the MCP server builds', async () => {
    const script = `
import { startSimModels } from '@tether/sim-models';
import { createMemoryStore } from '@tether/affinity-store';
import { createTetherMcpServer, createHttpControl } from '@tether/mcp-server';
const sim = await startSimModels({ port: 0, quiet: true });
const res = await fetch(sim.url + '/v1/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'hi' }] }) });
const answered = (await res.json()).choices[0].message.content.length > 0;
await sim.stop();
const store = createMemoryStore({});
const { created } = await store.claim({ id: 'deno' }, { model: 'm', route: null, source: 'explicit', pinnedAt: 0 }, { ttlSeconds: 5 });
await store.close();
const server = createTetherMcpServer(createHttpControl({ baseUrl: 'http://127.0.0.1:1' }));
console.log(JSON.stringify({ runtime: typeof Deno, answered, created, mcp: typeof server.connect }));`;
    const result = await run(['deno', 'eval', '--ext=ts', script], { cwd: REPO_ROOT, timeoutMs: 60_000 });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      runtime: 'object',
      answered: true,
      created: true,
      mcp: 'function',
    });
  }, 90_000);

  test('a bad config: the same file:line errors and exit code as under Bun', async () => {
    const bad = writeConfig(
      'bad.yaml',
      'model_providers:\n  - model: openai/gpt-4o\n    default: true\nrouting:\n  session_cach: {type: memory}\n',
    );
    const deno = await run(['deno', 'task', 'tether', 'up', bad], { cwd: REPO_ROOT, timeoutMs: 60_000 });
    const bun = await run(['bun', 'packages/gateway/src/cli.ts', 'up', bad], { cwd: REPO_ROOT });
    expect(bun.code).toBe(2);
    expect(deno.code).toBe(2);
    expect(bun.stderr).toContain(`${bad}:5 routing.session_cach: unknown key "session_cach"`);
    // `deno task` adds its own "Task tether …" line; the gateway's error lines are the same.
    expect(deno.stderr).toContain(bun.stderr.trim());
  }, 90_000);
});

import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { networkInterfaces } from 'node:os';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Logger } from '../../src/logger.ts';
import { RESEARCH_CONFIG, startTestGateway, type TestGateway } from '../support/index.ts';

// Tenants cannot touch each other's pins through any surface; admin surfaces refuse remote callers
// without the token; keys and the admin token never reach a response or a log line.

const KEY = 'sk-iso-SECRET-0badc0ffee';
const TOKEN = 'adm-iso-TOKEN-5eb1e55ed';
const TENANT_YAML = `
routing:
  session_cache: {tenant_header: x-tenant}
`;
const CODE = 'anthropic/claude-sonnet-4';
const REASONING = 'openai/gpt-4o';

/** A logger that keeps every line as the console logger would print it. */
function captureLogger(lines: string[]): Logger {
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push(JSON.stringify({ level, message, ...fields }));
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/** The first non-loopback IPv4 address of this machine, if it has one (never dials out). */
function localInterfaceAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return undefined;
}

const json = (body: unknown, headers: Record<string, string>) => ({
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

describe('tenant isolation (tenant_header set)', () => {
  let gw: TestGateway;
  const A = { 'x-tenant': 'tenant-a' };
  const B = { 'x-tenant': 'tenant-b' };
  const route = async (tenant: Record<string, string>, path = '/routing/v1/chat/completions') => {
    const r = await gw.fetch(path, {
      method: 'POST',
      ...json(
        { messages: [{ role: 'user', content: 'Implement a SQL schema for orders.' }] },
        { ...tenant, 'x-model-affinity': 'shared' },
      ),
    });
    await r.arrayBuffer();
    return {
      status: r.status,
      model: r.headers.get('x-tether-model'),
      pinned: r.headers.get('x-tether-pinned'),
    };
  };
  const adminGet = async (tenant: Record<string, string>) => {
    const r = await gw.fetch('/affinity/v1/shared', { headers: tenant });
    return { status: r.status, body: (await r.json()) as { model?: string } };
  };

  beforeAll(async () => {
    gw = await startTestGateway(`${RESEARCH_CONFIG}${TENANT_YAML}`);
  });
  afterAll(() => gw.stop());

  test('A pins "shared" to the reasoning model; B routes the same id to its own pin', async () => {
    expect(
      (await gw.fetch('/affinity/v1/shared', { method: 'PUT', ...json({ model: REASONING }, A) })).status,
    ).toBe(200);
    // B's request reads the code route: it must not be served A's reasoning pin.
    expect(await route(B)).toEqual({ status: 200, model: CODE, pinned: 'false' });
    expect(await route(B, '/v1/chat/completions')).toEqual({ status: 200, model: CODE, pinned: 'true' });
    expect(await route(A)).toEqual({ status: 200, model: REASONING, pinned: 'true' });
  });

  test("B can neither read, overwrite nor release A's pin through the admin API", async () => {
    expect((await adminGet(B)).body.model).toBe(CODE);
    expect((await gw.fetch('/affinity/v1/shared', { method: 'DELETE', headers: B })).status).toBe(200);
    expect((await adminGet(A)).body.model).toBe(REASONING);
    expect(
      (await gw.fetch('/affinity/v1/shared', { method: 'PUT', ...json({ model: CODE }, B) })).status,
    ).toBe(200);
    expect((await adminGet(A)).body.model).toBe(REASONING);
    // No tenant header is its own scope, and a tenant cannot smuggle a key separator.
    expect((await adminGet({})).status).toBe(404);
    expect((await gw.fetch('/affinity/v1/shared', { method: 'DELETE', headers: {} })).status).toBe(404);
    expect((await adminGet({ 'x-tenant': 'tenant-a:shared' })).status).toBe(400);
    expect((await adminGet(A)).body.model).toBe(REASONING);
  });

  test("MCP at /mcp (when mounted): B's get_pin and release_pin never reach A's pin", async () => {
    const probe = await gw.fetch('/mcp', { method: 'POST', ...json({}, {}) });
    if (probe.status === 404) {
      console.log('isolation: /mcp is not mounted on this gateway; MCP surface skipped');
      return;
    }
    const client = new Client({ name: 'isolation', version: '0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${gw.url}/mcp`), { requestInit: { headers: B } }),
    );
    try {
      const seen = await client.callTool({ name: 'get_pin', arguments: { affinity_id: 'shared' } });
      expect(JSON.stringify(seen)).not.toContain(REASONING);
      await client.callTool({ name: 'release_pin', arguments: { affinity_id: 'shared' } });
      await client.callTool({ name: 'pin_model', arguments: { affinity_id: 'shared', model: CODE } });
      expect((await adminGet(A)).body.model).toBe(REASONING);
    } finally {
      await client.close();
    }
  });
});

describe('admin surfaces refuse non-loopback callers without the admin token', () => {
  const address = localInterfaceAddress();
  const surfaces = [
    { path: '/affinity/v1/x', method: 'GET' },
    { path: '/affinity/v1/x', method: 'DELETE' },
    { path: '/dashboard', method: 'GET' },
    { path: '/mcp', method: 'POST' },
  ];

  test.skipIf(address === undefined)(
    `bound on ${address}: 403 from a non-loopback peer, 200/404 from loopback`,
    async () => {
      const gw = await startTestGateway(RESEARCH_CONFIG, { listen: false });
      gw.app.listen({ port: 0, hostname: '0.0.0.0' });
      const port = gw.app.server?.port;
      try {
        for (const s of surfaces) {
          const local = await fetch(`http://127.0.0.1:${port}${s.path}`, {
            method: s.method,
            headers: { 'content-type': 'application/json' },
            body: s.method === 'POST' ? '{}' : undefined,
          });
          await local.arrayBuffer();
          if (local.status === 404 && s.path !== '/affinity/v1/x') {
            console.log(`isolation: ${s.path} is not served by this gateway yet; skipped`);
            continue;
          }
          // A forwarded-for header claiming loopback must not help: only the socket's peer counts.
          const remote = await fetch(`http://${address}:${port}${s.path}`, {
            method: s.method,
            headers: {
              'x-forwarded-for': '127.0.0.1',
              'x-real-ip': '127.0.0.1',
              'content-type': 'application/json',
            },
            body: s.method === 'POST' ? '{}' : undefined,
          });
          expect({ surface: `${s.method} ${s.path}`, status: remote.status }).toEqual({
            surface: `${s.method} ${s.path}`,
            status: 403,
          });
          expect(((await remote.json()) as { error: { code: string } }).error.code).toBe('forbidden');
        }
      } finally {
        await gw.app.stop(true);
        await gw.stop();
      }
    },
  );
});

describe('secrets never leave the gateway', () => {
  test('provider keys and the admin token appear in no response and no log line', async () => {
    const lines: string[] = [];
    const faulty = ['401', '500', 'reset'].map(
      (m) => `  - model: openai/fail-${m}\n    access_key: ${KEY}\n    headers: {x-sim-fail: "${m}"}`,
    );
    const config = `
model_providers:
  - model: openai/gpt-4o
    access_key: ${KEY}
    default: true
  - model: anthropic/claude-sonnet-4
    access_key: ${KEY}
${faulty.join('\n')}
admin_token: ${TOKEN}
`;
    const gw = await startTestGateway(config, { deps: { logger: captureLogger(lines) } });
    const bodies: string[] = [];
    const send = async (path: string, init: RequestInit) => {
      const r = await gw.fetch(path, init);
      const head: string[] = [];
      r.headers.forEach((value, name) => {
        head.push(`${name}: ${value}`);
      });
      bodies.push(`${r.status} ${head.join(' ')} ${await r.text()}`);
    };
    try {
      const chat = (model: string, stream = false) =>
        json(
          { model, stream, messages: [{ role: 'user', content: 'hello' }] },
          { authorization: `Bearer ${TOKEN}` },
        );
      for (const model of [
        'openai/gpt-4o',
        'anthropic/claude-sonnet-4',
        'openai/fail-401',
        'openai/fail-500',
        'openai/fail-reset',
      ])
        for (const stream of [false, true])
          await send('/v1/chat/completions', { method: 'POST', ...chat(model, stream) });
      await send('/v1/models', {});
      await send('/healthz', {});
      await send('/affinity/v1/x', { headers: { authorization: `Bearer ${TOKEN}x` } });
      await send('/affinity/v1/x', { headers: { authorization: `Bearer ${TOKEN}` } });
      await send('/affinity/v1/x', {
        method: 'PUT',
        ...json({ model: 'nope' }, { authorization: `Bearer ${TOKEN}` }),
      });
      await send('/mcp', { method: 'POST', ...json({}, { authorization: `Bearer ${TOKEN.slice(0, -1)}` }) });
      await send('/metrics', {});
      await send('/dashboard', {});
    } finally {
      await gw.stop();
    }
    const leaks = [...bodies, ...lines].filter((text) => text.includes(KEY) || text.includes(TOKEN));
    expect(leaks).toEqual([]);
    expect(lines.length).toBeGreaterThan(0);
  });
});

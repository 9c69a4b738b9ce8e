import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { RESEARCH_CONFIG, startTestGateway, type TestGateway } from '../test-support/index.ts';
import { NO_TENANT } from './headers.ts';

// Header values that could reach someone else's pin: the tenant value that equals the internal
// "no tenant" marker, and a repeated affinity header that Fetch joins into a new id "a, b".

const REASONING = 'openai/gpt-4o';
let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway(`${RESEARCH_CONFIG}\nrouting:\n  session_cache: {tenant_header: x-tenant}\n`);
});
afterAll(() => gw.stop());

const chat = (headers: HeadersInit) =>
  gw.fetch('/v1/chat/completions', {
    method: 'POST',
    headers,
    body: JSON.stringify({ model: REASONING, messages: [{ role: 'user', content: 'hi' }] }),
  });

/** Pins `id` with no tenant header (the "no tenant" scope). */
async function pinWithoutTenant(id: string): Promise<void> {
  const r = await gw.fetch(`/affinity/v1/${id}`, {
    method: 'PUT',
    body: JSON.stringify({ model: REASONING }),
  });
  expect(r.status).toBe(200);
  await r.text();
}

describe(`tenant "${NO_TENANT}" never collides with "no tenant"`, () => {
  test('proxy path: 400 naming the tenant header; the no-tenant pin is untouched', async () => {
    await pinWithoutTenant('mine');
    const r = await chat({ 'content-type': 'application/json', 'x-model-affinity': 'mine', 'x-tenant': '_' });
    expect(r.status).toBe(400);
    expect((await r.json()).error.message).toContain('x-tenant');
    expect((await (await gw.fetch('/affinity/v1/mine')).json()).model).toBe(REASONING);
  });

  test('admin API: GET and DELETE with the marker are refused, and the pin survives', async () => {
    await pinWithoutTenant('kept');
    expect((await gw.fetch('/affinity/v1/kept', { headers: { 'x-tenant': '_' } })).status).toBe(400);
    const del = await gw.fetch('/affinity/v1/kept', { method: 'DELETE', headers: { 'x-tenant': '_' } });
    expect(del.status).toBe(400);
    const still = await gw.fetch('/affinity/v1/kept');
    expect(still.status).toBe(200);
    expect((await still.json()).model).toBe(REASONING);
  });

  test('MCP: get_pin / release_pin with the marker as tenant never reach the no-tenant pin', async () => {
    await pinWithoutTenant('mcp-kept');
    const client = new Client({ name: 'collision', version: '0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${gw.url}/mcp`), {
        requestInit: { headers: { 'x-tenant': '_' } },
      }),
    );
    try {
      const seen = await client.callTool({ name: 'get_pin', arguments: { affinity_id: 'mcp-kept' } });
      expect(JSON.stringify(seen)).not.toContain(REASONING);
      await client.callTool({ name: 'release_pin', arguments: { affinity_id: 'mcp-kept' } });
    } finally {
      await client.close();
    }
    expect((await gw.fetch('/affinity/v1/mcp-kept')).status).toBe(200);
  });
});

describe('repeated affinity headers are refused, never merged into a new id', () => {
  for (const name of ['X-Model-Affinity', 'X-Session-Id']) {
    test(`${name} twice, or comma-joined: 400 naming ${name}`, async () => {
      const twice = new Headers({ 'content-type': 'application/json' });
      twice.append(name, 'a');
      twice.append(name, 'b');
      const r = await chat(twice);
      expect(r.status).toBe(400);
      expect((await r.json()).error.message).toContain(name);
      const joined = await chat({ 'content-type': 'application/json', [name]: 'a,b' });
      expect(joined.status).toBe(400);
      await joined.text();
      expect((await gw.fetch('/affinity/v1/a, b')).status).not.toBe(200);
    });
  }
});

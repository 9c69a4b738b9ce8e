import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startSimModels } from '@tether/sim-models';
// The gateway's /mcp plugin (an Elysia app itself), served here alone with an in-process `handle` forwards to a
// spawned gateway (this package must not depend on @tether/gateway, which depends on it).
import { type GatewayProcess, simConfigYaml, startGatewayProcess } from '../test/support/gateway-process.ts';
import { runToolContract } from './tools.contract.ts';

const TOKEN = 'http-admin-token';
const TENANT_YAML = 'routing:\n  session_cache:\n    type: memory\n    tenant_header: x-tenant\n';
let sim: { url: string; stop(): Promise<void> | void };
let open: GatewayProcess;
let guarded: GatewayProcess;
let client: Client;

async function connect(url: string, headers: Record<string, string> = {}): Promise<Client> {
  const c = new Client({ name: 'http-test', version: '0' });
  await c.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  return c;
}

beforeAll(async () => {
  sim = await startSimModels({ port: 0 });
  [open, guarded] = await Promise.all([
    startGatewayProcess(simConfigYaml(sim.url, TENANT_YAML)),
    startGatewayProcess(simConfigYaml(sim.url, `admin_token: ${TOKEN}\n`)),
  ]);
  // Each spawned gateway serves /mcp itself, in-process on its own store (app.ts mounts routes/mcp.ts).
  client = await connect(`${open.url}/mcp`);
});

afterAll(async () => {
  await client?.close();
  await Promise.all([open?.stop(), guarded?.stop()]);
  await sim?.stop();
});

describe("the gateway's own /mcp over Streamable HTTP (no admin_token: loopback clients)", () => {
  runToolContract({ client: () => client, gatewayUrl: () => open.url });

  test('GET and DELETE answer 405: the endpoint is stateless', async () => {
    const url = `${open.url}/mcp`;
    for (const method of ['GET', 'DELETE']) {
      const response = await fetch(url, { method });
      expect(response.status).toBe(405);
    }
  });
});

describe('/mcp with a tenant header', () => {
  test("the caller's tenant header is forwarded, so its pins land in its tenant only", async () => {
    const url = `${open.url}/mcp`;
    const acme = await connect(url, { 'x-tenant': 'acme' });
    try {
      const pin = await acme.callTool({ name: 'pin_model', arguments: { model: 'fast' } });
      const id = (pin.structuredContent as { affinity_id: string }).affinity_id;
      const status = async (headers: Record<string, string>) => {
        const response = await fetch(`${open.url}/affinity/v1/${id}`, { headers });
        await response.arrayBuffer();
        return response.status;
      };
      expect(await status({ 'x-tenant': 'acme' })).toBe(200);
      expect(await status({ 'x-tenant': 'other' })).toBe(404);
      expect(await status({})).toBe(404);
      const seen = await acme.callTool({ name: 'get_pin', arguments: { affinity_id: id } });
      expect(seen.structuredContent).toMatchObject({ pinned: true, model: 'openai/gpt-4o-mini' });
      const elsewhere = await client.callTool({ name: 'get_pin', arguments: { affinity_id: id } });
      expect(elsewhere.structuredContent).toMatchObject({ pinned: false });
    } finally {
      await acme.close();
    }
  });
});

describe('/mcp with admin_token', () => {
  test('the right bearer token works end to end', async () => {
    const url = `${guarded.url}/mcp`;
    const c = await connect(url, { authorization: `Bearer ${TOKEN}` });
    try {
      const pin = await c.callTool({ name: 'pin_model', arguments: { model: 'fast' } });
      expect(pin.isError).toBeFalsy();
      const id = String((pin.structuredContent as { affinity_id: string }).affinity_id);
      const response = await fetch(`${guarded.url}/affinity/v1/${id}`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(((await response.json()) as { model: string }).model).toBe('openai/gpt-4o-mini');
    } finally {
      await c.close();
    }
  });

  test('a missing token is a 401 and a wrong one a 403, OpenAI-shaped, before any MCP message', async () => {
    const url = `${guarded.url}/mcp`;
    const cases: [Record<string, string>, number, string][] = [
      [{}, 401, 'unauthorized'],
      [{ authorization: 'Bearer wrong' }, 403, 'forbidden'],
    ];
    for (const [headers, status, code] of cases) {
      await expect(connect(url, headers)).rejects.toThrow();
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
      expect(response.status).toBe(status);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe(code);
      expect(body.error.message).not.toContain(TOKEN);
    }
  });
});

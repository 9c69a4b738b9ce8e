import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { startSimModels } from '@tether/sim-models';
import {
  type GatewayProcess,
  simConfigYaml,
  startGatewayProcess,
  TETHER_MCP_CLI,
} from '../test/support/gateway-process.ts';
import { runToolContract } from './tools.contract.ts';

const TOKEN = 'stdio-admin-token';
let sim: { url: string; stop(): Promise<void> | void };
let gateway: GatewayProcess;
let client: Client;

/** Spawns the `tether-mcp` bin the way an MCP host does and connects the SDK client to it. */
async function connect(args: string[], env: Record<string, string> = {}): Promise<Client> {
  const c = new Client({ name: 'stdio-test', version: '0' });
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [TETHER_MCP_CLI, ...args],
    env: { PATH: process.env.PATH ?? '', ...env },
    stderr: 'ignore',
  });
  await c.connect(transport);
  return c;
}

beforeAll(async () => {
  sim = await startSimModels({ port: 0 });
  gateway = await startGatewayProcess(simConfigYaml(sim.url, `admin_token: ${TOKEN}\n`));
  client = await connect(['--gateway', gateway.url, '--token', TOKEN]);
});

afterAll(async () => {
  await client?.close();
  await gateway?.stop();
  await sim?.stop();
});

describe('tether-mcp over stdio', () => {
  runToolContract({ client: () => client, gatewayUrl: () => gateway.url });

  test('TETHER_GATEWAY_URL and TETHER_ADMIN_TOKEN configure it without flags', async () => {
    const viaEnv = await connect([], { TETHER_GATEWAY_URL: gateway.url, TETHER_ADMIN_TOKEN: TOKEN });
    try {
      const result = await viaEnv.callTool({ name: 'get_pin', arguments: { affinity_id: 'env-check' } });
      expect(result.isError).toBeFalsy();
    } finally {
      await viaEnv.close();
    }
  });

  test('a wrong token is a tool error that names the admin token, not its value', async () => {
    const wrong = await connect(['--gateway', gateway.url, '--token', 'wrong-token']);
    try {
      for (const [name, args] of [
        ['get_pin', { affinity_id: 'x' }],
        ['pin_model', { model: 'openai/gpt-4o' }],
        ['release_pin', { affinity_id: 'x' }],
      ] as const) {
        const result = await wrong.callTool({ name, arguments: args });
        expect(result.isError).toBe(true);
        const text = JSON.stringify(result.content);
        expect(text).toContain('admin token');
        expect(text).not.toContain('wrong-token');
      }
    } finally {
      await wrong.close();
    }
  });

  test('without --gateway it exits 2 with the usage', async () => {
    const child = Bun.spawn([process.execPath, TETHER_MCP_CLI], {
      env: { PATH: process.env.PATH ?? '' },
      stdout: 'pipe',
      stderr: 'pipe',
    });
    expect(await child.exited).toBe(2);
    expect(await new Response(child.stderr).text()).toContain('Usage: tether-mcp --gateway');
    expect(await new Response(child.stdout).text()).toBe('');
  });
});

import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { startSimModels } from '@tether/sim-models';
import { type GatewayProcess, simConfigYaml, startGatewayProcess } from '../test/support/gateway-process.ts';

// docs/mcp.md's "from a checkout" command, exactly as written: `bunx tether-mcp --gateway …` at the
// repository root (the root package links the workspace bin). The packed tarball under Node is
// covered by the pack-and-install CI job (scripts/pack).
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TOKEN = 'checkout-admin-token';
let sim: { url: string; stop(): Promise<void> | void };
let gateway: GatewayProcess;

beforeAll(async () => {
  sim = await startSimModels({ port: 0, quiet: true });
  gateway = await startGatewayProcess(simConfigYaml(sim.url, `admin_token: ${TOKEN}\n`));
});
afterAll(async () => {
  await gateway?.stop();
  await sim?.stop();
});

describe('bunx tether-mcp at the repository root', () => {
  test('an MCP stdio client lists the tools, pins a model and reads the pin back', async () => {
    const client = new Client({ name: 'checkout-test', version: '0' });
    await client.connect(
      new StdioClientTransport({
        command: 'bunx',
        args: ['tether-mcp', '--gateway', gateway.url, '--token', TOKEN],
        cwd: REPO_ROOT,
        env: { PATH: process.env.PATH ?? '' },
        stderr: 'ignore',
      }),
    );
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain('pin_model');
      const pinned = await client.callTool({
        name: 'pin_model',
        arguments: { model: 'openai/gpt-4o', affinity_id: 'checkout-pin' },
      });
      expect(pinned.isError).toBeFalsy();
      const read = await client.callTool({ name: 'get_pin', arguments: { affinity_id: 'checkout-pin' } });
      expect(JSON.stringify(read.content)).toContain('openai/gpt-4o');
    } finally {
      await client.close();
    }
  });

  test('a bad gateway URL exits 2 with the usage', async () => {
    const child = Bun.spawn(['bunx', 'tether-mcp', '--gateway', 'not-a-url'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '' },
      stdout: 'pipe',
      stderr: 'pipe',
    });
    const stderr = await new Response(child.stderr).text();
    expect(await child.exited).toBe(2);
    expect(stderr).toContain('--gateway must be an http(s) URL');
    expect(stderr).toContain('Usage: tether-mcp --gateway <url>');
  });
});

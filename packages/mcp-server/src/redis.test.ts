import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { startSimModels } from '@tether/sim-models';
import { type RedisServerHandle, startRedisServer } from '@tether/testing';
import {
  CODE_MODEL,
  type GatewayProcess,
  simConfigYaml,
  startGatewayProcess,
  TETHER_MCP_CLI,
} from '../test/support/gateway-process.ts';

let sim: { url: string; stop(): Promise<void> };
let redis: RedisServerHandle;
let gateway: GatewayProcess;
let replica: GatewayProcess;
let client: Client;

beforeAll(async () => {
  sim = await startSimModels({ port: 0 });
  redis = await startRedisServer();
  const yaml = `routing:\n  session_cache:\n    type: redis\n    url: ${redis.url}\n`;
  [gateway, replica] = await Promise.all([
    startGatewayProcess(simConfigYaml(sim.url, yaml)),
    startGatewayProcess(simConfigYaml(sim.url, yaml)),
  ]);
  client = new Client({ name: 'outage-test', version: '0' });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [TETHER_MCP_CLI, '--gateway', gateway.url],
      env: { PATH: process.env.PATH ?? '' },
      stderr: 'ignore',
    }),
  );
});

afterAll(async () => {
  await client?.close();
  await Promise.all([gateway?.stop(), replica?.stop()]);
  await redis?.stop();
  await sim?.stop();
});

describe('pins on Redis', () => {
  test('a pin made over MCP on one replica steers /v1/chat/completions on another', async () => {
    const pin = await client.callTool({
      name: 'pin_model',
      arguments: { affinity_id: 'replicas-1', model: CODE_MODEL },
    });
    expect(pin.isError).toBeFalsy();
    const response = await fetch(`${replica.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-model-affinity': 'replicas-1' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'compare the trade-offs of sharding' }] }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-tether-model')).toBe(CODE_MODEL);
    expect(response.headers.get('x-tether-pinned')).toBe('true');
    await response.arrayBuffer();
  });

  test('a pin made over MCP is in Redis, and a Redis outage is a tool error that says what to do', async () => {
    const pin = await client.callTool({
      name: 'pin_model',
      arguments: { affinity_id: 'outage-1', model: 'fast' },
    });
    expect(pin.isError).toBeFalsy();
    expect(await redis.cli('--scan')).toContain('outage-1');

    await redis.stop();
    for (const [name, args] of [
      ['get_pin', { affinity_id: 'outage-1' }],
      ['pin_model', { affinity_id: 'outage-2', model: 'fast' }],
      ['release_pin', { affinity_id: 'outage-1' }],
    ] as const) {
      const result = await client.callTool({ name, arguments: args });
      expect(result.isError).toBe(true);
      expect(JSON.stringify(result.content)).toContain('affinity store is unavailable');
    }
  });
});

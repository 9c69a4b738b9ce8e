import { afterAll, beforeAll, expect, test } from 'bun:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { RESEARCH_CONFIG, startTestGateway, type TestGateway } from '../../test/support/index.ts';
import type { Logger } from '../logger.ts';

// The MCP tools call the gateway's own API in-process (`app.handle`) while serving /mcp: each of
// the two requests must still get exactly one log line with its own status.
const lines: Array<Record<string, unknown>> = [];
const at = (level: string) => (message: string, fields?: Record<string, unknown>) => {
  lines.push({ level, message, ...fields });
};
const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
let gw: TestGateway;
let client: Client;
beforeAll(async () => {
  gw = await startTestGateway(RESEARCH_CONFIG, { deps: { logger } });
  client = new Client({ name: 'nested-test', version: '0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${gw.url}/mcp`)));
});
afterAll(async () => {
  await client.close();
  await gw.stop();
});

test('an MCP tool call and the admin request it makes in-process are logged once each', async () => {
  const result = await client.callTool({
    name: 'pin_model',
    arguments: { affinity_id: 'nested-1', model: 'openai/gpt-4o' },
  });
  expect(result.isError).not.toBe(true);
  const requests = () =>
    lines.filter((l) => l.message === 'request').map((l) => `${l.method} ${l.endpoint} ${l.status}`);
  for (let i = 0; i < 100 && !requests().includes('PUT /affinity/v1/:id 200'); i++) await Bun.sleep(5);
  // The inner request ends first; the outer POST /mcp is still its own request afterwards.
  const inner = requests().indexOf('PUT /affinity/v1/:id 200');
  expect(inner).toBeGreaterThanOrEqual(0);
  for (let i = 0; i < 100 && requests().length <= inner + 1; i++) await Bun.sleep(5);
  expect(requests().slice(inner)).toEqual(['PUT /affinity/v1/:id 200', 'POST /mcp 200']);
});

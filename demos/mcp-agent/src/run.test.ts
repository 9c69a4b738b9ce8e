import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { runMcpAgentDemo } from './run.ts';
import { type Stack, startStack } from './test-support/stack.ts';

const TOKEN = 'demo-admin-token';
// `/mcp` exists once the gateway's app.ts mounts routes/mcp.ts; until then only stdio can run.
const mcpMounted = readFileSync(
  new URL('../../../packages/gateway/src/app.ts', import.meta.url),
  'utf8',
).includes('mcpRoutes');
let stack: Stack;

beforeAll(async () => {
  stack = await startStack(`admin_token: ${TOKEN}\n`);
});
afterAll(async () => {
  await stack?.stop();
});

async function pinAfter(id: string): Promise<number> {
  const response = await fetch(`${stack.gatewayUrl}/affinity/v1/${id}`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  await response.arrayBuffer();
  return response.status;
}

describe('runMcpAgentDemo', () => {
  for (const transport of ['stdio', 'http'] as const) {
    test.skipIf(transport === 'http' && !mcpMounted)(
      `over ${transport}: every turn on the pinned model, then released`,
      async () => {
        const lines: string[] = [];
        const trace = await runMcpAgentDemo({
          gatewayUrl: stack.gatewayUrl,
          token: TOKEN,
          transport,
          log: (line) => lines.push(line),
        });
        expect(trace.affinityId).toMatch(/^aff_/);
        expect(trace.pinnedModel).toBe('anthropic/claude-sonnet-4-20250514');
        expect(trace.turns.length).toBeGreaterThan(1);
        expect(trace.turns.some((t) => t.tools.length > 0)).toBe(true);
        for (const turn of trace.turns) {
          expect(turn.model).toBe(trace.pinnedModel);
          expect(turn.pinned).toBe(true);
        }
        expect(trace.turns.at(-1)?.tools).toEqual([]);
        expect(trace.answer.length).toBeGreaterThan(0);
        expect(trace.released).toBe(true);
        expect(await pinAfter(trace.affinityId)).toBe(404);
        expect(lines[0]).toContain('pin_model');
        expect(lines.join('\n')).not.toContain(TOKEN);
      },
    );
  }

  test('a wrong token fails with a message naming the admin token', async () => {
    await expect(
      runMcpAgentDemo({ gatewayUrl: stack.gatewayUrl, token: 'wrong', transport: 'stdio' }),
    ).rejects.toThrow('admin token');
  });
});

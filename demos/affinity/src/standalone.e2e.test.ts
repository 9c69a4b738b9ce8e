import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SimModelsHandle, startSimModels } from '@tether/sim-models';
import { REPO_ROOT, runCommand, simConfigCopy, startCliGateway, startUntil } from './test-support/spawn.ts';

// Each demo run alone, the way its README says: a gateway from `bun run tether up <config>`
// (here pointed at sim-models), then the demo's own commands.
let sim: SimModelsHandle;
let dir: string;
const stops: Array<() => Promise<void>> = [];

beforeAll(async () => {
  sim = await startSimModels({ port: 0, quiet: true });
  dir = await mkdtemp(join(tmpdir(), 'tether-demo-'));
});

afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
  await sim.stop();
  await rm(dir, { recursive: true, force: true });
});

async function gatewayFor(config: string): Promise<string> {
  const gateway = await startCliGateway(await simConfigCopy(join(REPO_ROOT, config), sim.url, dir));
  stops.push(gateway.stop);
  return gateway.url;
}

describe('demos against a gateway started with the CLI', () => {
  test('research agent: server and client as separate processes', async () => {
    const gateway = await gatewayFor('demos/research-agent/config.yaml');
    const agent = await startUntil(
      [process.execPath, 'demos/research-agent/src/server.ts', '--port', '0', '--gateway', gateway],
      /research agent on (http:\/\/\S+)/,
    );
    stops.push(agent.stop);
    const health = await fetch(`${agent.match}/health`);
    expect(await health.json()).toEqual({ status: 'ok' });

    const { stdout, code } = await runCommand([
      process.execPath,
      'demos/research-agent/src/client.ts',
      '--agent',
      agent.match,
    ]);
    expect(code).toBe(0);
    expect(stdout.split('\n')).toContain(
      '✓ with affinity: anthropic/claude-sonnet-4-20250514 for all 5 steps',
    );
    expect(stdout).toContain('← switched');
    expect(stdout).toContain('Final report (pinned run):');
  });

  test('database-selection agent', async () => {
    const gateway = await gatewayFor('demos/db-selection-agent/config.yaml');
    const { stdout, code } = await runCommand([
      process.execPath,
      'demos/db-selection-agent/src/main.ts',
      '--gateway',
      gateway,
    ]);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines).toContain('✗ without affinity: model switched 3 time(s)');
    expect(lines).toContain('✓ with affinity: anthropic/claude-sonnet-4-20250514 for all 4 turns');
    expect(stdout).toContain('Final recommendation (pinned run):');
  });

  test('bun run demo:affinity --gateway URL with the combined config', async () => {
    const gateway = await gatewayFor('demos/affinity/config.yaml');
    const { stdout, code } = await runCommand([
      process.execPath,
      'run',
      'demo:affinity',
      '--gateway',
      gateway,
    ]);
    expect(stdout).toContain(`gateway ${gateway} (already running)`);
    expect(stdout).toContain('✓ with affinity: anthropic/claude-sonnet-4-20250514 for all 5 steps');
    expect(stdout).toContain('✓ with affinity: openai/gpt-4o for all 4 turns');
    expect(code).toBe(0);
  });
});

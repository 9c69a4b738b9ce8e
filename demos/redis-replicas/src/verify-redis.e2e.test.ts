import { expect, test } from 'bun:test';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimModels } from '@tether/sim-models';
import { freePort, startRedisServer } from '@tether/testing';
import { renderGatewayConfig } from './gateway-config.ts';
import { REPO_ROOT } from './local-deployment.ts';
import { spawnReplica } from './replica-process.ts';

const PHASES = [
  'spread',
  'pinning',
  'race',
  'inspect',
  'expiry',
  'release',
  'near-cache',
  'cross-replica',
  'external-write',
  'stall',
  'outage',
  'restart',
];

async function run(argv: string[]) {
  const proc = Bun.spawn([process.execPath, ...argv], {
    cwd: REPO_ROOT,
    env: { ...process.env, NO_COLOR: '1' },
    stdout: 'pipe',
    stderr: 'pipe',
  });
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { stdout, stderr, code };
}

// The verifier run the way an operator runs it: `bun run verify:redis` from the repository root,
// with a real redis-server, sim-models and three gateway processes. Asserts what the operator reads.
test('bun run verify:redis passes all twelve phases and exits 0', async () => {
  const { stdout, stderr, code } = await run(['run', 'verify:redis']);
  if (code !== 0) console.error(`${stdout}\n${stderr}`);
  expect(code).toBe(0);
  for (const [i, name] of PHASES.entries()) {
    expect(stdout).toMatch(new RegExp(`^PASS  phase ${i + 1} ${name}: `, 'm'));
  }
  expect(stdout).toContain('[FIRST — sets affinity]');
  expect(stdout).toContain('[PINNED]');
  expect(stdout).toContain('All 12 phases passed.');
  expect(stdout).not.toContain('\x1b[');
}, 60_000);

// The failure the verifier exists to catch: replicas that each keep their own (memory) pins.
test('against replicas that do not share pins it fails pinning and the race, and exits 1', async () => {
  const redis = await startRedisServer();
  const sim = await startSimModels({ port: 0 });
  const dir = await mkdtemp(join(tmpdir(), 'verify-redis-test-'));
  const stops: Array<() => Promise<void>> = [];
  try {
    const configPath = join(dir, 'memory.yaml');
    const yaml = renderGatewayConfig({
      simUrl: sim.url,
      redisUrl: redis.url,
      ttlSeconds: 60,
      sessionCache: 'memory',
    });
    await writeFile(configPath, yaml);
    const replicas = await Promise.all(
      [await freePort(), await freePort()].map((port) =>
        spawnReplica({ repoRoot: REPO_ROOT, configPath, port, onSpawn: (r) => stops.push(() => r.stop()) }),
      ),
    );
    const urls = replicas.map((r) => r.url).join(',');
    const { stdout, code } = await run([
      'demos/redis-replicas/src/main.ts',
      ...[
        '--replicas',
        urls,
        '--redis',
        redis.url,
        '--sessions',
        '2',
        '--rounds',
        '3',
        '--race-sessions',
        '6',
      ],
      '--json',
    ]);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { ok: boolean; phases: Array<{ name: string; status: string }> };
    expect(report.ok).toBe(false);
    const status = Object.fromEntries(report.phases.map((p) => [p.name, p.status]));
    expect(status).toMatchObject({
      spread: 'PASS',
      pinning: 'FAIL',
      race: 'FAIL',
      stall: 'SKIP',
      outage: 'SKIP',
      restart: 'SKIP',
    });
  } finally {
    await Promise.all(stops.map((stop) => stop()));
    await sim.stop();
    await redis.stop();
    await rm(dir, { recursive: true, force: true });
  }
}, 30_000);

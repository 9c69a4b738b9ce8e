// Interleaved in-process A/B of pinned requests: this checkout's gateway against another
// checkout's (e.g. the main branch), and a bare in-process proxy (read the body, forward it) as
// the floor, all in front of one sim-models child. Rounds alternate the three, so machine noise
// lands on all alike; each reports the median per-request time and its excess over the floor.
// Usage: bun scripts/profile/ab.ts <other-checkout>/packages/gateway/src/index.ts [rounds=20]
import { agentHistoryBody, CONTEXT_SIZES } from '../bench/agent-body.ts';
import { SIM_TINY_MODEL, tetherConfig } from '../bench/tether-config.ts';

type GatewayModule = typeof import('../../packages/gateway/src/index.ts');
const otherPath = process.argv[2];
const rounds = Number(process.argv[3] ?? 20);
if (!otherPath) {
  console.error('usage: ab.ts <other gateway src/index.ts> [rounds]');
  process.exit(2);
}
const mine = (await import('../../packages/gateway/src/index.ts')) as GatewayModule;
const other = (await import(otherPath)) as GatewayModule;

const simPort = 45_000 + Math.floor(Math.random() * 5000);
const sim = Bun.spawn(['bun', `${import.meta.dir}/../bench/sim-server.ts`, String(simPort)], {
  stdout: 'ignore',
  stderr: 'inherit',
});
const simOrigin = `http://127.0.0.1:${simPort}`;
for (let i = 0; i < 100; i++) {
  if (
    await fetch(`${simOrigin}/healthz`).then(
      (r) => r.ok,
      () => false,
    )
  )
    break;
  await Bun.sleep(50);
}
const yaml = tetherConfig({ simOrigin, store: 'memory', router: 'local' });
const build = (m: GatewayModule) => m.createGateway(m.parseConfig(yaml), { logger: m.silentLogger });
const apps = { this: build(mine), other: build(other) };

type Send = (body: string) => Promise<void>;
const viaApp =
  (app: { handle(r: Request): Promise<Response> }): Send =>
  async (body) => {
    const response = await app.handle(
      new Request('http://tether.local/v1/chat/completions', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'x-model-affinity': 'ab-pin',
        },
        body,
      }),
    );
    if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
    await response.arrayBuffer();
  };
const bare: Send = async (body) => {
  const request = new Request('http://bare.local/v1/chat/completions', { method: 'POST', body });
  const bytes = await request.arrayBuffer();
  const response = await fetch(`${simOrigin}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: bytes,
  });
  await response.arrayBuffer();
};
const targets: Array<[string, Send]> = [
  ['bare in-process proxy', bare],
  ['this checkout', viaApp(apps.this)],
  ['other checkout', viaApp(apps.other)],
];

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? Number.NaN;
for (const size of CONTEXT_SIZES) {
  const body = agentHistoryBody(SIM_TINY_MODEL, size.bytes);
  const perRound = Math.max(3, Math.round(300_000 / size.bytes));
  const samples = new Map<string, number[]>(targets.map(([n]) => [n, []]));
  for (const [, send] of targets) for (let i = 0; i < perRound; i++) await send(body);
  for (let r = 0; r < rounds; r++) {
    for (const [name, send] of targets) {
      const t = Bun.nanoseconds();
      for (let i = 0; i < perRound; i++) await send(body);
      samples.get(name)?.push((Bun.nanoseconds() - t) / perRound / 1000);
    }
  }
  const floor = median(samples.get('bare in-process proxy') ?? []);
  console.log(`\n${size.label}: median µs per request (excess over the bare in-process proxy)`);
  for (const [name, values] of samples) {
    const m = median(values);
    console.log(`  ${name.padEnd(24)} ${m.toFixed(0).padStart(7)}  (+${(m - floor).toFixed(0)})`);
  }
}
sim.kill();
process.exit(0);

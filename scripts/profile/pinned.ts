// In-process profile of pinned requests: `app.handle` on a memory-pinned Tether in front of a
// sim-models child process, so the profile holds the gateway's own work and not the upstream's.
// Usage: bun --cpu-prof --cpu-prof-dir=/tmp/prof scripts/profile/pinned.ts [bytes] [requests]
//        bun scripts/profile/pinned.ts 1048576 300 --http    (over a real socket instead)
//        bun scripts/profile/pinned.ts 1048576 300 --direct  (sim-models alone: the baseline)
import { createGateway, parseConfig, silentLogger } from '@tether/gateway';
import { agentHistoryBody } from '../bench/agent-body.ts';
import { SIM_TINY_MODEL, tetherConfig } from '../bench/tether-config.ts';

const bytes = Number(process.argv[2] ?? 1024);
const requests = Number(process.argv[3] ?? 2000);
const overHttp = process.argv.includes('--http');
const direct = process.argv.includes('--direct');

const simPort = 40_000 + Math.floor(Math.random() * 5000);
const sim = Bun.spawn(['bun', `${import.meta.dir}/../bench/sim-server.ts`, String(simPort)], {
  stdout: 'ignore',
  stderr: 'inherit',
});
const simOrigin = `http://127.0.0.1:${simPort}`;
for (let i = 0; i < 100; i++) {
  const ok = await fetch(`${simOrigin}/healthz`).then(
    (r) => r.ok,
    () => false,
  );
  if (ok) break;
  await Bun.sleep(50);
}

const config = parseConfig(tetherConfig({ simOrigin, store: 'memory', router: 'local' }));
const app = createGateway(config, { logger: silentLogger });
const server = overHttp ? app.listen({ port: 0, hostname: '127.0.0.1' }).server : undefined;
const origin = direct ? simOrigin : server ? `http://127.0.0.1:${server.port}` : 'http://tether.local';
const body = agentHistoryBody(SIM_TINY_MODEL, bytes);
const send = async (): Promise<void> => {
  const request = new Request(`${origin}/v1/chat/completions`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      'x-model-affinity': 'profile-pin',
    },
    body,
  });
  const response = overHttp || direct ? await fetch(request) : await app.handle(request);
  if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
  await response.arrayBuffer();
};

for (let i = 0; i < Math.min(200, requests); i++) await send();
const started = Bun.nanoseconds();
for (let i = 0; i < requests; i++) await send();
const perRequestUs = (Bun.nanoseconds() - started) / 1000 / requests;
console.log(
  JSON.stringify({ bytes: body.length, requests, overHttp, direct, perRequestUs: Math.round(perRequestUs) }),
);
if (server) await app.stop();
sim.kill();

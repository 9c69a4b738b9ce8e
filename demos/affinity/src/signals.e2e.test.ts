import { afterAll, expect, test } from 'bun:test';
import { offlineEnv, REPO_ROOT } from './test-support/spawn.ts';

// A "gateway" that accepts requests and never answers, so the demo is surely mid-run when the
// signal arrives.
let arrived: () => void = () => {};
const requestArrived = new Promise<void>((resolve) => {
  arrived = resolve;
});
const stuck = Bun.serve({
  port: 0,
  hostname: '127.0.0.1',
  fetch: () => {
    arrived();
    return new Promise<Response>(() => {});
  },
});
afterAll(() => stuck.stop(true));

test('Ctrl-C mid-run stops what the demo started and exits 130', async () => {
  const proc = Bun.spawn(
    [process.execPath, 'demos/affinity/src/main.ts', '--gateway', `http://127.0.0.1:${stuck.port}`],
    { cwd: REPO_ROOT, env: offlineEnv(), stdout: 'pipe', stderr: 'pipe', stdin: 'ignore' },
  );
  await requestArrived;
  proc.kill('SIGINT');
  const [code, stderr] = await Promise.all([proc.exited, new Response(proc.stderr).text()]);
  expect(code).toBe(130);
  expect(stderr).toContain('SIGINT: stopping the servers the demo started');
});

/**
 * `bun run bench`: requests/s and latency p50/p99 of sim-models itself, on the fixed tiny answer
 * (`x-sim-fixed: tiny`), non-streaming and streaming, at concurrency 1 and 32. The server runs in
 * its own process (the CLI), so autocannon doesn't share its CPU. Progress on stderr, table on stdout.
 */
import autocannon from 'autocannon';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const progress = (msg: string): void => void process.stderr.write(`[bench] ${msg}\n`);

async function startServer(): Promise<{ url: string; stop(): Promise<void> }> {
  const child = Bun.spawn(['bun', `${import.meta.dir}/../src/cli.ts`, '--port', '0', '--quiet'], {
    stdout: 'pipe',
    stderr: 'inherit',
  });
  const reader = child.stdout.getReader();
  let text = '';
  while (!/http:\/\/\S+/.test(text)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`sim-models exited before printing its URL: ${text}`);
    text += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  const url = text.match(/http:\/\/\S+/)![0];
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await child.exited;
    },
  };
}

const body = (stream: boolean) =>
  JSON.stringify({ model: 'bench-model', stream, messages: [{ role: 'user', content: 'ping' }] });

const sim = await startServer();
progress(`sim-models at ${sim.url}, ${SECONDS}s per run`);
// autocannon's histogram holds whole milliseconds, so sub-millisecond percentiles print as "<1"; the
// mean latency comes from Little's law (connections / throughput), which keeps the resolution.
const rows: string[][] = [['mode', 'concurrency', 'req/s', 'mean ms', 'p50 ms', 'p99 ms', 'errors']];
const ms = (v: number): string => (v < 1 ? '<1' : String(v));
try {
  for (const stream of [false, true]) {
    for (const connections of [1, 32]) {
      const mode = stream ? 'stream' : 'non-stream';
      progress(`${mode}, ${connections} connection(s)`);
      const r = await autocannon({
        url: `${sim.url}/v1/chat/completions`,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-sim-fixed': 'tiny' },
        body: body(stream),
        connections,
        duration: SECONDS,
      });
      rows.push([
        mode,
        String(connections),
        Math.round(r.requests.average).toLocaleString('en-US'),
        ((connections / r.requests.average) * 1000).toFixed(3),
        ms(r.latency.p50),
        ms(r.latency.p99),
        String(r.errors + r.timeouts + r.non2xx),
      ]);
    }
  }
} finally {
  await sim.stop();
}

const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
for (const [i, row] of rows.entries()) {
  console.log(row.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
}

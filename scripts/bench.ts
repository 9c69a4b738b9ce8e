// `bun run bench`: Tether against the floor (a bare Bun proxy) and a peer (Portkey), on this machine,
// in one run. Progress on stderr, the tables on stdout, the report in docs/benchmarks.md.
import { join } from 'node:path';
import { contextTable, costPerKbLines } from './bench/context-tables.ts';
import { parseOptions } from './bench/options.ts';
import { writeReport } from './bench/report.ts';
import { runBench } from './bench/run.ts';
import { textTable } from './bench/table.ts';
import { decisionTable, goalTable, overheadTable, roundTripTable, scaleTable } from './bench/tables.ts';

const root = join(import.meta.dir, '..');
const options = parseOptions(Bun.argv.slice(2), root);
const r = await runBench(options, root);

const sections: Array<[string, string[][]]> = [
  ['Non-streaming', overheadTable(r.rows, 'json', r.rate)],
  ['Streaming (full response time)', overheadTable(r.rows, 'stream', r.rate)],
  ['Context size (agent histories)', contextTable(r.context, options.budget.context.saturationConnections)],
  ['Affinity decision latency (POST /routing/v1/chat/completions, c=1)', decisionTable(r.decisions)],
  ['Redis round trips', roundTripTable(r.roundTrips)],
  ['Scale', scaleTable(r.memoryPins, r.redisPins, r.claims)],
  ['Targets vs measured', goalTable(r.goals)],
];
for (const [title, rows] of sections) console.log(`\n${title}\n${textTable(rows)}`);
if (r.redisRtt) {
  const { driver, p50Us } = r.redisRtt;
  console.log(
    `\nOne loopback Redis round trip, p50: ${driver.p50Us.toFixed(1)} µs (ioredis), ${p50Us.toFixed(1)} µs (Bun client)`,
  );
}
for (const line of costPerKbLines(r.context)) console.log(`cost per KB: ${line}`);
for (const p of r.problems) console.log(`problem: ${p}`);

const file = writeReport(r, options.out);
console.error(`[bench] done in ${r.seconds.toFixed(0)} s; wrote ${file}`);
process.exit(r.rows.length > 0 ? 0 : 1);

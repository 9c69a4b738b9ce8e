// `bun run demo:affinity`: the agent demos, without and with X-Model-Affinity, side by side.
// Exit status 0 when every unpinned run switched model at least once and every pinned run stayed on one.

import { createProgress, stdoutStyle } from '@tether-demo/kit';
import { chooseMode, type DemoArgs, parseDemoArgs, USAGE } from './args.ts';
import { createUsageMeter, formatCacheTable } from './cache-usage.ts';
import { createCleanup, stopOnSignals } from './cleanup.ts';
import { createGatewayPool } from './environment.ts';
import { formatBanner, formatSectionHeading, formatSummary, toJson } from './report.ts';
import { SECTIONS, type SectionResult } from './sections/index.ts';

let args: DemoArgs;
try {
  args = parseDemoArgs(process.argv.slice(2));
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  process.exit(2);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

const style = stdoutStyle();
const progress = createProgress();
const cleanup = createCleanup();
const removeSignalHandlers = stopOnSignals(cleanup, (signal) => {
  progress.stop();
  console.error(`\n${signal}: stopping the servers the demo started…`);
});
const mode = chooseMode(args, process.env);
const print = (text: string) => {
  if (!args.json) console.log(text);
};

const results: SectionResult[] = [];
const failures: string[] = [];
try {
  progress.update('starting gateway and models…');
  const pool = await createGatewayPool(mode, cleanup);
  progress.stop();
  print(formatBanner(mode, pool.describe(), style));
  const meter = createUsageMeter();
  for (const [i, section] of SECTIONS.entries()) {
    print(`\n${formatSectionHeading(i + 1, section.title, mode, style)}\n`);
    try {
      const result = await section.run({
        gatewayFor: async (path) => meter.watch(await pool.gatewayFor(path)),
        track: (stop) => cleanup.add(stop),
        progress,
        style,
      });
      results.push({ ...result, cache: await meter.end() });
      print(result.text);
    } catch (error) {
      progress.stop();
      const message = `${section.id}: ${error instanceof Error ? error.message : String(error)}`;
      failures.push(message);
      print(style.red(`✗ ${message}`));
      await meter.end();
    }
  }
  print(`\n${formatCacheTable(results, style)}`);
  print(`\n${formatSummary(results, failures, style)}`);
} catch (error) {
  failures.push(error instanceof Error ? error.message : String(error));
  console.error(style.red(`demo:affinity could not start: ${failures.at(-1)}`));
} finally {
  progress.stop();
  await cleanup.run();
  removeSignalHandlers();
}
if (args.json) console.log(JSON.stringify(toJson(mode, results, failures), null, 2));
const ok = failures.length === 0 && results.every((r) => r.runs.every((run) => run.verdict.ok));
// Exit explicitly: a keep-alive socket left by an SDK must not hold the terminal.
process.exit(ok ? 0 : 1);

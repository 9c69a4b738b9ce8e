// `bun run verify:redis [-- options]`: see USAGE in args.ts and docs/deploy-redis.md.
import { parseVerifyArgs, USAGE } from './args.ts';
import { createReporter } from './reporter.ts';
import { colorEnabled, createStyle } from './style.ts';
import { allPassed, formatSummary } from './summary.ts';
import { verify } from './verify.ts';

const parsed = parseVerifyArgs(process.argv.slice(2), process.env);
if (!parsed.ok) {
  console.error(`verify:redis: ${parsed.error}\n\n${USAGE}`);
  process.exit(2);
}
const options = parsed.options;
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}

// With --json, stdout carries only the JSON document; progress goes to stderr.
const out = options.json ? process.stderr : process.stdout;
const style = createStyle(colorEnabled(out.isTTY, process.env));
let interrupted = false;
// After Ctrl-C the phases still in flight fail against stopped replicas; nobody needs to read that.
const report = createReporter((text) => void (interrupted || out.write(text)), style);

const cleanups: Array<() => Promise<void>> = [];
let teardown: Promise<void> | undefined;
/** Runs every registered cleanup once; later callers wait for the same run. */
function tearDown(): Promise<void> {
  teardown ??= (async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  })();
  return teardown;
}

for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    out.write(`\n${signal}: stopping everything that was started…\n`);
    void tearDown().finally(() => {
      out.write('Stopped.\n');
      process.exit(code);
    });
  });
}

/** Exits with `code` once teardown is complete, unless an interrupt owns the exit. */
async function finish(code: number): Promise<void> {
  await tearDown();
  if (!interrupted) process.exit(code);
}

try {
  const result = await verify(options, report, { onCleanup: (c) => void cleanups.push(c) });
  if (!interrupted) {
    out.write(`\n${formatSummary(result.phases, style)}\n`);
    if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  }
  await finish(allPassed(result.phases) ? 0 : 1);
} catch (error) {
  const message = (error as Error).message;
  if (!interrupted) {
    out.write(`\n${style.red('FAIL')}  could not run the verification: ${message}\n`);
    if (options.json) process.stdout.write(`${JSON.stringify({ ok: false, error: message })}\n`);
  }
  await finish(1);
}

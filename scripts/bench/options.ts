/** Command-line flags and the time budget of a full and a quick run. */
import { parseArgs } from 'node:util';
import type { ContextBudget } from './context.ts';
import type { OverheadBudget } from './overhead.ts';

export interface Budget {
  overhead: OverheadBudget;
  context: ContextBudget;
  decisions: { runs: number; samples: number };
  roundTripRequests: number;
  redisRttSamples: number;
  memoryPins: number;
  redisPins: number;
  claimSeconds: number;
}

export interface BenchOptions {
  quick: boolean;
  /** Directory that receives benchmarks.md and the SVG charts. */
  out: string;
  budget: Budget;
}

/** ~8–9 minutes on 2 cores (the context-size suite adds about 2): 5 interleaved runs of every overhead phase (medians shrug off 2 noisy runs). */
const FULL: Budget = {
  overhead: {
    runs: 5,
    latencySamples: 1500,
    latencyWarmup: 200,
    latencyMaxSeconds: 2,
    saturationSeconds: 2,
    saturationConnections: 32,
    fixedSeconds: 2,
    fixedConnections: 8,
  },
  context: {
    runs: 3,
    latencySamples: 400,
    latencyWarmup: 30,
    latencyMaxSeconds: 3,
    saturationSeconds: 2,
    saturationConnections: 16,
  },
  decisions: { runs: 3, samples: 1000 },
  roundTripRequests: 200,
  redisRttSamples: 3000,
  memoryPins: 1_000_000,
  redisPins: 100_000,
  claimSeconds: 5,
};

/** ~1 minute smoke run: one run of everything, short phases. Numbers are not for quoting. */
const QUICK: Budget = {
  overhead: {
    runs: 1,
    latencySamples: 300,
    latencyWarmup: 50,
    latencyMaxSeconds: 1,
    saturationSeconds: 1,
    saturationConnections: 32,
    fixedSeconds: 1,
    fixedConnections: 8,
  },
  context: {
    runs: 1,
    latencySamples: 40,
    latencyWarmup: 5,
    latencyMaxSeconds: 1,
    saturationSeconds: 1,
    saturationConnections: 8,
  },
  decisions: { runs: 1, samples: 200 },
  roundTripRequests: 50,
  redisRttSamples: 500,
  memoryPins: 1_000_000,
  redisPins: 10_000,
  claimSeconds: 2,
};

export const USAGE = `usage: bun scripts/bench.ts [--quick] [--out <dir>]
  --quick      one short run of every suite (~1 minute); the report says so
  --out <dir>  where benchmarks.md and benchmarks-*.svg go (default: docs)`;

export function parseOptions(argv: readonly string[], root: string): BenchOptions {
  let values: { quick?: boolean; out?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        quick: { type: 'boolean', default: false },
        out: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const quick = values.quick ?? false;
  return { quick, out: values.out ?? `${root}/docs`, budget: quick ? QUICK : FULL };
}

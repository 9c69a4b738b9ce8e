// Child process: the precise concurrency-1 client. autocannon's histogram has 1 ms resolution, too
// coarse for µs-level overhead, so this loop times sequential keep-alive fetches with
// Bun.nanoseconds() and reads every response to the end. With a baseline it alternates baseline
// and target requests, so machine noise lands on both. Spec in argv[2] (or `@file`), result JSON on stdout.
import type { LatencyResult, LatencySpec, RequestSpec } from './protocol.ts';
import { percentiles } from './stats.ts';

// `@file`: a spec too large for one argument (MB-sized bodies; Linux caps one at 128 KiB).
const arg = process.argv[2] ?? '{}';
const spec = JSON.parse(arg.startsWith('@') ? await Bun.file(arg.slice(1)).text() : arg) as LatencySpec;

/** Times requests of one shape; keeps samples and the first failure. */
class Probe {
  readonly samples: number[] = [];
  errors = 0;
  firstError: string | undefined;
  private counter = 0;

  constructor(private readonly req: RequestSpec) {}

  private headers(): Record<string, string> {
    const { affinity } = this.req;
    if (!affinity) return this.req.headers;
    const id = affinity.mode === 'fixed' ? affinity.prefix : `${affinity.prefix}${this.counter++}`;
    return { ...this.req.headers, [affinity.header]: id };
  }

  async once(record: boolean): Promise<void> {
    const headers = this.headers();
    const start = Bun.nanoseconds();
    let ok = false;
    try {
      const res = await fetch(this.req.url, { method: 'POST', headers, body: this.req.body });
      const text = await res.text();
      ok = res.status === 200;
      if (!ok) this.firstError ??= `HTTP ${res.status}: ${text.slice(0, 200)}`;
    } catch (error) {
      this.firstError ??= String(error);
    }
    const elapsedUs = (Bun.nanoseconds() - start) / 1000;
    if (!record) return;
    if (ok) this.samples.push(elapsedUs);
    else this.errors++;
  }
}

const target = new Probe(spec);
const baseline = spec.baseline ? new Probe(spec.baseline) : undefined;
// Warm-up is capped too: a slow target (Portkey streaming, ~30 ms) would otherwise take minutes.
const warmupDeadline = Bun.nanoseconds() + (spec.maxSeconds / 4) * 1e9;
for (let i = 0; i < spec.warmup && Bun.nanoseconds() < warmupDeadline; i++) {
  await baseline?.once(false);
  await target.once(false);
}
const deadline = Bun.nanoseconds() + spec.maxSeconds * 1e9;
for (let i = 0; i < spec.samples && Bun.nanoseconds() < deadline; i++) {
  await baseline?.once(true);
  await target.once(true);
}

const mean = target.samples.reduce((a, b) => a + b, 0) / Math.max(1, target.samples.length);
const result: LatencyResult = {
  ...(({ p50, p99 }) => ({ p50Us: p50, p99Us: p99 }))(percentiles(target.samples)),
  meanUs: mean,
  samples: target.samples.length,
  errors: target.errors + (baseline?.errors ?? 0),
  firstError: target.firstError ?? baseline?.firstError,
};
if (baseline) {
  const { p50, p99 } = percentiles(baseline.samples);
  result.baseline = { p50Us: p50, p99Us: p99 };
}
process.stdout.write(JSON.stringify(result));

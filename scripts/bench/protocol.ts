/** The JSON specs and results exchanged with the load-generator child processes. */

/** How each request names its affinity id. */
export interface AffinityMode {
  /** Header that carries the id, e.g. `X-Model-Affinity`. */
  header: string;
  /** `fixed`: every request uses `prefix` (a pinned session); `unique`: `prefix` + a counter (a first request each). */
  mode: 'fixed' | 'unique';
  prefix: string;
}

/** One request shape, sent unchanged (except for a unique affinity id) many times. */
export interface RequestSpec {
  url: string;
  body: string;
  headers: Record<string, string>;
  affinity?: AffinityMode;
}

/** Sequential requests over one keep-alive connection, timed one by one. */
export interface LatencySpec extends RequestSpec {
  samples: number;
  warmup: number;
  /** Stop sampling after this many seconds even if `samples` is not reached (slow targets). */
  maxSeconds: number;
  /**
   * Sent alternately with the target (baseline, target, baseline, …) on its own connection, so
   * both see the same moment's noise and their difference is the target's added latency.
   */
  baseline?: RequestSpec;
}

/** p50/p99 of one request stream, in µs. */
export interface LatencyStats {
  p50Us: number;
  p99Us: number;
}

export interface LatencyResult extends LatencyStats {
  /** Microseconds, full response read. */
  meanUs: number;
  samples: number;
  errors: number;
  /** First failure seen (status and a body excerpt), for the report. */
  firstError?: string;
  /** The interleaved baseline's own numbers, when one was given. */
  baseline?: LatencyStats;
}

/** One autocannon run (Node child), optionally spread over several URLs that run at once. */
export interface LoadSpec extends Omit<RequestSpec, 'url'> {
  urls: string[];
  /** Connections per URL. */
  connections: number;
  /** Seconds. */
  duration: number;
  /** Requests per second per URL (autocannon `overallRate`); saturation when absent. */
  rate?: number;
}

export interface LoadResult {
  /** 2xx responses per second, summed over URLs. */
  rps: number;
  /** Response time in ms from autocannon's per-response event (µs resolution, unlike its histogram). */
  p50Ms: number;
  p99Ms: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

/** One loopback Redis round trip (PING), in µs: Bun's own client, and the Redis driver's ioredis client. */
export interface RedisRtt extends LatencyStats {
  driver: LatencyStats;
}

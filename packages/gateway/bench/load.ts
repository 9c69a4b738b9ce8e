import autocannon from 'autocannon';

/** Latency percentiles of one load run, in microseconds. */
export interface LoadResult {
  p50: number;
  p99: number;
  requests: number;
  errors: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/**
 * Drives `url` with autocannon (keep-alive HTTP/1.1 connections) for `seconds`, collecting every
 * response time at sub-millisecond resolution (autocannon's own histogram rounds to whole ms).
 */
export async function load(options: {
  url: string;
  body: string;
  headers: Record<string, string>;
  connections: number;
  seconds: number;
}): Promise<LoadResult> {
  const samples: number[] = [];
  let errors = 0;
  await new Promise<void>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        method: 'POST',
        body: options.body,
        headers: { 'content-type': 'application/json', ...options.headers },
        connections: options.connections,
        duration: options.seconds,
      },
      (error) => (error ? reject(error) : resolve()),
    );
    instance.on('response', (_client, status, _bytes, ms) => {
      if (status === 200) samples.push(ms * 1000);
      else errors++;
    });
    instance.on('reqError', () => {
      errors++;
    });
  });
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99), requests: samples.length, errors };
}

// Child process run under Node (autocannon is a Node tool and drives ~40% more load under Node than
// under Bun on this machine). Spec (LoadSpec in protocol.ts) in argv[2]; LoadResult JSON on stdout.
// Response times come from autocannon's per-response event, which carries the exact duration in ms
// with decimals; its own histogram rounds to whole milliseconds.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon');

/** @param {number[]} sorted @param {number} q */
function quantile(sorted, q) {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** @param {{ header: string, mode: string, prefix: string } | undefined} affinity @param {number} index */
function requestsFor(affinity, index) {
  if (!affinity) return undefined;
  if (affinity.mode === 'fixed') return undefined;
  let n = 0;
  return [
    {
      setupRequest: (req) => {
        req.headers = { ...req.headers, [affinity.header]: `${affinity.prefix}${index}-${n++}` };
        return req;
      },
    },
  ];
}

/** @param {string} url @param {number} index @param {Record<string, unknown>} spec @param {number[]} times */
function runOne(url, index, spec, times) {
  const headers = { ...spec.headers };
  if (spec.affinity?.mode === 'fixed') headers[spec.affinity.header] = spec.affinity.prefix;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        method: 'POST',
        body: spec.body,
        headers,
        connections: spec.connections,
        duration: spec.duration,
        overallRate: spec.rate,
        requests: requestsFor(spec.affinity, index),
        timeout: 10,
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) times.push(responseTime);
    });
  });
}

// `@file`: a spec too large for one argument (MB-sized bodies; Linux caps one at 128 KiB).
const arg = process.argv[2] ?? '{}';
const spec = JSON.parse(arg.startsWith('@') ? readFileSync(arg.slice(1), 'utf8') : arg);
/** @type {number[]} */
const times = [];
const results = await Promise.all(spec.urls.map((url, i) => runOne(url, i, spec, times)));
times.sort((a, b) => a - b);
const ok = results.reduce((sum, r) => sum + r['2xx'], 0);
const seconds = Math.max(...results.map((r) => r.duration));
process.stdout.write(
  JSON.stringify({
    rps: ok / seconds,
    p50Ms: quantile(times, 0.5),
    p99Ms: quantile(times, 0.99),
    ok,
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    timeouts: results.reduce((sum, r) => sum + r.timeouts, 0),
  }),
);

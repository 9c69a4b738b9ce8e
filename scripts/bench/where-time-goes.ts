/**
 * "Where the time goes": the profile of a pinned request, before and after issue 17's hot-path
 * work. Measured with `scripts/profile/` (CPU profiles and interleaved in-process stage timings),
 * not by `bun run bench`, so it is kept here as text and re-emitted with every report.
 */
const STAGES = [
  ['Stage (µs, median of 25 interleaved rounds)', '1 KB', '100 KB', '1 MB'],
  ['**before**: UTF-8 decode', '1.0', '35', '653'],
  ['depth scan over the text (`jsonTooDeep`)', '2.5', '186', '2,302'],
  ['`JSON.parse`', '3.4', '218', '4,527'],
  ['full schema (zod, every message)', '19.5', '195', '1,742'],
  ['`{ ...body, model }`', '0.0', '0.9', '4.6'],
  ['`JSON.stringify` for the upstream', '3.5', '270', '5,517'],
  ['**before, total**', '**29.9**', '**904**', '**14,745**'],
  ['**after**: one pass over the bytes (depth + top-level layout)', '4.5', '91', '983'],
  ['UTF-8 decode', '0.9', '37', '505'],
  ['`JSON.parse`', '4.0', '222', '5,305'],
  ['head schema (`model`, `stream`, … `messages` an array)', '2.0', '15', '159'],
  ['splice `model` into the client bytes', '2.7', '83', '362'],
  ['**after, total**', '**14.1**', '**448**', '**7,312**'],
];

const AB = [
  ['Pinned request, in-process (µs above the bare proxy, median of 12 rounds)', '1 KB', '100 KB', '1 MB'],
  ['before (the commit this work started from)', '740', '7,058', '67,422'],
  ['after', '488', '2,763', '35,697'],
];

function table(rows: string[][]): string {
  const [head, ...body] = rows;
  if (!head) return '';
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    ...body.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

export function whereTheTimeGoes(): string {
  return [
    '## Where the time goes',
    '',
    "A pinned request's own work, measured with the scripts in `scripts/profile/` (not by this benchmark): CPU profiles of pinned requests (`bun --cpu-prof scripts/profile/pinned.ts <bytes> <requests> [--http]`, summarised by `scripts/profile/summarize.ts`), an interleaved stage-by-stage timing of the body path (`scripts/profile/stages.ts`) and an interleaved in-process A/B against another checkout with a bare in-process proxy as the floor (`scripts/profile/ab.ts`). They were taken on the 2-core machine while other jobs ran (load average about 14), so the absolute numbers are inflated and only the ratios are worth quoting.",
    '',
    "**Before.** In a CPU profile of 1 MB pinned requests, Tether's own share was: `JSON.stringify` of the body for the upstream 14%, `JSON.parse` 11%, the depth scan 6%, UTF-8 decoding 6%, zod validating every message 7%, metrics and request hooks 3%; sending to and reading from the upstream (which the bare proxy pays too) about 15%. At 1 KB nothing stood out beyond the full schema: the rest is Bun's request/response machinery, paid per request whatever the size. Over HTTP at 1 KB (after the change), the gateway's own JavaScript (body read and scan, decision, request hooks, response) is about 7% of the samples; the rest is Bun's HTTP server and client and the upstream call.",
    '',
    "**What changed.** A request served from a pin validates only what the gateway reads (`model`, `stream`, `stream_options`, `prompt_cache_key`, `max_tokens`, `messages` being a non-empty array); the full schema still runs on every request that is routed, explicit or translated, before the router or the store acts. One pass over the bytes bounds the depth and records where each top-level member sits, and for an upstream speaking the client's format the client's bytes go out with only `model` spliced in (`http/raw-json.ts`; names with escapes, duplicate names or removed members fall back to `JSON.stringify`). The router's intent is built only when the router runs, the request log line is not built when its level is off, and the decision travels on the per-request record instead of being re-read from headers.",
    '',
    table(STAGES),
    '',
    table(AB),
    '',
    '**After.** `JSON.parse` is now the largest stage (about 17% of a 1 MB pinned request in the profile, then UTF-8 decoding 6% and the layout scan 4%); it stays, because a body the gateway cannot parse must still be its own 400. The depth scan stays before it, because `JSON.parse` of a body nested 500,000 levels deep costs a hundred times what a normal body of that size does. What is left above the floor is one decode and one parse of the body plus a linear scan and a copy (4.3 µs per KB in the stage timings above on the loaded machine, down from 8.8), and the per-request cost of the second HTTP hop, which the context-size table shows at 1 KB.',
  ].join('\n');
}

// Per-stage cost of turning a client's chat body into the upstream's, before (decode, depth scan,
// parse, full schema, copy, re-serialise) and after (one scan, decode, parse, head schema, splice).
// Stages run interleaved, round after round, and each reports its median: on a busy machine the
// ratios hold better than the absolute numbers. Usage: bun scripts/profile/stages.ts [rounds=30]
import { jsonTooDeep, MAX_JSON_DEPTH } from '../../packages/gateway/src/http/json-depth.ts';
import { scanJson } from '../../packages/gateway/src/http/json-scan.ts';
import { fromRawJson, serializeJson } from '../../packages/gateway/src/http/raw-json.ts';
import { chatCompletionRequestSchema } from '../../packages/gateway/src/protocol/openai.ts';
import { openAIChatSource } from '../../packages/gateway/src/proxy/sources.ts';
import { agentHistoryBody, CONTEXT_SIZES } from '../bench/agent-body.ts';

const rounds = Number(process.argv[2] ?? 30);
const decoder = new TextDecoder('utf-8', { fatal: true });
const head = openAIChatSource.head ?? chatCompletionRequestSchema;

type Stage = [name: string, run: () => unknown];

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

function stagesFor(bytes: Uint8Array<ArrayBuffer>): { before: Stage[]; after: Stage[] } {
  const text = decoder.decode(bytes);
  const json = JSON.parse(text) as Record<string, unknown>;
  const validated = chatCompletionRequestSchema.parse(json);
  const scan = scanJson(bytes, MAX_JSON_DEPTH);
  const raw = { bytes, scan, parsed: json };
  return {
    before: [
      ['UTF-8 decode', () => decoder.decode(bytes)],
      ['depth scan (text)', () => jsonTooDeep(text)],
      ['JSON.parse', () => JSON.parse(text)],
      ['full schema (zod)', () => chatCompletionRequestSchema.safeParse(json)],
      ['copy with model', () => ({ ...validated, model: 'upstream' })],
      ['JSON.stringify', () => JSON.stringify({ ...validated, model: 'upstream', stream: false })],
    ],
    after: [
      ['depth + layout scan (bytes)', () => scanJson(bytes, MAX_JSON_DEPTH)],
      ['UTF-8 decode', () => decoder.decode(bytes)],
      ['JSON.parse', () => JSON.parse(text)],
      ['head schema (zod)', () => head.safeParse(json)],
      [
        'splice model',
        () =>
          serializeJson({
            ...fromRawJson<Record<string, unknown>>(raw, { model: 'upstream' }),
            stream: false,
          }),
      ],
    ],
  };
}

const out: string[] = [];
for (const size of CONTEXT_SIZES) {
  const bytes = new TextEncoder().encode(agentHistoryBody('sim-tiny', size.bytes)) as Uint8Array<ArrayBuffer>;
  const { before, after } = stagesFor(bytes);
  const all = [
    ...before.map((s) => ['before', ...s] as const),
    ...after.map((s) => ['after', ...s] as const),
  ];
  const samples = new Map<string, number[]>();
  const inner = Math.max(1, Math.round(200_000 / size.bytes));
  for (let r = 0; r < rounds; r++) {
    for (const [phase, name, run] of all) {
      const t = Bun.nanoseconds();
      for (let i = 0; i < inner; i++) run();
      const key = `${phase}|${name}`;
      const list = samples.get(key) ?? [];
      list.push((Bun.nanoseconds() - t) / inner / 1000);
      samples.set(key, list);
    }
  }
  const sum = (phase: string) =>
    [...samples].filter(([k]) => k.startsWith(`${phase}|`)).reduce((a, [, v]) => a + median(v), 0);
  out.push(`\n${size.label} (${bytes.length} bytes)`);
  for (const [key, values] of samples) {
    const [phase, name] = key.split('|');
    out.push(
      `  ${(phase ?? '').padEnd(7)} ${(name ?? '').padEnd(30)} ${median(values).toFixed(1).padStart(9)} µs`,
    );
  }
  out.push(`  total   before ${sum('before').toFixed(1)} µs, after ${sum('after').toFixed(1)} µs`);
}
console.log(out.join('\n'));

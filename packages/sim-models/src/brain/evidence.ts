import { lastUserIndex } from './conversation.ts';
import { joinList } from './text.ts';
import type { BrainMessage } from './types.ts';

// Turning tool results into a sentence the final answer can cite ("postgresql: tps 12000").

type Leaf = [key: string, value: string | number | boolean];

function leaves(value: unknown, key: string, out: Leaf[], depth: number): void {
  if (out.length >= 24 || depth > 4) return;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    out.push([key, value]);
  } else if (Array.isArray(value)) {
    value.slice(0, 4).forEach((v) => {
      leaves(v, key, out, depth + 1);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) leaves(v, k, out, depth + 1);
  }
}

const LABEL_KEY = /^(name|database|db|engine|system|title|id|label|workload(_type)?)$/i;

/** "postgresql: tps 12000, p99_ms 4.2" from one tool result; plain text is quoted, shortened. */
export function describeResult(content: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    const flat = content.replace(/\s+/g, ' ').trim();
    return flat.length > 80 ? `"${flat.slice(0, 77)}..."` : `"${flat}"`;
  }
  const all: Leaf[] = [];
  leaves(parsed, 'value', all, 0);
  const label = all.find(([k, v]) => typeof v === 'string' && LABEL_KEY.test(k))?.[1];
  const facts = all
    .filter(([k, v]) => typeof v === 'number' || (typeof v !== 'string' && !LABEL_KEY.test(k)))
    .slice(0, 3)
    .map(([k, v]) => `${k} ${v}`);
  if (facts.length === 0) {
    const strings = all.slice(0, 2).map(([k, v]) => `${k} ${v}`);
    return strings.join(', ') || 'no data';
  }
  return label === undefined ? facts.join(', ') : `${label}: ${facts.join(', ')}`;
}

/**
 * One or two sentences citing the tool results since the latest user turn, or '' when there are
 * none: "I ran 3 tool calls (get_benchmarks ×2, estimate_cost). The results show …".
 */
export function toolEvidence(messages: readonly BrainMessage[]): string {
  const start = lastUserIndex(messages) + 1;
  const counts = new Map<string, number>();
  const results: string[] = [];
  for (let i = start; i < messages.length; i++) {
    const m = messages[i]!;
    for (const call of m.toolCalls ?? []) {
      counts.set(call.name, (counts.get(call.name) ?? 0) + 1);
    }
    if (m.role === 'tool' && results.length < 4) results.push(describeResult(m.text));
  }
  if (results.length === 0) return '';
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const calls = [...counts].map(([name, n]) => (n > 1 ? `${name} ×${n}` : name));
  const ran = total > 0 ? `I ran ${total} tool call${total === 1 ? '' : 's'} (${calls.join(', ')}). ` : '';
  return `${ran}The results show ${joinList(results)}.`;
}

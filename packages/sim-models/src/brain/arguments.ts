import { keywords } from './text.ts';
import { databasesIn, workloadsIn } from './topics.ts';

// Filling a tool's arguments from its JSON schema and the user's words. `variant` tells parallel
// calls apart: call 0 takes the first enum value / first database named, call 1 the second.

type Schema = Record<string, unknown>;

function asSchema(value: unknown): Schema {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Schema) : {};
}

function typeOf(schema: Schema): string {
  const t = schema.type;
  if (typeof t === 'string') return t;
  if (Array.isArray(t)) return String(t.find((x) => x !== 'null') ?? 'string');
  if (schema.properties) return 'object';
  if (schema.items) return 'array';
  return 'string';
}

function pick<T>(values: readonly T[], variant: number, fallback: readonly T[]): T {
  const pool = values.length > 0 ? values : fallback;
  return pool[variant % pool.length]!;
}

/** A string value for a property, chosen by what its name and description suggest. */
function stringFor(name: string, schema: Schema, userText: string, variant: number): string {
  const hint = `${name} ${typeof schema.description === 'string' ? schema.description : ''}`.toLowerCase();
  const words = keywords(userText, 8);
  if (/workload/.test(hint)) return pick(workloadsIn(userText), variant, ['oltp', 'analytics']);
  if (/\b(database|db|engine|store|vendor|product|candidate|system)/.test(hint) || /_db\b|^db/.test(name)) {
    return pick(databasesIn(userText), variant, ['PostgreSQL', 'MongoDB']).toLowerCase();
  }
  if (/metric|measure/.test(hint)) return pick([], variant, ['throughput', 'latency']);
  if (/\b(query|question|topic|search|prompt|keywords?|terms?|text)\b|^q$/.test(hint)) {
    const phrase = words.slice(0, 6).join(' ') || 'database comparison';
    return variant === 0 ? phrase : `${phrase} benchmarks`;
  }
  if (/format/.test(hint)) return 'json';
  if (/url|uri|link/.test(hint)) return `https://example.com/${words[variant] ?? name}`;
  return pick(words, variant, [name]);
}

function numberFor(schema: Schema, variant: number, integer: boolean): number {
  if (typeof schema.default === 'number') return schema.default;
  const min = typeof schema.minimum === 'number' ? schema.minimum : -Infinity;
  const max = typeof schema.maximum === 'number' ? schema.maximum : Infinity;
  const base = Number.isFinite(min) ? min + variant : 100 * (variant + 1);
  const value = Math.min(max, Math.max(min, base));
  return integer ? Math.round(value) : value;
}

/** A value for one schema node. */
export function valueFor(name: string, raw: unknown, userText: string, variant: number): unknown {
  const schema = asSchema(raw);
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[variant % schema.enum.length];
  if ('const' in schema) return schema.const;
  switch (typeOf(schema)) {
    case 'integer':
      return numberFor(schema, variant, true);
    case 'number':
      return numberFor(schema, variant, false);
    case 'boolean':
      return typeof schema.default === 'boolean' ? schema.default : variant === 0;
    case 'array': {
      const items = asSchema(schema.items);
      const first = valueFor(name, items, userText, variant);
      const second = valueFor(name, items, userText, variant + 1);
      return first === second || typeOf(items) === 'object' ? [first] : [first, second];
    }
    case 'object':
      return fillArguments(schema, userText, variant);
    default:
      return stringFor(name, schema, userText, variant);
  }
}

/**
 * Arguments for a tool call from its JSON-schema `parameters`: every declared property gets a
 * value (enums → the `variant`-th value, strings → words from the user message, numbers → default,
 * minimum or 100). Pure.
 *
 * @example fillArguments({ type: 'object', properties: { workload_type: { type: 'string' } } }, 'OLTP or analytics?', 1)
 * // { workload_type: 'analytics' }
 */
export function fillArguments(parameters: unknown, userText: string, variant = 0): Record<string, unknown> {
  const props = asSchema(asSchema(parameters).properties);
  const out: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(props)) out[name] = valueFor(name, schema, userText, variant);
  return out;
}

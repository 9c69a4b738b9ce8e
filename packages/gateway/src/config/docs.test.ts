import { describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import {
  configSchema,
  listenerSchema,
  modelAliasSchema,
  modelProviderSchema,
  routingPreferenceSchema,
  routingSchema,
} from './schema.ts';

// docs/configuration.md is the user's reference; the schema is the truth. This test holds the
// reference tables to the schema: every key documented, every documented key real, and every
// default written as a literal equal to the schema's `.default()`.

const DOC = readFileSync(join(import.meta.dir, '../../../../docs/configuration.md'), 'utf8');

interface Leaf {
  key: string;
  /** `undefined`: the key has no schema default. */
  default?: unknown;
}

const NESTED = new Set([
  'listeners',
  'model_providers',
  'llm_providers',
  'routing_preferences',
  'model_aliases',
  'routing',
]);

function unwrap(schema: z.ZodType): { inner: z.ZodType; default?: unknown } {
  let cur = schema;
  let value: unknown;
  for (;;) {
    if (cur instanceof z.ZodDefault) value = cur.def.defaultValue;
    if (cur instanceof z.ZodOptional || cur instanceof z.ZodDefault || cur instanceof z.ZodNullable)
      cur = cur.unwrap() as z.ZodType;
    else if (cur instanceof z.ZodPrefault) cur = cur.def.innerType as z.ZodType;
    else return { inner: cur, default: value };
  }
}

/** The leaf keys of an object schema, nested objects flattened with dots (arrays and maps are leaves). */
function leaves(schema: z.ZodObject, prefix = '', skip: ReadonlySet<string> = new Set()): Leaf[] {
  const out: Leaf[] = [];
  for (const [key, child] of Object.entries(schema.shape)) {
    if (skip.has(key)) continue;
    const { inner, default: value } = unwrap(child as z.ZodType);
    if (inner instanceof z.ZodObject) out.push(...leaves(inner, `${prefix}${key}.`));
    else
      out.push(value === undefined ? { key: `${prefix}${key}` } : { key: `${prefix}${key}`, default: value });
  }
  return out;
}

const SECTIONS: Array<{ heading: string; leaves: Leaf[] }> = [
  { heading: '### `listeners[]`', leaves: leaves(listenerSchema) },
  { heading: '### `model_providers[]`', leaves: leaves(modelProviderSchema) },
  { heading: '### `routing_preferences[]`', leaves: leaves(routingPreferenceSchema) },
  { heading: '### `model_aliases`', leaves: leaves(modelAliasSchema, '<alias>.') },
  { heading: '### `routing`', leaves: leaves(routingSchema) },
  { heading: '### Top level', leaves: leaves(configSchema, '', NESTED) },
];

/** The rows of the first table after `heading`: documented keys with their default cell. */
function documented(heading: string): Array<{ keys: string[]; defaultCell: string | undefined }> {
  const start = DOC.split('\n').findIndex((line) => line.startsWith(heading));
  expect(start).toBeGreaterThanOrEqual(0);
  const lines = DOC.split('\n').slice(start + 1);
  const first = lines.findIndex((line) => line.startsWith('|'));
  const table = lines.slice(first);
  const end = table.findIndex((line) => !line.startsWith('|'));
  const rows = table.slice(0, end === -1 ? table.length : end).map((line) =>
    line
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim()),
  );
  const header = rows[0] ?? [];
  const col = header.indexOf('default');
  return rows.slice(2).map((cells) => ({
    keys: [...(cells[0] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1] as string),
    defaultCell: col === -1 ? undefined : cells[col],
  }));
}

const literal = (value: unknown) => (value === '' ? '`""`' : `\`${String(value)}\``);

describe('docs/configuration.md matches the config schema', () => {
  for (const section of SECTIONS) {
    test(section.heading.replace('### ', ''), () => {
      const rows = documented(section.heading);
      const docKeys = new Map(rows.flatMap((row) => row.keys.map((key) => [key, row.defaultCell] as const)));
      const schemaKeys = new Set(section.leaves.map((leaf) => leaf.key));
      expect(section.leaves.map((l) => l.key).filter((key) => !docKeys.has(key))).toEqual([]);
      expect([...docKeys.keys()].filter((key) => !schemaKeys.has(key))).toEqual([]);
      for (const leaf of section.leaves) {
        const cell = docKeys.get(leaf.key) ?? '';
        if (leaf.default !== undefined) expect([leaf.key, cell]).toEqual([leaf.key, literal(leaf.default)]);
        // Without a schema default the cell must describe one in words, never claim a literal.
        else expect([leaf.key, /^`[^`]*`$/.test(cell)]).toEqual([leaf.key, false]);
      }
    });
  }

  test('defaults live in the schema: an empty config parses to them', () => {
    const parsed = configSchema.parse({});
    expect(parsed.routing.session_ttl_seconds).toBe(600);
    expect(parsed.routing.session_cache.key_prefix).toBe('tether:affinity:');
    expect(parsed.routing.affinity.pin_until).toBe('ttl');
    expect(parsed.logging.level).toBe('info');
  });
});

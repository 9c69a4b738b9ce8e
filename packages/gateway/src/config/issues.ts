import { type Document, LineCounter } from 'yaml';
import { z } from 'zod';
import type { ConfigIssue } from './config-error.ts';
import { nearMiss } from './near-miss.ts';

type Path = ReadonlyArray<PropertyKey>;

/** Renders a YAML path the way people read it: `model_providers[1].base_url`. */
export function formatPath(path: Path): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** The object keys a schema accepts at `path`, for near-miss hints. */
function keysAt(schema: z.ZodType, path: Path): string[] {
  let node: z.ZodType | undefined = schema;
  const step = (s: z.ZodType): z.ZodType => {
    let cur = s;
    while (
      cur instanceof z.ZodOptional ||
      cur instanceof z.ZodDefault ||
      cur instanceof z.ZodPrefault ||
      cur instanceof z.ZodNullable
    ) {
      cur = cur.unwrap() as z.ZodType;
    }
    return cur;
  };
  for (const part of path) {
    if (node === undefined) return [];
    node = step(node);
    if (node instanceof z.ZodObject) node = (node.shape as Record<string, z.ZodType>)[String(part)];
    else if (node instanceof z.ZodArray) node = node.element as z.ZodType;
    else if (node instanceof z.ZodRecord) node = node.valueType as z.ZodType;
    else return [];
  }
  if (node === undefined) return [];
  node = step(node);
  return node instanceof z.ZodObject ? Object.keys(node.shape) : [];
}

function describe(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}${'input' in issue && issue.input === undefined ? ' (missing)' : ''}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return issue.message;
  }
}

/** Turns zod issues into config issues with YAML paths, line numbers and near-miss hints. */
export function toConfigIssues(
  error: z.ZodError,
  schema: z.ZodType,
  doc: Document,
  lines: LineCounter,
): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  const lineOf = (path: Path): number | undefined => lineAt(doc, lines, path);
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      const known = keysAt(schema, issue.path);
      for (const key of issue.keys) {
        const hint = nearMiss(key, known);
        const path = [...issue.path, key];
        out.push({
          path: formatPath(path),
          message: hint
            ? `unknown key "${key}" (did you mean "${hint}"?)`
            : `unknown key "${key}"; expected one of: ${known.join(', ')}`,
          line: lineOf(path),
        });
      }
      continue;
    }
    out.push({ path: formatPath(issue.path), message: describe(issue), line: lineOf(issue.path) });
  }
  return out;
}

/** 1-based line of the node at `path` (or its nearest existing parent). */
export function lineAt(doc: Document, lines: LineCounter, path: Path): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n) as unknown[], true) as
      | { range?: [number, number, number] }
      | undefined;
    if (node && typeof node === 'object' && node.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}

export { LineCounter };

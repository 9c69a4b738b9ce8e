import { describe, expect, test } from 'bun:test';
import { jsonTooDeep, MAX_JSON_DEPTH } from './json-depth.ts';

describe('jsonTooDeep', () => {
  test('accepts ordinary bodies and nesting up to the limit', () => {
    expect(jsonTooDeep('{"messages":[{"role":"user","content":"[[[{{{"}]}')).toBe(false);
    expect(jsonTooDeep('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH))).toBe(false);
  });

  test('refuses nesting past the limit, arrays or objects', () => {
    expect(jsonTooDeep('['.repeat(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(jsonTooDeep(`{"x":${'{"a":'.repeat(300_000)}1${'}'.repeat(300_000)}}`)).toBe(true);
  });

  test('brackets inside strings, escaped quotes included, do not count', () => {
    const inString = `"\\"${'['.repeat(1_000)}"`;
    expect(jsonTooDeep(`{"a":${inString}}`)).toBe(false);
  });
});

import { describe, expect, test } from 'bun:test';
import { scanJson } from './json-scan.ts';
import { fromRawJson, type RawJson, serializeJson } from './raw-json.ts';

const encoder = new TextEncoder();

function rawOf(text: string | Uint8Array<ArrayBuffer>): RawJson {
  const bytes = typeof text === 'string' ? encoder.encode(text) : text;
  const parsed = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  return { bytes, scan: scanJson(bytes, 256), parsed };
}

/** What the upstream receives, parsed back. */
function forwarded(body: unknown): unknown {
  const out = serializeJson(body);
  return JSON.parse(typeof out === 'string' ? out : new TextDecoder().decode(out));
}

// Bodies chosen to trip a naive byte rewrite: `model` inside strings and nested objects, escapes
// before quotes, odd whitespace, a byte order mark, non-ASCII, a missing or empty top level.
const BODIES = [
  '{"model":"a","messages":[{"role":"user","content":"hi"}]}',
  '{ "messages" : [ {"role":"user","content":"say \\"model\\":\\"x\\" \\\\"} ] ,\n\t"model" :\r\n "gpt" }',
  '{"messages":[{"content":"{\\"model\\":\\"inner\\"}","role":"user","model":"nested"}],"stream":true}',
  '{"messages":[],"metadata":{"model":"m"}}',
  '{}',
  '{"model":null,"n":1e3,"t":true,"z":[1,[2,[3]]]}',
  '{"model":"ünï","content":"✓ \\ud83d\\ude00 \\u0000"}',
  '{"a":"\\\\","model":"b","c":"\\\\\\""}',
  `\uFEFF{"model":"bom","messages":[]}`,
];

describe('forwarding the client bytes with top-level members changed', () => {
  for (const text of BODIES) {
    test(`equals the re-serialised body: ${JSON.stringify(text).slice(0, 60)}`, () => {
      const raw = rawOf(text);
      expect(raw.scan.members).toBeDefined();
      for (const changes of [{ model: 'upstream-1' }, { model: 'x', stream: false }, {}]) {
        const body = fromRawJson<Record<string, unknown>>(raw, changes);
        expect(forwarded(body)).toEqual({ ...raw.parsed, ...changes });
        // Providers copy the body shallowly before sending it: the link to the bytes survives.
        expect(forwarded({ ...body, stream: true })).toEqual({ ...raw.parsed, ...changes, stream: true });
      }
    });
  }

  test('an unchanged body is the very bytes the client sent; a changed one keeps every other byte', () => {
    const text = '{ "model" : "a" ,  "messages":[ {"role":"user","content":"x\\ty"} ] }';
    const raw = rawOf(text);
    expect(serializeJson(fromRawJson(raw, {}))).toBe(raw.bytes);
    const out = serializeJson(fromRawJson(raw, { model: 'b' }));
    expect(new TextDecoder().decode(out as Uint8Array)).toBe(text.replace('"a"', '"b"'));
  });

  test('names with escapes or duplicates fall back to JSON.stringify', () => {
    for (const text of ['{"mod\\u0065l":"a","m":[]}', '{"model":"a","model":"b"}']) {
      const raw = rawOf(text);
      expect(raw.scan.members).toBeUndefined();
      const out = serializeJson(fromRawJson(raw, { model: 'c' }));
      expect(typeof out).toBe('string');
      expect(JSON.parse(out as string)).toEqual({ ...raw.parsed, model: 'c' });
    }
  });

  test('a removed member or a plain object is serialised normally', () => {
    const raw = rawOf('{"model":"a","stream_options":{"include_usage":true}}');
    const body = fromRawJson<Record<string, unknown>>(raw, {});
    delete body.stream_options;
    expect(serializeJson(body)).toBe('{"model":"a"}');
    expect(serializeJson({ a: 1 })).toBe('{"a":1}');
  });

  test('depth is bounded in the same pass, brackets inside strings ignored', () => {
    const deep = encoder.encode(`{"a":${'['.repeat(300)}${']'.repeat(300)}}`);
    expect(scanJson(deep, 256).tooDeep).toBe(true);
    const quoted = encoder.encode(`{"a":"${'['.repeat(300)}"}`);
    expect(scanJson(quoted, 256).tooDeep).toBe(false);
  });

  test('random bodies: the splice always equals the re-serialised body', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const pieces = ['"', '\\', 'model', '{', '}', '[', ']', ',', ':', ' ', '\n', 'é', '✓', 'a'];
    const str = () => Array.from({ length: rand(8) }, () => pieces[rand(pieces.length)]).join('');
    const value = (d: number): unknown => {
      const k = rand(d > 2 ? 3 : 6);
      if (k === 0) return str();
      if (k === 1) return rand(1000) - 500;
      if (k === 2) return rand(2) === 0;
      if (k === 3) return Array.from({ length: rand(4) }, () => value(d + 1));
      return Object.fromEntries(Array.from({ length: rand(4) }, () => [str(), value(d + 1)]));
    };
    for (let i = 0; i < 500; i++) {
      const obj: Record<string, unknown> = {};
      for (let j = rand(5); j > 0; j--) obj[rand(3) === 0 ? 'model' : str()] = value(0);
      const spaced = JSON.stringify(obj, null, rand(3) === 0 ? '\t' : rand(2) === 0 ? 2 : undefined);
      const raw = rawOf(spaced);
      const body = fromRawJson(raw, { model: `m${i}` });
      expect(forwarded(body)).toEqual({ ...raw.parsed, model: `m${i}` });
    }
  });
});

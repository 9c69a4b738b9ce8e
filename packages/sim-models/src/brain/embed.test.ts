import { describe, expect, test } from 'bun:test';
import { embeddingToBase64, embedText } from './embed.ts';

const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i]!, 0);

describe('embedText', () => {
  test('is a deterministic unit vector of the asked size', () => {
    const v = embedText('PostgreSQL versus MongoDB');
    expect(v).toHaveLength(256);
    expect(dot(v, v)).toBeCloseTo(1, 6);
    expect(embedText('PostgreSQL versus MongoDB')).toEqual(v);
    expect(embedText('x', 64)).toHaveLength(64);
    expect(dot(embedText(''), embedText(''))).toBeCloseTo(1, 6);
  });

  test('texts sharing words are closer than unrelated texts', () => {
    const a = embedText('postgresql database schema design');
    const b = embedText('postgresql schema indexes');
    const c = embedText('banana smoothie recipe');
    expect(dot(a, b)).toBeGreaterThan(dot(a, c));
  });

  test('base64 encodes little-endian float32s', () => {
    const v = embedText('hello world', 8);
    const bytes = Buffer.from(embeddingToBase64(v), 'base64');
    const back = Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, 8));
    for (const [i, x] of back.entries()) expect(x).toBeCloseTo(v[i]!, 6);
  });
});

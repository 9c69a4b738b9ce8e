import { fnv1a, stem, tokenize } from './text.ts';

/** Embedding size when the request doesn't ask for `dimensions`. */
export const DEFAULT_EMBEDDING_DIMENSIONS = 256;

/**
 * A deterministic embedding: a hashed bag of (lightly stemmed) words, L2-normalised, so texts
 * sharing words have a positive cosine similarity and identical texts identical vectors. Each word
 * lands in one bucket with a hash-chosen sign. Empty text maps to a fixed unit vector.
 *
 * @example embedText('PostgreSQL vs MongoDB').length // 256
 */
export function embedText(text: string, dimensions = DEFAULT_EMBEDDING_DIMENSIONS): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const word of tokenize(text)) {
    const h = fnv1a(stem(word));
    vector[h % dimensions]! += (h & 0x80000000) === 0 ? 1 : -1;
  }
  let norm = 0;
  for (const v of vector) norm += v * v;
  if (norm === 0) {
    vector[0] = 1;
    return vector;
  }
  const scale = 1 / Math.sqrt(norm);
  return vector.map((v) => v * scale);
}

/** The vector as base64 of little-endian float32s, OpenAI's `encoding_format: "base64"`. */
export function embeddingToBase64(vector: readonly number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString('base64');
}

import type { Lexicon } from './lexicon.ts';
import { tokenize } from './text.ts';

/** Sparse term → weight vector. */
export type TermVector = Map<string, number>;

/** Weight of a concept term relative to a word: concepts carry meaning across synonyms. */
const CONCEPT_WEIGHT = 1.5;

/** Term counts of `text`: its stems plus the concept terms the lexicon maps them to. */
export function termCounts(text: string, lexicon: Lexicon): TermVector {
  const counts: TermVector = new Map();
  for (const s of tokenize(text)) {
    counts.set(s, (counts.get(s) ?? 0) + 1);
    const concepts = lexicon.get(s);
    if (concepts) for (const c of concepts) counts.set(c, (counts.get(c) ?? 0) + CONCEPT_WEIGHT);
  }
  return counts;
}

/** Sublinear tf × idf, L2-normalised. Terms without an idf (unknown to every route) are dropped. */
export function weigh(
  counts: TermVector,
  idf: ReadonlyMap<string, number>,
): { vector: TermVector; coverage: number } {
  const vector: TermVector = new Map();
  let norm = 0;
  let known = 0;
  let total = 0;
  for (const [term, count] of counts) {
    const tf = 1 + Math.log(count);
    total += tf;
    const w = idf.get(term);
    if (w === undefined) continue;
    known += tf;
    const v = tf * w;
    vector.set(term, v);
    norm += v * v;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [t, v] of vector) vector.set(t, v / norm);
  return { vector, coverage: total > 0 ? known / total : 0 };
}

/** Adds `b × factor` into `a`. */
export function addScaled(a: TermVector, b: ReadonlyMap<string, number>, factor: number): void {
  for (const [t, v] of b) a.set(t, (a.get(t) ?? 0) + v * factor);
}

export function dot(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let sum = 0;
  for (const [t, v] of small) {
    const w = large.get(t);
    if (w !== undefined) sum += v * w;
  }
  return sum;
}

export function norm(a: ReadonlyMap<string, number>): number {
  let sum = 0;
  for (const v of a.values()) sum += v * v;
  return Math.sqrt(sum);
}

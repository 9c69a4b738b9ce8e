// Small text helpers the brain uses: tokenising, light stemming, keyword picking and hashing.
// Deliberately simple and dependency-free; the point is determinism, not linguistics.

const STOPWORDS = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below ' +
    'between both but by can could did do does doing down during each few for from further had has have having ' +
    'he her here hers him his how i if in into is it its itself just let lets me more most my no nor not now of ' +
    'off on once only or other our ours out over own please same she should so some such than that the their ' +
    'them then there these they this those through to too under until up very was we were what when where which ' +
    'while who whom why will with would you your yours us use using want need give tell make show write get go ' +
    'one two first next last step like may might must shall well much many via per based each every'
  ).split(' '),
);

/** Lower-cased word tokens (letters, digits, `+`, `#`, `-` inside words). */
export function tokenize(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9][a-z0-9+#-]*/g) ?? [];
}

/** Light suffix stripping so "comparing", "compares" and "comparison" meet at "compar". */
export function stem(word: string): string {
  let w = word.toLowerCase();
  if (w.length <= 3) return w;
  for (const suffix of ['isations', 'izations', 'isation', 'ization', 'ations', 'ation', 'isons', 'ison']) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3) return w.slice(0, -suffix.length);
  }
  for (const suffix of ['ings', 'ing', 'ies', 'ied', 'ers', 'er', 'es', 'ed', 'ly', 's', 'e']) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3) {
      w = w.slice(0, -suffix.length);
      break;
    }
  }
  // "analyse"/"analyze", "optimise"/"optimize": British and American spellings meet.
  return w.replace(/ys$/, 'yz').replace(/is$/, 'iz');
}

/** Whether a token carries meaning (not a stopword, not a bare number). */
export function isContentWord(word: string): boolean {
  return word.length > 2 && !STOPWORDS.has(word) && !/^\d+$/.test(word);
}

/** Distinct content words in order of first appearance. */
export function keywords(text: string, limit = 12): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const word of tokenize(text)) {
    if (!isContentWord(word) || seen.has(word)) continue;
    seen.add(word);
    out.push(word);
    if (out.length >= limit) break;
  }
  return out;
}

/** The set of stems of a text's content words. */
export function stems(text: string): Set<string> {
  const out = new Set<string>();
  for (const word of tokenize(text)) if (isContentWord(word)) out.add(stem(word));
  return out;
}

/** 32-bit FNV-1a: stable across runs and platforms, used for ids and embeddings. */
export function fnv1a(text: string, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** A short, stable, id-safe hex digest of some text. */
export function shortHash(text: string, length = 12): string {
  let out = '';
  let seed = 0x811c9dc5;
  while (out.length < length) {
    seed = fnv1a(text, seed);
    out += seed.toString(16).padStart(8, '0');
  }
  return out.slice(0, length);
}

/** "a, b and c". */
export function joinList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Upper-cases the first letter. */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Rough token count (~4 characters a token, at least 1), the same estimate everywhere. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

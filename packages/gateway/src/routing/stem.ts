// A light Porter-style stemmer: enough to make "implementing", "implemented" and "implements"
// one term, and "analyses"/"analysing"/"analysis" one term, without a dictionary. Over-stemming is
// harmless here because queries and route descriptions go through the same function.

/** Inflections, removed first. */
const INFLECTIONS: ReadonlyArray<[string, string]> = [
  ['sses', 'ss'],
  ['ies', 'y'],
  ['ied', 'y'],
  ['ing', ''],
  ['ed', ''],
  ['ly', ''],
  ['es', 'e'],
  ['s', ''],
];

/** Derivations, removed from what is left; each keeps a stem of at least `min` letters. */
const DERIVATIONS: ReadonlyArray<[string, string, number]> = [
  ['ational', 'ate', 3],
  ['ization', 'ize', 3],
  ['ation', '', 4],
  ['ition', '', 4],
  ['ysis', 'yz', 3],
  ['ment', '', 6],
  ['ness', '', 3],
  ['ful', '', 4],
  ['ate', '', 4],
];

/** Stems one lower-case word. Words shorter than 4 letters are left alone. */
export function stem(word: string): string {
  if (word.length < 4) return word;
  // British `-ise`/`-yse` spellings are the American `-ize`/`-yze`.
  let w = word.length > 5 ? word.replace(/([iy])s(e|es|ed|ing)$/, '$1z$2') : word;
  for (const [suffix, replacement] of INFLECTIONS) {
    if (!w.endsWith(suffix)) continue;
    if (suffix === 's' && /(ss|us|is)$/.test(w)) break;
    let base = w.slice(0, w.length - suffix.length) + replacement;
    // "evaluated" → "evaluate", "analyzing" → "analyze": restore the e the inflection ate.
    if ((suffix === 'ed' || suffix === 'ing') && /(at|iz|yz|bl)$/.test(base)) base += 'e';
    if (base.length >= 3) w = base;
    break;
  }
  for (const [suffix, replacement, min] of DERIVATIONS) {
    if (w.endsWith(suffix) && w.length - suffix.length >= min) {
      w = w.slice(0, w.length - suffix.length) + replacement;
      break;
    }
  }
  // Silent e and doubled consonants: "compare"/"comparing" → "compar", "planned" → "plan".
  if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
  if (w.length > 3 && /([bdfgmnprt])\1$/.test(w)) w = w.slice(0, -1);
  return w;
}

import { stem } from './stem.ts';

const STOPWORDS = new Set(
  (
    'a an the and or but if then of to in on at by for with from into onto about as is are was were be been ' +
    'being am do does did doing have has had having i me my we our you your he she it its they them their ' +
    'this that these those there here what which who whom whose when where how can could should would will ' +
    'shall may might must let lets let’s us please just so also very really now next then some any all each ' +
    'up out over under again further once only own same than too s t don ok okay'
  ).split(' '),
);

/**
 * Lower-cases, splits on anything that is not a letter or digit (keeping `c++`, `c#` and `.net`
 * recognisable), drops stop words and stems. Returns stems in order.
 */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  const words = text
    .toLowerCase()
    .replace(/c\+\+/g, 'cpp')
    .replace(/c#/g, 'csharp')
    .replace(/[’']/g, '')
    .split(/[^a-z0-9]+/);
  for (const word of words) {
    if (word === '' || STOPWORDS.has(word)) continue;
    out.push(stem(word));
  }
  return out;
}

import type { ResolvedRoute } from '../config/types.ts';
import { currentIntent } from './intent.ts';
import { defaultLexicon, type Lexicon } from './lexicon.ts';
import type { IntentMessage, RouteChoice, Router } from './types.ts';
import { addScaled, dot, norm, type TermVector, termCounts, weigh } from './vector.ts';

export interface LocalRouterOptions {
  /** Minimum cosine similarity for a route to match. @default 0.2 */
  minScore?: number;
  /** Near-synonym concept groups. @default the built-in lexicon */
  lexicon?: Lexicon;
}

/**
 * An in-process router: TF-IDF cosine between the conversation's current intent and each route's
 * name, description and examples, after stemming and near-synonym expansion. No network; route
 * vectors are built once, a decision costs a few microseconds.
 *
 * @example
 * const router = createLocalRouter(config.routes, { minScore: 0.2 });
 * router.route([{ role: 'user', text: 'Implement SQLAlchemy models' }]); // → { route: code_generation }
 */
export function createLocalRouter(
  routes: readonly ResolvedRoute[],
  options: LocalRouterOptions = {},
): Router {
  const lexicon = options.lexicon ?? defaultLexicon;
  const minScore = options.minScore ?? 0.2;
  const docs = routes.map((r) =>
    termCounts([r.name.replace(/[_-]+/g, ' '), r.description, ...r.examples].join('\n'), lexicon),
  );
  const df = new Map<string, number>();
  for (const doc of docs) for (const term of doc.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  const idf = new Map<string, number>();
  // Terms shared by every route still count a little; terms unique to one route count most.
  for (const [term, n] of df) idf.set(term, Math.log((routes.length + 1) / n));
  const vectors = docs.map((doc) => weigh(doc, idf).vector);

  const route = (conversation: readonly IntentMessage[]): RouteChoice => {
    if (routes.length === 0) return { route: null };
    const query: TermVector = new Map();
    for (const piece of currentIntent(conversation)) {
      addScaled(query, weigh(termCounts(piece.text, lexicon), idf).vector, piece.weight);
    }
    const qn = norm(query);
    if (qn === 0) return { route: null, score: 0 };
    let best = -1;
    let bestScore = 0;
    vectors.forEach((v, i) => {
      const score = dot(query, v) / qn;
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    });
    const chosen = routes[best];
    return bestScore >= minScore && chosen
      ? { route: chosen, score: bestScore }
      : { route: null, score: bestScore };
  };
  return { type: 'local', route };
}

import { capitalize, joinList, keywords } from './text.ts';
import { databaseFacts, databasesIn, entitiesIn, type Topic } from './topics.ts';

// Answer bodies per topic. Each body starts with a common word so a "Building on …," lead can
// lower-case its first letter.

const FOCUS_EXCLUDE = new Set(
  (
    'compare comparison versus list write sql schema create table tables requirements requirement ' +
    'scalability scale scaling trade-offs tradeoffs trade-off recommend recommendation final report ' +
    'summary summarise summarize database databases choose pick decide design explain describe ' +
    'now then also key main draft produce short brief discuss'
  ).split(' '),
);

/**
 * What the user is asking about, minus topic verbs, numbers, database names (and, for schemas,
 * the table names): "e-commerce order system"; '' when nothing is left.
 */
export function focusOf(text: string, dropEntities = false): string {
  const dbs = new Set(databasesIn(text).map((d) => d.toLowerCase()));
  const entities = new Set(dropEntities ? entitiesIn(text).flatMap((e) => [e, e.replace(/s$/, '')]) : []);
  const words = keywords(text, 20).filter(
    (w) => !FOCUS_EXCLUDE.has(w) && !dbs.has(w) && !databaseFacts(w) && !entities.has(w) && !/^\d/.test(w),
  );
  return words.slice(0, 3).join(' ');
}

/** The two databases under discussion: those named (latest first), topped up with PostgreSQL/MongoDB. */
export function candidates(text: string, context: string): [string, string] {
  const named = [...databasesIn(text), ...databasesIn(context)];
  const unique = [...new Set([...named, 'PostgreSQL', 'MongoDB'])];
  return [unique[0]!, unique[1]!];
}

function requirementsBody(focus: string, words: string[]): string {
  const detail = joinList(words.slice(0, 2)) || focus;
  return [
    `Key requirements for the ${focus}:`,
    `1. Consistency: ${focus} data must stay correct under concurrent writes, so ACID transactions matter.`,
    `2. Query patterns: fast lookups by id plus reporting across ${detail}.`,
    '3. Scalability: headroom for 10x growth in data and traffic without a redesign.',
    '4. Operations: automated backups, monitoring and a managed hosting option.',
  ].join('\n');
}

function comparisonBody(focus: string, a: string, b: string): string {
  const fa = databaseFacts(a);
  const fb = databaseFacts(b);
  const describe = (name: string, f: typeof fa) =>
    f
      ? `${name} is ${f.kind}; it is strongest at ${f.strength}, but ${f.weakness}.`
      : `${name} is a candidate.`;
  return (
    `For the ${focus}, ${describe(a, fa)} ${describe(b, fb)} ` +
    `On balance ${a} fits when correctness and flexible queries dominate, ` +
    `${b} when the data shape changes often or writes must scale out.`
  );
}

function column(entity: string): string {
  if (/orders|payments|invoices/.test(entity))
    return '  amount_cents BIGINT NOT NULL,\n  status TEXT NOT NULL,';
  if (/products|inventory/.test(entity)) return '  sku TEXT NOT NULL UNIQUE,\n  price_cents BIGINT NOT NULL,';
  if (/messages|reviews|documents|tickets/.test(entity)) return '  body TEXT NOT NULL,';
  return '  name TEXT NOT NULL,\n  email TEXT UNIQUE,';
}

const STANDALONE = /^(customers|users|accounts|products|inventory|documents)$/;

function schemaBody(focus: string, text: string): string {
  const entities = entitiesIn(text);
  const root = entities.find((e) => STANDALONE.test(e)) ?? entities[0]!;
  const tables = entities.map((e) => {
    const ref =
      e !== root && !STANDALONE.test(e)
        ? `\n  ${root.replace(/s$/, '')}_id BIGINT NOT NULL REFERENCES ${root}(id),`
        : '';
    return (
      `CREATE TABLE ${e} (\n  id BIGSERIAL PRIMARY KEY,${ref}\n${column(e)}\n` +
      '  created_at TIMESTAMPTZ NOT NULL DEFAULT now()\n);'
    );
  });
  const indexes = entities
    .filter((e) => e !== root && !STANDALONE.test(e))
    .map((e) => `CREATE INDEX ${e}_${root.replace(/s$/, '')}_id_idx ON ${e} (${root.replace(/s$/, '')}_id);`);
  return (
    `Here is a starting schema for the ${focus}:\n\n\`\`\`sql\n${[...tables, ...indexes].join('\n\n')}\n\`\`\`\n` +
    'Foreign keys keep the relations consistent, and the indexes cover the most common lookups.'
  );
}

function scalabilityBody(focus: string, a: string, b: string): string {
  const fa = databaseFacts(a);
  const fb = databaseFacts(b);
  return (
    `Scaling the ${focus} comes down to three trade-offs: read replicas absorb read traffic cheaply ` +
    'but serve slightly stale data; sharding spreads writes across nodes but makes cross-shard joins ' +
    'and transactions expensive; vertical scaling is the simplest lever but has a hard ceiling. ' +
    `${a} scales through ${fa?.scaling ?? 'replicas'}, ${b} through ${fb?.scaling ?? 'sharding'}.`
  );
}

function reportBody(focus: string, winner: string, other: string): string {
  const f = databaseFacts(winner);
  return (
    `Final recommendation for the ${focus}: choose ${winner}. ` +
    `${capitalize(f?.strength ?? 'its fit with the requirements')} outweigh the alternative, ` +
    `and ${other} stays an option for parts of the system whose data shape changes often. ` +
    'Next steps: load-test the schema with production-like data and set alerts on replication lag.'
  );
}

function generalBody(text: string): string {
  if (/^\s*(hi|hello|hey)\b/i.test(text)) return 'Hello! How can I help you today?';
  const words = keywords(text, 3);
  if (words.length === 0) return 'Could you tell me a bit more about what you need?';
  return (
    `On ${joinList(words)}: start from the concrete requirements, pick the simplest design that meets ` +
    `them, and measure before optimising. ${capitalize(words[0]!)} is the part to settle first, ` +
    'because the rest of the design depends on it.'
  );
}

/**
 * The answer body for a topic. `context` is the whole conversation (to pick databases); `task` is
 * the first user turn, whose subject stands in when the latest turn names none ("compare them").
 */
export function topicBody(topic: Topic, text: string, context: string, winner: string, task: string): string {
  const focus = focusOf(text, topic === 'schema') || focusOf(task, true) || 'workload';
  const [a, b] = candidates(text, context);
  switch (topic) {
    case 'requirements':
      return requirementsBody(
        focus,
        keywords(text, 20).filter((w) => !FOCUS_EXCLUDE.has(w)),
      );
    case 'comparison':
      return comparisonBody(focus, a, b);
    case 'schema':
      return schemaBody(focus, text);
    case 'scalability':
      return scalabilityBody(focus, a, b);
    case 'report':
      return reportBody(focus, winner, winner === a ? b : a);
    case 'general':
      return generalBody(text);
  }
}

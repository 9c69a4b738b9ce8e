import { tokenize } from './text.ts';

// Keyword templates for the research-demo topics. A topic decides which answer template is used
// and how a later turn refers back to this one ("the schema from step 3").

export type Topic = 'report' | 'schema' | 'comparison' | 'scalability' | 'requirements' | 'general';

const TOPIC_PATTERNS: ReadonlyArray<readonly [Topic, RegExp]> = [
  ['report', /\b(recommend\w*|report|final|summar\w*|conclu\w*|decision|decide)\b/i],
  ['schema', /\b(sql|schema|create table|ddl|tables?|data model)\b/i],
  ['comparison', /\b(compar\w*|versus|vs\.?|differences?|pros and cons)\b/i],
  [
    'scalability',
    /\b(scal\w*|shard\w*|replica\w*|throughput|partition\w*|trade-?offs?|high availability)\b/i,
  ],
  ['requirements', /\b(requirements?|must-haves?|criteria|needs)\b/i],
];

/** The first topic whose keywords appear in the text, else `general`. */
export function detectTopic(text: string): Topic {
  for (const [topic, pattern] of TOPIC_PATTERNS) if (pattern.test(text)) return topic;
  if (databasesIn(text).length >= 2) return 'comparison';
  return 'general';
}

interface DatabaseFacts {
  name: string;
  aliases: readonly string[];
  kind: string;
  strength: string;
  weakness: string;
  scaling: string;
}

const DATABASES: readonly DatabaseFacts[] = [
  {
    name: 'PostgreSQL',
    aliases: ['postgresql', 'postgres', 'pg'],
    kind: 'a relational database with ACID transactions, joins and a strict schema (JSONB for flexible fields)',
    strength: 'consistency, ad-hoc SQL queries and reporting',
    weakness: 'horizontal write scaling needs extensions such as Citus or manual partitioning',
    scaling: 'read replicas and declarative partitioning, with Citus for sharding',
  },
  {
    name: 'MongoDB',
    aliases: ['mongodb', 'mongo'],
    kind: 'a document database storing flexible JSON-like documents',
    strength: 'schema flexibility and horizontal write scaling through built-in sharding',
    weakness: 'multi-document transactions and joins ($lookup) are costlier than in SQL',
    scaling: 'built-in sharding and replica sets',
  },
  {
    name: 'MySQL',
    aliases: ['mysql', 'mariadb'],
    kind: 'a widely deployed relational database',
    strength: 'simple OLTP workloads and mature replication',
    weakness: 'fewer advanced SQL features than PostgreSQL',
    scaling: 'read replicas and Vitess for sharding',
  },
  {
    name: 'Redis',
    aliases: ['redis', 'valkey'],
    kind: 'an in-memory key-value store',
    strength: 'sub-millisecond caching, counters and queues',
    weakness: 'memory-bound capacity and limited querying',
    scaling: 'Redis Cluster hash slots',
  },
  {
    name: 'Cassandra',
    aliases: ['cassandra', 'scylladb', 'scylla'],
    kind: 'a wide-column store built for write-heavy workloads',
    strength: 'linear write scaling across regions',
    weakness: 'query-driven modelling and eventual consistency',
    scaling: 'consistent hashing across a masterless ring',
  },
  {
    name: 'DynamoDB',
    aliases: ['dynamodb', 'dynamo'],
    kind: 'a managed key-value and document service',
    strength: 'hands-off operations at any scale',
    weakness: 'access patterns must be designed up front',
    scaling: 'automatic partitioning by key',
  },
  {
    name: 'SQLite',
    aliases: ['sqlite'],
    kind: 'an embedded single-file SQL database',
    strength: 'zero-ops local storage',
    weakness: 'a single writer at a time',
    scaling: 'vertical scaling only',
  },
  {
    name: 'ClickHouse',
    aliases: ['clickhouse'],
    kind: 'a columnar analytics database',
    strength: 'fast aggregations over billions of rows',
    weakness: 'point updates and transactions',
    scaling: 'sharded, replicated MergeTree tables',
  },
];

const BY_ALIAS = new Map<string, DatabaseFacts>();
for (const db of DATABASES) for (const alias of db.aliases) BY_ALIAS.set(alias, db);

/** Facts about a database by display name (e.g. `PostgreSQL`), for the answer templates. */
export function databaseFacts(name: string): DatabaseFacts | undefined {
  return BY_ALIAS.get(name.toLowerCase());
}

/** Databases named in a text, by display name, in order of first mention. */
export function databasesIn(text: string): string[] {
  const out: string[] = [];
  for (const word of tokenize(text)) {
    const db = BY_ALIAS.get(word);
    if (db && !out.includes(db.name)) out.push(db.name);
  }
  return out;
}

const WORKLOADS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(oltp|transactional|transactions?|checkout|orders?)\b/i, 'oltp'],
  [/\b(analytics|analytical|olap|reporting|dashboards?|aggregat\w*)\b/i, 'analytics'],
  [/\b(time-?series|metrics|telemetry|iot)\b/i, 'time-series'],
  [/\b(write-heavy|ingest\w*|logging|events?)\b/i, 'write-heavy'],
  [/\b(read-heavy|caching|cache|catalog)\b/i, 'read-heavy'],
];

/** Workload types a text implies (`oltp`, `analytics`, …), in a fixed order. */
export function workloadsIn(text: string): string[] {
  return WORKLOADS.filter(([pattern]) => pattern.test(text)).map(([, name]) => name);
}

const ENTITIES = [
  'customers',
  'users',
  'accounts',
  'orders',
  'products',
  'payments',
  'invoices',
  'sessions',
  'events',
  'messages',
  'tickets',
  'documents',
  'inventory',
  'reviews',
];

/** Table names for a schema answer: entities the text mentions (singular or plural), else defaults. */
export function entitiesIn(text: string): string[] {
  const words = new Set(tokenize(text));
  const found = ENTITIES.filter((e) => words.has(e) || words.has(e.replace(/s$/, '')));
  if (found.length >= 2) return found.slice(0, 3);
  return [...found, ...['customers', 'orders', 'products'].filter((e) => !found.includes(e))].slice(0, 3);
}

// Simulated facts the tools return. Fixed numbers, so every run of the demo reads the same data;
// they are illustrative, not measurements.

export const WORKLOADS = ['oltp', 'analytics', 'mixed', 'document'] as const;
export const INDUSTRIES = ['e-commerce', 'fintech', 'gaming', 'saas'] as const;
export const DATABASES = ['PostgreSQL', 'MongoDB', 'MySQL', 'Cassandra'] as const;
export const FEATURES = [
  'acid_transactions',
  'joins',
  'json_documents',
  'horizontal_sharding',
  'full_text_search',
  'change_streams',
] as const;

export type Workload = (typeof WORKLOADS)[number];
export type Industry = (typeof INDUSTRIES)[number];
export type Database = (typeof DATABASES)[number];
export type Feature = (typeof FEATURES)[number];

/** Throughput (operations/s) and p99 latency (ms) per database, by workload. */
export const BENCHMARKS: Record<Workload, Record<Database, { ops_per_sec: number; p99_ms: number }>> = {
  oltp: {
    PostgreSQL: { ops_per_sec: 48_000, p99_ms: 4.1 },
    MongoDB: { ops_per_sec: 41_000, p99_ms: 5.3 },
    MySQL: { ops_per_sec: 45_000, p99_ms: 4.6 },
    Cassandra: { ops_per_sec: 38_000, p99_ms: 7.9 },
  },
  analytics: {
    PostgreSQL: { ops_per_sec: 1_900, p99_ms: 210 },
    MongoDB: { ops_per_sec: 1_200, p99_ms: 340 },
    MySQL: { ops_per_sec: 1_400, p99_ms: 290 },
    Cassandra: { ops_per_sec: 600, p99_ms: 820 },
  },
  mixed: {
    PostgreSQL: { ops_per_sec: 22_000, p99_ms: 12 },
    MongoDB: { ops_per_sec: 24_000, p99_ms: 11 },
    MySQL: { ops_per_sec: 19_000, p99_ms: 14 },
    Cassandra: { ops_per_sec: 27_000, p99_ms: 18 },
  },
  document: {
    PostgreSQL: { ops_per_sec: 30_000, p99_ms: 6.5 },
    MongoDB: { ops_per_sec: 52_000, p99_ms: 3.8 },
    MySQL: { ops_per_sec: 21_000, p99_ms: 9.2 },
    Cassandra: { ops_per_sec: 35_000, p99_ms: 6.9 },
  },
};

/** Published-style case studies per industry. */
export const CASE_STUDIES: Record<
  Industry,
  Array<{ company: string; database: Database; scale: string; outcome: string }>
> = {
  'e-commerce': [
    {
      company: 'ShopCo',
      database: 'PostgreSQL',
      scale: '40M orders/year',
      outcome: 'zero lost orders after moving checkout to serializable transactions',
    },
    {
      company: 'CartHub',
      database: 'MongoDB',
      scale: '2M SKUs',
      outcome: 'flexible product attributes, but rebuilt order handling around multi-document transactions',
    },
  ],
  fintech: [
    {
      company: 'LedgerLy',
      database: 'PostgreSQL',
      scale: '1B ledger rows',
      outcome: 'strict consistency with logical replication to analytics',
    },
  ],
  gaming: [
    {
      company: 'PlayGrid',
      database: 'Cassandra',
      scale: '5M concurrent players',
      outcome: 'write-heavy telemetry scaled linearly',
    },
  ],
  saas: [
    {
      company: 'Formly',
      database: 'MongoDB',
      scale: '300k tenants',
      outcome: 'schema-per-tenant documents shipped features faster',
    },
  ],
};

type Support = { supported: 'yes' | 'partial' | 'no'; notes: string };

/** Feature support matrix. */
export const FEATURE_SUPPORT: Record<Database, Record<Feature, Support>> = {
  PostgreSQL: {
    acid_transactions: { supported: 'yes', notes: 'full ACID, serializable isolation' },
    joins: { supported: 'yes', notes: 'cost-based planner, all join types' },
    json_documents: { supported: 'yes', notes: 'JSONB with GIN indexes' },
    horizontal_sharding: { supported: 'partial', notes: 'native partitioning; sharding via Citus' },
    full_text_search: { supported: 'yes', notes: 'tsvector with ranking' },
    change_streams: { supported: 'yes', notes: 'logical replication and decoding' },
  },
  MongoDB: {
    acid_transactions: {
      supported: 'partial',
      notes: 'multi-document transactions with size and time limits',
    },
    joins: { supported: 'partial', notes: '$lookup in aggregation pipelines' },
    json_documents: { supported: 'yes', notes: 'native BSON documents' },
    horizontal_sharding: { supported: 'yes', notes: 'built-in sharding' },
    full_text_search: { supported: 'partial', notes: 'text indexes; Atlas Search for more' },
    change_streams: { supported: 'yes', notes: 'change streams on replica sets' },
  },
  MySQL: {
    acid_transactions: { supported: 'yes', notes: 'InnoDB transactions' },
    joins: { supported: 'yes', notes: 'nested-loop and hash joins' },
    json_documents: { supported: 'partial', notes: 'JSON type, indexing through generated columns' },
    horizontal_sharding: { supported: 'partial', notes: 'via Vitess or application sharding' },
    full_text_search: { supported: 'yes', notes: 'InnoDB full-text indexes' },
    change_streams: { supported: 'yes', notes: 'binlog-based change capture' },
  },
  Cassandra: {
    acid_transactions: { supported: 'no', notes: 'lightweight transactions per partition only' },
    joins: { supported: 'no', notes: 'denormalise per query' },
    json_documents: { supported: 'partial', notes: 'JSON insert/select over typed columns' },
    horizontal_sharding: { supported: 'yes', notes: 'consistent hashing, masterless' },
    full_text_search: { supported: 'no', notes: 'needs an external search engine' },
    change_streams: { supported: 'partial', notes: 'CDC commit-log files' },
  },
};

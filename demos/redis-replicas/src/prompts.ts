/**
 * Two families of prompts that a preference router sends to different routes: building things
 * (code, SQL) versus weighing options. Alternating them is what makes an unpinned session hop
 * between models, so a session that stays on one model proves the pin, not a lucky router.
 */
export type PromptFamily = 'build' | 'analyse';

const PROMPTS: Record<PromptFamily, readonly string[]> = {
  build: [
    'Write a SQL schema for customers, orders and order lines with foreign keys.',
    'Implement a function in TypeScript that parses an ISO 8601 date and returns epoch milliseconds.',
    'Write SQLAlchemy models for the orders schema, with relationships.',
    'Implement a retry helper with exponential backoff in Python.',
  ],
  analyse: [
    'Compare and analyse the trade-offs of Postgres versus DynamoDB for this order workload.',
    'Assess the pros and cons of event sourcing against plain CRUD tables here; compare the trade-offs.',
    'Analyse the trade-offs between a monolith and microservices for a team of five.',
    'Compare caching strategies and evaluate their consistency trade-offs.',
  ],
};

/** The family used at step `i` when alternating (even: build, odd: analyse). */
export function familyAt(i: number): PromptFamily {
  return i % 2 === 0 ? 'build' : 'analyse';
}

/** A prompt of `family`, varied by `i` so requests are not all identical. */
export function promptFor(family: PromptFamily, i: number): string {
  const list = PROMPTS[family];
  return list[i % list.length] ?? list[0] ?? '';
}

/** The other family. */
export function otherFamily(family: PromptFamily): PromptFamily {
  return family === 'build' ? 'analyse' : 'build';
}

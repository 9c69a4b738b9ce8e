import { describe, expect, test } from 'bun:test';
import { composeAnswer } from './answer.ts';
import type { BrainMessage } from './types.ts';

const user = (text: string): BrainMessage => ({ role: 'user', text });
const assistant = (text: string): BrainMessage => ({ role: 'assistant', text });

describe('composeAnswer', () => {
  test('names the model and answers from the user words', () => {
    const text = composeAnswer('gpt-4o', [
      user('Compare PostgreSQL vs MongoDB for an e-commerce order system'),
    ]);
    expect(text.startsWith('[gpt-4o] ')).toBe(true);
    expect(text).toContain('PostgreSQL');
    expect(text).toContain('MongoDB');
    expect(text).toContain('e-commerce');
  });

  test('writes CREATE TABLE statements for the entities asked about', () => {
    const text = composeAnswer('m', [user('Write the SQL schema for customers and orders')]);
    expect(text).toContain('CREATE TABLE customers');
    expect(text).toContain('CREATE TABLE orders');
    expect(text).toContain('REFERENCES customers(id)');
  });

  test('lists requirements and discusses scalability trade-offs', () => {
    expect(composeAnswer('m', [user('List the requirements for a booking app')])).toMatch(/1\. .*\n2\. /);
    expect(composeAnswer('m', [user('What are the scalability trade-offs?')])).toContain('sharding');
  });

  test('refers back to the most related earlier step by number and noun phrase', () => {
    const history: BrainMessage[] = [
      user('List the requirements for an order system'),
      assistant(composeAnswer('m', [user('List the requirements for an order system')])),
      user('Compare PostgreSQL vs MongoDB'),
      assistant(composeAnswer('m', [user('Compare PostgreSQL vs MongoDB')])),
      user('Write the SQL schema for customers and orders'),
      assistant(composeAnswer('m', [user('Write the SQL schema for customers and orders')])),
      user('Add indexes to the SQL schema and explain the scalability trade-offs'),
    ];
    const text = composeAnswer('m', history);
    expect(text).toContain('Building on the schema from step 3');
  });

  test('a final report recaps every earlier step and picks a database', () => {
    const steps = ['List the requirements', 'Compare PostgreSQL vs MongoDB', 'Write the SQL schema'];
    const history: BrainMessage[] = steps.flatMap((s) => [user(s), assistant(composeAnswer('m', [user(s)]))]);
    const text = composeAnswer('m', [...history, user('Write the final recommendation report')]);
    expect(text).toContain('Final recommendation');
    expect(text).toContain('the requirements list (step 1)');
    expect(text).toContain('the PostgreSQL vs MongoDB comparison (step 2)');
    expect(text).toContain('the schema (step 3)');
  });

  test('cites numbers and names from tool results', () => {
    const text = composeAnswer('m', [
      user('Which database is faster?'),
      { role: 'assistant', text: 'plan', toolCalls: [{ id: 'c1', name: 'get_benchmark', arguments: {} }] },
      { role: 'tool', text: '{"database":"postgresql","tps":12000,"p99_ms":4.2}', toolCallId: 'c1' },
    ]);
    expect(text).toContain('I ran 1 tool call (get_benchmark)');
    expect(text).toContain('postgresql: tps 12000, p99_ms 4.2');
  });

  test('is deterministic', () => {
    const msgs = [user('Compare MySQL and Cassandra for telemetry')];
    expect(composeAnswer('x', msgs)).toBe(composeAnswer('x', msgs));
  });
});

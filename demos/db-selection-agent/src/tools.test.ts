import { describe, expect, test } from 'bun:test';
import { parseArguments, runTool, TOOL_DEFINITIONS } from './tools.ts';

describe('tools', () => {
  test('offers exactly the three documented tools', () => {
    expect(TOOL_DEFINITIONS.map((t) => t.function.name)).toEqual([
      'get_db_benchmarks',
      'get_case_studies',
      'check_feature_support',
    ]);
  });

  test('get_db_benchmarks returns numbers for every candidate', () => {
    const result = runTool('get_db_benchmarks', { workload_type: 'oltp' }) as {
      results: Record<string, { ops_per_sec: number }>;
    };
    expect(Object.keys(result.results)).toEqual(['PostgreSQL', 'MongoDB', 'MySQL', 'Cassandra']);
    expect(result.results.PostgreSQL?.ops_per_sec).toBeGreaterThan(0);
  });

  test('arguments are matched leniently (case, punctuation, short names)', () => {
    expect(runTool('get_case_studies', { industry: 'E-Commerce' })).toMatchObject({ industry: 'e-commerce' });
    expect(
      runTool('check_feature_support', { database: 'postgres', feature: 'ACID transactions' }),
    ).toMatchObject({
      database: 'PostgreSQL',
      feature: 'acid_transactions',
      supported: 'yes',
    });
  });

  test('bad arguments and unknown tools come back as readable errors, not exceptions', () => {
    expect(runTool('get_db_benchmarks', { workload_type: 'quantum' })).toMatchObject({
      error: 'unknown workload_type "quantum"',
      known: ['oltp', 'analytics', 'mixed', 'document'],
    });
    expect(runTool('check_feature_support', {})).toMatchObject({ error: 'unknown database undefined' });
    expect(runTool('drop_database', {})).toMatchObject({ error: 'unknown tool "drop_database"' });
  });

  test('parseArguments tolerates malformed JSON', () => {
    expect(parseArguments('{"industry":"saas"}')).toEqual({ industry: 'saas' });
    expect(parseArguments('not json')).toEqual({});
    expect(parseArguments('[1]')).toEqual({});
  });
});

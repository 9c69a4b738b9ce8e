import { describe, expect, test } from 'bun:test';
import { ConfigError } from '../config/config-error.ts';
import { parseConfig } from '../config/load.ts';

const base = `
model_providers:
  - {model: openai/gpt-4o, default: true}
routing:
  session_cache:
`;

const parse = (cache: string) => parseConfig(`${base}${cache}`, 'gw.yaml', { env: {} });
const messageOf = (cache: string): string => {
  try {
    parse(cache);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('session_cache Redis topologies', () => {
  test('Sentinel: sentinels and sentinel_name resolve for the Redis driver', () => {
    const config = parse(`    type: redis
    sentinels: [{host: 10.0.0.5, port: 26379}, {host: 10.0.0.6, port: 26379}]
    sentinel_name: tether
    connect_timeout_ms: 300
`);
    const cache = config.routing.sessionCache;
    expect(cache.sentinels).toEqual([
      { host: '10.0.0.5', port: 26379 },
      { host: '10.0.0.6', port: 26379 },
    ]);
    expect(cache.sentinelName).toBe('tether');
    expect(cache.connectTimeoutMs).toBe(300);
    expect(cache.url).toBeUndefined();
  });

  test('Sentinel/Cluster credentials come from the environment', () => {
    const config = parseConfig(
      `${base}    type: redis
    cluster_nodes: [{host: 10.0.0.7, port: 7000}]
    username: tether
    password: $REDIS_PASSWORD
`,
      'gw.yaml',
      { env: { REDIS_PASSWORD: 's3cret' } },
    );
    expect(config.routing.sessionCache.username).toBe('tether');
    expect(config.routing.sessionCache.password).toBe('s3cret');
  });

  test('Cluster: cluster_nodes resolve; the connect wait defaults to 500 ms', () => {
    const cache = parse(`    type: redis
    cluster_nodes: [{host: 10.0.0.7, port: 7000}]
`).routing.sessionCache;
    expect(cache.clusterNodes).toEqual([{ host: '10.0.0.7', port: 7000 }]);
    expect(cache.connectTimeoutMs).toBe(500);
  });

  test('exactly one source, and sentinels need a name: errors name the path', () => {
    expect(
      messageOf(`    type: redis
    url: redis://127.0.0.1:6390
    cluster_nodes: [{host: 10.0.0.7, port: 7000}]
`),
    ).toContain('give only one of url, sentinels and cluster_nodes');
    expect(
      messageOf(`    type: redis
    sentinels: [{host: 10.0.0.5, port: 26379}]
`),
    ).toContain('routing.session_cache.sentinel_name');
    expect(
      messageOf(`    type: redis
    cluster_nodes: [{host: 10.0.0.7, port: 99999}]
`),
    ).toContain('routing.session_cache.cluster_nodes[0].port');
  });
});

import { describe, expect, test } from 'bun:test';
import { parseConfig } from '@tether/gateway';
import { ANALYSE_MODEL, BUILD_MODEL, renderGatewayConfig } from './gateway-config.ts';

const input = { simUrl: 'http://127.0.0.1:4100/', redisUrl: 'redis://127.0.0.1:4101', ttlSeconds: 3 };

describe('renderGatewayConfig', () => {
  test('the gateway accepts it: two models on sim-models, two routes, one shared Redis', () => {
    const config = parseConfig(renderGatewayConfig(input), 'verify.yaml', { env: {} });
    expect(config.models.map((m) => [m.name, m.baseUrl])).toEqual([
      [BUILD_MODEL, 'http://127.0.0.1:4100/v1'],
      [ANALYSE_MODEL, 'http://127.0.0.1:4100/v1'],
    ]);
    expect(config.defaultModel).toBe(BUILD_MODEL);
    expect(config.routes.map((r) => [r.name, r.models[0]])).toEqual([
      ['code_generation', BUILD_MODEL],
      ['analysis', ANALYSE_MODEL],
    ]);
    expect(config.routing.sessionTtlSeconds).toBe(3);
    expect(config.routing.sessionCache).toMatchObject({
      type: 'redis',
      url: 'redis://127.0.0.1:4101',
      keyPrefix: 'tether:affinity:',
    });
  });

  test('memory variant: each replica keeps its own pins', () => {
    const config = parseConfig(renderGatewayConfig({ ...input, sessionCache: 'memory' }), 'v.yaml', {
      env: {},
    });
    expect(config.routing.sessionCache.type).toBe('memory');
  });
});

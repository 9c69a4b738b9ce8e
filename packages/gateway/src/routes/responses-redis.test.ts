import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { type RedisServerHandle, startRedisServer } from '@tether/testing';
import OpenAI from 'openai';
import {
  RESEARCH_ROUTES,
  RESEARCH_STEPS,
  startTestGateway,
  type TestGateway,
} from '../../test/support/index.ts';
import { responsesConfig } from '../../test/support/responses-config.ts';

// Two replicas share one redis-server: a chain started on one continues on the other, on the same
// model, with its context rebuilt from the shared store. A Redis outage keeps new requests flowing
// (fail open) but a chain whose state cannot be read is a clear 503.

let redis: RedisServerHandle;
let replicas: TestGateway[];
let clients: OpenAI[];
beforeAll(async () => {
  redis = await startRedisServer();
  const config = {
    ...responsesConfig('translate'),
    routing: { session_cache: { type: 'redis', url: redis.url, timeout_ms: 200 } },
  };
  const first = await startTestGateway(config);
  const second = await startTestGateway(config, { sim: first.sim });
  replicas = [first, second];
  clients = replicas.map((gw) => new OpenAI({ baseURL: gw.baseURL, apiKey: 'client-key', maxRetries: 0 }));
});
afterAll(async () => {
  // The replica sharing the first one's sim-models stops first.
  for (const gw of [...replicas].reverse()) await gw.stop();
  await redis.stop();
});

describe('/v1/responses chains on Redis across two replicas', () => {
  test('alternating replicas and intents, no header: one model, pinned after the first turn', async () => {
    let previous: string | undefined;
    const served: Array<[string | null, string | null]> = [];
    for (const [i, step] of RESEARCH_STEPS.entries()) {
      const client = clients[i % 2] as OpenAI;
      const { data, response } = await client.responses
        .create({ model: 'auto', input: step, ...(previous ? { previous_response_id: previous } : {}) })
        .withResponse();
      expect(data.status).toBe('completed');
      previous = data.id;
      served.push([response.headers.get('x-tether-model'), response.headers.get('x-tether-pinned')]);
    }
    expect(new Set(served.map(([m]) => m))).toEqual(new Set([RESEARCH_ROUTES.code_generation]));
    expect(served.map(([, p]) => p)).toEqual(['false', 'true', 'true', 'true', 'true']);
    // Either replica reads the stored response; it lives in Redis with the response TTL.
    const got = await (clients[0] as OpenAI).responses.retrieve(previous as string);
    expect(got.id).toBe(previous as string);
    const ttl = Number(await redis.cli('TTL', `tether:responses:${previous}`));
    expect(ttl).toBeGreaterThan(3000);
    expect(ttl).toBeLessThanOrEqual(3600);
  });

  test('Redis down: new requests still served (fail open); a chain is a clear 503', async () => {
    const before = await (clients[0] as OpenAI).responses.create({ model: 'auto', input: 'Say hello.' });
    await redis.stop();
    try {
      const { data, response } = await (clients[1] as OpenAI).responses
        .create({ model: 'auto', input: 'Say hello.' })
        .withResponse();
      expect(data.status).toBe('completed');
      expect(response.headers.get('x-tether-affinity')).toBe('unavailable');

      const chained = await replicas[1]?.fetch('/v1/responses', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ input: 'And then?', previous_response_id: before.id }),
      });
      expect(chained?.status).toBe(503);
      const body = (await chained?.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('response_store_unavailable');
      expect(body.error.message).toContain('previous_response_id');
    } finally {
      await redis.start();
    }
  });
});

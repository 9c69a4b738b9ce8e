import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { startSimModels } from '@tether/sim-models';
import { type RedisServerHandle, startRedisServer } from '@tether/testing';
import OpenAI from 'openai';
import {
  RESEARCH_CONFIG,
  RESEARCH_STEPS,
  type SimModelsHandle,
  startTestGateway,
  type TestGateway,
} from '../../test/support/index.ts';

// A Plano client, as Plano's own demos write it: every request names a concrete model and the
// session rides on a header. Plano routes such a request anyway and pins the decision (cache_route);
// Tether must behave the same on the memory store and on Redis with Plano's key layout.

const SESSIONS = ['demo-session-001', 'demo-session-002', 'demo-session-003'];
const ROUNDS = 4;

let redis: RedisServerHandle;
let sim: SimModelsHandle;
beforeAll(async () => {
  redis = await startRedisServer();
  sim = await startSimModels({ quiet: true });
});
afterAll(async () => {
  await sim.stop();
  await redis.stop();
});

function redisCli(...args: string[]): string {
  const out = Bun.spawnSync(['redis-cli', '-p', String(redis.port), ...args]);
  return out.stdout.toString().trim();
}

/** One round of one session: a named model, alternating code and reasoning intents. */
async function ask(gw: TestGateway, round: number, header: Record<string, string>) {
  const client = new OpenAI({ baseURL: gw.baseURL, apiKey: 'k', maxRetries: 0 });
  const { response } = await client.chat.completions
    .create(
      {
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: RESEARCH_STEPS[round % 2] ?? '' }],
      },
      { headers: header },
    )
    .withResponse();
  return {
    model: response.headers.get('x-tether-model'),
    pinned: response.headers.get('x-tether-pinned'),
    route: response.headers.get('x-tether-route'),
  };
}

// gpt-4o-mini is configured (as in Plano's demo config), so the bare name resolves to it.
const config = (store: 'memory' | 'redis') =>
  `${RESEARCH_CONFIG.replace('model_providers:\n', 'model_providers:\n  - model: openai/gpt-4o-mini\n')}
routing:
  session_cache: ${store === 'redis' ? "{type: redis, url: $REDIS_URL, key_prefix: ''}" : '{type: memory}'}
`;

for (const store of ['memory', 'redis'] as const) {
  describe(`Plano-style verification on the ${store} store (named model, 3 sessions × ${ROUNDS} rounds)`, () => {
    let gw: TestGateway;
    beforeAll(async () => {
      gw = await startTestGateway(config(store), { sim, env: { REDIS_URL: redis.url } });
    });
    afterAll(() => gw.stop());

    test('without a session header the router varies the model across rounds', async () => {
      const models = new Set<string | null>();
      for (let round = 0; round < ROUNDS; round++) models.add((await ask(gw, round, {})).model);
      expect(models.size).toBeGreaterThan(1);
    });

    test('with X-Model-Affinity each session keeps one model: pinned false, then true', async () => {
      for (const id of SESSIONS) {
        const rounds = [];
        for (let round = 0; round < ROUNDS; round++)
          rounds.push(await ask(gw, round, { 'x-model-affinity': id }));
        expect(new Set(rounds.map((r) => r.model)).size).toBe(1);
        expect(rounds.map((r) => r.pinned)).toEqual(['false', 'true', 'true', 'true']);
        expect(rounds[0]?.route).not.toBe('none');
        const pin = (await (await gw.fetch(`/affinity/v1/${id}`)).json()) as { model: string };
        expect(pin.model).toBe(rounds[0]?.model ?? '');
      }
    });

    test('the older X-Session-Id header pins too', async () => {
      const a = await ask(gw, 0, { 'x-session-id': 'legacy-1' });
      const b = await ask(gw, 1, { 'x-session-id': 'legacy-1' });
      expect([a.pinned, b.pinned, b.model]).toEqual(['false', 'true', a.model]);
    });

    if (store === 'redis') {
      test("key_prefix '': the key is the bare id, its value JSON with model_name and route_name", () => {
        for (const id of SESSIONS) {
          const value = JSON.parse(redisCli('GET', id)) as { model_name: string; route_name: string | null };
          expect(value.model_name).toMatch(/^(openai|anthropic)\//);
          expect(typeof value.route_name).toBe('string');
          const ttl = Number(redisCli('TTL', id));
          expect(ttl).toBeGreaterThan(0);
          expect(ttl).toBeLessThanOrEqual(600);
        }
      });
    }
  });
}

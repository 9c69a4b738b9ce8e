import { describe, expect, test } from 'bun:test';
import { createMemoryStore } from '@tether/affinity-store';
import { RESEARCH_CONFIG } from '../../test/support/fixtures.ts';
import { parseConfig } from '../config/load.ts';
import { GatewayError } from '../errors.ts';
import { silentLogger } from '../logger.ts';
import { createLocalRouter } from '../routing/local-router.ts';
import type { Router } from '../routing/types.ts';
import { createDecider } from './decider.ts';

const config = parseConfig(RESEARCH_CONFIG, 'research.yaml', { env: {} });
const local = createLocalRouter(config.routes);
const failing: Router = {
  type: 'llm',
  route: () => Promise.reject(new GatewayError('router_error', 502, 'router: down')),
};
const setup = (router: Router = local) => {
  const store = createMemoryStore();
  return { store, decider: createDecider({ config, store, router, logger: silentLogger }) };
};
const code = () => [{ role: 'user' as const, text: 'Implement SQLAlchemy models' }];
const reasoning = () => [{ role: 'user' as const, text: 'Compare the options and assess the trade-offs' }];
const hello = () => [{ role: 'user' as const, text: 'hello' }];

describe('decide', () => {
  test('without an affinity id every request is routed afresh and nothing is stored', async () => {
    const { store, decider } = setup();
    const a = await decider.decide({ intent: code });
    const b = await decider.decide({ intent: reasoning });
    expect([a.model.name, a.route, a.pinned, a.affinityStatus]).toEqual([
      'anthropic/claude-sonnet-4',
      'code_generation',
      false,
      'none',
    ]);
    expect([b.model.name, b.route]).toEqual(['openai/gpt-4o', 'complex_reasoning']);
    expect((await store.stats()).claims).toBe(0);
  });

  test('with an id: routed and claimed once, then served from the pin without the router', async () => {
    const { store, decider } = setup();
    const first = await decider.decide({ intent: code, affinityId: 's1' });
    const second = await decider.decide({ intent: reasoning, affinityId: 's1' });
    expect([first.affinityStatus, first.pinned]).toEqual(['created', false]);
    expect([second.model.name, second.route, second.affinityStatus, second.pinned]).toEqual([
      'anthropic/claude-sonnet-4',
      'code_generation',
      'hit',
      true,
    ]);
    expect(await store.get({ id: 's1' })).toMatchObject({
      model: 'anthropic/claude-sonnet-4',
      source: 'router',
    });
  });

  test('concurrent first requests of one id all get one model', async () => {
    const { decider } = setup();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        decider.decide({ intent: i % 2 ? code : reasoning, affinityId: 'race' }),
      ),
    );
    expect(new Set(results.map((r) => r.model.name)).size).toBe(1);
    expect(results.filter((r) => r.affinityStatus === 'created')).toHaveLength(1);
  });

  test('no route pins the default model, never the word "none"', async () => {
    const { store, decider } = setup();
    const d = await decider.decide({ intent: hello, affinityId: 'h' });
    expect([d.model.name, d.route, d.reason]).toEqual(['openai/gpt-4o', null, 'default']);
    expect(await store.get({ id: 'h' })).toMatchObject({ model: 'openai/gpt-4o', route: null });
  });

  test('a router failure serves the default model and creates no pin', async () => {
    const { store, decider } = setup(failing);
    const d = await decider.decide({ intent: code, affinityId: 'f' });
    expect([d.model.name, d.reason, d.pinned]).toEqual(['openai/gpt-4o', 'router_error', false]);
    expect(await store.get({ id: 'f' })).toBeNull();
  });

  test('a named model is still routed (Plano): the route wins, and its model is pinned', async () => {
    const { store, decider } = setup();
    for (const requestedModel of ['openai/gpt-4o', 'gpt-4o', 'smart', 'auto', 'gpt-5', undefined]) {
      const d = await decider.decide({ requestedModel, intent: code, affinityId: `n-${requestedModel}` });
      expect([d.model.name, d.route, d.reason, d.affinityStatus]).toEqual([
        'anthropic/claude-sonnet-4',
        'code_generation',
        'router',
        'created',
      ]);
    }
    expect(await store.get({ id: 'n-gpt-4o' })).toMatchObject({ model: 'anthropic/claude-sonnet-4' });
  });

  test('no route: the named model serves (full, bare or alias) and is pinned; else the default', async () => {
    const { store, decider } = setup();
    const bare = await decider.decide({ requestedModel: 'claude-sonnet-4', intent: hello, affinityId: 'b' });
    const full = await decider.decide({ requestedModel: 'anthropic/claude-sonnet-4', intent: hello });
    const alias = await decider.decide({ requestedModel: 'smart', intent: hello });
    const unknown = await decider.decide({ requestedModel: 'gpt-5', intent: hello });
    expect([bare.model.name, bare.route, bare.reason, bare.affinityStatus]).toEqual([
      'anthropic/claude-sonnet-4',
      null,
      'named',
      'created',
    ]);
    expect(await store.get({ id: 'b' })).toMatchObject({ model: 'anthropic/claude-sonnet-4', route: null });
    expect([full.model.name, full.reason]).toEqual(['anthropic/claude-sonnet-4', 'named']);
    expect([alias.model.name, alias.reason]).toEqual(['openai/gpt-4o', 'named']);
    expect([unknown.model.name, unknown.reason]).toEqual(['openai/gpt-4o', 'default']);
  });

  test('a pin beats whatever model a later request names', async () => {
    const { decider } = setup();
    await decider.decide({ requestedModel: 'gpt-4o', intent: code, affinityId: 'p' });
    const later = await decider.decide({
      requestedModel: 'openai/gpt-4o',
      intent: reasoning,
      affinityId: 'p',
    });
    expect([later.model.name, later.pinned, later.affinityStatus]).toEqual([
      'anthropic/claude-sonnet-4',
      true,
      'hit',
    ]);
  });

  test('X-Tether-Routing: off serves exactly the named model, reading and writing no pin', async () => {
    const { store, decider } = setup(failing);
    await store.set(
      { id: 'p' },
      { model: 'anthropic/claude-sonnet-4', route: null, source: 'explicit', pinnedAt: 0 },
      { ttlSeconds: 60 },
    );
    const named = await decider.decide({
      requestedModel: 'gpt-4o',
      routing: 'off',
      intent: code,
      affinityId: 'p',
    });
    const alias = await decider.decide({
      requestedModel: 'smart',
      routing: 'off',
      intent: code,
      affinityId: 'q',
    });
    expect([named.model.name, named.reason, named.pinned, named.affinityKey]).toEqual([
      'openai/gpt-4o',
      'requested',
      false,
      undefined,
    ]);
    expect([alias.model.name, alias.reason]).toEqual(['openai/gpt-4o', 'alias']);
    expect(await store.get({ id: 'q' })).toBeNull();
    const error = await decider
      .decide({ requestedModel: 'gpt-5', routing: 'off', intent: code })
      .catch((e: unknown) => e);
    expect(GatewayError.isInstance(error) && [error.status, error.code]).toEqual([400, 'unknown_model']);
  });

  test('client_model: honor keeps the old bypass for configured names; auto and unknown are routed', async () => {
    const honor = parseConfig(`${RESEARCH_CONFIG}\nrouting: {client_model: honor}\n`, 'h.yaml', { env: {} });
    const store = createMemoryStore();
    const decider = createDecider({ config: honor, store, router: local, logger: silentLogger });
    const named = await decider.decide({ requestedModel: 'gpt-4o', intent: code, affinityId: 'h1' });
    const auto = await decider.decide({ requestedModel: 'auto', intent: code, affinityId: 'h2' });
    const on = await decider.decide({ requestedModel: 'gpt-4o', routing: 'on', intent: code });
    expect([named.model.name, named.reason, named.affinityStatus]).toEqual([
      'openai/gpt-4o',
      'requested',
      'none',
    ]);
    expect(await store.get({ id: 'h1' })).toBeNull();
    expect([auto.model.name, auto.affinityStatus]).toEqual(['anthropic/claude-sonnet-4', 'created']);
    expect([on.model.name, on.reason]).toEqual(['anthropic/claude-sonnet-4', 'router']);
  });

  test('an ambiguous bare name: the router still decides; as a fallback it is a 400 listing both', async () => {
    const twin = parseConfig(
      `model_providers:
  - {model: openai/gpt-4o, default: true}
  - {model: azure/gpt-4o, base_url: 'http://127.0.0.1:1/v1'}
  - {model: anthropic/claude-sonnet-4}
routing_preferences:
  - {name: code, description: generating new code and SQLAlchemy models, models: [anthropic/claude-sonnet-4]}
`,
      't.yaml',
      { env: {} },
    );
    const decider = createDecider({
      config: twin,
      store: createMemoryStore(),
      router: createLocalRouter(twin.routes),
      logger: silentLogger,
    });
    const routed = await decider.decide({ requestedModel: 'gpt-4o', intent: code });
    expect(routed.model.name).toBe('anthropic/claude-sonnet-4');
    const error = await decider.decide({ requestedModel: 'gpt-4o', intent: hello }).catch((e: unknown) => e);
    expect(GatewayError.isInstance(error) && [error.status, error.code]).toEqual([400, 'ambiguous_model']);
    expect((error as Error).message).toContain('openai/gpt-4o and azure/gpt-4o');
  });

  test('a pin created under the old rule (explicit source) keeps serving', async () => {
    const { store, decider } = setup();
    await store.set(
      { id: 'old' },
      { model: 'openai/gpt-4o', route: 'complex_reasoning', source: 'explicit', pinnedAt: 0 },
      { ttlSeconds: 60 },
    );
    const d = await decider.decide({
      requestedModel: 'anthropic/claude-sonnet-4',
      intent: code,
      affinityId: 'old',
    });
    expect([d.model.name, d.pinned]).toEqual(['openai/gpt-4o', true]);
  });

  test('tenants are separate scopes', async () => {
    const { decider } = setup();
    await decider.decide({ intent: code, affinityId: 'same', tenant: 'a' });
    const b = await decider.decide({ intent: reasoning, affinityId: 'same', tenant: 'b' });
    expect([b.model.name, b.affinityStatus]).toEqual(['openai/gpt-4o', 'created']);
  });

  test('a failing store fails open: routed normally, status unavailable', async () => {
    const { store, decider } = setup();
    await store.close();
    const d = await decider.decide({ intent: reasoning, affinityId: 'x' });
    expect([d.model.name, d.pinned, d.affinityStatus]).toEqual(['openai/gpt-4o', false, 'unavailable']);
  });

  test('an unknown model with no default is a 400 listing the configured models', async () => {
    const noDefault = parseConfig('model_providers: [{model: openai/gpt-4o}, {model: openai/o3}]', 'n.yaml', {
      env: {},
    });
    const decider = createDecider({
      config: noDefault,
      store: createMemoryStore(),
      router: local,
      logger: silentLogger,
    });
    const error = await decider.decide({ requestedModel: 'gpt-5', intent: code }).catch((e: unknown) => e);
    expect(GatewayError.isInstance(error) && [error.status, error.code]).toEqual([400, 'unknown_model']);
    expect((error as Error).message).toContain('openai/gpt-4o, openai/o3');
  });
});

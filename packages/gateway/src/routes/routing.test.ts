import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createMemoryStore } from '@tether/affinity-store';
import {
  RESEARCH_CONFIG,
  RESEARCH_ROUTES,
  researchConversation,
  startTestGateway,
  type TestGateway,
} from '../../test/support/index.ts';

let clock = 1_800_000_000_000;
const store = createMemoryStore({ now: () => clock, maxEntries: 2, sweepIntervalMs: 0 });
let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway(
    `${RESEARCH_CONFIG}\nrouting:\n  session_ttl_seconds: 60\n  session_cache: {type: memory, tenant_header: x-tenant}\n`,
    { sim: false, listen: false, deps: { store, now: () => clock } },
  );
});
afterAll(async () => {
  await gw.stop();
  await store.close();
});

async function decide(step: number, headers: Record<string, string> = {}) {
  const response = await gw.handle('/routing/v1/chat/completions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ model: 'auto', messages: researchConversation(step) }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

describe('POST /routing/v1/chat/completions', () => {
  test('returns the decision only, session_id only when a header was sent', async () => {
    const body = await decide(1);
    expect(body).toMatchObject({
      model: RESEARCH_ROUTES.complex_reasoning,
      models: [RESEARCH_ROUTES.complex_reasoning],
      route: 'complex_reasoning',
      pinned: false,
    });
    expect(body.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(body).not.toHaveProperty('session_id');
    const traced = await decide(1, { traceparent: `00-${'ab'.repeat(16)}-${'cd'.repeat(8)}-01` });
    expect(traced.trace_id).toBe('ab'.repeat(16));
  });

  test('reads and creates pins like the proxy path', async () => {
    const first = await decide(0, { 'x-model-affinity': 'r1', 'x-tenant': 't' });
    const second = await decide(1, { 'x-model-affinity': 'r1', 'x-tenant': 't' });
    expect([first.model, first.pinned, first.session_id]).toEqual([
      RESEARCH_ROUTES.code_generation,
      false,
      'r1',
    ]);
    expect([second.model, second.route, second.pinned]).toEqual([
      RESEARCH_ROUTES.code_generation,
      'code_generation',
      true,
    ]);
  });

  test('tenants do not share pins', async () => {
    await decide(0, { 'x-model-affinity': 'shared', 'x-tenant': 'acme' });
    const other = await decide(1, { 'x-model-affinity': 'shared', 'x-tenant': 'globex' });
    const again = await decide(1, { 'x-model-affinity': 'shared', 'x-tenant': 'acme' });
    expect([other.model, other.pinned]).toEqual([RESEARCH_ROUTES.complex_reasoning, false]);
    expect([again.model, again.pinned]).toEqual([RESEARCH_ROUTES.code_generation, true]);
  });

  test('after the TTL the id is routed afresh', async () => {
    await decide(0, { 'x-model-affinity': 'ttl' });
    clock += 61_000;
    const later = await decide(1, { 'x-model-affinity': 'ttl' });
    expect([later.model, later.pinned]).toEqual([RESEARCH_ROUTES.complex_reasoning, false]);
  });

  test('beyond session_max_entries the least recently used pin is evicted', async () => {
    await decide(0, { 'x-model-affinity': 'lru-a' });
    await decide(0, { 'x-model-affinity': 'lru-b' });
    await decide(0, { 'x-model-affinity': 'lru-c' });
    const a = await decide(1, { 'x-model-affinity': 'lru-a' });
    const c = await decide(1, { 'x-model-affinity': 'lru-c' });
    expect([a.model, a.pinned]).toEqual([RESEARCH_ROUTES.complex_reasoning, false]);
    expect([c.model, c.pinned]).toEqual([RESEARCH_ROUTES.code_generation, true]);
  });
});

import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createMemoryStore } from '@tether/affinity-store';
import {
  RESEARCH_CONFIG,
  RESEARCH_ROUTES,
  researchConversation,
  startTestGateway,
  type TestGateway,
} from '../../test/support/index.ts';
import { sampleValue } from '../observability/prom-text.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway(RESEARCH_CONFIG);
});
afterAll(() => gw.stop());

async function chat(gateway: TestGateway, n: number, headers: Record<string, string> = {}, stream = false) {
  const response = await gateway.fetch('/v1/chat/completions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ model: 'auto', messages: researchConversation(n), stream }),
  });
  await response.text();
  expect(response.status).toBe(200);
  return response;
}

async function scrape(gateway: TestGateway = gw): Promise<string> {
  const response = await gateway.fetch('/metrics');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return await response.text();
}

const ROUTER_COUNT = 'tether_router_decision_duration_seconds_count';
const routerRuns = (text: string) =>
  sampleValue(text, ROUTER_COUNT, { router: 'local', outcome: 'route' }) +
  sampleValue(text, ROUTER_COUNT, { router: 'local', outcome: 'none' });
const event = (text: string, name: string) =>
  sampleValue(text, 'tether_affinity_events_total', { event: name });

describe('GET /metrics', () => {
  test('a routed first request is a miss and a claim; pinned requests are hits that skip the router', async () => {
    const before = await scrape();
    expect(before).toContain('# TYPE tether_affinity_events_total counter');
    await chat(gw, 0, { 'x-model-affinity': 'metrics-1' });
    const afterFirst = await scrape();
    expect(event(afterFirst, 'miss') - event(before, 'miss')).toBe(1);
    expect(event(afterFirst, 'claim') - event(before, 'claim')).toBe(1);
    expect(event(afterFirst, 'hit') - event(before, 'hit')).toBe(0);
    expect(routerRuns(afterFirst) - routerRuns(before)).toBe(1);

    for (const n of [1, 2, 3]) await chat(gw, n, { 'x-model-affinity': 'metrics-1' });
    await chat(gw, 4, { 'x-model-affinity': 'metrics-1' }, true);
    const afterPinned = await scrape();
    expect(event(afterPinned, 'hit') - event(afterFirst, 'hit')).toBe(4);
    expect(event(afterPinned, 'miss') - event(afterFirst, 'miss')).toBe(0);
    expect(event(afterPinned, 'claim') - event(afterFirst, 'claim')).toBe(0);
    // The clearest sign pins work: the router histogram does not move on pinned requests.
    expect(routerRuns(afterPinned)).toBe(routerRuns(afterFirst));

    const model = RESEARCH_ROUTES.code_generation;
    const pinned = { model, route: 'code_generation', pinned: 'true' };
    const routed = { model, route: 'code_generation', pinned: 'false' };
    expect(sampleValue(afterPinned, 'tether_model_requests_total', pinned)).toBe(4);
    expect(sampleValue(afterPinned, 'tether_model_requests_total', routed)).toBe(1);
    expect(
      sampleValue(afterPinned, 'tether_http_requests_total', {
        method: 'POST',
        endpoint: '/v1/chat/completions',
        status: '200',
      }),
    ).toBe(5);
    expect(
      sampleValue(afterPinned, 'tether_upstream_duration_seconds_count', {
        model,
        status: '200',
        stream: 'false',
      }),
    ).toBe(4);
    expect(sampleValue(afterPinned, 'tether_upstream_time_to_first_token_seconds_count', { model })).toBe(1);
    expect(sampleValue(afterPinned, 'tether_affinity_active_pins', { backend: 'memory' })).toBe(1);
    expect(
      sampleValue(afterPinned, 'tether_affinity_store_duration_seconds_count', {
        backend: 'memory',
        op: 'get',
      }),
    ).toBe(5);
  });

  test('requests without an affinity id never touch the store; every one runs the router', async () => {
    const before = await scrape();
    await chat(gw, 1);
    await chat(gw, 2);
    const after = await scrape();
    for (const name of ['hit', 'miss', 'claim']) expect(event(after, name)).toBe(event(before, name));
    expect(routerRuns(after) - routerRuns(before)).toBe(2);
  });

  test('releasing a pin through the admin API counts as released', async () => {
    await chat(gw, 0, { 'x-model-affinity': 'metrics-release' });
    const before = await scrape();
    expect((await gw.fetch('/affinity/v1/metrics-release', { method: 'DELETE' })).status).toBe(200);
    expect(event(await scrape(), 'released') - event(before, 'released')).toBe(1);
  });

  test('errors are counted by status and unknown paths share one label', async () => {
    await gw.fetch('/no/such/path/123');
    await gw.fetch('/no/such/path/456');
    const text = await scrape();
    expect(
      sampleValue(text, 'tether_http_requests_total', {
        method: 'GET',
        endpoint: 'unmatched',
        status: '404',
      }),
    ).toBe(2);
    expect(text).not.toContain('/no/such/path');
  });

  test('a failover re-pin is counted as repinned, and the failed upstream call by its status', async () => {
    const headers = { 'x-sim-fail': '503', 'x-sim-fail-model': 'primary' };
    const failover = await startTestGateway({
      model_providers: [
        { model: 'openai/primary', headers, default: true },
        { model: 'openai/secondary', headers },
      ],
      routing_preferences: [
        {
          name: 'code_generation',
          description: 'generating new code',
          models: ['openai/primary', 'openai/secondary'],
        },
      ],
      routing: { affinity: { on_upstream_error: 'failover' } },
    });
    const response = await chat(failover, 0, { 'x-model-affinity': 'metrics-failover' });
    expect(response.headers.get('x-tether-model')).toBe('openai/secondary');
    const text = await scrape(failover);
    expect(event(text, 'repinned')).toBe(1);
    const failed = { model: 'openai/primary', status: '503', stream: 'false' };
    expect(sampleValue(text, 'tether_upstream_duration_seconds_count', failed)).toBe(1);
    await failover.stop();
  });

  test('a failing store is a store_error and the request still succeeds (fail open)', async () => {
    const store = createMemoryStore();
    const broken = await startTestGateway(RESEARCH_CONFIG, { deps: { store } });
    await store.close(); // every call now rejects with AffinityStoreUnavailableError
    await chat(broken, 0, { 'x-model-affinity': 'metrics-down' });
    const text = await scrape(broken);
    expect(event(text, 'store_error')).toBe(1);
    expect(event(text, 'miss')).toBe(0);
    await broken.stop();
  });
});

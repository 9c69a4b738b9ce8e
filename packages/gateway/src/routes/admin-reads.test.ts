import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { RESEARCH_CONFIG, startTestGateway, type TestGateway } from '../test-support/index.ts';

// An operator looking at a pin (admin API, MCP get_pin) is not a request routed through it: neither
// the metrics nor the store's stats may count it as a hit.

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway(RESEARCH_CONFIG);
});
afterAll(() => gw.stop());

async function metricHits(): Promise<number> {
  const text = await (await gw.fetch('/metrics')).text();
  const line = text.split('\n').find((l) => l.startsWith('tether_affinity_events_total{event="hit"}'));
  return Number(line?.split(' ').at(-1) ?? 0);
}

async function adminView(id: string): Promise<Record<string, unknown>> {
  const r = await gw.fetch(`/affinity/v1/${id}`);
  expect(r.status).toBe(200);
  return (await r.json()) as Record<string, unknown>;
}

describe('admin and MCP reads are not hits', () => {
  test('GET /affinity/v1/{id} and MCP get_pin leave hit counters alone', async () => {
    const routed = await gw.fetch('/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-model-affinity': 'watched' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'hello' }] }),
    });
    expect(routed.status).toBe(200);
    await routed.text();
    const metricsBefore = await metricHits();
    const first = await adminView('watched');
    await adminView('watched');
    const client = new Client({ name: 'reads', version: '0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${gw.url}/mcp`)));
    try {
      await client.callTool({ name: 'get_pin', arguments: { affinity_id: 'watched' } });
    } finally {
      await client.close();
    }
    const last = await adminView('watched');
    expect(await metricHits()).toBe(metricsBefore);
    const totals = (view: Record<string, unknown>) => view.process_totals as Record<string, number>;
    expect(totals(last).hit).toBe(totals(first).hit);
  });

  test('the process-wide counters are named process_totals; `events` stays as a deprecated alias', async () => {
    const view = await adminView('watched');
    expect(view.process_totals).toMatchObject({ pinned: expect.any(Number), hit: expect.any(Number) });
    expect(view.events).toEqual(view.process_totals);
  });
});

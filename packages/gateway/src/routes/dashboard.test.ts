import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { startRedisServer } from '@tether/testing';
import {
  RESEARCH_CONFIG,
  researchConversation,
  startTestGateway,
  type TestGateway,
} from '../../test/support/index.ts';
import type { DashboardData } from './dashboard.ts';

const TOKEN = 'dash-token-123';

async function chat(gw: TestGateway, n: number, headers: Record<string, string> = {}) {
  const response = await gw.fetch('/v1/chat/completions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ messages: researchConversation(n) }),
  });
  expect(response.status).toBe(200);
  await response.text();
}

describe('dashboard with admin_token', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway(`${RESEARCH_CONFIG}\nadmin_token: ${TOKEN}\n`);
  });
  afterAll(() => gw.stop());

  test('needs the admin token, as a Bearer header or ?token=', async () => {
    expect((await gw.fetch('/dashboard')).status).toBe(401);
    expect((await gw.fetch('/dashboard/data')).status).toBe(401);
    expect((await gw.fetch('/dashboard?token=wrong')).status).toBe(403);
    expect((await gw.fetch('/dashboard/data', { headers: { authorization: 'Bearer wrong' } })).status).toBe(
      403,
    );
    const page = await gw.fetch(`/dashboard?token=${TOKEN}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('/data');
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=["']?https?:/i);
    const data = await gw.fetch('/dashboard/data', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(data.status).toBe(200);
  });

  test('lists live pins with per-replica request counts, and per-model pinned vs routed', async () => {
    for (const n of [0, 2, 4]) await chat(gw, n, { 'x-model-affinity': 'dash-code' });
    await chat(gw, 1, { 'x-model-affinity': 'dash-reason' });
    await chat(gw, 3);
    const response = await gw.fetch('/dashboard/data', { headers: { authorization: `Bearer ${TOKEN}` } });
    const data = (await response.json()) as DashboardData;
    expect(data.backend).toBe('memory');
    expect(data.truncated).toBe(false);
    expect(data.pins).toEqual([
      {
        affinity_id: 'dash-code',
        model: 'anthropic/claude-sonnet-4',
        route: 'code_generation',
        source: 'router',
        requests: 3,
        seconds_left: expect.any(Number),
      },
      {
        affinity_id: 'dash-reason',
        model: 'openai/gpt-4o',
        route: 'complex_reasoning',
        source: 'router',
        requests: 1,
        seconds_left: expect.any(Number),
      },
    ]);
    for (const pin of data.pins ?? []) {
      expect(pin.seconds_left).toBeGreaterThan(590);
      expect(pin.seconds_left).toBeLessThanOrEqual(600);
    }
    expect(data.models).toEqual([
      { model: 'anthropic/claude-sonnet-4', pinned: 2, routed: 1 },
      { model: 'openai/gpt-4o', pinned: 0, routed: 2 },
    ]);
  });
});

describe('dashboard without admin_token', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway(RESEARCH_CONFIG);
  });
  afterAll(() => gw.stop());

  test('answers loopback clients over the socket', async () => {
    expect((await gw.fetch('/dashboard')).status).toBe(200);
    expect((await gw.fetch('/dashboard/data')).status).toBe(200);
  });
});

describe('dashboard embedded without a socket', () => {
  test('refuses when the peer is unknown and no token is set', async () => {
    const gw = await startTestGateway(RESEARCH_CONFIG, { listen: false });
    expect((await gw.handle('/dashboard/data')).status).toBe(403);
    await gw.stop();
  });
});

describe('dashboard on a Redis store', () => {
  test("lists the pins every replica shares, with this replica's request counts", async () => {
    const redis = await startRedisServer();
    const cfg = `${RESEARCH_CONFIG}\nrouting:\n  session_cache: {type: redis, url: "${redis.url}"}\n`;
    const a = await startTestGateway(cfg);
    const b = await startTestGateway(cfg, { sim: a.sim });
    await chat(a, 0, { 'x-model-affinity': 'shared-1' });
    await chat(b, 2, { 'x-model-affinity': 'shared-1' });
    await chat(b, 4, { 'x-model-affinity': 'shared-1' });
    const data = (await (await a.fetch('/dashboard/data')).json()) as DashboardData;
    expect(data.backend).toBe('redis');
    expect(data.pins).toMatchObject([
      { affinity_id: 'shared-1', model: 'anthropic/claude-sonnet-4', requests: 1 },
    ]);
    const fromB = (await (await b.fetch('/dashboard/data')).json()) as DashboardData;
    expect(fromB.pins).toMatchObject([{ affinity_id: 'shared-1', requests: 2 }]);
    await b.stop();
    await a.stop();
    await redis.stop();
  });
});

describe('dashboard with adopted session ids', () => {
  test("counts requests of a pin whose id came from an agent's own session header", async () => {
    const gw = await startTestGateway(
      `${RESEARCH_CONFIG}\nrouting:\n  affinity: {adopt_session_headers: true}\n`,
    );
    for (const n of [0, 2, 4]) await chat(gw, n, { 'x-claude-code-session-id': 'cc-dash-1' });
    const data = (await (await gw.fetch('/dashboard/data')).json()) as DashboardData;
    expect(data.pins).toMatchObject([{ affinity_id: 'cc-dash-1', requests: 3 }]);
    await gw.stop();
  });
});

import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@tether/gateway';
import { createAgentServer } from '@tether-demo/research-agent';
import { createCleanup } from './cleanup.ts';
import { createGatewayPool, type GatewayPool, pointAtSimModels } from './environment.ts';

const RESEARCH_CONFIG = fileURLToPath(new URL('../../research-agent/config.yaml', import.meta.url));

describe('pointAtSimModels', () => {
  test('every provider calls sim-models with a placeholder key; names and routes unchanged', async () => {
    const config = await loadConfig(RESEARCH_CONFIG, {
      env: { OPENAI_API_KEY: 'sk-real', ANTHROPIC_API_KEY: 'real' },
    });
    const sim = pointAtSimModels(config, 'http://127.0.0.1:4321/');
    expect(sim.models.map((m) => [m.name, m.baseUrl, m.apiKey])).toEqual([
      ['openai/gpt-4o', 'http://127.0.0.1:4321/v1', 'sim-models'],
      ['anthropic/claude-sonnet-4-20250514', 'http://127.0.0.1:4321/v1', 'sim-models'],
    ]);
    expect(sim.modelsByName.get('openai/gpt-4o')?.baseUrl).toBe('http://127.0.0.1:4321/v1');
    expect(sim.routes).toEqual(config.routes);
  });
});

describe('simulated gateway pool', () => {
  const cleanup = createCleanup();
  let pool: GatewayPool;
  beforeAll(async () => {
    pool = await createGatewayPool({ kind: 'simulated' }, cleanup);
  });
  afterAll(() => cleanup.run());

  test('one gateway per config, labelled SIMULATED', async () => {
    expect(pool.describe()).toStartWith('SIMULATED models');
    expect(await pool.gatewayFor(RESEARCH_CONFIG)).toBe(await pool.gatewayFor(RESEARCH_CONFIG));
  });

  test('the research agent forwards X-Model-Affinity unchanged: the gateway pins that exact id', async () => {
    const gateway = await pool.gatewayFor(RESEARCH_CONFIG);
    const agent = createAgentServer({ gatewayUrl: gateway }).listen({ port: 0, hostname: '127.0.0.1' });
    cleanup.add(() => agent.stop(true));
    const id = `Research Session ${crypto.randomUUID()}`;
    const res = await fetch(`http://127.0.0.1:${agent.server?.port}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Model-Affinity': id },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'PostgreSQL or MongoDB?' }] }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      session_id: string;
      object: string;
      choices: Array<{ message: { content: string } }>;
      routing_trace: Array<{ step: number; task: string; model: string; pinned: boolean }>;
    };
    expect(body.object).toBe('chat.completion');
    expect(body.session_id).toBe(id);
    expect(body.routing_trace.map((s) => s.pinned)).toEqual([false, true, true, true, true]);
    expect(new Set(body.routing_trace.map((s) => s.model)).size).toBe(1);
    expect(body.choices[0]?.message.content).toContain('Final recommendation');

    const pin = await fetch(`${gateway}/affinity/v1/${encodeURIComponent(id)}`);
    expect(pin.status).toBe(200);
    expect(((await pin.json()) as { model: string }).model).toBe(body.routing_trace[0]?.model ?? '');
  });
});

test('cleanup stops the gateway it started', async () => {
  const cleanup = createCleanup();
  const pool = await createGatewayPool({ kind: 'simulated' }, cleanup);
  const gateway = await pool.gatewayFor(RESEARCH_CONFIG);
  expect((await fetch(`${gateway}/healthz`)).status).toBe(200);
  await cleanup.run();
  await expect(fetch(`${gateway}/healthz`)).rejects.toThrow();
});

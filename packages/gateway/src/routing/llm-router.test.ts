import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { freePort } from '@tether/testing';
import {
  RESEARCH_CONFIG,
  RESEARCH_ROUTES,
  startTestGateway,
  type TestGateway,
} from '../../test/support/index.ts';

const CODE = 'Write a SQL query and the table schema for orders';
const REASON = 'Compare and evaluate the trade-offs of these two options';
const decide = async (gw: TestGateway, text: string, id?: string) => {
  const response = await gw.fetch('/routing/v1/chat/completions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(id ? { 'x-model-affinity': id } : {}) },
    body: JSON.stringify({
      model: 'auto',
      messages: [
        { role: 'system', content: 'You are helpful.' },
        { role: 'user', content: text },
      ],
    }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { model: string; route: string | null; pinned: boolean };
};

describe('llm router (Arch-Router protocol against sim-models)', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    // The router model is a configured model, so it inherits that entry's base URL (sim-models here).
    const config = RESEARCH_CONFIG.replace(
      'routing_preferences:',
      '  - model: ollama/Arch-Router-1.5B\nrouting_preferences:',
    );
    gw = await startTestGateway(
      `${config}\nrouting:\n  router: {type: llm, model: ollama/Arch-Router-1.5B, timeout_ms: 2000}\n`,
    );
  });
  afterAll(() => gw.stop());

  test("routes by the router model's answer", async () => {
    expect(await decide(gw, CODE)).toMatchObject({
      model: RESEARCH_ROUTES.code_generation,
      route: 'code_generation',
    });
    expect(await decide(gw, REASON)).toMatchObject({
      model: RESEARCH_ROUTES.complex_reasoning,
      route: 'complex_reasoning',
    });
    expect(await decide(gw, 'good morning')).toMatchObject({ model: 'openai/gpt-4o', route: null });
  });

  test('pins the first decision and skips the router afterwards', async () => {
    expect(await decide(gw, REASON, 'llm-1')).toMatchObject({
      model: RESEARCH_ROUTES.complex_reasoning,
      pinned: false,
    });
    expect(await decide(gw, CODE, 'llm-1')).toMatchObject({
      model: RESEARCH_ROUTES.complex_reasoning,
      pinned: true,
    });
  });
});

describe('llm router failure', () => {
  test('an unreachable router serves the default model and pins nothing', async () => {
    const dead = await freePort();
    const gw = await startTestGateway(
      `${RESEARCH_CONFIG}\nrouting:\n  router: {type: llm, base_url: "http://127.0.0.1:${dead}/v1", timeout_ms: 500}\n`,
      // The decision endpoint calls no model, so nothing needs to point at sim-models.
      { sim: false },
    );
    try {
      const first = await decide(gw, CODE, 'down-1');
      expect(first).toMatchObject({ model: 'openai/gpt-4o', route: null, pinned: false });
      expect(await gw.store.get({ id: 'down-1' })).toBeNull();
    } finally {
      await gw.stop();
    }
  });
});

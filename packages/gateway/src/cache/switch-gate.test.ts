import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import OpenAI from 'openai';
import {
  RESEARCH_CONFIG,
  RESEARCH_ROUTES,
  researchConversation,
  type SimModelsHandle,
  startTestGateway,
  type TestGateway,
} from '../../test/support/index.ts';
import type { ChatMessage } from '../protocol/openai.ts';
import { sample } from './test-prompts.ts';

// The cache-regret gate: step 0 of the research loop routes to the code model (Claude), step 1 to the
// reasoning model (GPT-4o). When the pin drifted or expired, the gate weighs re-sending the context
// uncached to GPT-4o against sending it cached to Claude.

const PRICING = `
    pricing: { input_per_million: 3, cached_input_per_million: 0.3, output_per_million: 15 }`;
const withGate = (threshold: number | undefined, priced = true) =>
  RESEARCH_CONFIG.replace(
    '  - model: openai/gpt-4o\n    access_key: $OPENAI_API_KEY\n    default: true',
    `  - model: openai/gpt-4o\n    access_key: $OPENAI_API_KEY\n    default: true${priced ? PRICING : ''}`,
  ).replace(
    '  - model: anthropic/claude-sonnet-4\n    access_key: $ANTHROPIC_API_KEY',
    `  - model: anthropic/claude-sonnet-4\n    access_key: $ANTHROPIC_API_KEY${PRICING}`,
  ) +
  `routing:\n  affinity:\n    reroute_on_prefix_drift: true\n${threshold === undefined ? '' : `    switch_cost_usd: ${threshold}\n`}`;

const withSystem = (n: number, system: string): ChatMessage[] => [
  { role: 'system', content: system },
  ...researchConversation(n).slice(1),
];

let sim: SimModelsHandle | undefined;
const exporter = new InMemorySpanExporter();
const gateways: TestGateway[] = [];
async function gateway(threshold: number | undefined, priced = true): Promise<TestGateway> {
  const gw = await startTestGateway(withGate(threshold, priced), {
    ...(sim ? { sim } : {}),
    deps: { observability: { spanExporter: exporter } },
  });
  sim ??= gw.sim;
  gateways.push(gw);
  return gw;
}
afterAll(async () => {
  for (const gw of gateways.reverse()) await gw.stop();
});

async function send(gw: TestGateway, id: string, messages: ChatMessage[]) {
  const client = new OpenAI({ baseURL: gw.baseURL, apiKey: 'k', maxRetries: 0 });
  const { response } = await client.chat.completions
    .create(
      { model: 'auto', messages: messages as OpenAI.ChatCompletionMessageParam[] },
      { headers: { 'x-model-affinity': id } },
    )
    .withResponse();
  return { model: response.headers.get('x-tether-model'), switch: response.headers.get('x-tether-switch') };
}

describe('cache-regret gate (routing.affinity.switch_cost_usd)', () => {
  beforeAll(() => exporter.reset());

  test('drift: regret above the threshold retains the warm model and re-pins it', async () => {
    const gw = await gateway(0.0001);
    const first = await send(gw, 'gate-retain', withSystem(0, 'You are a research agent. Use tools.'));
    expect(first.model).toBe(RESEARCH_ROUTES.code_generation);
    const drifted = await send(gw, 'gate-retain', withSystem(1, 'You are a research agent, v2.'));
    expect(drifted).toEqual({ model: RESEARCH_ROUTES.code_generation, switch: 'retained' });
    // Re-pinned to the retained model with the new prefix: the next turn is a plain pin hit.
    const pin = await (await gw.fetch('/affinity/v1/gate-retain')).json();
    expect(pin.model).toBe(RESEARCH_ROUTES.code_generation);
    const next = await send(gw, 'gate-retain', withSystem(1, 'You are a research agent, v2.'));
    expect(next).toEqual({ model: RESEARCH_ROUTES.code_generation, switch: null });

    const text = await (await gw.fetch('/metrics')).text();
    expect(sample(text, 'tether_switch_gate_total', 'outcome="retained"')).toBe(1);
    expect(sample(text, 'tether_switch_regret_usd_total', 'outcome="retained"')).toBeGreaterThan(0.0001);
    // The road not taken is on the request span.
    const span = exporter
      .getFinishedSpans()
      .find((s) => s.attributes['tether.switch.outcome'] === 'retained');
    expect(span?.attributes).toMatchObject({
      'tether.switch.previous_model': RESEARCH_ROUTES.code_generation,
      'tether.switch.candidate_model': RESEARCH_ROUTES.complex_reasoning,
      'tether.switch.road_not_taken': RESEARCH_ROUTES.complex_reasoning,
    });
    expect(Number(span?.attributes['tether.switch.regret_usd'])).toBeGreaterThan(0.0001);
  });

  test('expiry: regret below the threshold allows the switch', async () => {
    const gw = await gateway(1);
    expect((await send(gw, 'gate-allow', withSystem(0, 'S'))).model).toBe(RESEARCH_ROUTES.code_generation);
    // The pin goes away (as on expiry); the gateway still remembers which model served last.
    expect((await gw.fetch('/affinity/v1/gate-allow', { method: 'DELETE' })).status).toBe(200);
    const after = await send(gw, 'gate-allow', withSystem(1, 'S'));
    expect(after).toEqual({ model: RESEARCH_ROUTES.complex_reasoning, switch: 'allowed' });
    const text = await (await gw.fetch('/metrics')).text();
    expect(sample(text, 'tether_switch_gate_total', 'outcome="allowed"')).toBe(1);
    const span = exporter.getFinishedSpans().find((s) => s.attributes['tether.switch.outcome'] === 'allowed');
    expect(span?.attributes['tether.switch.road_not_taken']).toBe(RESEARCH_ROUTES.code_generation);
  });

  test('implicit sessions: a drifted prefix goes through the gate too', async () => {
    const base = withGate(0.0001).replace('reroute_on_prefix_drift: true', 'implicit_sessions: true');
    const gw = await startTestGateway(`${base}prompt_caching: { anthropic_markers: true }\n`, {
      ...(sim ? { sim } : {}),
    });
    gateways.push(gw);
    const client = new OpenAI({ baseURL: gw.baseURL, apiKey: 'k', maxRetries: 0 });
    const ask = async (messages: ChatMessage[]) => {
      const { response } = await client.chat.completions
        .create({ model: 'auto', messages: messages as OpenAI.ChatCompletionMessageParam[] })
        .withResponse();
      return [response.headers.get('x-tether-model'), response.headers.get('x-tether-switch')];
    };
    const long = 'You are a research agent. Cite every benchmark you use. '.repeat(100);
    // Claude with markers writes the cache on the first response: the implicit pin is committed.
    expect(await ask(withSystem(0, long))).toEqual([RESEARCH_ROUTES.code_generation, null]);
    // A new system prompt is a new implicit key; the conversation (same first message) is the same.
    expect(await ask(withSystem(1, `${long} Version 2.`))).toEqual([
      RESEARCH_ROUTES.code_generation,
      'retained',
    ]);
  });

  test('off without a threshold, and inert unless both models have pricing', async () => {
    for (const gw of [await gateway(undefined), await gateway(0.0001, false)]) {
      await send(gw, 'gate-off', withSystem(0, 'A'));
      const drifted = await send(gw, 'gate-off', withSystem(1, 'B'));
      expect(drifted).toEqual({ model: RESEARCH_ROUTES.complex_reasoning, switch: null });
    }
  });
});

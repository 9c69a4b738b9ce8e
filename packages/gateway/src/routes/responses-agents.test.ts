import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { Agent, OpenAIProvider, Runner, setTracingDisabled, tool } from '@openai/agents';
import OpenAI from 'openai';
import { z } from 'zod';
import {
  RESEARCH_ROUTES,
  RESEARCH_STEPS,
  startTestGateway,
  type TestGateway,
} from '../../test/support/index.ts';
import { responsesConfig } from '../../test/support/responses-config.ts';

/** Every decision the gateway made, read from the response headers the SDK's client saw. */
const served: Array<{ model: string | null; pinned: string | null }> = [];
let gw: TestGateway;
let modelProvider: OpenAIProvider;

const lookups: string[] = [];
const lookupBenchmarks = tool({
  name: 'lookup_benchmarks',
  description: 'Look up benchmark numbers for a query',
  parameters: z.object({ query: z.string() }),
  execute: async ({ query }) => {
    lookups.push(query);
    return `p50 42 ms for ${query}`;
  },
});
const compareResults = tool({
  name: 'compare_results',
  description: 'Compare two sets of results',
  parameters: z.object({ left: z.string(), right: z.string() }),
  execute: async () => 'left is faster',
});

describe.each(['native', 'translate'] as const)(
  '@openai/agents with its default Responses model (%s upstream)',
  (mode) => {
    beforeAll(async () => {
      gw = await startTestGateway(responsesConfig(mode));
      const observe: typeof fetch = Object.assign(
        async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
          const response = await fetch(input, init);
          served.push({
            model: response.headers.get('x-tether-model'),
            pinned: response.headers.get('x-tether-pinned'),
          });
          return response;
        },
        { preconnect: fetch.preconnect },
      );
      // Default settings apart from the base URL (and a fetch that only records headers). The SDK's
      // default provider caches its client, so each gateway gets its own provider instead of
      // `setDefaultOpenAIClient`; the model is still the default Responses model.
      const openAIClient = new OpenAI({ baseURL: gw.baseURL, apiKey: 'client-key', fetch: observe });
      modelProvider = new OpenAIProvider({ openAIClient });
      setTracingDisabled(true);
    });
    afterAll(() => gw.stop());

    test('a multi-turn tool loop runs through Tether and stays on one model, pinned', async () => {
      const agent = new Agent({
        name: 'Researcher',
        instructions: 'You are a research agent. Use tools.',
        tools: [lookupBenchmarks, compareResults],
      });
      const runner = new Runner({ modelProvider });
      served.length = 0;
      const first = await runner.run(agent, RESEARCH_STEPS[1]);
      expect(lookups.length).toBeGreaterThan(0);
      expect(typeof first.finalOutput).toBe('string');
      expect((first.finalOutput as string).length).toBeGreaterThan(0);
      // Tool rounds then the answer: several model calls in one run.
      expect(served.length).toBeGreaterThanOrEqual(3);

      // A second user turn continuing the same conversation (the SDK resends the history).
      const second = await runner.run(agent, [
        ...first.history,
        { role: 'user', content: RESEARCH_STEPS[0] },
      ]);
      expect(typeof second.finalOutput).toBe('string');

      expect(new Set(served.map((s) => s.model))).toEqual(new Set([RESEARCH_ROUTES.complex_reasoning]));
      expect(served[0]?.pinned).toBe('false');
      expect(served.slice(1).every((s) => s.pinned === 'true')).toBe(true);
    });

    test('with previousResponseId the run continues the stored chain', async () => {
      const agent = new Agent({ name: 'Researcher', instructions: 'Use tools.', tools: [lookupBenchmarks] });
      const runner = new Runner({ modelProvider });
      served.length = 0;
      const first = await runner.run(agent, RESEARCH_STEPS[0]);
      const next = await runner.run(agent, RESEARCH_STEPS[1], { previousResponseId: first.lastResponseId });
      expect(typeof next.finalOutput).toBe('string');
      expect(new Set(served.map((s) => s.model))).toEqual(new Set([RESEARCH_ROUTES.code_generation]));
      expect(served.slice(1).every((s) => s.pinned === 'true')).toBe(true);
    });
  },
);

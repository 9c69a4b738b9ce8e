import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createOpenAI } from '@ai-sdk/openai';
import { generateText, isStepCount, streamText, tool } from 'ai';
import { z } from 'zod';
import {
  RESEARCH_ROUTES,
  RESEARCH_STEPS,
  startTestGateway,
  type TestGateway,
} from '../../test/support/index.ts';
import { responsesConfig } from '../../test/support/responses-config.ts';

const served: Array<{ path: string; model: string | null; pinned: string | null }> = [];
let gw: TestGateway;
let openai: ReturnType<typeof createOpenAI>;

const tools = {
  lookup_benchmarks: tool({
    description: 'Look up benchmark numbers for a query',
    inputSchema: z.object({ query: z.string() }),
    execute: async ({ query }) => `p50 42 ms for ${query}`,
  }),
  compare_results: tool({
    description: 'Compare two sets of results',
    inputSchema: z.object({ left: z.string(), right: z.string() }),
    execute: async () => 'left is faster',
  }),
};

describe.each(['native', 'translate'] as const)(
  "the AI SDK's default openai('…') model (Responses API) (%s upstream)",
  (mode) => {
    beforeAll(async () => {
      gw = await startTestGateway(responsesConfig(mode));
      const observe = Object.assign(
        async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
          const response = await fetch(input, init);
          served.push({
            path: new URL(String(input)).pathname,
            model: response.headers.get('x-tether-model'),
            pinned: response.headers.get('x-tether-pinned'),
          });
          return response;
        },
        { preconnect: fetch.preconnect },
      );
      // The provider's defaults apart from the base URL (and a fetch that only records headers).
      openai = createOpenAI({ baseURL: gw.baseURL, apiKey: 'client-key', fetch: observe });
    });
    afterAll(() => gw.stop());

    test('generateText: a multi-step tool loop, then a second turn, on one model, pinned', async () => {
      served.length = 0;
      const first = await generateText({
        model: openai('gpt-4o-mini'),
        system: 'You are a research agent. Use tools.',
        prompt: RESEARCH_STEPS[1],
        tools,
        stopWhen: isStepCount(6),
      });
      expect(first.steps.length).toBeGreaterThanOrEqual(3);
      expect(first.text.length).toBeGreaterThan(0);

      const second = await generateText({
        model: openai('gpt-4o-mini'),
        messages: [...first.response.messages, { role: 'user', content: RESEARCH_STEPS[0] }],
        tools,
        stopWhen: isStepCount(6),
      });
      expect(second.text.length).toBeGreaterThan(0);

      expect(served.every((s) => s.path === '/v1/responses')).toBe(true);
      expect(new Set(served.map((s) => s.model))).toEqual(new Set([RESEARCH_ROUTES.complex_reasoning]));
      expect(served[0]?.pinned).toBe('false');
      expect(served.slice(1).every((s) => s.pinned === 'true')).toBe(true);
    });

    test('streamText: a streamed multi-step tool loop on one model, pinned', async () => {
      served.length = 0;
      const result = streamText({
        model: openai('gpt-4o-mini'),
        prompt: RESEARCH_STEPS[0],
        tools,
        stopWhen: isStepCount(6),
      });
      let text = '';
      for await (const delta of result.textStream) text += delta;
      expect(text.length).toBeGreaterThan(0);
      expect((await result.steps).length).toBeGreaterThanOrEqual(3);
      expect(new Set(served.map((s) => s.model))).toEqual(new Set([RESEARCH_ROUTES.code_generation]));
      expect(served.slice(1).every((s) => s.pinned === 'true')).toBe(true);
    });
  },
);

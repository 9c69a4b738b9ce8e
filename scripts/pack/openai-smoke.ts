import { expect } from 'bun:test';
import OpenAI from 'openai';
import { CODE_MODEL, REASONING_MODEL } from './support.ts';

const CODE_PROMPT = 'Write a Python function that generates the SQL schema with CREATE TABLE statements.';
const REASONING_PROMPT = 'Now analyse and compare the two options and reason about the trade-offs.';

/**
 * The OpenAI-SDK smoke test every runtime must pass against a gateway on sim-models: routing picks
 * the route's model, a pin holds over 3 turns whatever the later prompts ask for, and a stream
 * arrives in chunks and ends with a finish reason.
 */
export async function expectOpenAiSmoke(gatewayUrl: string, affinityId: string): Promise<void> {
  const client = new OpenAI({
    baseURL: `${gatewayUrl}/v1`,
    apiKey: 'unused',
    maxRetries: 0,
    timeout: 20_000,
  });

  // Routing: no affinity header, each prompt goes to its route's model.
  for (const [prompt, route, model] of [
    [CODE_PROMPT, 'code_generation', CODE_MODEL],
    [REASONING_PROMPT, 'complex_reasoning', REASONING_MODEL],
  ] as const) {
    const { data, response } = await client.chat.completions
      .create({ model: 'auto', messages: [{ role: 'user', content: prompt }] })
      .withResponse();
    expect(response.headers.get('x-tether-route')).toBe(route);
    expect(response.headers.get('x-tether-model')).toBe(model);
    expect(data.choices[0]?.message.content?.length).toBeGreaterThan(0);
  }

  // A pin over 3 turns: the first routes to the code model and pins it (`x-tether-pinned: false`, it
  // was just created), the reasoning turns are served from the pin.
  const messages: OpenAI.ChatCompletionMessageParam[] = [];
  const pinned: Array<[string | null, string | null]> = [];
  for (const prompt of [CODE_PROMPT, REASONING_PROMPT, REASONING_PROMPT]) {
    messages.push({ role: 'user', content: prompt });
    const { data, response } = await client.chat.completions
      .create({ model: 'auto', messages }, { headers: { 'x-model-affinity': affinityId } })
      .withResponse();
    pinned.push([response.headers.get('x-tether-model'), response.headers.get('x-tether-pinned')]);
    messages.push({ role: 'assistant', content: data.choices[0]?.message.content ?? '' });
  }
  expect(pinned).toEqual([
    [CODE_MODEL, 'false'],
    [CODE_MODEL, 'true'],
    [CODE_MODEL, 'true'],
  ]);

  // A stream, on the same pin.
  const stream = await client.chat.completions.create(
    { model: 'auto', stream: true, messages: [...messages, { role: 'user', content: REASONING_PROMPT }] },
    { headers: { 'x-model-affinity': affinityId } },
  );
  let text = '';
  let chunks = 0;
  let finish: string | null = null;
  for await (const chunk of stream) {
    chunks++;
    text += chunk.choices[0]?.delta.content ?? '';
    finish = chunk.choices[0]?.finish_reason ?? finish;
  }
  expect(chunks).toBeGreaterThan(1);
  expect(text.length).toBeGreaterThan(0);
  expect(finish).toBe('stop');
}

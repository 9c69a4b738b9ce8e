import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import Anthropic from '@anthropic-ai/sdk';
import { type SimModelsHandle, startSimModels } from '@tether/sim-models';
import type { AnthropicMessagesRequest } from '../protocol/anthropic.ts';
import { createOpenAICompatibleProvider } from '../providers/openai-compatible/index.ts';
import type { Provider, ProviderCallContext } from '../providers/types.ts';
import { readEvents } from './__fixtures__/helpers.ts';
import { anthropicToOpenAIRequest } from './anthropic-to-openai-request.ts';
import { openAIStreamToAnthropic } from './openai-stream-to-anthropic.ts';
import { openAIToAnthropicResponse } from './openai-to-anthropic-response.ts';

// An Anthropic client's request served by an OpenAI-style upstream (sim-models), over real sockets.
let sim: SimModelsHandle;
let openai: Provider;
let front: ReturnType<typeof Bun.serve>;
const ctx = (): ProviderCallContext => ({ signal: new AbortController().signal });

/** The translation path of `/v1/messages` for an OpenAI target, as a tiny server the official SDK can call. */
async function serveMessages(request: Request): Promise<Response> {
  const body = (await request.json()) as AnthropicMessagesRequest;
  const translated = anthropicToOpenAIRequest(body);
  if (body.stream !== true)
    return Response.json(openAIToAnthropicResponse(await openai.chat(translated, ctx())));
  const stream = openAIStreamToAnthropic(await openai.stream(translated, ctx()), { model: body.model });
  return new Response(stream, { headers: { 'content-type': 'text/event-stream' } });
}

beforeAll(async () => {
  sim = await startSimModels({ quiet: true });
  openai = createOpenAICompatibleProvider({
    name: 'openai',
    interface: 'openai',
    baseUrl: `${sim.url}/v1`,
    timeoutMs: 10_000,
  });
  front = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: serveMessages });
});
afterAll(async () => {
  front.stop(true);
  await sim.stop();
});

const request: AnthropicMessagesRequest = {
  model: 'gpt-4o-mini',
  max_tokens: 400,
  system: 'You are a database expert.',
  messages: [{ role: 'user', content: 'Compare Postgres and MySQL for analytics.' }],
  tools: [
    {
      name: 'search_docs',
      description: 'Search documentation',
      input_schema: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
    },
  ],
};

describe('Anthropic request → OpenAI upstream (sim-models) → Anthropic answer', () => {
  test('streaming gives the full Anthropic event sequence: text block, one block per parallel tool call', async () => {
    const translated = anthropicToOpenAIRequest({ ...request, stream: true });
    const events = await readEvents(openAIStreamToAnthropic(await openai.stream(translated, ctx())));
    // Runs of deltas collapsed: each block opens, gets deltas for its own index, and closes.
    const order = events
      .map((event) => event.event)
      .filter((name, i, all) => name !== 'content_block_delta' || all[i - 1] !== name);
    const block = ['content_block_start', 'content_block_delta', 'content_block_stop'];
    expect(order).toEqual(['message_start', ...block, ...block, ...block, 'message_delta', 'message_stop']);
    let open: unknown;
    for (const { event, json } of events) {
      if (event === 'content_block_start') open = json?.index;
      else if (event === 'content_block_delta' || event === 'content_block_stop')
        expect(json?.index).toBe(open);
    }
    const starts = events
      .filter((event) => event.event === 'content_block_start')
      .map((event) => event.json?.content_block);
    expect(starts).toMatchObject([
      { type: 'text' },
      { type: 'tool_use', name: 'search_docs' },
      { type: 'tool_use', name: 'search_docs' },
    ]);
    const delta = events.at(-2)?.json;
    expect(delta).toMatchObject({
      delta: { stop_reason: 'tool_use' },
      usage: { output_tokens: expect.any(Number) },
    });
    expect((delta?.usage as { input_tokens?: number } | undefined)?.input_tokens).toBeGreaterThan(0);
  });

  test('the official Anthropic SDK accumulates the translated stream into a valid message', async () => {
    const client = new Anthropic({
      baseURL: `http://127.0.0.1:${front.port}`,
      apiKey: 'unused',
      maxRetries: 0,
    });
    const message = await client.messages.stream(request as Anthropic.MessageCreateParams).finalMessage();
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content.map((block) => block.type)).toEqual(['text', 'tool_use', 'tool_use']);
    for (const block of message.content) {
      if (block.type === 'tool_use') expect(block.input).toHaveProperty('query');
    }
    expect(message.usage.output_tokens).toBeGreaterThan(0);
  });

  test('non-streaming: tool calls come back as tool_use blocks, then tool results yield a final answer', async () => {
    const client = new Anthropic({
      baseURL: `http://127.0.0.1:${front.port}`,
      apiKey: 'unused',
      maxRetries: 0,
    });
    const first = await client.messages.create(request as Anthropic.MessageCreateParamsNonStreaming);
    expect(first.stop_reason).toBe('tool_use');
    const uses = first.content.filter((block) => block.type === 'tool_use');
    expect(uses).toHaveLength(2);
    const second = await client.messages.create({
      ...(request as Anthropic.MessageCreateParamsNonStreaming),
      messages: [
        ...(request.messages as Anthropic.MessageParam[]),
        { role: 'assistant', content: first.content },
        {
          role: 'user',
          content: uses.map((use) => ({
            type: 'tool_result' as const,
            tool_use_id: use.id,
            content: 'Postgres wins.',
          })),
        },
      ],
    });
    expect(second.stop_reason).toBe('end_turn');
    expect(second.content[0]).toMatchObject({ type: 'text', text: expect.any(String) });
  });
});

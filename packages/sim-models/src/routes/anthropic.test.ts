import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import Anthropic from '@anthropic-ai/sdk';
import type { MessageParam, Tool } from '@anthropic-ai/sdk/resources/messages';
import { type SimModelsHandle, startSimModels } from '../server.ts';

let sim: SimModelsHandle;
let client: Anthropic;

beforeAll(async () => {
  sim = await startSimModels({ quiet: true });
  client = new Anthropic({ baseURL: sim.url, apiKey: 'sim-key', maxRetries: 0 });
});
afterAll(() => sim.stop());

const tools: Tool[] = [
  {
    name: 'get_benchmarks',
    input_schema: { type: 'object', properties: { database: { type: 'string' } }, required: ['database'] },
  },
  { name: 'estimate_cost', input_schema: { type: 'object', properties: {} } },
];

describe('messages', () => {
  test('answers with a text block naming the model, end_turn and usage', async () => {
    const { data, response } = await client.messages
      .create({
        model: 'claude-sonnet-4-6',
        max_tokens: 1024,
        messages: [{ role: 'user', content: 'What are the scalability trade-offs of MongoDB?' }],
      })
      .withResponse();
    expect(response.headers.get('x-sim-model')).toBe('true');
    expect(data.model).toBe('claude-sonnet-4-6');
    expect(data.stop_reason).toBe('end_turn');
    const block = data.content[0]!;
    expect(block.type === 'text' && block.text).toStartWith('[claude-sonnet-4-6] ');
    expect(data.usage.output_tokens).toBeGreaterThan(1);
  });

  test('streams the full event sequence and the SDK assembles the same message', async () => {
    const params = {
      model: 'claude-haiku-4-5',
      max_tokens: 1024,
      messages: [{ role: 'user' as const, content: 'Compare PostgreSQL and MongoDB' }],
    };
    const events: string[] = [];
    const stream = await client.messages.create({ ...params, stream: true });
    let text = '';
    for await (const event of stream) {
      events.push(event.type);
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
    }
    expect(events[0]).toBe('message_start');
    expect(events.filter((e) => e === 'content_block_delta').length).toBeGreaterThan(3);
    expect(events.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
    const whole = await client.messages.create(params);
    expect(whole.content[0]!.type === 'text' && whole.content[0]!.text).toBe(text);
  });

  test('tool_use loop: calls with input_json_delta when streamed, then a final answer', async () => {
    const messages: MessageParam[] = [{ role: 'user', content: 'Should we pick PostgreSQL or MongoDB?' }];
    const names: string[][] = [];
    for (let turn = 0; turn < 4; turn++) {
      const msg = await client.messages
        .stream({ model: 'claude-x', max_tokens: 1024, messages, tools })
        .finalMessage();
      if (msg.stop_reason !== 'tool_use') {
        const block = msg.content[0]!;
        expect(block.type === 'text' && block.text).toContain('postgresql: latency_ms 7');
        expect(names).toEqual([['get_benchmarks', 'get_benchmarks'], ['estimate_cost']]);
        return;
      }
      const uses = msg.content.filter((b) => b.type === 'tool_use');
      names.push(uses.map((b) => b.name));
      expect(msg.content[0]!.type).toBe('text');
      messages.push({ role: 'assistant', content: msg.content });
      messages.push({
        role: 'user',
        content: uses.map((b) => ({
          type: 'tool_result' as const,
          tool_use_id: b.id,
          content: JSON.stringify({ ...(b.input as object), latency_ms: 7 }),
        })),
      });
      expect(uses[0]!.id).toStartWith('toolu_');
    }
    throw new Error('the loop never ended');
  });

  test('invalid requests get Anthropic-shaped 400s', async () => {
    const err = await client.messages
      .create({ model: 'm', max_tokens: 10, messages: [] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    const res = await fetch(`${sim.url}/v1/messages`, { method: 'POST', body: '{' });
    expect(await res.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
  });

  test('lists models in Anthropic shape', async () => {
    const page = await client.models.list();
    expect(page.data.map((m) => m.id)).toContain('claude-sonnet-4-6');
  });

  test('a base URL ending in /v1 works too (/v1/v1/messages)', async () => {
    const withV1 = new Anthropic({ baseURL: `${sim.url}/v1`, apiKey: 'sim-key', maxRetries: 0 });
    const msg = await withV1.messages.create({
      model: 'c',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(msg.model).toBe('c');
  });
});

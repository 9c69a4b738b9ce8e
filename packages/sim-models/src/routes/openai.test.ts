import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { type SimModelsHandle, startSimModels } from '../server.ts';

let sim: SimModelsHandle;
let client: OpenAI;

beforeAll(async () => {
  sim = await startSimModels({ quiet: true });
  client = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'sim-key', maxRetries: 0 });
});
afterAll(() => sim.stop());

describe('chat completions', () => {
  test('answers naming the model, with usage and the x-sim-model header', async () => {
    const { data, response } = await client.chat.completions
      .create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Compare PostgreSQL vs MongoDB' }] })
      .withResponse();
    expect(response.headers.get('x-sim-model')).toBe('true');
    expect(data.model).toBe('gpt-4o');
    expect(data.choices[0]!.message.content).toStartWith('[gpt-4o] ');
    expect(data.choices[0]!.finish_reason).toBe('stop');
    expect(data.usage!.total_tokens).toBe(data.usage!.prompt_tokens + data.usage!.completion_tokens);
  });

  test('streams role first, content over several deltas, finish_reason, usage, then [DONE]', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'List the requirements for a ticketing system' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks[0]!.choices[0]!.delta.role).toBe('assistant');
    const deltas = chunks.flatMap((c) => c.choices.map((ch) => ch.delta.content ?? ''));
    expect(deltas.filter((d) => d !== '').length).toBeGreaterThan(3);
    const whole = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'List the requirements for a ticketing system' }],
    });
    expect(deltas.join('')).toBe(whole.choices[0]!.message.content!);
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe('stop');
    expect(chunks.at(-1)!.choices).toEqual([]);
    expect(chunks.at(-1)!.usage!.completion_tokens).toBeGreaterThan(0);
  });

  test('latency, ttft and chunk-delay headers slow the stream but keep it intact', async () => {
    const params = { model: 'm', messages: [{ role: 'user' as const, content: 'Explain sharding' }] };
    const stream = await client.chat.completions.create(
      { ...params, stream: true },
      { headers: { 'x-sim-latency-ms': '5', 'x-sim-ttft-ms': '5', 'x-sim-chunk-delay-ms': '1' } },
    );
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe((await client.chat.completions.create(params)).choices[0]!.message.content!);
  });

  test('the raw stream ends with data: [DONE]', async () => {
    const res = await fetch(`${sim.url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'm', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.headers.get('content-type')).toStartWith('text/event-stream');
    expect((await res.text()).endsWith('data: [DONE]\n\n')).toBe(true);
  });

  test('a missing or invalid body is a 400 in OpenAI error shape', async () => {
    const err = await client.chat.completions
      .create({ model: 'gpt-4o', messages: [] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect((err as InstanceType<typeof OpenAI.APIError>).type).toBe('invalid_request_error');
    const res = await fetch(`${sim.url}/v1/chat/completions`, { method: 'POST', body: 'not json' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('JSON');
  });

  test('x-sim-fixed: tiny answers "ok" in one token', async () => {
    const data = await client.chat.completions.create(
      { model: 'bench', messages: [{ role: 'user', content: 'anything' }] },
      { headers: { 'x-sim-fixed': 'tiny' } },
    );
    expect(data.choices[0]!.message.content).toBe('ok');
    expect(data.usage!.completion_tokens).toBe(1);
    expect(data.model).toBe('bench');
  });
});

const tools: ChatCompletionTool[] = [
  {
    type: 'function',
    function: {
      name: 'get_benchmarks',
      parameters: {
        type: 'object',
        properties: { workload_type: { type: 'string', enum: ['oltp', 'analytics'] } },
        required: ['workload_type'],
      },
    },
  },
  { type: 'function', function: { name: 'estimate_cost', parameters: { type: 'object', properties: {} } } },
  { type: 'function', function: { name: 'check_limits', parameters: { type: 'object', properties: {} } } },
];

async function runAgent(stream: boolean): Promise<{ rounds: string[][]; plans: string[]; final: string }> {
  const messages: ChatCompletionMessageParam[] = [{ role: 'user', content: 'Which database fits our shop?' }];
  const rounds: string[][] = [];
  const plans: string[] = [];
  for (let turn = 0; turn < 6; turn++) {
    const params = { model: 'gpt-4o', messages, tools };
    const message = stream
      ? await client.chat.completions.stream({ ...params, stream: true }).finalMessage()
      : (await client.chat.completions.create(params)).choices[0]!.message;
    if (!message.tool_calls?.length) return { rounds, plans, final: message.content ?? '' };
    rounds.push(message.tool_calls.map((c) => (c.type === 'function' ? c.function.name : '')));
    plans.push(message.content ?? '');
    messages.push({ role: 'assistant', content: message.content, tool_calls: message.tool_calls });
    message.tool_calls.forEach((c, i) => {
      messages.push({
        role: 'tool',
        tool_call_id: c.id,
        content: JSON.stringify({ engine: `db${turn}${i}`, tps: 1000 + turn }),
      });
    });
  }
  throw new Error('the loop never ended');
}

describe('tool calling loop', () => {
  test('calls tools for three rounds with a changing plan, then answers citing the results', async () => {
    const run = await runAgent(false);
    expect(run.rounds).toEqual([['get_benchmarks', 'get_benchmarks'], ['estimate_cost'], ['check_limits']]);
    expect(new Set(run.plans).size).toBe(3);
    expect(run.final).toContain('[gpt-4o]');
    expect(run.final).toContain('db00: tps 1000');
    expect(await runAgent(false)).toEqual(run);
  });

  test('streams tool calls with arguments split over chunks, same result as non-streaming', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'OLTP or analytics?' }],
      tools,
      stream: true,
    });
    const argPieces: string[] = [];
    let finish: string | null = null;
    for await (const chunk of stream) {
      for (const tc of chunk.choices[0]?.delta.tool_calls ?? [])
        if (tc.function?.arguments) argPieces.push(tc.function.arguments);
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(argPieces.length).toBeGreaterThan(2);
    expect(finish).toBe('tool_calls');
    expect(await runAgent(true)).toEqual(await runAgent(false));
  });

  test('tool_choice none answers, a named tool_choice calls that tool', async () => {
    const none = await client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'hi' }],
      tools,
      tool_choice: 'none',
    });
    expect(none.choices[0]!.finish_reason).toBe('stop');
    const named = await client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'hi' }],
      tools,
      tool_choice: { type: 'function', function: { name: 'check_limits' } },
    });
    const call = named.choices[0]!.message.tool_calls![0]!;
    expect(call.type === 'function' && call.function.name).toBe('check_limits');
  });
});

describe('embeddings and models', () => {
  test('embeds strings deterministically (base64 by SDK default, and float)', async () => {
    const a = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: ['postgres schema', 'cats'],
    });
    expect(a.data).toHaveLength(2);
    expect(a.data[0]!.embedding).toHaveLength(256);
    const b = await client.embeddings.create({
      model: 'e',
      input: 'postgres schema',
      encoding_format: 'float',
    });
    for (const [i, x] of a.data[0]!.embedding.entries()) expect(x).toBeCloseTo(b.data[0]!.embedding[i]!, 6);
    const c = await client.embeddings.create({ model: 'e', input: 'x', dimensions: 32 });
    expect(c.data[0]!.embedding).toHaveLength(32);
  });

  test('lists models', async () => {
    const ids: string[] = [];
    for await (const m of client.models.list()) ids.push(m.id);
    expect(ids).toContain('gpt-4o');
    expect((await client.models.retrieve('any-model')).id).toBe('any-model');
  });
});

describe('router protocol', () => {
  test('an Arch-Router prompt gets exactly {"route": name}', async () => {
    const routes = [
      { name: 'code', description: 'write SQL, schemas and code' },
      { name: 'chat', description: 'small talk and greetings' },
    ];
    const conversation = [{ role: 'user', content: 'Please write the SQL for an orders table' }];
    const prompt = `<routes>\n${JSON.stringify(routes)}\n</routes>\n<conversation>\n${JSON.stringify(conversation)}\n</conversation>\nAnswer with {"route": "route_name"}`;
    const data = await client.chat.completions.create({
      model: 'arch-router',
      messages: [{ role: 'user', content: prompt }],
    });
    expect(JSON.parse(data.choices[0]!.message.content!)).toEqual({ route: 'code' });
  });
});

import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type {
  FunctionTool,
  Response as OpenAIResponse,
  ResponseInputItem,
  ResponseStreamEvent,
} from 'openai/resources/responses/responses';
import { type SimModelsHandle, startSimModels } from '../server.ts';

let sim: SimModelsHandle;
let client: OpenAI;

beforeAll(async () => {
  sim = await startSimModels({ quiet: true });
  client = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'sim-key', maxRetries: 0 });
});
afterAll(() => sim.stop());

const caught = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

const tools: FunctionTool[] = [
  {
    type: 'function',
    name: 'get_benchmarks',
    strict: false,
    parameters: {
      type: 'object',
      properties: { workload_type: { type: 'string', enum: ['oltp', 'analytics'] } },
      required: ['workload_type'],
    },
  },
  { type: 'function', name: 'estimate_cost', strict: false, parameters: { type: 'object', properties: {} } },
  { type: 'function', name: 'check_limits', strict: false, parameters: { type: 'object', properties: {} } },
];

describe('POST /v1/responses', () => {
  test('answers a string input with a message item, usage and the same text as chat completions', async () => {
    const { data, response } = await client.responses
      .create({ model: 'gpt-4o', instructions: 'Be brief.', input: 'Compare PostgreSQL vs MongoDB' })
      .withResponse();
    expect(response.headers.get('x-sim-model')).toBe('true');
    expect(data.id).toStartWith('resp_');
    expect(data.object).toBe('response');
    expect(data.status).toBe('completed');
    expect(data.model).toBe('gpt-4o');
    expect(data.instructions).toBe('Be brief.');
    const item = data.output[0]!;
    expect(item.type).toBe('message');
    expect(data.output_text).toStartWith('[gpt-4o] ');
    const chat = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Compare PostgreSQL vs MongoDB' },
      ],
    });
    expect(data.output_text).toBe(chat.choices[0]!.message.content!);
    const usage = data.usage!;
    expect(usage.input_tokens).toBe(chat.usage!.prompt_tokens);
    expect(usage.total_tokens).toBe(usage.input_tokens + usage.output_tokens);
    expect(typeof usage.input_tokens_details.cached_tokens).toBe('number');
    expect(usage.output_tokens_details.reasoning_tokens).toBe(0);
  });

  test('echoes metadata, temperature, store and tool settings; ids are unique per response', async () => {
    const params = {
      model: 'm',
      input: 'hi',
      metadata: { run: 'r1' },
      temperature: 0.2,
      tools,
      tool_choice: 'none' as const,
    };
    const a = await client.responses.create(params);
    const b = await client.responses.create(params);
    expect(a.metadata).toEqual({ run: 'r1' });
    expect(a.temperature).toBe(0.2);
    expect(a).toHaveProperty('store', true);
    expect(a.tool_choice).toBe('none');
    expect(a.tools.map((t) => t.type === 'function' && t.name)).toEqual(tools.map((t) => t.name));
    expect(a.id).not.toBe(b.id);
    expect(a.output_text).toBe(b.output_text);
  });

  test('max_output_tokens cuts the text and marks the response incomplete', async () => {
    const data = await client.responses.create({
      model: 'm',
      input: 'List the requirements for a ticketing system',
      max_output_tokens: 16,
    });
    expect(data.status).toBe('incomplete');
    expect(data.incomplete_details?.reason).toBe('max_output_tokens');
    expect(data.output_text.length).toBeLessThanOrEqual(64);
  });

  test('input items: messages with input_text / output_text parts', async () => {
    const data = await client.responses.create({
      model: 'gpt-4o',
      input: [
        { role: 'developer', content: 'Be brief.' },
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Explain sharding' }] },
      ],
    });
    expect(data.output_text).toStartWith('[gpt-4o] ');
  });
});

async function loop(opts: { chain: boolean; stream: boolean; model?: string }) {
  const model = opts.model ?? 'gpt-4o';
  let input: ResponseInputItem[] = [{ role: 'user', content: 'Which database fits our shop?' }];
  let previous: string | undefined;
  const rounds: string[][] = [];
  for (let turn = 0; turn < 6; turn++) {
    const params = {
      model,
      input,
      tools,
      ...(opts.chain ? { previous_response_id: previous } : { store: false }),
    };
    const res: OpenAIResponse = opts.stream
      ? await client.responses.stream(params).finalResponse()
      : await client.responses.create(params);
    const calls = res.output.filter((o) => o.type === 'function_call');
    if (calls.length === 0) return { rounds, final: res.output_text };
    rounds.push(calls.map((c) => c.name));
    const outputs: ResponseInputItem[] = calls.map((c, i) => ({
      type: 'function_call_output',
      call_id: c.call_id,
      output: JSON.stringify({ engine: `db${turn}${i}`, tps: 1000 + turn }),
    }));
    if (opts.chain) {
      previous = res.id;
      input = outputs;
    } else {
      input = [...input, ...(res.output as ResponseInputItem[]), ...outputs];
    }
  }
  throw new Error('the loop never ended');
}

/** The same agent loop over chat completions, for the "same conversation, same answer" check. */
async function chatLoop() {
  const messages: ChatCompletionMessageParam[] = [{ role: 'user', content: 'Which database fits our shop?' }];
  const chatTools = tools.map((t) => ({
    type: 'function' as const,
    function: { name: t.name, parameters: t.parameters ?? {} },
  }));
  const rounds: string[][] = [];
  for (let turn = 0; turn < 6; turn++) {
    const message = (await client.chat.completions.create({ model: 'gpt-4o', messages, tools: chatTools }))
      .choices[0]!.message;
    const calls = (message.tool_calls ?? []).filter((c) => c.type === 'function');
    if (calls.length === 0) return { rounds, final: message.content ?? '' };
    rounds.push(calls.map((c) => c.function.name));
    messages.push({ role: 'assistant', content: message.content, tool_calls: calls });
    calls.forEach((c, i) => {
      messages.push({
        role: 'tool',
        tool_call_id: c.id,
        content: JSON.stringify({ engine: `db${turn}${i}`, tps: 1000 + turn }),
      });
    });
  }
  throw new Error('the loop never ended');
}

describe('function calling', () => {
  test('a previous_response_id chain, full input items and chat completions all give the same run', async () => {
    const chained = await loop({ chain: true, stream: false });
    expect(chained.rounds).toEqual([
      ['get_benchmarks', 'get_benchmarks'],
      ['estimate_cost'],
      ['check_limits'],
    ]);
    expect(chained.final).toContain('db00: tps 1000');
    expect(await chatLoop()).toEqual(chained);
    expect(await loop({ chain: false, stream: false })).toEqual(chained);
    expect(await loop({ chain: true, stream: true })).toEqual(chained);
    expect(await loop({ chain: false, stream: true })).toEqual(chained);
  });

  test('function_call items carry call_id, name and JSON arguments', async () => {
    const res = await client.responses.create({ model: 'm', input: 'OLTP or analytics?', tools });
    const call = res.output.find((o) => o.type === 'function_call');
    expect(call?.type === 'function_call' && call.call_id).toStartWith('call_');
    expect(call?.id).toStartWith('fc_');
    expect(JSON.parse(call?.type === 'function_call' ? call.arguments : '')).toHaveProperty('workload_type');
  });

  test('a named tool_choice calls that tool', async () => {
    const res = await client.responses.create({
      model: 'm',
      input: 'hi',
      tools,
      tool_choice: { type: 'function', name: 'check_limits' },
    });
    const call = res.output.find((o) => o.type === 'function_call');
    expect(call?.type === 'function_call' && call.name).toBe('check_limits');
  });
});

describe('streaming', () => {
  test('emits the documented event sequence with consecutive sequence numbers', async () => {
    const stream = await client.responses.create({
      model: 'gpt-4o',
      input: 'Explain sharding',
      stream: true,
    });
    const events: ResponseStreamEvent[] = [];
    for await (const e of stream) events.push(e);
    const types = events.map((e) => e.type);
    expect(types.slice(0, 4)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
    ]);
    expect(types.filter((t) => t === 'response.output_text.delta').length).toBeGreaterThan(2);
    expect(types.slice(-4)).toEqual([
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    const text = events.map((e) => (e.type === 'response.output_text.delta' ? e.delta : '')).join('');
    const last = events.at(-1)!;
    expect(last.type === 'response.completed' && last.response.usage!.output_tokens).toBeGreaterThan(0);
    const whole = await client.responses.create({ model: 'gpt-4o', input: 'Explain sharding' });
    expect(text).toBe(whole.output_text);
  });

  test('streams function-call arguments in several deltas', async () => {
    const stream = await client.responses.create({ model: 'm', input: 'OLTP?', tools, stream: true });
    const types: string[] = [];
    for await (const e of stream) types.push(e.type);
    expect(types.filter((t) => t === 'response.function_call_arguments.delta').length).toBeGreaterThan(3);
    expect(types.filter((t) => t === 'response.function_call_arguments.done')).toHaveLength(2);
    expect(types.at(-1)).toBe('response.completed');
  });

  test('latency and chunk-delay knobs keep the stream intact', async () => {
    const res = await client.responses
      .stream(
        { model: 'm', input: 'Explain sharding' },
        { headers: { 'x-sim-ttft-ms': '2', 'x-sim-chunk-delay-ms': '1', 'x-sim-latency-ms': '2' } },
      )
      .finalResponse();
    expect(res.output_text).toBe(
      (await client.responses.create({ model: 'm', input: 'Explain sharding' })).output_text,
    );
  });
});

describe('stored responses', () => {
  test('retrieve and delete a stored response; store: false keeps nothing', async () => {
    const res = await client.responses.create({ model: 'm', input: 'hi' });
    const got = await client.responses.retrieve(res.id);
    expect(got.id).toBe(res.id);
    expect(got.output_text).toBe(res.output_text);
    await client.responses.delete(res.id);
    expect(await caught(client.responses.retrieve(res.id))).toBeInstanceOf(OpenAI.NotFoundError);
    expect(await caught(client.responses.delete(res.id))).toBeInstanceOf(OpenAI.NotFoundError);
    const unstored = await client.responses.create({ model: 'm', input: 'hi', store: false });
    expect(unstored).toHaveProperty('store', false);
    expect(await caught(client.responses.retrieve(unstored.id))).toBeInstanceOf(OpenAI.NotFoundError);
  });

  test('a chain carries the earlier turns: same answer as sending them all, referring back to step 1', async () => {
    const first = await client.responses.create({ model: 'gpt-4o', input: 'Design the database schema' });
    const second = await client.responses.create({
      model: 'gpt-4o',
      input: 'Now the final recommendation',
      previous_response_id: first.id,
    });
    const flat = await client.responses.create({
      model: 'gpt-4o',
      store: false,
      input: [
        { role: 'user', content: 'Design the database schema' },
        { role: 'assistant', content: first.output_text },
        { role: 'user', content: 'Now the final recommendation' },
      ],
    });
    expect(second.previous_response_id).toBe(first.id);
    expect(second.output_text).toBe(flat.output_text);
    expect(second.output_text).toContain('step 1');
  });
});

describe('bad input and faults', () => {
  test('an unknown previous_response_id is a 400 naming the parameter', async () => {
    const err = await caught(
      client.responses.create({ model: 'm', input: 'hi', previous_response_id: 'resp_nope' }),
    );
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    const e = err as InstanceType<typeof OpenAI.BadRequestError>;
    expect(e.param).toBe('previous_response_id');
    expect(e.code).toBe('previous_response_not_found');
    expect(e.message).toContain('resp_nope');
  });

  test('malformed input items and bodies are 400s naming the field', async () => {
    const post = (body: unknown) =>
      fetch(`${sim.url}/v1/responses`, { method: 'POST', body: JSON.stringify(body) }).then(
        async (r) =>
          [r.status, ((await r.json()) as { error: { param: string | null } }).error.param] as const,
      );
    expect(await post({ model: 'm', input: [{ type: 'function_call_output', output: 'x' }] })).toEqual([
      400,
      'input[0].call_id',
    ]);
    expect(await post({ model: 'm', input: ['text'] })).toEqual([400, 'input[0]']);
    expect(await post({ model: 'm', input: [{ role: 'robot', content: 'x' }] })).toEqual([
      400,
      'input[0].role',
    ]);
    expect(await post({ model: 'm' })).toEqual([400, 'input']);
    expect(await post({ model: 'm', input: 'x', tools: [{ type: 'function' }] })).toEqual([
      400,
      'tools[0].name',
    ]);
    const res = await fetch(`${sim.url}/v1/responses`, { method: 'POST', body: '{' });
    expect(res.status).toBe(400);
  });

  test('x-sim-fail statuses surface as SDK errors', async () => {
    const err = await caught(
      client.responses.create({ model: 'm', input: 'hi' }, { headers: { 'x-sim-fail': '429' } }),
    );
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
  });

  test('x-sim-fail: stream-error ends the stream with error and response.failed', async () => {
    const headers = { 'x-sim-fail': 'stream-error' };
    const err = await caught(
      client.responses.stream({ model: 'm', input: 'Explain sharding' }, { headers }).finalResponse(),
    );
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect((err as Error).message).toContain('stream-error');
    const raw = await fetch(`${sim.url}/v1/responses`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ model: 'm', input: 'Explain sharding', stream: true }),
    }).then((r) => r.text());
    const events = [...raw.matchAll(/^event: (.+)$/gm)].map((m) => m[1]);
    expect(events.slice(-2)).toEqual(['error', 'response.failed']);
    expect(raw).toContain('"status":"failed"');
    const plain = await caught(client.responses.create({ model: 'm', input: 'x' }, { headers }));
    expect(plain).toBeInstanceOf(OpenAI.InternalServerError);
  });

  test('x-sim-fixed: tiny answers "ok" in one token, streamed or not', async () => {
    const headers = { 'x-sim-fixed': 'tiny' };
    const res = await client.responses.create({ model: 'bench', input: 'anything' }, { headers });
    expect(res.output_text).toBe('ok');
    expect(res.usage!.output_tokens).toBe(1);
    const streamed = await client.responses
      .stream({ model: 'bench', input: 'x' }, { headers })
      .finalResponse();
    expect(streamed.output_text).toBe('ok');
  });
});

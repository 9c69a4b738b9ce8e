import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { startTestGateway, type TestGateway } from '../../test/support/index.ts';

// Accounting and implicit sessions through the official SDKs against sim-models, which models each
// provider's prompt cache (OpenAI: automatic from 1,024 tokens; Anthropic: at cache_control breakpoints).

/** A system prompt well past the 1,024-token cache minimum (sim-models counts ~4 characters a token). */
const LONG_SYSTEM = Array.from(
  { length: 60 },
  (_, i) => `Rule ${i + 1}: cite the benchmark, state the workload, and keep every claim testable.`,
).join('\n');

const PRICED = `
model_providers:
  - model: openai/gpt-4o
    default: true
    pricing: { input_per_million: 2.5, cached_input_per_million: 1.25, output_per_million: 10 }
  - model: anthropic/claude-sonnet-4
    pricing: { input_per_million: 3, cached_input_per_million: 0.3, output_per_million: 15, cache_write_per_million: 3.75 }
`;

/** A metric sample's value from the Prometheus text, or 0 when absent. */
async function metric(gw: TestGateway, name: string, labels: string): Promise<number> {
  const text = await (await gw.fetch('/metrics')).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  return line === undefined ? 0 : Number(line.split(' ').at(-1));
}

describe('token and cost accounting (openai SDK)', () => {
  let gw: TestGateway;
  let client: OpenAI;
  beforeAll(async () => {
    gw = await startTestGateway(PRICED);
    client = new OpenAI({ baseURL: gw.baseURL, apiKey: 'k', maxRetries: 0 });
  });
  afterAll(() => gw.stop());

  const messages = (question: string): OpenAI.ChatCompletionMessageParam[] => [
    { role: 'system', content: LONG_SYSTEM },
    { role: 'user', content: question },
  ];

  test('x-tether-cached-tokens reports cached_tokens; metrics count tokens and cost', async () => {
    const headers = { 'x-model-affinity': 'acct-1' };
    const first = await client.chat.completions
      .create({ model: 'openai/gpt-4o', messages: messages('Which database for 10k writes/s?') }, { headers })
      .withResponse();
    expect(first.data.usage?.prompt_tokens).toBeGreaterThan(1024);
    expect(first.response.headers.get('x-tether-cached-tokens')).toBe('0');
    const second = await client.chat.completions
      .create({ model: 'openai/gpt-4o', messages: messages('Which database for 10k writes/s?') }, { headers })
      .withResponse();
    const cached = second.data.usage?.prompt_tokens_details?.cached_tokens ?? 0;
    expect(cached).toBeGreaterThanOrEqual(1024);
    expect(second.response.headers.get('x-tether-cached-tokens')).toBe(String(cached));

    const prompt = (first.data.usage?.prompt_tokens ?? 0) + (second.data.usage?.prompt_tokens ?? 0);
    const output = (first.data.usage?.completion_tokens ?? 0) + (second.data.usage?.completion_tokens ?? 0);
    const m = 'model="openai/gpt-4o"';
    expect(await metric(gw, 'tether_prompt_tokens_total', `${m},cached="true"`)).toBe(cached);
    expect(await metric(gw, 'tether_prompt_tokens_total', `${m},cached="false"`)).toBe(prompt - cached);
    expect(await metric(gw, 'tether_completion_tokens_total', m)).toBe(output);
    const cost = ((prompt - cached) * 2.5 + cached * 1.25 + output * 10) / 1e6;
    expect(await metric(gw, 'tether_estimated_cost_usd_total', m)).toBeCloseTo(cost, 9);

    // The pin shows what was spent under it.
    const pin = await (await gw.fetch('/affinity/v1/acct-1')).json();
    expect(pin.usage).toMatchObject({
      responses: 2,
      input_tokens: prompt,
      cached_tokens: cached,
      output_tokens: output,
    });
    expect(pin.usage.cached_share).toBeCloseTo(cached / prompt, 3);
    expect(pin.usage.estimated_cost_usd).toBeCloseTo(cost, 5);
  });

  test('streams are counted; the usage chunk reaches only clients that asked for it', async () => {
    const before = await metric(gw, 'tether_completion_tokens_total', 'model="openai/gpt-4o"');
    const quiet = await client.chat.completions.create({
      model: 'openai/gpt-4o',
      messages: messages('Stream me an answer.'),
      stream: true,
    });
    const quietChunks = [];
    for await (const chunk of quiet) quietChunks.push(chunk);
    expect(quietChunks.some((c) => c.usage != null)).toBe(false);
    expect(quietChunks.every((c) => c.choices.length > 0)).toBe(true);
    const afterQuiet = await metric(gw, 'tether_completion_tokens_total', 'model="openai/gpt-4o"');
    expect(afterQuiet).toBeGreaterThan(before);

    const asked = await client.chat.completions.create({
      model: 'openai/gpt-4o',
      messages: messages('Stream me an answer.'),
      stream: true,
      stream_options: { include_usage: true },
    });
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of asked) if (chunk.usage) usage = chunk.usage;
    expect(usage?.prompt_tokens_details?.cached_tokens).toBeGreaterThanOrEqual(1024);
    expect(await metric(gw, 'tether_completion_tokens_total', 'model="openai/gpt-4o"')).toBe(
      afterQuiet + (usage?.completion_tokens ?? 0),
    );
  });

  test('the dashboard data shows hit ratio, cost and savings per model and pinned vs unpinned', async () => {
    const data = await (await gw.fetch('/dashboard/data')).json();
    const gpt = data.cache.models.find((m: { model: string }) => m.model === 'openai/gpt-4o');
    expect(gpt.cached_share).toBeGreaterThan(0);
    expect(gpt.estimated_cost_usd).toBeGreaterThan(0);
    expect(gpt.estimated_savings_usd).toBeGreaterThan(0);
    const page = await (await gw.fetch('/dashboard')).text();
    expect(page).toContain('Prompt cache and cost');
    // Pinned traffic: both acct-1 requests (the first created the pin, the second was served by it).
    expect(data.cache.pinned.responses).toBe(2);
    expect(data.cache.unpinned.responses).toBe(2); // the two streams, sent without an id
  });
});

describe('token accounting of Responses API streams (openai SDK)', () => {
  let gw: TestGateway;
  let client: OpenAI;
  beforeAll(async () => {
    gw = await startTestGateway(PRICED);
    client = new OpenAI({ baseURL: gw.baseURL, apiKey: 'k', maxRetries: 0 });
  });
  afterAll(() => gw.stop());

  test('counted from response.completed, cached tokens included', async () => {
    const m = 'model="openai/gpt-4o"';
    let cached = 0;
    let output = 0;
    for (let i = 0; i < 2; i++) {
      const stream = await client.responses.create({
        model: 'openai/gpt-4o',
        instructions: LONG_SYSTEM,
        input: 'Stream a short answer through the Responses API.',
        stream: true,
      });
      let usage: OpenAI.Responses.ResponseUsage | undefined;
      for await (const event of stream) if (event.type === 'response.completed') usage = event.response.usage;
      cached += usage?.input_tokens_details.cached_tokens ?? 0;
      output += usage?.output_tokens ?? 0;
    }
    // The second call at least reads the prefix the first one wrote.
    expect(cached).toBeGreaterThanOrEqual(1024);
    expect(await metric(gw, 'tether_prompt_tokens_total', `${m},cached="true"`)).toBe(cached);
    expect(await metric(gw, 'tether_completion_tokens_total', m)).toBe(output);
  });
});

describe('Anthropic usage fields and cache markers (@anthropic-ai/sdk)', () => {
  let marked: TestGateway;
  let plain: TestGateway;
  beforeAll(async () => {
    marked = await startTestGateway(`${PRICED}\nprompt_caching: { anthropic_markers: true }\n`);
    plain = await startTestGateway(PRICED, { sim: marked.sim });
  });
  afterAll(async () => {
    await plain.stop();
    await marked.stop();
  });

  const ask = (gw: TestGateway, params: Partial<Anthropic.MessageCreateParamsNonStreaming> = {}) =>
    new Anthropic({ baseURL: gw.url, apiKey: 'k', maxRetries: 0 }).messages
      .create({
        model: 'anthropic/claude-sonnet-4',
        max_tokens: 64,
        system: LONG_SYSTEM,
        messages: [{ role: 'user', content: 'Recommend a queue for 1k jobs/s.' }],
        ...params,
      })
      .withResponse();

  test('without markers Anthropic caches nothing; with them the prefix is written, then read', async () => {
    const none = await ask(plain, { messages: [{ role: 'user', content: 'No markers here.' }] });
    expect(none.data.usage.cache_creation_input_tokens ?? 0).toBe(0);
    expect(none.data.usage.cache_read_input_tokens ?? 0).toBe(0);

    const write = await ask(marked);
    expect(write.data.usage.cache_creation_input_tokens).toBeGreaterThan(1024);
    const read = await ask(marked);
    const cached = read.data.usage.cache_read_input_tokens ?? 0;
    expect(cached).toBeGreaterThan(1024);
    expect(read.response.headers.get('x-tether-cached-tokens')).toBe(String(cached));
    expect(
      await metric(marked, 'tether_prompt_tokens_total', 'model="anthropic/claude-sonnet-4",cached="true"'),
    ).toBe(cached);
  });

  test('Anthropic streams are counted from message_start and message_delta', async () => {
    const label = 'model="anthropic/claude-sonnet-4",cached="true"';
    const before = await metric(marked, 'tether_prompt_tokens_total', label);
    const stream = new Anthropic({ baseURL: marked.url, apiKey: 'k', maxRetries: 0 }).messages.stream({
      model: 'anthropic/claude-sonnet-4',
      max_tokens: 64,
      system: LONG_SYSTEM,
      messages: [{ role: 'user', content: 'Recommend a queue for 1k jobs/s.' }],
    });
    const final = await stream.finalMessage();
    const cached = final.usage.cache_read_input_tokens ?? 0;
    expect(cached).toBeGreaterThan(1024);
    expect(await metric(marked, 'tether_prompt_tokens_total', label)).toBe(before + cached);
  });

  test('OpenAI client to an Anthropic upstream: markers apply, writes and reads come back in OpenAI usage', async () => {
    const client = new OpenAI({ baseURL: marked.baseURL, apiKey: 'k', maxRetries: 0 });
    const ask = () =>
      client.chat.completions.create({
        model: 'anthropic/claude-sonnet-4',
        messages: [
          { role: 'system', content: `${LONG_SYSTEM}\nTranslated.` },
          { role: 'user', content: 'Recommend a cache.' },
        ],
      });
    const first = await ask();
    const written = (first.usage as { cache_creation_input_tokens?: number } | undefined)
      ?.cache_creation_input_tokens;
    expect(written).toBeGreaterThan(1024);
    const second = await ask();
    expect(second.usage?.prompt_tokens_details?.cached_tokens).toBeGreaterThan(1024);
  });

  test("a client's own cache_control is left untouched (no breakpoint added after it)", async () => {
    const system: Anthropic.TextBlockParam[] = [
      { type: 'text', text: LONG_SYSTEM, cache_control: { type: 'ephemeral' } },
    ];
    const messages: Anthropic.MessageParam[] = [
      { role: 'user', content: `Client-marked request. ${'Details of the workload follow. '.repeat(200)}` },
    ];
    const { data } = await ask(marked, { system, messages });
    // Only the client's system breakpoint counts: had the gateway marked the last message too, the
    // long user message would have been written to the cache instead of staying plain input.
    expect(data.usage.input_tokens).toBeGreaterThan(1000);
    expect(
      (data.usage.cache_creation_input_tokens ?? 0) + (data.usage.cache_read_input_tokens ?? 0),
    ).toBeGreaterThan(1024);
  });
});

import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import Anthropic from '@anthropic-ai/sdk';
import type { MessageCreateParamsNonStreaming, Usage } from '@anthropic-ai/sdk/resources/messages';
import OpenAI from 'openai';
import type { CompletionUsage } from 'openai/resources/completions';
import type { ResponseUsage } from 'openai/resources/responses/responses';
import { type SimModelsHandle, startSimModels } from '../server.ts';
import { PromptCache } from './prompt-cache.ts';
import type { Segment } from './segments.ts';

let sim: SimModelsHandle;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  sim = await startSimModels({ quiet: true });
  openai = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'sim', maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: sim.url, apiKey: 'sim', maxRetries: 0 });
});
afterAll(() => sim.stop());

/** About 1,270 tokens by the sim's estimate: long enough for either provider to cache. */
const LONG = 'You are a careful database consultant for a mid-sized online shop. '.repeat(75);
/** Each test uses its own system prompt, so earlier tests' cache entries don't leak in. */
const long = (tag: string) => `${tag}: ${LONG}`;

describe('OpenAI chat completions', () => {
  const chat = (model: string, system: string, user = 'Compare PostgreSQL vs MongoDB') =>
    openai.chat.completions.create({
      model,
      messages: [
        { role: 'system', content: system },
        { role: 'user', content: user },
      ],
    });

  test('first call 0 cached; the same long prefix again is cached in 128-token steps', async () => {
    const first: CompletionUsage = (await chat('gpt-4o', long('a'))).usage!;
    const cachedFirst: number | undefined = first.prompt_tokens_details?.cached_tokens;
    expect(first.prompt_tokens).toBeGreaterThanOrEqual(1024);
    expect(cachedFirst).toBe(0);
    const again = (await chat('gpt-4o', long('a'))).usage!;
    const cached = again.prompt_tokens_details!.cached_tokens!;
    expect(cached).toBeGreaterThanOrEqual(1024);
    expect(cached % 128).toBe(0);
    expect(cached).toBeLessThanOrEqual(again.prompt_tokens);
    expect(again.prompt_tokens - cached).toBeLessThan(128);
    expect(again.completion_tokens_details?.reasoning_tokens).toBe(0);
  });

  test('a new question after the same long system prompt hits the shared prefix', async () => {
    await chat('gpt-4o', long('b'), 'first question');
    const next = (await chat('gpt-4o', long('b'), 'a different question')).usage!;
    expect(next.prompt_tokens_details!.cached_tokens).toBeGreaterThanOrEqual(1024);
  });

  test('another model has its own cache: switching models starts cold', async () => {
    await chat('gpt-4o', long('c'));
    expect((await chat('gpt-4o-mini', long('c'))).usage!.prompt_tokens_details!.cached_tokens).toBe(0);
    expect((await chat('gpt-4o', long('c'))).usage!.prompt_tokens_details!.cached_tokens).toBeGreaterThan(0);
  });

  test('prompts under 1,024 tokens are never cached', async () => {
    await chat('gpt-4o', 'short system prompt');
    const again = (await chat('gpt-4o', 'short system prompt')).usage!;
    expect(again.prompt_tokens).toBeLessThan(1024);
    expect(again.prompt_tokens_details!.cached_tokens).toBe(0);
  });

  test('streams report the cached tokens in the include_usage chunk', async () => {
    await chat('gpt-4o', long('d'));
    const stream = await openai.chat.completions.create({
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: long('d') },
        { role: 'user', content: 'Compare PostgreSQL vs MongoDB' },
      ],
      stream: true,
      stream_options: { include_usage: true },
    });
    let usage: CompletionUsage | null | undefined;
    for await (const chunk of stream) if (chunk.usage) usage = chunk.usage;
    expect(usage!.prompt_tokens_details!.cached_tokens).toBeGreaterThanOrEqual(1024);
  });
});

describe('OpenAI Responses', () => {
  test('input_tokens_details.cached_tokens: 0, then cached; shared with chat for the same model', async () => {
    const params = { model: 'gpt-4.1', instructions: long('e'), input: 'Compare PostgreSQL vs MongoDB' };
    const first: ResponseUsage = (await openai.responses.create(params)).usage!;
    expect(first.input_tokens_details.cached_tokens).toBe(0);
    expect(first.input_tokens_details.cache_write_tokens).toBeGreaterThan(0);
    const again = (await openai.responses.create(params)).usage!;
    expect(again.input_tokens_details.cached_tokens).toBeGreaterThanOrEqual(1024);
    expect(again.input_tokens_details.cached_tokens % 128).toBe(0);
    const chat = await openai.chat.completions.create({
      model: 'gpt-4.1',
      messages: [
        { role: 'system', content: long('e') },
        { role: 'user', content: 'Compare PostgreSQL vs MongoDB' },
      ],
    });
    expect(chat.usage!.prompt_tokens_details!.cached_tokens).toBe(again.input_tokens_details.cached_tokens);
  });

  test('a previous_response_id chain reads the earlier turn from cache; the stream carries it', async () => {
    const first = await openai.responses.create({ model: 'gpt-4.1', input: long('f') });
    const final = await openai.responses
      .stream({ model: 'gpt-4.1', input: 'and now?', previous_response_id: first.id })
      .finalResponse();
    expect(final.usage!.input_tokens_details.cached_tokens).toBeGreaterThanOrEqual(1024);
    const other = await openai.responses.create({ model: 'o3-mini', input: long('f') });
    expect(other.usage!.input_tokens_details.cached_tokens).toBe(0);
  });
});

describe('Anthropic', () => {
  const params = (
    model: string,
    system: MessageCreateParamsNonStreaming['system'],
    user = 'Compare PostgreSQL vs MongoDB',
  ): MessageCreateParamsNonStreaming => ({
    model,
    max_tokens: 1024,
    system,
    messages: [{ role: 'user', content: user }],
  });
  const marked = (tag: string) => [
    { type: 'text' as const, text: long(tag), cache_control: { type: 'ephemeral' as const } },
  ];

  test('without cache_control breakpoints nothing is read or written', async () => {
    await anthropic.messages.create(params('claude-sonnet-4-6', long('g')));
    const usage: Usage = (await anthropic.messages.create(params('claude-sonnet-4-6', long('g')))).usage;
    expect(usage.cache_creation_input_tokens).toBe(0);
    expect(usage.cache_read_input_tokens).toBe(0);
    expect(usage.input_tokens).toBeGreaterThanOrEqual(1024);
  });

  test('a breakpoint on the system prompt: creation first, then a read of the same size', async () => {
    const first = (await anthropic.messages.create(params('claude-sonnet-4-6', marked('h')))).usage;
    expect(first.cache_read_input_tokens).toBe(0);
    expect(first.cache_creation_input_tokens).toBeGreaterThanOrEqual(1024);
    expect(first.cache_creation?.ephemeral_5m_input_tokens).toBe(first.cache_creation_input_tokens!);
    const second = (await anthropic.messages.create(params('claude-sonnet-4-6', marked('h'), 'other'))).usage;
    expect(second.cache_read_input_tokens).toBe(first.cache_creation_input_tokens);
    expect(second.cache_creation_input_tokens).toBe(0);
    // input_tokens is only what comes after the breakpoint.
    expect(second.input_tokens).toBeLessThan(100);
    const other = (await anthropic.messages.create(params('claude-haiku-4-5', marked('h')))).usage;
    expect(other.cache_read_input_tokens).toBe(0);
    expect(other.cache_creation_input_tokens).toBe(first.cache_creation_input_tokens);
  });

  test('a breakpoint before 1,024 tokens caches nothing', async () => {
    const short = [{ type: 'text' as const, text: 'short', cache_control: { type: 'ephemeral' as const } }];
    await anthropic.messages.create(params('claude-sonnet-4-6', short));
    const usage = (await anthropic.messages.create(params('claude-sonnet-4-6', short))).usage;
    expect([usage.cache_creation_input_tokens, usage.cache_read_input_tokens]).toEqual([0, 0]);
  });

  test('a breakpoint moving down a conversation reads the earlier prefix and writes the new part', async () => {
    const turn1 = [{ type: 'text' as const, text: long('i'), cache_control: { type: 'ephemeral' as const } }];
    const first = (
      await anthropic.messages.create({
        model: 'claude-sonnet-4-6',
        max_tokens: 100,
        messages: [{ role: 'user', content: turn1 }],
      })
    ).usage;
    const second = (
      await anthropic.messages.create({
        model: 'claude-sonnet-4-6',
        max_tokens: 100,
        messages: [
          { role: 'user', content: [{ type: 'text', text: long('i') }] },
          { role: 'assistant', content: 'Noted.' },
          {
            role: 'user',
            content: [{ type: 'text', text: 'Next question', cache_control: { type: 'ephemeral' } }],
          },
        ],
      })
    ).usage;
    expect(second.cache_read_input_tokens).toBe(first.cache_creation_input_tokens);
    expect(second.cache_creation_input_tokens).toBeGreaterThan(0);
    expect(second.cache_creation_input_tokens).toBeLessThan(20);
  });

  test('streams carry the cache fields in message_start and message_delta', async () => {
    await anthropic.messages.create(params('claude-sonnet-4-6', marked('j')));
    const stream = await anthropic.messages.create({
      ...params('claude-sonnet-4-6', marked('j')),
      stream: true,
    });
    let start: Usage | undefined;
    let deltaRead: number | null | undefined;
    for await (const e of stream) {
      if (e.type === 'message_start') start = e.message.usage;
      if (e.type === 'message_delta') deltaRead = e.usage.cache_read_input_tokens;
    }
    expect(start!.cache_read_input_tokens).toBeGreaterThanOrEqual(1024);
    expect(deltaRead).toBe(start!.cache_read_input_tokens);
  });

  test('more than four cache_control blocks is a 400', async () => {
    const cc = { type: 'ephemeral' as const };
    const system = Array.from({ length: 5 }, (_, i) => ({
      type: 'text' as const,
      text: `s${i}`,
      cache_control: cc,
    }));
    const err = await anthropic.messages.create(params('claude-sonnet-4-6', system)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    expect((err as Error).message).toContain('cache_control');
  });
});

describe('expiry and bounds (fake clock)', () => {
  const segments: Segment[] = [
    { key: 'system', tokens: 1100, breakpoint: {} },
    { key: 'user', tokens: 30 },
  ];

  test('an entry lives the TTL from its last write or hit, then the next call starts cold', () => {
    let now = 0;
    const cache = new PromptCache(100, 1_000, () => now);
    expect(cache.openai('m', segments, 1130).cached).toBe(0);
    now = 900;
    expect(cache.openai('m', segments, 1130).cached).toBe(1024);
    now = 1_800; // 900 ms after the hit that refreshed it
    expect(cache.openai('m', segments, 1130).cached).toBe(1024);
    now = 2_800;
    expect(cache.openai('m', segments, 1130).cached).toBe(0);
  });

  test('Anthropic ttl "1h" breakpoints outlive the default TTL and are reported as 1 h writes', () => {
    let now = 0;
    const cache = new PromptCache(100, 1_000, () => now);
    const hour: Segment[] = [{ key: 'system', tokens: 1100, breakpoint: { ttlMs: 3_600_000 } }, segments[1]!];
    expect(cache.anthropic('c', hour, 1130)).toEqual({
      input: 30,
      read: 0,
      creation: 1100,
      creation1h: 1100,
    });
    now = 60_000;
    expect(cache.anthropic('c', hour, 1130)).toEqual({ input: 30, read: 1100, creation: 0, creation1h: 0 });
  });

  test('at most maxEntries prefixes per model: the least recently used is forgotten', () => {
    const cache = new PromptCache(2, 60_000);
    const prompt = (k: string): Segment[] => [{ key: k, tokens: 1100 }];
    for (const k of ['a', 'b', 'c']) cache.openai('m', prompt(k), 1100);
    expect(cache.openai('m', prompt('a'), 1100).cached).toBe(0);
    expect(cache.openai('m', prompt('c'), 1100).cached).toBe(1024);
  });
});

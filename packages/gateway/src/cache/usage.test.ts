import { describe, expect, test } from 'bun:test';
import { estimateCostUsd, estimateSavingsUsd, switchRegretUsd } from './pricing.ts';
import { hasCacheActivity, readUsage } from './usage.ts';

// Usage blocks as the providers document and send them.
const openAIChat = {
  prompt_tokens: 2006,
  completion_tokens: 300,
  total_tokens: 2306,
  prompt_tokens_details: { cached_tokens: 1920, audio_tokens: 0 },
  completion_tokens_details: { reasoning_tokens: 0 },
};
const anthropic = {
  input_tokens: 12,
  cache_creation_input_tokens: 248,
  cache_read_input_tokens: 1800,
  output_tokens: 503,
  cache_creation: { ephemeral_5m_input_tokens: 248, ephemeral_1h_input_tokens: 0 },
};
const responses = {
  input_tokens: 1500,
  input_tokens_details: { cached_tokens: 1280 },
  output_tokens: 40,
  output_tokens_details: { reasoning_tokens: 0 },
  total_tokens: 1540,
};

describe('readUsage', () => {
  test('OpenAI chat: prompt_tokens includes cached_tokens', () => {
    expect(readUsage(openAIChat, 'openai')).toEqual({
      input: 2006,
      cachedRead: 1920,
      cacheWrite: 0,
      output: 300,
    });
  });

  test('Anthropic: input_tokens excludes cache reads and writes, which are added back', () => {
    expect(readUsage(anthropic, 'anthropic')).toEqual({
      input: 12 + 248 + 1800,
      cachedRead: 1800,
      cacheWrite: 248,
      output: 503,
    });
  });

  test('Responses: input_tokens_details.cached_tokens, and cache_write_tokens where reported', () => {
    expect(readUsage(responses, 'responses')).toEqual({
      input: 1500,
      cachedRead: 1280,
      cacheWrite: 0,
      output: 40,
    });
    const written = { ...responses, input_tokens_details: { cached_tokens: 0, cache_write_tokens: 1408 } };
    expect(readUsage(written, 'responses')?.cacheWrite).toBe(1408);
  });

  test('OpenAI shape translated from Anthropic keeps writes in cache_creation_input_tokens', () => {
    const translated = { prompt_tokens: 2060, completion_tokens: 5, cache_creation_input_tokens: 248 };
    expect(readUsage(translated, 'openai')).toEqual({
      input: 2060,
      cachedRead: 0,
      cacheWrite: 248,
      output: 5,
    });
  });

  test('missing or malformed usage is unknown, never a guess or a throw', () => {
    for (const bad of [undefined, null, 'x', 42, [], {}, { prompt_tokens: '10', completion_tokens: 1 }]) {
      expect(readUsage(bad, 'openai')).toBeUndefined();
    }
    expect(readUsage({ input_tokens: -1, output_tokens: 2 }, 'anthropic')).toBeUndefined();
    expect(readUsage({ input_tokens: Number.NaN, output_tokens: 2 }, 'responses')).toBeUndefined();
    // Malformed optional cache fields read as 0; more cached than total is capped at the total.
    expect(
      readUsage({ prompt_tokens: 10, completion_tokens: 1, prompt_tokens_details: 'x' }, 'openai'),
    ).toEqual({
      input: 10,
      cachedRead: 0,
      cacheWrite: 0,
      output: 1,
    });
    expect(
      readUsage(
        { prompt_tokens: 10, completion_tokens: 1, prompt_tokens_details: { cached_tokens: 99 } },
        'openai',
      )?.cachedRead,
    ).toBe(10);
  });

  test('cache activity is a read or a write, in either format', () => {
    expect(hasCacheActivity(readUsage(openAIChat, 'openai'))).toBe(true);
    expect(
      hasCacheActivity(
        readUsage({ input_tokens: 5, output_tokens: 1, cache_creation_input_tokens: 9 }, 'anthropic'),
      ),
    ).toBe(true);
    expect(hasCacheActivity(readUsage({ prompt_tokens: 5, completion_tokens: 1 }, 'openai'))).toBe(false);
    expect(hasCacheActivity(undefined)).toBe(false);
  });
});

describe('pricing', () => {
  const sonnet = { input: 3, cachedInput: 0.3, output: 15, cacheWrite: 3.75 };
  test('cost prices uncached, read, written and output tokens separately', () => {
    const usage = { input: 2060, cachedRead: 1800, cacheWrite: 248, output: 503 };
    const expected = (12 * 3 + 1800 * 0.3 + 248 * 3.75 + 503 * 15) / 1e6;
    expect(estimateCostUsd(usage, sonnet)).toBeCloseTo(expected, 12);
  });
  test('savings: reads at the discount minus the write premium', () => {
    const usage = { input: 2060, cachedRead: 1800, cacheWrite: 248, output: 503 };
    expect(estimateSavingsUsd(usage, sonnet)).toBeCloseTo((1800 * 2.7 - 248 * 0.75) / 1e6, 12);
  });
  test('switch regret: uncached at the candidate minus cached at the previous model', () => {
    const mini = { input: 0.15, cachedInput: 0.075, output: 0.6, cacheWrite: 0.15 };
    expect(switchRegretUsd(100_000, sonnet, mini)).toBeCloseTo((100_000 * (3 - 0.075)) / 1e6, 12);
    expect(switchRegretUsd(100_000, mini, sonnet)).toBeLessThan(0);
  });
});

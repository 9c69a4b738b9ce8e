import { describe, expect, test } from 'bun:test';
import { chatCompletionRequestSchema } from '../../src/protocol/openai.ts';
import { FUZZ_KINDS, generateCases } from './fuzz-cases.ts';
import { openAIEndpoint } from './fuzz-endpoints.ts';
import { createPrng, fuzzSeed } from './prng.ts';
import { buildRequest } from './raw-http.ts';

const chat = openAIEndpoint('chat', '/v1/chat/completions', 'openai/gpt-4o');
const settings = { maxBodyBytes: 4096, tenantHeader: 'x-tenant' };
const bytesOf = (seed: number) =>
  generateCases(200, [chat], createPrng(seed), settings).map((c) =>
    Buffer.from(buildRequest(c.request)).toString('hex'),
  );

describe('fuzz case generator', () => {
  test('the same seed replays the same bytes; another seed does not', () => {
    expect(bytesOf(42)).toEqual(bytesOf(42));
    expect(bytesOf(43)).not.toEqual(bytesOf(42));
  });

  test('every kind is generated', () => {
    const kinds = new Set(
      generateCases(FUZZ_KINDS.length * 2, [chat], createPrng(1), settings).map((c) => c.kind),
    );
    expect([...kinds].sort()).toEqual([...FUZZ_KINDS].sort());
  });

  test('wrong-type bodies are all rejected by the schema they target', () => {
    const cases = generateCases(2_000, [chat], createPrng(7), settings).filter(
      (c) => c.kind === 'wrong-type',
    );
    for (const c of cases) {
      const body = JSON.parse(new TextDecoder().decode(c.request.body));
      expect(chatCompletionRequestSchema.safeParse(body).success).toBe(false);
    }
  });

  test('TETHER_FUZZ_SEED is honoured and checked', () => {
    expect(fuzzSeed({ TETHER_FUZZ_SEED: '123' })).toBe(123);
    expect(() => fuzzSeed({ TETHER_FUZZ_SEED: 'abc' })).toThrow('TETHER_FUZZ_SEED');
    expect(fuzzSeed({})).toBeGreaterThanOrEqual(0);
  });
});

import { describe, expect, test } from 'bun:test';
import { createProvider, defaultBaseUrl, knownProviders } from './registry.ts';

describe('provider registry', () => {
  test('knows the base URLs of common upstreams and nothing for unknown prefixes', () => {
    expect(defaultBaseUrl('openai')).toBe('https://api.openai.com/v1');
    expect(defaultBaseUrl('anthropic')).toBe('https://api.anthropic.com/v1');
    expect(defaultBaseUrl('ollama')).toBe('http://127.0.0.1:11434/v1');
    expect(defaultBaseUrl('groq')).toBe('https://api.groq.com/openai/v1');
    expect(defaultBaseUrl('toString')).toBeUndefined();
    expect(defaultBaseUrl('nope')).toBeUndefined();
    expect(knownProviders.anthropic?.interface).toBe('anthropic');
    expect(knownProviders.mistral?.interface).toBe('openai');
  });

  test('createProvider picks the adapter by interface; only Anthropic has native messages', () => {
    const base = { baseUrl: 'http://127.0.0.1:1/v1', timeoutMs: 1000 };
    const groq = createProvider({ ...base, name: 'groq', interface: 'openai' });
    const claude = createProvider({ ...base, name: 'anthropic', interface: 'anthropic' });
    expect(groq).toMatchObject({ name: 'groq', interface: 'openai' });
    expect(groq.messages).toBeUndefined();
    expect(claude).toMatchObject({ name: 'anthropic', interface: 'anthropic' });
    expect(typeof claude.messages?.stream).toBe('function');
  });
});

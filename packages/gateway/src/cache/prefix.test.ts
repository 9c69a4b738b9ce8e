import { describe, expect, test } from 'bun:test';
import { anthropicPrefix, openAIPrefix, prefixKeys } from './prefix.ts';

describe('prefixKeys', () => {
  const body = {
    messages: [
      { role: 'system' as const, content: 'You are a research agent.' },
      { role: 'user' as const, content: 'Compare Postgres and MySQL.' },
      { role: 'assistant' as const, content: 'Looking.' },
    ],
  };

  test('later turns do not change the prefix; a new system prompt, tool or tenant does', () => {
    const base = prefixKeys(openAIPrefix(body), undefined);
    const longer = prefixKeys(
      openAIPrefix({ messages: [...body.messages, { role: 'user', content: 'and SQLite?' }] }),
      undefined,
    );
    expect(longer).toEqual(base);
    const system = prefixKeys(
      openAIPrefix({ messages: [{ role: 'system', content: 'Other.' }, ...body.messages.slice(1)] }),
      undefined,
    );
    expect(system?.prefixHash).not.toBe(base?.prefixHash);
    // The lineage (first user message) survives a changed system prompt: that is drift, not a new conversation.
    expect(system?.lineage).toBe(base?.lineage);
    const tools = prefixKeys(
      openAIPrefix({ ...body, tools: [{ type: 'function', function: { name: 'search' } }] }),
      undefined,
    );
    expect(tools?.prefixHash).not.toBe(base?.prefixHash);
    expect(prefixKeys(openAIPrefix(body), 'acme')?.prefixHash).not.toBe(base?.prefixHash);
  });

  test('a moved cache_control breakpoint is not a different prefix', () => {
    const plain = anthropicPrefix({
      max_tokens: 5,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'q' }] }],
    });
    const marked = anthropicPrefix({
      max_tokens: 5,
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'q', cache_control: { type: 'ephemeral' } }] },
      ],
    });
    expect(prefixKeys(marked, undefined)).toEqual(prefixKeys(plain, undefined));
  });

  test('no system prompt and no first user message: no key', () => {
    expect(
      prefixKeys(openAIPrefix({ messages: [{ role: 'assistant', content: 'hello' }] }), undefined),
    ).toBeUndefined();
    expect(
      prefixKeys(anthropicPrefix({ max_tokens: 5, messages: [{ role: 'assistant', content: 'x' }] }), 't'),
    ).toBeUndefined();
  });
});

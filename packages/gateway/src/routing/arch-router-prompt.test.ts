import { describe, expect, test } from 'bun:test';
import { parseRouterPrompt } from '@tether/sim-models';
import { buildArchRouterPrompt, parseRouteAnswer, trimConversation } from './arch-router-prompt.ts';

describe('Arch-Router protocol', () => {
  test('routes go in <routes> as JSON, the conversation in <conversation>', () => {
    const prompt = buildArchRouterPrompt(
      [{ name: 'code', description: 'write code', examples: ['x'], models: ['a/b'] }],
      [{ role: 'user', text: 'write a function' }],
    );
    expect(parseRouterPrompt(prompt)).toEqual({
      routes: [{ name: 'code', description: 'write code' }],
      conversation: [{ role: 'user', content: 'write a function' }],
    });
  });

  test('answers: a name, a list, other, prose around JSON, garbage', () => {
    expect(parseRouteAnswer('{"route": "code"}')).toBe('code');
    expect(parseRouteAnswer('{"route": ["code", "other"]}')).toBe('code');
    expect(parseRouteAnswer('{"route": "other"}')).toBeNull();
    expect(parseRouteAnswer('Sure! ```json\n{"route": "code"}\n```')).toBe('code');
    expect(parseRouteAnswer("{'route': 'code'}")).toBe('code');
    expect(parseRouteAnswer('I think code')).toBeUndefined();
  });

  test('the conversation is trimmed to a token budget from the oldest end, keeping the latest turn', () => {
    const turns = Array.from({ length: 50 }, (_, i) => ({
      role: 'user' as const,
      text: `turn ${i} ${'x'.repeat(400)}`,
    }));
    const trimmed = trimConversation(turns, 500);
    expect(trimmed.length).toBeGreaterThan(0);
    expect(trimmed.length).toBeLessThan(10);
    expect(trimmed.at(-1)?.text).toStartWith('turn 49');
    expect(trimConversation([{ role: 'user', text: 'y'.repeat(100_000) }], 100)[0]?.text.length).toBe(400);
  });
});

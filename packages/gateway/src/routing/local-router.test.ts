import { describe, expect, test } from 'bun:test';
import type { ResolvedRoute } from '../config/types.ts';
import { createLocalRouter } from './local-router.ts';
import { stem } from './stem.ts';
import type { IntentMessage } from './types.ts';

const route = (name: string, description: string, examples: string[] = []): ResolvedRoute => ({
  name,
  description,
  examples,
  models: [`m/${name}`],
});
const routes = [
  route('code_generation', 'generating new code snippets, functions, or boilerplate based on requirements'),
  route('complex_reasoning', 'deep analysis, comparison, and trade-off evaluation of options'),
];
const router = createLocalRouter(routes);
const pick = (...conversation: IntentMessage[]) => {
  const choice = router.route(conversation);
  if (choice instanceof Promise) throw new Error('local router must be synchronous');
  return choice.route?.name ?? null;
};
const user = (text: string): IntentMessage => ({ role: 'user', text });
const assistant = (text: string): IntentMessage => ({ role: 'assistant', text });

describe('stem', () => {
  test('folds inflections and British spellings to one stem', () => {
    expect(
      new Set(['implement', 'implements', 'implementing', 'implemented', 'implementation'].map(stem)).size,
    ).toBe(1);
    expect(new Set(['analyse', 'analyze', 'analysing', 'analyses', 'analysis'].map(stem)).size).toBe(1);
    expect(new Set(['evaluate', 'evaluated', 'evaluation'].map(stem)).size).toBe(1);
  });
});

describe('createLocalRouter', () => {
  test('matches near-synonyms, not only shared words', () => {
    expect(pick(user('Implement SQLAlchemy models for users and orders'))).toBe('code_generation');
    expect(pick(user('write a function that parses CSV'))).toBe('code_generation');
    expect(pick(user('Create the SQL tables for the schema'))).toBe('code_generation');
    expect(pick(user('Analyse these two databases and assess the trade-offs'))).toBe('complex_reasoning');
    expect(pick(user('Which one should we pick, and why? Recommend one.'))).toBe('complex_reasoning');
  });

  test('no fitting route means no route', () => {
    expect(pick(user('hello there'))).toBeNull();
    expect(pick(user('What is the weather like in Lisbon today?'))).toBeNull();
    expect(pick()).toBeNull();
  });

  test("inside a tool loop the assistant's stated next step outweighs the user message", () => {
    const task = user('Implement SQLAlchemy models and then compare the designs');
    expect(pick(task, assistant('Now let me compare and analyse the trade-offs.'))).toBe('complex_reasoning');
    expect(pick(task, assistant('Let me write the model classes first.'))).toBe('code_generation');
  });

  test('examples sharpen a route', () => {
    const withExamples = createLocalRouter([
      ...routes,
      route('translation', 'convert text between languages', [
        'say this in German',
        'how do you say hello in Japanese',
      ]),
    ]);
    const choice = withExamples.route([user('Say good morning in Japanese')]);
    expect(choice instanceof Promise ? null : choice.route?.name).toBe('translation');
  });

  test('a higher min_score turns weak matches into no route', () => {
    const strict = createLocalRouter(routes, { minScore: 0.99 });
    const choice = strict.route([user('write a function')]);
    expect(choice instanceof Promise ? undefined : choice.route).toBeNull();
  });
});

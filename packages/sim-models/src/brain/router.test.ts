import { describe, expect, test } from 'bun:test';
import { chooseRoute, parseRouterPrompt, routerReply } from './router.ts';
import { planSentence } from './tools.ts';

const routes = [
  { name: 'data_gathering', description: 'look up facts, fetch benchmark data and retrieve numbers' },
  { name: 'analysis', description: 'compare options and analyse trade-offs' },
  { name: 'code_generation', description: 'write SQL, schemas and code' },
];

// The Arch-Router prompt layout: routes as JSON in <routes>, the chat as JSON in <conversation>.
function archPrompt(conversation: Array<{ role: string; content: string }>): string {
  return `You are a helpful assistant designed to find the best suited route.
You are provided with route description within <routes></routes> XML tags:
<routes>

${JSON.stringify(routes)}

</routes>

<conversation>

${JSON.stringify(conversation)}

</conversation>

Your task is to decide which route is best suit with user intent on the conversation in <conversation></conversation> XML tags.
Based on your analysis, provide your response in the following JSON formats if you decide to match any route:
{"route": "route_name"}`;
}

describe('router protocol', () => {
  test('parses routes and conversation from an Arch-Router prompt', () => {
    const prompt = parseRouterPrompt(archPrompt([{ role: 'user', content: 'hi' }]));
    expect(prompt?.routes.map((r) => r.name)).toEqual(['data_gathering', 'analysis', 'code_generation']);
    expect(prompt?.conversation).toEqual([{ role: 'user', content: 'hi' }]);
    expect(parseRouterPrompt('no tags here')).toBeNull();
  });

  test('accepts one route object per line', () => {
    const prompt = parseRouterPrompt(
      `<routes>\n${routes.map((r) => JSON.stringify(r)).join('\n')}\n</routes><conversation>[]</conversation>`,
    );
    expect(prompt?.routes).toHaveLength(3);
  });

  test('answers exactly {"route": name} for the best-fitting latest user intent', () => {
    expect(routerReply(archPrompt([{ role: 'user', content: 'Write the SQL schema for orders' }]))).toBe(
      '{"route": "code_generation"}',
    );
    const conv = [
      { role: 'user', content: 'Write the SQL schema' },
      { role: 'assistant', content: 'done' },
      { role: 'user', content: 'Now compare the trade-offs of both options' },
    ];
    expect(routerReply(archPrompt(conv))).toBe('{"route": "analysis"}');
  });

  test('answers other when nothing fits', () => {
    expect(routerReply(archPrompt([{ role: 'user', content: 'Tell me a joke about cats' }]))).toBe(
      '{"route": "other"}',
    );
  });

  test('an agent plan after the user turn changes the intent each tool round', () => {
    const at = (round: number) =>
      chooseRoute({
        routes,
        conversation: [
          { role: 'user', content: 'Which database should we use?' },
          { role: 'assistant', content: planSentence(round, 'tool') },
        ],
      });
    expect(at(1)).toBe('data_gathering');
    expect(at(2)).toBe('analysis');
  });
});

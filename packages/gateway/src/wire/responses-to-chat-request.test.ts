import { describe, expect, test } from 'bun:test';
import { responsesRequestSchema } from '../protocol/responses.ts';
import { inputSources, responsesToChatRequest } from './responses-to-chat-request.ts';

const parse = (body: unknown) => responsesRequestSchema.parse(body);

describe('responsesToChatRequest', () => {
  test('instructions, items, tools and options map to a chat request', () => {
    const body = parse({
      instructions: 'Be brief.',
      input: [
        { role: 'user', content: [{ type: 'input_text', text: 'Find it' }] },
        {
          type: 'message',
          role: 'assistant',
          content: [{ type: 'output_text', text: 'Looking.', annotations: [] }],
        },
        { type: 'function_call', call_id: 'c1', name: 'find', arguments: '{"q":1}' },
        { type: 'function_call', call_id: 'c2', name: 'find', arguments: '{"q":2}' },
        { type: 'function_call_output', call_id: 'c1', output: 'one' },
        { type: 'function_call_output', call_id: 'c2', output: [{ type: 'input_text', text: 'two' }] },
        { type: 'reasoning', id: 'rs_1', summary: [] },
      ],
      tools: [{ type: 'function', name: 'find', parameters: { type: 'object' }, strict: true }],
      tool_choice: { type: 'function', name: 'find' },
      max_output_tokens: 100,
      temperature: 0.5,
      stream: true,
    });
    const chat = responsesToChatRequest(body, [], inputSources(body.input), 'up');
    expect(chat.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: [{ type: 'text', text: 'Find it' }] },
      {
        role: 'assistant',
        content: 'Looking.',
        tool_calls: [
          { id: 'c1', type: 'function', function: { name: 'find', arguments: '{"q":1}' } },
          { id: 'c2', type: 'function', function: { name: 'find', arguments: '{"q":2}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'c1', content: 'one' },
      { role: 'tool', tool_call_id: 'c2', content: 'two' },
    ]);
    expect(chat.tools).toEqual([
      { type: 'function', function: { name: 'find', parameters: { type: 'object' }, strict: true } },
    ]);
    expect(chat.tool_choice).toEqual({ type: 'function', function: { name: 'find' } });
    expect([chat.model, chat.max_tokens, chat.temperature, chat.stream]).toEqual(['up', 100, 0.5, true]);
    expect(chat.stream_options).toEqual({ include_usage: true });
  });

  test('a string input after stored history; instructions are not taken from the history', () => {
    const body = parse({ input: 'And then?' });
    const history = [{ type: 'message', role: 'user', content: 'Hi' } as const];
    const chat = responsesToChatRequest(body, history, inputSources(body.input), 'up');
    expect(chat.messages).toEqual([
      { role: 'user', content: 'Hi' },
      { role: 'user', content: 'And then?' },
    ]);
  });

  test('what chat completions cannot express is a 400 naming the field', () => {
    const hosted = parse({ input: 'x', tools: [{ type: 'file_search' }] });
    expect(() => responsesToChatRequest(hosted, [], inputSources(hosted.input), 'up')).toThrow(
      /tools\[0\]\.type/,
    );
    const item = parse({ input: [{ type: 'computer_call_output', call_id: 'c' }] });
    expect(() => responsesToChatRequest(item, [], inputSources(item.input), 'up')).toThrow(
      /input\[0\]\.type/,
    );
    const onlySystem = parse({ input: [{ role: 'system', content: 'Be brief.' }] });
    expect(() => responsesToChatRequest(onlySystem, [], inputSources(onlySystem.input), 'up')).toThrow(
      /input/,
    );
    expect(responsesRequestSchema.safeParse({ input: [] }).error?.issues[0]?.path).toEqual(['input']);
  });
});

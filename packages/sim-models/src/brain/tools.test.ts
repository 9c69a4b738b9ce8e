import { describe, expect, test } from 'bun:test';
import { fillArguments } from './arguments.ts';
import { planToolTurn } from './tools.ts';
import type { BrainMessage, BrainRequest, BrainTool } from './types.ts';

const tools: BrainTool[] = [
  {
    name: 'get_benchmarks',
    parameters: {
      type: 'object',
      properties: {
        database: { type: 'string', enum: ['postgresql', 'mongodb'] },
        workload_type: { type: 'string' },
      },
      required: ['database', 'workload_type'],
    },
  },
  {
    name: 'estimate_cost',
    parameters: { type: 'object', properties: { nodes: { type: 'integer', minimum: 3 } } },
  },
  { name: 'check_limits', parameters: { type: 'object', properties: { query: { type: 'string' } } } },
];

const question: BrainMessage = {
  role: 'user',
  text: 'Which database suits OLTP and analytics for our shop?',
};

function withRounds(rounds: number): BrainMessage[] {
  const msgs: BrainMessage[] = [question];
  for (let r = 1; r <= rounds; r++) {
    const req: BrainRequest = { model: 'm', messages: [...msgs], tools };
    const turn = planToolTurn(req)!;
    msgs.push({ role: 'assistant', text: turn.text, toolCalls: turn.calls });
    for (const c of turn.calls) msgs.push({ role: 'tool', text: `{"tps": ${1000 * r}}`, toolCallId: c.id });
  }
  return msgs;
}

describe('planToolTurn', () => {
  test('round 1: two parallel calls of the first tool, arguments from the schema and the user', () => {
    const turn = planToolTurn({ model: 'm', messages: [question], tools })!;
    expect(turn.calls.map((c) => c.name)).toEqual(['get_benchmarks', 'get_benchmarks']);
    expect(turn.calls.map((c) => c.arguments)).toEqual([
      { database: 'postgresql', workload_type: 'oltp' },
      { database: 'mongodb', workload_type: 'analytics' },
    ]);
    expect(turn.text).toContain('look up');
    expect(turn.calls[0]!.id).not.toBe(turn.calls[1]!.id);
  });

  test('later rounds use the next tool, and the plan sentence changes every round', () => {
    const r2 = planToolTurn({ model: 'm', messages: withRounds(1), tools })!;
    const r3 = planToolTurn({ model: 'm', messages: withRounds(2), tools })!;
    expect(r2.calls.map((c) => c.name)).toEqual(['estimate_cost']);
    expect(r2.calls[0]!.arguments).toEqual({ nodes: 3 });
    expect(r3.calls.map((c) => c.name)).toEqual(['check_limits']);
    const first = planToolTurn({ model: 'm', messages: [question], tools })!;
    expect(new Set([first.text, r2.text, r3.text]).size).toBe(3);
    expect(r2.text).toContain('compare and analyse');
    expect(r3.text).toContain('verify');
  });

  test('stops after maxToolRounds or when the tools run out', () => {
    expect(planToolTurn({ model: 'm', messages: withRounds(3), tools })).toBeNull();
    expect(planToolTurn({ model: 'm', messages: withRounds(1), tools, maxToolRounds: 1 })).toBeNull();
    expect(planToolTurn({ model: 'm', messages: withRounds(1), tools: tools.slice(0, 1) })).toBeNull();
  });

  test('tool_choice: none answers, required and named always call', () => {
    expect(planToolTurn({ model: 'm', messages: [question], tools, toolChoice: 'none' })).toBeNull();
    const forced = planToolTurn({ model: 'm', messages: withRounds(3), tools, toolChoice: 'required' });
    expect(forced?.calls.length).toBe(1);
    const named = planToolTurn({
      model: 'm',
      messages: [question],
      tools,
      toolChoice: { name: 'check_limits' },
    });
    expect(named?.calls.every((c) => c.name === 'check_limits')).toBe(true);
  });

  test('is deterministic', () => {
    const req: BrainRequest = { model: 'm', messages: withRounds(1), tools };
    expect(planToolTurn(req)).toEqual(planToolTurn(req));
  });
});

describe('fillArguments', () => {
  test('fills nested objects, arrays, numbers and booleans', () => {
    const args = fillArguments(
      {
        type: 'object',
        properties: {
          databases: { type: 'array', items: { type: 'string' } },
          options: {
            type: 'object',
            properties: { limit: { type: 'integer', default: 5 }, fast: { type: 'boolean' } },
          },
        },
      },
      'Compare MySQL and Redis',
    );
    expect(args).toEqual({ databases: ['mysql', 'redis'], options: { limit: 5, fast: true } });
  });
});

import { fillArguments } from './arguments.ts';
import { latestUserText, toolRoundsDone } from './conversation.ts';
import { shortHash } from './text.ts';
import type { BrainReply, BrainRequest, BrainTool, BrainToolCall } from './types.ts';

/** Tool-calling rounds before the final answer when the request doesn't say. */
export const DEFAULT_MAX_TOOL_ROUNDS = 3;

/**
 * The one-sentence plan that accompanies each tool-calling turn. Its wording (gather → analyse →
 * verify → cross-check) changes with the round on purpose, so a preference router reading the
 * conversation sees a different intent on every turn of the same task.
 */
export function planSentence(round: number, tool: string): string {
  const t = tool.replace(/[_-]+/g, ' ');
  switch (round) {
    case 1:
      return `I'll look up the benchmark data and fetch the numbers first (${t}).`;
    case 2:
      return `Now let me compare and analyse the trade-offs between the results so far (${t}).`;
    case 3:
      return `Let me verify these findings and look up the remaining figures again (${t}).`;
    default:
      return `One more pass to double-check and cross-reference the details (${t}).`;
  }
}

/** A stable call id: same conversation, round and position → same id. */
export function toolCallId(userText: string, round: number, index: number, tool: string): string {
  return `call_${shortHash(`${round}:${index}:${tool}:${userText}`, 24)}`;
}

function chooseTool(req: BrainRequest, round: number): BrainTool | undefined {
  const tools = req.tools ?? [];
  const choice = req.toolChoice ?? 'auto';
  if (typeof choice === 'object') return tools.find((t) => t.name === choice.name) ?? tools[0];
  return tools[(round - 1) % tools.length];
}

/**
 * The next tool-calling turn, or `null` when it is time for the final answer. Round 1 makes two
 * parallel calls of the first tool, round n one call of the n-th tool; after `maxToolRounds`
 * rounds, or once every tool was used, the model answers (unless `tool_choice` forces a call).
 * Pure and deterministic.
 */
export function planToolTurn(req: BrainRequest): Extract<BrainReply, { kind: 'tool_calls' }> | null {
  const tools = req.tools ?? [];
  const choice = req.toolChoice ?? 'auto';
  if (tools.length === 0 || choice === 'none') return null;
  const round = toolRoundsDone(req.messages) + 1;
  const forced = choice === 'required' || typeof choice === 'object';
  const maxRounds = req.maxToolRounds ?? DEFAULT_MAX_TOOL_ROUNDS;
  if (!forced && (round > maxRounds || round > tools.length)) return null;
  const tool = chooseTool(req, round);
  if (!tool) return null;
  const userText = latestUserText(req.messages);
  const calls: BrainToolCall[] = [];
  for (let i = 0; i < (round === 1 ? 2 : 1); i++) {
    calls.push({
      id: toolCallId(userText, round, i, tool.name),
      name: tool.name,
      arguments: fillArguments(tool.parameters, userText, i),
    });
  }
  return { kind: 'tool_calls', text: planSentence(round, tool.name), calls };
}

import type { BrainMessage } from './types.ts';

// Reading a conversation: where the current task starts, and what earlier steps said.

/** Index of the latest user turn that carries text (tool results don't count), or -1. */
export function lastUserIndex(messages: readonly BrainMessage[]): number {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.role === 'user' && m.text.trim() !== '') return i;
  }
  return -1;
}

/** The text of the latest user turn, or '' when there is none. */
export function latestUserText(messages: readonly BrainMessage[]): string {
  const i = lastUserIndex(messages);
  return i < 0 ? '' : messages[i]!.text;
}

/** An earlier step: the user's request and the assistant's final answer to it. */
export interface EarlierStep {
  /** 1-based: step n answers the n-th user turn. */
  step: number;
  request: string;
  answer: string;
}

/**
 * The earlier steps before the latest user turn: each user turn with the last assistant text
 * that followed it (tool-calling turns are intermediate, so they don't count as the answer).
 */
export function earlierSteps(messages: readonly BrainMessage[]): EarlierStep[] {
  const end = lastUserIndex(messages);
  const steps: EarlierStep[] = [];
  let current: EarlierStep | undefined;
  for (let i = 0; i < end; i++) {
    const m = messages[i]!;
    if (m.role === 'user' && m.text.trim() !== '') {
      current = { step: steps.length + 1, request: m.text, answer: '' };
      steps.push(current);
    } else if (m.role === 'assistant' && current && !m.toolCalls?.length && m.text.trim() !== '') {
      current.answer = m.text;
    }
  }
  return steps.filter((s) => s.answer !== '');
}

/** Tool-calling assistant turns since the latest user turn: the number of rounds already done. */
export function toolRoundsDone(messages: readonly BrainMessage[]): number {
  let rounds = 0;
  for (let i = lastUserIndex(messages) + 1; i < messages.length; i++) {
    const m = messages[i]!;
    if (m.role === 'assistant' && m.toolCalls?.length) rounds++;
  }
  return rounds;
}

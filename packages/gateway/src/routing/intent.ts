import type { IntentMessage } from './types.ts';

/** A piece of text the local router scores, with how much it counts. */
export interface WeightedText {
  text: string;
  weight: number;
}

/**
 * The current intent of a conversation: the latest user message, plus the assistant text written
 * after it. Inside a tool loop the agent's stated next step ("Now let me compare and analyse…")
 * is what the next call is for, so the latest assistant text outweighs the user message.
 */
export function currentIntent(conversation: readonly IntentMessage[]): WeightedText[] {
  let lastUser = -1;
  for (let i = conversation.length - 1; i >= 0; i--) {
    if (conversation[i]?.role === 'user') {
      lastUser = i;
      break;
    }
  }
  const after = conversation
    .slice(lastUser + 1)
    .filter((m) => m.role === 'assistant' && m.text.trim() !== '');
  const pieces: WeightedText[] = [];
  const user = lastUser >= 0 ? conversation[lastUser] : undefined;
  if (user) pieces.push({ text: user.text, weight: after.length > 0 ? 0.45 : 1 });
  after.forEach((m, i) => {
    pieces.push({ text: m.text, weight: i === after.length - 1 ? 1 : 0.5 });
  });
  return pieces;
}

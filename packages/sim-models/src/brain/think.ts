import { composeAnswer } from './answer.ts';
import { routerReply } from './router.ts';
import { planToolTurn } from './tools.ts';
import type { BrainReply, BrainRequest } from './types.ts';

/**
 * The simulated model's reply to a request: the route JSON for an Arch-Router prompt, else the
 * next tool-calling turn when tools are offered, else a text answer. Pure: same request, same reply.
 *
 * @example think({ model: 'gpt-4o', messages: [{ role: 'user', text: 'List the requirements' }] })
 */
export function think(req: BrainRequest): BrainReply {
  const prompt = req.messages
    .filter((m) => m.role === 'user' || m.role === 'system')
    .map((m) => m.text)
    .join('\n');
  if (prompt.includes('<routes>')) {
    const route = routerReply(prompt);
    if (route !== null) return { kind: 'text', text: route };
  }
  const toolTurn = planToolTurn(req);
  if (toolTurn) return toolTurn;
  return { kind: 'text', text: composeAnswer(req.model, req.messages) };
}

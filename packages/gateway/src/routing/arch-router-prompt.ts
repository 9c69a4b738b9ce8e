import type { ResolvedRoute } from '../config/types.ts';
import type { IntentMessage } from './types.ts';

// The Arch-Router-1.5B prompt (katanemo/Arch-Router-1.5B model card): routes as JSON inside
// <routes>, the conversation as JSON inside <conversation>, answer `{"route": "name"}` or
// `{"route": "other"}`. Any chat model follows it well enough.
const TEMPLATE = `You are a helpful assistant designed to find the best suited route.
You are provided with route description within <routes></routes> XML tags:
<routes>

{routes}

</routes>

<conversation>

{conversation}

</conversation>

Your task is to decide which route is best suit with user intent on the conversation in <conversation></conversation> XML tags.  Follow the instruction:
1. If the latest intent from user is irrelevant or user intent is full filled, response with other route {"route": "other"}.
2. Analyze the route descriptions and find the best match route for user latest intent.
3. Respond only with the route name that best matches the user's request, using the exact name in the <routes></routes> block.

Based on your analysis, provide your response in the following JSON formats if you decide to match any route:
{"route": "route_name"}
`;

/** Rough token count (≈ 4 characters a token): enough to keep the prompt inside a budget. */
export function approxTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/**
 * The most recent messages that fit in `maxTokens`, oldest first. The latest message is always
 * kept (cut from the front if it alone is too long): it carries the intent.
 */
export function trimConversation(conversation: readonly IntentMessage[], maxTokens: number): IntentMessage[] {
  const out: IntentMessage[] = [];
  let used = 0;
  for (let i = conversation.length - 1; i >= 0; i--) {
    const m = conversation[i];
    if (!m || m.text.trim() === '') continue;
    const cost = approxTokens(m.text) + 4;
    if (used + cost > maxTokens) {
      if (out.length === 0) out.push({ role: m.role, text: m.text.slice(-maxTokens * 4) });
      break;
    }
    out.push(m);
    used += cost;
  }
  return out.reverse();
}

/** Builds the router prompt for these routes and (already trimmed) conversation. */
export function buildArchRouterPrompt(
  routes: readonly ResolvedRoute[],
  conversation: readonly IntentMessage[],
): string {
  const routesJson = JSON.stringify(routes.map((r) => ({ name: r.name, description: r.description })));
  const conversationJson = JSON.stringify(conversation.map((m) => ({ role: m.role, content: m.text })));
  return TEMPLATE.replace('{routes}', routesJson).replace('{conversation}', conversationJson);
}

/**
 * Reads the router's answer: `{"route": "name"}` or `{"route": ["name", …]}` (first wins), possibly
 * wrapped in prose or a code fence. Returns the route name, `null` for `other`/empty, or
 * `undefined` when the answer is unreadable.
 */
export function parseRouteAnswer(answer: string): string | null | undefined {
  const match = answer.match(/\{[\s\S]*\}/);
  if (!match) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(match[0].replace(/'/g, '"'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || !('route' in parsed)) return undefined;
  const route: unknown = (parsed as { route: unknown }).route;
  const name = Array.isArray(route) ? route[0] : route;
  if (name === undefined || name === null || name === '') return null;
  if (typeof name !== 'string') return undefined;
  return name === 'other' ? null : name;
}

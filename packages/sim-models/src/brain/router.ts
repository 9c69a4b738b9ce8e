import { stems } from './text.ts';

// Arch-Router protocol: the prompt lists routes as JSON inside <routes>…</routes> and the chat
// inside <conversation>…</conversation>, and asks for {"route": "name"} ("other" when none fits).

export interface RouterRoute {
  name: string;
  description: string;
}

export interface RouterTurn {
  role: string;
  content: string;
}

export interface RouterPrompt {
  routes: RouterRoute[];
  conversation: RouterTurn[];
}

/** The longest `<tag>…</tag>` body: the instructions also mention the tags with nothing inside. */
function between(text: string, tag: string): string | undefined {
  let best: string | undefined;
  for (const m of text.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))) {
    const body = m[1]!.trim();
    if (best === undefined || body.length > best.length) best = body;
  }
  return best;
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((p) => (p && typeof p === 'object' && 'text' in p ? String((p as { text: unknown }).text) : ''))
      .join(' ');
  }
  return '';
}

function toRoute(value: unknown): RouterRoute | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.name !== 'string') return undefined;
  return { name: v.name, description: typeof v.description === 'string' ? v.description : '' };
}

/** Routes as a JSON array, a `{name: description}` map, one JSON object per line, or loose pairs. */
export function parseRoutes(block: string): RouterRoute[] {
  try {
    const parsed: unknown = JSON.parse(block);
    if (Array.isArray(parsed)) return parsed.map(toRoute).filter((r): r is RouterRoute => r !== undefined);
    if (parsed && typeof parsed === 'object') {
      return Object.entries(parsed).map(([name, d]) => ({
        name,
        description: typeof d === 'string' ? d : '',
      }));
    }
  } catch {
    // Not one JSON document: fall through to the line-by-line and loose forms.
  }
  const out: RouterRoute[] = [];
  for (const line of block.split('\n')) {
    try {
      const route = toRoute(JSON.parse(line.trim().replace(/,$/, '')));
      if (route) out.push(route);
    } catch {
      // Skip lines that are not JSON objects.
    }
  }
  if (out.length > 0) return out;
  for (const m of block.matchAll(/"name"\s*:\s*"([^"]+)"[^}]*?"description"\s*:\s*"([^"]*)"/g)) {
    out.push({ name: m[1]!, description: m[2]! });
  }
  return out;
}

/** The conversation as a JSON array of `{role, content}`, or the whole block as one user turn. */
export function parseConversation(block: string): RouterTurn[] {
  try {
    const parsed: unknown = JSON.parse(block);
    if (Array.isArray(parsed)) {
      return parsed
        .filter((t): t is Record<string, unknown> => !!t && typeof t === 'object')
        .map((t) => ({ role: String(t.role ?? 'user'), content: contentText(t.content) }));
    }
  } catch {
    // A plain-text conversation: treat it as the user's words.
  }
  return [{ role: 'user', content: block }];
}

/** The routes and conversation of an Arch-Router style prompt, or `null` when the text isn't one. */
export function parseRouterPrompt(text: string): RouterPrompt | null {
  const routes = between(text, 'routes');
  const conversation = between(text, 'conversation');
  if (routes === undefined || conversation === undefined) return null;
  return { routes: parseRoutes(routes), conversation: parseConversation(conversation) };
}

// Words that mean the same intent, folded to one concept so "fetch the numbers" meets a route
// described as "data gathering and lookup".
const CONCEPTS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['~gather', ['gather', 'fetch', 'look', 'lookup', 'retriev', 'search', 'find', 'collect', 'research']],
  ['~analyse', ['compar', 'analyz', 'reason', 'evaluat', 'weigh', 'trade-off', 'tradeoff', 'trade-offs']],
  ['~verify', ['verif', 'check', 'double-check', 'validat', 'confirm', 'cross-check', 'cross-referenc']],
  ['~code', ['code', 'sql', 'schema', 'query', 'table', 'ddl', 'program', 'function', 'debug']],
  ['~report', ['summar', 'report', 'recommend', 'conclu', 'write-up', 'final']],
];

function conceptStems(text: string): Set<string> {
  const out = stems(text);
  for (const [concept, members] of CONCEPTS) {
    for (const s of out) {
      if (members.some((m) => s.startsWith(m))) {
        out.add(concept);
        break;
      }
    }
  }
  return out;
}

/**
 * The route whose name and description share the most (lightly stemmed) words with the latest
 * intent, or `other` when none share any. The latest intent is the last user turn, plus, with
 * double weight, assistant text that came after it (an agent's plan for its next step). The first
 * listed route wins a tie. Pure.
 */
export function chooseRoute(prompt: RouterPrompt): string {
  const turns = prompt.conversation;
  let lastUser = -1;
  for (let i = turns.length - 1; i >= 0 && lastUser < 0; i--) if (turns[i]!.role === 'user') lastUser = i;
  const userStems = conceptStems(lastUser >= 0 ? turns[lastUser]!.content : '');
  const plan = turns.slice(lastUser + 1).filter((t) => t.role === 'assistant' && t.content.trim() !== '');
  const planStems = conceptStems(plan.length ? plan[plan.length - 1]!.content : '');
  let best = 'other';
  let bestScore = 0;
  for (const route of prompt.routes) {
    let score = 0;
    for (const s of conceptStems(`${route.name.replace(/[_-]+/g, ' ')} ${route.description}`)) {
      if (userStems.has(s)) score += 1;
      if (planStems.has(s)) score += 2;
    }
    if (score > bestScore) {
      best = route.name;
      bestScore = score;
    }
  }
  return best;
}

/** The router model's whole reply, `{"route": "name"}`, or `null` when the text isn't a router prompt. */
export function routerReply(text: string): string | null {
  const prompt = parseRouterPrompt(text);
  return prompt ? `{"route": ${JSON.stringify(chooseRoute(prompt))}}` : null;
}

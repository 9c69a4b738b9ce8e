import { estimateTokens } from '../brain/text.ts';
import type { RouteContext } from '../context.ts';
import type { Provider } from '../errors.ts';
import { addLatency, faultResponse } from '../faults.ts';
import { type Knobs, readKnobs } from '../knobs.ts';

/** The parsed JSON body, or `undefined` when it is missing or not JSON. */
export async function readJson(req: Request): Promise<unknown> {
  try {
    return JSON.parse(await req.text());
  } catch {
    return undefined;
  }
}

/** What a route does before answering: read the knobs, wait the added latency, inject a fault. */
export async function prelude(
  req: Request,
  ctx: RouteContext,
  provider: Provider,
  model: string,
  stream: boolean,
): Promise<{ knobs: Knobs; response?: Response }> {
  const knobs = readKnobs(req.headers, model, ctx.options, ctx.failOnce);
  if (Math.max(knobs.ttftMs, knobs.chunkDelayMs) >= 8_000) ctx.holdOpen(req);
  await addLatency(knobs.latencyMs, req, ctx);
  if (knobs.fault === undefined) return { knobs };
  return { knobs, response: await faultResponse(knobs.fault, provider, stream, req, ctx) };
}

/**
 * Cuts a text answer to `maxTokens` (same ~4 characters a token estimate as `usage`) and says
 * whether it was cut, so the route can report `length` / `max_tokens`.
 */
export function limitTokens(
  text: string,
  maxTokens: number | null | undefined,
): { text: string; cut: boolean } {
  if (!maxTokens || estimateTokens(text) <= maxTokens) return { text, cut: false };
  return { text: text.slice(0, maxTokens * 4), cut: true };
}

/** A Zod issue list as one readable line: "messages: Required; max_tokens: Expected number". */
export function describeIssues(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  return issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join('.') || 'body'}: ${i.message}`)
    .join('; ');
}

import type { ResolvedRoute, RouterSettings } from '../config/types.ts';
import { GatewayError } from '../errors.ts';
import { ResponseTooLarge, readBounded } from '../providers/read-bounded.ts';
import { buildArchRouterPrompt, parseRouteAnswer, trimConversation } from './arch-router-prompt.ts';
import type { IntentMessage, RouteChoice, Router } from './types.ts';

/** Largest router answer read (`max_tokens: 64` needs a few hundred bytes). */
const MAX_ROUTER_ANSWER_BYTES = 1024 * 1024;

/**
 * A router that asks a model over any OpenAI-compatible endpoint, using the Arch-Router protocol.
 * Rejects with `GatewayError('router_error')` on a network error, a timeout, a non-2xx answer or
 * an unreadable or unknown route name; the caller then serves the default model without pinning.
 */
export function createLlmRouter(routes: readonly ResolvedRoute[], settings: RouterSettings): Router {
  if (!settings.baseUrl) throw new Error('llm router needs a base URL');
  const url = `${settings.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  const byName = new Map(routes.map((r) => [r.name, r]));
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (settings.apiKey) headers.authorization = `Bearer ${settings.apiKey}`;
  const fail = (message: string, cause?: unknown) =>
    new GatewayError('router_error', 502, `router: ${message}`, { cause, retryable: true });

  const route = async (
    conversation: readonly IntentMessage[],
    signal?: AbortSignal,
  ): Promise<RouteChoice> => {
    if (routes.length === 0) return { route: null };
    const trimmed = trimConversation(conversation, settings.maxContextTokens);
    if (trimmed.length === 0) return { route: null };
    const timeout = AbortSignal.timeout(settings.timeoutMs);
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          model: settings.model ?? 'Arch-Router',
          messages: [{ role: 'user', content: buildArchRouterPrompt(routes, trimmed) }],
          temperature: 0,
          max_tokens: 64,
          stream: false,
        }),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (error) {
      throw fail(timeout.aborted ? `no answer within ${settings.timeoutMs} ms` : 'unreachable', error);
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw fail(`HTTP ${response.status}`);
    }
    let content: unknown;
    try {
      // A route name is a few tokens: a router answering more than this is not answering.
      const text = await readBounded(response, MAX_ROUTER_ANSWER_BYTES);
      const body = JSON.parse(text) as { choices?: Array<{ message?: { content?: unknown } }> };
      content = body.choices?.[0]?.message?.content;
    } catch (error) {
      if (error instanceof ResponseTooLarge)
        throw fail(`answer larger than ${MAX_ROUTER_ANSWER_BYTES} bytes`, error);
      throw fail(timeout.aborted ? `no answer within ${settings.timeoutMs} ms` : 'malformed answer', error);
    }
    if (typeof content !== 'string') throw fail('answer has no text');
    const name = parseRouteAnswer(content);
    if (name === undefined) throw fail('answer is not {"route": …}');
    if (name === null) return { route: null };
    const chosen = byName.get(name);
    // An unknown name is treated as "no route" rather than an error: the model answered, just not usefully.
    return { route: chosen ?? null };
  };
  return { type: 'llm', route };
}

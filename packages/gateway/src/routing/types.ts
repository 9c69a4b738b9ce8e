import type { ResolvedRoute } from '../config/types.ts';

/**
 * One turn of the conversation as the router sees it: protocol-neutral text. Built from OpenAI
 * chat messages today and Anthropic messages later; system prompts and tool results are left out.
 */
export interface IntentMessage {
  role: 'user' | 'assistant';
  text: string;
}

/** What a router chose: a configured route, or `null` when none fits. */
export interface RouteChoice {
  route: ResolvedRoute | null;
  /** Similarity of the best route (local router), for logs and tuning. */
  score?: number;
}

/**
 * Picks a routing preference for a conversation. A router never invents a model: it names a route
 * (or none), and the route's `models[0]` serves. Failures reject with `GatewayError('router_error')`.
 */
export interface Router {
  readonly type: 'local' | 'llm';
  route(conversation: readonly IntentMessage[], signal?: AbortSignal): RouteChoice | Promise<RouteChoice>;
}

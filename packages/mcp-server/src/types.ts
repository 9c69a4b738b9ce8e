import { z } from 'zod';

/** A chat message as the router reads it: only the role and the text matter for routing. */
export const chatMessageSchema = z.object({
  role: z.enum(['system', 'user', 'assistant', 'tool']),
  content: z.string(),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

/** What the gateway serves: its configured models, aliases and routing preferences. */
export const modelsInfoSchema = z.object({
  /** Configured models, e.g. `openai/gpt-4o`. */
  models: z.array(z.string()),
  /** The model that serves when no route fits, when the gateway says which. */
  default_model: z.string().nullable(),
  aliases: z.array(z.object({ alias: z.string(), target: z.string() })),
  /** Routing preferences; empty when the gateway does not publish them. */
  routes: z.array(z.object({ name: z.string(), description: z.string(), models: z.array(z.string()) })),
});
export type ModelsInfo = z.infer<typeof modelsInfoSchema>;

/** The router's decision for a conversation. */
export const routeDecisionSchema = z.object({
  model: z.string(),
  /** The routing preference that matched, or `null` when none did (the default model serves). */
  route: z.string().nullable(),
  /** True when the decision came from an existing pin rather than the router. */
  pinned: z.boolean(),
});
export type RouteDecision = z.infer<typeof routeDecisionSchema>;

/** A stored pin, as `get_pin` and `pin_model` report it. */
export const pinInfoSchema = z.object({
  affinity_id: z.string(),
  model: z.string(),
  route: z.string().nullable(),
  /** `router`, `explicit` or `failover`. */
  source: z.string(),
  /** Whole seconds before the pin expires, when the gateway says. */
  ttl_seconds: z.number().nullable(),
});
export type PinInfo = z.infer<typeof pinInfoSchema>;

/** Arguments of {@link TetherControl.pin}. */
export interface PinRequest {
  /** The affinity id to pin; a fresh `aff_…` id is created when omitted. */
  id?: string;
  /** Pin to this configured model (or alias). Give `model` or `prompt`, not both. */
  model?: string;
  /** Pin to the model the router chooses for this prompt. */
  prompt?: string;
  /** Lifetime of the pin; the gateway's `session_ttl_seconds` when omitted. */
  ttlSeconds?: number;
}

/** The outcome of {@link TetherControl.pin}. */
export interface PinResult extends PinInfo {
  /** True when the id did not exist before and was made up by this call. */
  created_id: boolean;
  /** True when `prompt` was given and an earlier pin for the id was kept instead of routing afresh. */
  kept_existing: boolean;
}

/**
 * The operations the MCP tools need, over one gateway. Every failure is a `TetherControlError`.
 * `createHttpControl` implements it over the gateway's HTTP API (remote, or in-process via `app.handle`).
 */
export interface TetherControl {
  /** Configured models, aliases and routes (`GET /v1/models`). */
  listModels(): Promise<ModelsInfo>;
  /** The model and route the gateway would choose for `messages`, without pinning anything. */
  previewRoute(messages: ChatMessage[]): Promise<RouteDecision>;
  /** Pins an affinity id to a model, or to the router's choice for a prompt. */
  pin(request: PinRequest): Promise<PinResult>;
  /** The pin for `id`, or `null` when there is none. */
  getPin(id: string): Promise<PinInfo | null>;
  /** Releases the pin for `id`; `true` when one existed. The next request with the id routes afresh. */
  releasePin(id: string): Promise<boolean>;
}

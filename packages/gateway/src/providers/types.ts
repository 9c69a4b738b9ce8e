import type { AnthropicMessage, AnthropicMessagesRequest } from '../protocol/anthropic.ts';
import type { ChatCompletion, ChatCompletionRequest } from '../protocol/openai.ts';
import type { SSEEvent } from '../wire/sse-parser.ts';

/** Which wire format an upstream speaks. */
export type ProviderInterface = 'openai' | 'anthropic';

export interface ProviderCallContext {
  /** Aborted when the client goes away or the upstream timeout fires. */
  signal: AbortSignal;
  /**
   * Extra headers for the upstream call (W3C `traceparent`, passthrough `Authorization`). Applied
   * last, so they override `ProviderSettings.headers` and the adapter's own (names case-insensitive).
   */
  headers?: Record<string, string>;
  /**
   * Sees every event of a stream once, in the wire format the stream is returned in, as the one SSE
   * parser (or the translator that wrote it) produced it: trajectory watching reads these instead of
   * decoding the bytes a second time.
   */
  onEvent?(event: SSEEvent): void;
}

/**
 * One upstream model API. Requests and responses are OpenAI-shaped; an adapter for another wire
 * format (Anthropic) translates both ways inside. Non-2xx upstream answers, timeouts, resets and
 * malformed bodies reject with `UpstreamError` (from `../errors.ts`) *before* any byte is returned,
 * so the gateway can still fail over or answer with a proper status.
 */
export interface Provider {
  /** Provider name from the config prefix, e.g. `openai`, `anthropic`, `groq`. */
  readonly name: string;
  readonly interface: ProviderInterface;
  /** A non-streaming chat completion. `request.model` is the upstream model name (prefix stripped). */
  chat(request: ChatCompletionRequest, ctx: ProviderCallContext): Promise<ChatCompletion>;
  /**
   * A streaming chat completion as OpenAI SSE bytes (`data: {chunk}\n\n` … `data: [DONE]\n\n`),
   * relayed as the upstream produces them, never buffered whole.
   */
  stream(request: ChatCompletionRequest, ctx: ProviderCallContext): Promise<ReadableStream<Uint8Array>>;
  /** Native Anthropic Messages passthrough, present only on `anthropic` providers (used by /v1/messages). */
  readonly messages?: {
    create(request: AnthropicMessagesRequest, ctx: ProviderCallContext): Promise<AnthropicMessage>;
    /** Anthropic SSE bytes (`event: message_start` … `event: message_stop`), relayed as they come. */
    stream(request: AnthropicMessagesRequest, ctx: ProviderCallContext): Promise<ReadableStream<Uint8Array>>;
  };
  /** The upstream's own `/responses` and `/embeddings`, present only on `openai` providers. */
  readonly openai?: NativeResponsesApi;
}

/** An OpenAI-style upstream's own Responses API and embeddings (bodies passed through as sent). */
export interface NativeResponsesApi {
  /** `POST /responses`; rejects with `UpstreamError` like `chat`. */
  create(request: Record<string, unknown>, ctx: ProviderCallContext): Promise<{ id: string }>;
  /**
   * `POST /responses` with `stream: true`: the upstream's events relayed one by one (bounded like
   * chat streams, error events scrubbed of keys, `ctx.onEvent` fed). `onComplete` gets the finished
   * Response before its `response.completed` event is relayed. A broken stream ends with `error`.
   */
  stream(
    request: Record<string, unknown>,
    ctx: ProviderCallContext,
    onComplete?: (response: { id: string; output?: unknown[] }) => Promise<void>,
  ): Promise<ReadableStream<Uint8Array>>;
  /** `POST /embeddings`. */
  embeddings(request: Record<string, unknown>, ctx: ProviderCallContext): Promise<unknown>;
}

/** Static settings of one configured upstream, resolved from the config file. */
export interface ProviderSettings {
  name: string;
  interface: ProviderInterface;
  /** Base URL including the version path, e.g. `https://api.openai.com/v1`. */
  baseUrl: string;
  /** The key sent upstream. Never logged, never echoed in an error. */
  apiKey?: string;
  /** Extra static headers for every call. */
  headers?: Record<string, string>;
  /** Per-call timeout for the whole non-streaming call, or until the first body byte when streaming. */
  timeoutMs: number;
  /** Largest non-streaming (or error) body read; past it the call is aborted → 502. @default 33554432 (32 MiB) */
  maxResponseBytes?: number;
  /** Largest SSE event (or unfinished line) of a stream; past it the stream ends with an error event. @default 1048576 */
  maxEventBytes?: number;
  /** Longest gap between two chunks of a stream; past it the stream ends with an error event. @default 60000 */
  streamIdleTimeoutMs?: number;
  /** Anthropic upstreams: add `cache_control` breakpoints where the client set none (`prompt_caching.anthropic_markers`). */
  anthropicCacheMarkers?: boolean;
}

import type { Server } from 'bun';
import type { FailOnceRegistry } from './knobs.ts';
import type { ResolvedSimModelsOptions } from './options.ts';
import type { PromptCache } from './prompt-cache/prompt-cache.ts';
import type { ResponseStore } from './response-store.ts';
import type { TinyCache } from './tiny.ts';

/** What every route handler gets besides the request. */
export interface RouteContext {
  options: ResolvedSimModelsOptions;
  failOnce: FailOnceRegistry;
  /** Aborted when the server stops, so held requests and delays end at once. */
  stopping: AbortSignal;
  /** Unix seconds when the server started: the `created` of every response, so responses repeat exactly. */
  created: number;
  server: Server<undefined>;
  /** Precomputed `x-sim-fixed: tiny` bodies. */
  tiny: TinyCache;
  /** Stored Responses for `previous_response_id` and `GET`/`DELETE /v1/responses/{id}`. */
  responses: ResponseStore;
  /** The per-model prompt-cache model behind every `usage` block's cached-token fields. */
  promptCache: PromptCache;
  /** Prints a line unless `quiet`. */
  log(line: string): void;
}

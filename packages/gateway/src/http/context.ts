import type { AffinityStore } from '@tether/affinity-store';
import type { Decider } from '../affinity/decider.ts';
import type { PromptCache } from '../cache/prompt-cache.ts';
import type { ResolvedConfig } from '../config/types.ts';
import type { Logger } from '../logger.ts';
import type { Provider } from '../providers/types.ts';

/** Everything a route plugin needs, passed to its factory (`chatRoutes(context)`). */
export interface GatewayContext {
  config: ResolvedConfig;
  decider: Decider;
  store: AffinityStore;
  /** Configured model name → its provider. */
  providers: ReadonlyMap<string, Provider>;
  logger: Logger;
  now: () => number;
  /** Token accounting, implicit pins, drift and regret-gate reporting; absent in bare test contexts. */
  cache?: PromptCache;
}

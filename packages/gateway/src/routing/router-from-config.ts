import type { ResolvedConfig } from '../config/types.ts';
import { createLlmRouter } from './llm-router.ts';
import { createLocalRouter } from './local-router.ts';
import type { Router } from './types.ts';

/** The router `routing.router` asks for: `local` (default) or `llm` (Arch-Router protocol). */
export function routerFromConfig(config: ResolvedConfig): Router {
  const settings = config.routing.router;
  if (settings.type === 'llm') return createLlmRouter(config.routes, settings);
  return createLocalRouter(config.routes, { minScore: settings.minScore });
}

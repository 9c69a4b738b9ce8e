import type { Router } from '../routing/types.ts';
import { failSpan, startChildSpan } from './spans.ts';
import type { ObservabilityCore } from './types.ts';

/**
 * Wraps a router so every decision is timed (`tether_router_decision_duration_seconds`) and traced
 * as a `routing` span. The decider skips the router on pinned requests, so neither appears then.
 */
export function instrumentRouter(router: Router, obs: ObservabilityCore): Router {
  return {
    type: router.type,
    async route(conversation, signal) {
      const span = startChildSpan(obs.tracer, 'routing', { 'tether.router': router.type });
      const end = obs.metrics.routerDuration.startTimer({ router: router.type });
      try {
        const choice = await router.route(conversation, signal);
        end({ outcome: choice.route === null ? 'none' : 'route' });
        span?.setAttribute('tether.route', choice.route?.name ?? 'none');
        if (choice.score !== undefined) span?.setAttribute('tether.router.score', choice.score);
        return choice;
      } catch (error) {
        end({ outcome: 'error' });
        failSpan(span, error);
        throw error;
      } finally {
        span?.end();
      }
    },
  };
}

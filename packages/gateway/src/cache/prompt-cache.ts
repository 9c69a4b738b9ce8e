import { CACHED_TOKENS_HEADER, PREFIX_HASH_HEADER } from '../http/header-names.ts';

export { CACHED_TOKENS_HEADER, PREFIX_HASH_HEADER };

import { type AffinityStore, formatKey } from '@tether/affinity-store';
import type { Decision } from '../affinity/decider.ts';
import type { ResolvedConfig, ResolvedModel } from '../config/types.ts';
import type { Logger } from '../logger.ts';
import { currentRequest } from '../observability/context.ts';
import type { UsageMetrics } from '../observability/usage-metrics.ts';
import type { LastModelMemory } from './last-model.ts';
import { estimateCostUsd } from './pricing.ts';
import { hasCacheActivity, type TokenUsage } from './usage.ts';
import type { UsageTally } from './usage-tally.ts';

/** One served response, as the prompt-cache layer needs it. */
export interface ServedUsage {
  decision: Decision;
  /** The model that actually served (differs from the decision's after a failover). */
  model: ResolvedModel;
  /** `undefined`: the response's usage was missing or malformed. */
  usage: TokenUsage | undefined;
  /** TTL of a pin this response commits (implicit sessions). */
  ttlSeconds: number;
}

/** Accounting, implicit pins, drift and regret-gate reporting for the serving pipeline. */
export interface PromptCache {
  /** Counts drift and gate verdicts and puts them on the request span. */
  decided(decision: Decision): void;
  /** `x-tether-prefix-hash`, when `prompt_caching.prefix_hash_header` is on. */
  responseHeaders(decision: Decision): Record<string, string>;
  /** Headers for the upstream call (the prefix hash, for ring-hash load balancers). */
  upstreamHeaders(decision: Decision): Record<string, string> | undefined;
  /** Counts a response's tokens and cost, and commits an implicit pin after a cache hit. True when it pinned. */
  served(served: ServedUsage): Promise<boolean>;
  readonly tally: UsageTally;
}

export interface PromptCacheDeps {
  config: ResolvedConfig;
  store: AffinityStore;
  logger: Logger;
  now: () => number;
  metrics: UsageMetrics;
  tally: UsageTally;
  lastModels: LastModelMemory;
}

/** Builds the prompt-cache layer. Every store call fails open: a failure is logged, the response goes on. */
export function createPromptCache(deps: PromptCacheDeps): PromptCache {
  const { config, store, logger, metrics, tally, lastModels } = deps;
  const remember =
    config.routing.affinity.implicitSessions || config.routing.affinity.switchCostUsd !== undefined;

  const count = (model: ResolvedModel, usage: TokenUsage | undefined) => {
    if (usage === undefined) {
      metrics.usageUnknown.inc({ model: model.name });
      return;
    }
    const cached = usage.cachedRead;
    metrics.promptTokens.inc({ model: model.name, cached: 'true' }, cached);
    metrics.promptTokens.inc({ model: model.name, cached: 'false' }, usage.input - cached);
    metrics.completionTokens.inc({ model: model.name }, usage.output);
    if (model.pricing !== undefined)
      metrics.costUsd.inc({ model: model.name }, estimateCostUsd(usage, model.pricing));
  };

  const commit = async (decision: Decision, model: ResolvedModel, ttlSeconds: number): Promise<boolean> => {
    const key = decision.affinityKey;
    if (key === undefined || decision.cache === undefined) return false;
    try {
      const claim = await store.claim(
        key,
        {
          model: model.name,
          route: decision.route,
          source: 'router',
          pinnedAt: deps.now(),
          prefixHash: decision.cache.prefixHash,
        },
        { ttlSeconds },
      );
      if (claim.created) metrics.implicitPins.inc();
      return claim.created;
    } catch (error) {
      logger.warn('affinity store unavailable; implicit session not pinned', {
        error: (error as Error).message,
      });
      return false;
    }
  };

  return {
    tally,
    decided(decision) {
      const facts = decision.cache;
      if (facts === undefined) return;
      const span = currentRequest()?.span;
      if (facts.drift !== undefined) {
        metrics.prefixDrift.inc({ session: facts.implicit ? 'implicit' : 'explicit', action: facts.drift });
        span?.setAttribute('tether.cache.prefix_drift', facts.drift);
      }
      const gate = facts.gate;
      if (gate === undefined) return;
      metrics.switchGate.inc({ outcome: gate.outcome });
      metrics.switchRegretUsd.inc({ outcome: gate.outcome }, Math.max(0, gate.regretUsd));
      span?.setAttributes({
        'tether.switch.outcome': gate.outcome,
        'tether.switch.regret_usd': gate.regretUsd,
        'tether.switch.previous_model': gate.previousModel,
        'tether.switch.candidate_model': gate.candidateModel,
        'tether.switch.road_not_taken': gate.roadNotTaken,
        'tether.switch.context_tokens': gate.contextTokens,
      });
    },
    responseHeaders(decision): Record<string, string> {
      // `x-tether-affinity: implicit` and `x-tether-switch` are decision headers (`decisionHeaders`).
      if (!config.promptCaching.prefixHashHeader || decision.cache === undefined) return {};
      return { [PREFIX_HASH_HEADER]: decision.cache.prefixHash };
    },
    upstreamHeaders(decision) {
      if (!config.promptCaching.prefixHashHeader || decision.cache === undefined) return undefined;
      return { [PREFIX_HASH_HEADER]: decision.cache.prefixHash };
    },
    async served({ decision, model, usage, ttlSeconds }) {
      count(model, usage);
      const underPin =
        model.name === decision.model.name && (decision.pinned || decision.affinityStatus === 'created');
      let committed = false;
      if (decision.cache?.implicit && !decision.pinned && hasCacheActivity(usage))
        committed = await commit(decision, model, ttlSeconds);
      const key = decision.affinityKey;
      const pinKey = key !== undefined && (underPin || committed) ? formatKey(key, '') : undefined;
      tally.record(model.name, pinKey, underPin, usage, model.pricing);
      if (remember && decision.cache !== undefined) {
        lastModels.set(decision.cache.lineage, {
          model: model.name,
          route: decision.route,
          prefixHash: decision.cache.prefixHash,
          at: deps.now(),
        });
      }
      return committed;
    },
  };
}

import type { AffinityDecision, AffinityKey, AffinityLookup, AffinityStore } from '@tether/affinity-store';
import type { ResolvedConfig, ResolvedModel } from '../config/types.ts';
import type { Logger } from '../logger.ts';
import { resolveRequestedModel, unknownModel } from '../routing/resolve-model.ts';
import type { IntentMessage, RouteChoice, Router } from '../routing/types.ts';

/**
 * What happened with affinity on this request. `none`: no id sent (or an explicit model);
 * `hit`: served from a stored pin; `created`: this request pinned; `claim_lost`: another request
 * or replica pinned first and its model serves; `unavailable`: the store failed, routed fresh.
 */
export type AffinityStatus = 'none' | 'hit' | 'created' | 'claim_lost' | 'unavailable';

/** Why this model serves. */
export type DecisionReason = 'requested' | 'alias' | 'pin' | 'router' | 'default' | 'router_error';

/** Input of a routing decision, independent of the wire protocol. */
export interface DecideInput {
  /** The request's `model` field. A configured model or alias bypasses router and pins. */
  requestedModel?: string;
  /** The conversation without system prompts and tool results, oldest first. */
  intent: readonly IntentMessage[];
  /** From `X-Model-Affinity` / `X-Session-Id` (see `readAffinityScope`). */
  affinityId?: string;
  tenant?: string;
  /** Lifetime of a pin this request creates. @default routing.session_ttl_seconds */
  ttlSeconds?: number;
  /** Aborts an `llm` router call when the client goes away. */
  signal?: AbortSignal;
}

export interface Decision {
  /** The model that serves. */
  model: ResolvedModel;
  /** The route that chose it, or `null` (explicit model, default model, router failure). */
  route: string | null;
  /** The route's candidate models in preference order, else `[model.name]`. */
  models: string[];
  /** True when served from a stored pin (`hit`, `claim_lost`). */
  pinned: boolean;
  affinityStatus: AffinityStatus;
  reason: DecisionReason;
  /** The local router's similarity, when it ran. */
  score?: number;
  /** The store key, when an affinity id was sent and the store was consulted (not for explicit models). */
  affinityKey?: AffinityKey;
  /**
   * The pin this request is served under: the stored one (`hit`, `claim_lost`) or the one it wrote (`created`).
   * `cachedWhileUnavailable` when a replica's near cache answered because Redis could not be asked.
   */
  pin?: AffinityLookup;
}

export interface DeciderDeps {
  config: ResolvedConfig;
  store: AffinityStore;
  router: Router;
  logger: Logger;
  /** Epoch milliseconds. @default Date.now */
  now?: () => number;
}

/** A protocol-agnostic routing + affinity decision maker shared by every endpoint. */
export interface Decider {
  decide(input: DecideInput): Promise<Decision>;
}

/**
 * Builds the decision logic: explicit model → pin lookup → router → atomic claim. The store failing
 * never fails a request (fail open, `unavailable`); a router failure serves the default model and
 * never creates a pin; "no route" is stored as the model that actually serves, never as `none`.
 */
export function createDecider(deps: DeciderDeps): Decider {
  const { config, store, router, logger } = deps;
  const now = deps.now ?? Date.now;

  const route = async (input: DecideInput): Promise<Omit<Decision, 'pinned' | 'affinityStatus'>> => {
    let choice: RouteChoice;
    try {
      choice = await router.route(input.intent, input.signal);
    } catch (error) {
      logger.warn('router failed; serving the default model', { error: (error as Error).message });
      const fallback = config.defaultModel ? config.modelsByName.get(config.defaultModel) : undefined;
      if (!fallback) throw unknownModel(config, input.requestedModel);
      return { model: fallback, route: null, models: [fallback.name], reason: 'router_error' };
    }
    const name = choice.route?.models[0] ?? config.defaultModel;
    const model = name ? config.modelsByName.get(name) : undefined;
    if (!model) throw unknownModel(config, input.requestedModel);
    return {
      model,
      route: choice.route?.name ?? null,
      models: choice.route ? [...choice.route.models] : [model.name],
      reason: choice.route ? 'router' : 'default',
      score: choice.score,
    };
  };

  const decide = async (input: DecideInput): Promise<Decision> => {
    const requested = resolveRequestedModel(config, input.requestedModel);
    if (requested.kind === 'model') {
      const m = requested.model;
      return {
        model: m,
        route: null,
        models: [m.name],
        pinned: false,
        affinityStatus: 'none',
        reason: requested.via === 'alias' ? 'alias' : 'requested',
      };
    }
    if (input.affinityId === undefined)
      return { ...(await route(input)), pinned: false, affinityStatus: 'none' };

    const key: AffinityKey =
      input.tenant === undefined ? { id: input.affinityId } : { id: input.affinityId, tenant: input.tenant };
    const ttlSeconds = input.ttlSeconds ?? config.routing.sessionTtlSeconds;
    let stale = false;
    try {
      const pin = await store.get(key);
      const model = pin ? config.modelsByName.get(pin.model) : undefined;
      if (pin && model) return fromPin(pin, model, 'hit', key);
      // A pin to a model no longer configured (config changed) is replaced below.
      stale = pin !== null;
    } catch (error) {
      return { ...(await unavailable(input, error)), affinityKey: key };
    }

    const fresh = await route(input);
    if (fresh.reason === 'router_error')
      return { ...fresh, pinned: false, affinityStatus: 'none', affinityKey: key };
    const decision: AffinityDecision = {
      model: fresh.model.name,
      route: fresh.route,
      source: 'router',
      pinnedAt: now(),
    };
    try {
      if (stale) {
        await store.set(key, decision, { ttlSeconds });
        return { ...fresh, pinned: false, affinityStatus: 'created', affinityKey: key, pin: decision };
      }
      const claim = await store.claim(key, decision, { ttlSeconds });
      if (claim.created)
        return { ...fresh, pinned: false, affinityStatus: 'created', affinityKey: key, pin: decision };
      const winner = config.modelsByName.get(claim.decision.model);
      if (winner) return fromPin(claim.decision, winner, 'claim_lost', key);
      return { ...fresh, pinned: false, affinityStatus: 'claim_lost', affinityKey: key, pin: claim.decision };
    } catch (error) {
      logger.warn('affinity store unavailable; request not pinned', { error: (error as Error).message });
      return { ...fresh, pinned: false, affinityStatus: 'unavailable', affinityKey: key };
    }
  };

  const unavailable = async (input: DecideInput, error: unknown): Promise<Decision> => {
    logger.warn('affinity store unavailable; routing without a pin', { error: (error as Error).message });
    return { ...(await route(input)), pinned: false, affinityStatus: 'unavailable' };
  };

  return { decide };
}

function fromPin(
  pin: AffinityLookup,
  model: ResolvedModel,
  status: 'hit' | 'claim_lost',
  affinityKey: AffinityKey,
): Decision {
  return {
    model,
    route: pin.route,
    models: [model.name],
    pinned: true,
    affinityStatus: status,
    reason: 'pin',
    affinityKey,
    pin,
  };
}

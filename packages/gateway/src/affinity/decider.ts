import type { AffinityKey, AffinityLookup, AffinityStore, Pin } from '@tether/affinity-store';
import type { LastModelMemory } from '../cache/last-model.ts';
import { gateSwitch, type SwitchGate } from '../cache/switch-gate.ts';
import type { ResolvedConfig, ResolvedModel } from '../config/types.ts';
import type { Logger } from '../logger.ts';
import { exactModel, fallbackModel, lookupModel, type NamedModel } from '../routing/resolve-model.ts';
import type { RoutingOverride } from '../routing/routing-header.ts';
import type { IntentMessage, RouteChoice, Router } from '../routing/types.ts';

/**
 * What happened with affinity on this request. `none`: no id sent (or an explicit model);
 * `hit`: served from a stored pin; `created`: this request pinned; `claim_lost`: another request
 * or replica pinned first and its model serves; `unavailable`: the store failed, routed fresh.
 */
export type AffinityStatus = 'none' | 'hit' | 'created' | 'claim_lost' | 'unavailable';

/**
 * Why this model serves. `requested`/`alias`: the client's model, router bypassed (`X-Tether-Routing:
 * off`, or `client_model: honor`); `named`: no route matched and the client's model served as the
 * fallback; `default`: no route matched and the default model served.
 */
export type DecisionReason = 'requested' | 'alias' | 'named' | 'pin' | 'router' | 'default' | 'router_error';

/** Input of a routing decision, independent of the wire protocol. */
export interface DecideInput {
  /**
   * The request's `model` field. With `client_model: route` (default) it is only the fallback when no
   * route matches; with `honor` or `X-Tether-Routing: off` a configured name serves as is.
   */
  requestedModel?: string;
  /** `X-Tether-Routing`: `off` serves exactly the named model, reading and writing no pin. */
  routing?: RoutingOverride;
  /** The conversation without system prompts and tool results, oldest first. Built only when the router runs. */
  intent: () => readonly IntentMessage[];
  /**
   * Validates what the gateway has not validated yet (the whole body), throwing its 400. Run before
   * anything is decided except a stored pin: a request served from a pin never calls it, every
   * other request does before the router runs or a pin is written.
   */
  validate?: () => void;
  /** From `X-Model-Affinity` / `X-Session-Id` (see `readAffinityScope`). */
  affinityId?: string;
  tenant?: string;
  /** Lifetime of a pin this request creates. @default routing.session_ttl_seconds */
  ttlSeconds?: number;
  /** Aborts an `llm` router call when the client goes away. */
  signal?: AbortSignal;
  /** Prompt-cache facts (set only when a cache feature is configured; see `cache/request-cache.ts`). */
  cache?: CacheInput;
}

/** A request's stable-prefix keys, for implicit sessions, drift and the cache-regret gate. */
export interface CacheInput {
  prefixHash: string;
  lineage: string;
  /** `affinityId` is the implicit key: look up only, pin after a cache hit (`cache/pin-after-hit.ts`). */
  implicit: boolean;
  /** Estimated context tokens, computed only if the gate runs. */
  contextTokens: () => number;
}

/** What the decision knows about prompt caches, when `DecideInput.cache` was given. */
export interface DecisionCache extends Omit<CacheInput, 'contextTokens'> {
  /** The pin's prefix differed: `rerouted` as a cold pin, or `kept` (explicit id, no re-route). */
  drift?: 'rerouted' | 'kept';
  /** The cache-regret gate's verdict, when it acted. */
  gate?: SwitchGate;
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
  /** Prompt-cache facts (implicit key, drift, regret gate), when the request carried `cache`. */
  cache?: DecisionCache;
}

export interface DeciderDeps {
  config: ResolvedConfig;
  store: AffinityStore;
  router: Router;
  logger: Logger;
  /** Epoch milliseconds. @default Date.now */
  now?: () => number;
  /** The model each conversation last used, for the regret gate after a pin expired. */
  lastModels?: LastModelMemory;
}

/** A protocol-agnostic routing + affinity decision maker shared by every endpoint. */
export interface Decider {
  decide(input: DecideInput): Promise<Decision>;
}

/**
 * Builds the decision logic, Plano's `cache_route` rule: pin lookup → router → (no route: the named
 * model, else the default) → atomic claim. A pin beats whatever model a request names. Only
 * `X-Tether-Routing: off`, or `client_model: honor` with a configured name, bypasses router and pins.
 * The store failing never fails a request (fail open, `unavailable`); a router failure serves the
 * named or default model and never creates a pin; "no route" is stored as the model that serves.
 */
export function createDecider(deps: DeciderDeps): Decider {
  const { config, store, router, logger } = deps;
  const now = deps.now ?? Date.now;
  // Without routing preferences there is nothing to classify: skip the router (and the intent).
  const noRoutes = config.routes.length === 0;

  const route = async (
    input: DecideInput,
    named: NamedModel,
  ): Promise<Omit<Decision, 'pinned' | 'affinityStatus'>> => {
    input.validate?.();
    let choice: RouteChoice = { route: null };
    if (!noRoutes) {
      try {
        choice = await router.route(input.intent(), input.signal);
      } catch (error) {
        logger.warn('router failed; serving the named or default model', {
          error: (error as Error).message,
        });
        const { model } = fallbackModel(config, named);
        return { model, route: null, models: [model.name], reason: 'router_error' };
      }
    }
    const routed = choice.route?.models[0];
    const model = routed === undefined ? undefined : config.modelsByName.get(routed);
    if (choice.route && model) {
      return {
        model,
        route: choice.route.name,
        models: [...choice.route.models],
        reason: 'router',
        score: choice.score,
      };
    }
    const fallback = fallbackModel(config, named);
    return {
      model: fallback.model,
      route: null,
      models: [fallback.model.name],
      reason: fallback.reason,
      score: choice.score,
    };
  };

  const decide = async (input: DecideInput): Promise<Decision> => {
    const named = lookupModel(config, input.requestedModel);
    const honored =
      input.routing === 'off' || (input.routing !== 'on' && config.routing.clientModel === 'honor');
    if (input.routing === 'off' || (honored && named.kind === 'model')) {
      input.validate?.();
      const m = exactModel(config, named);
      const via = named.kind === 'model' ? named.via : 'name';
      return {
        model: m,
        route: null,
        models: [m.name],
        pinned: false,
        affinityStatus: 'none',
        reason: via === 'alias' ? 'alias' : 'requested',
      };
    }
    if (input.affinityId === undefined)
      return { ...(await route(input, named)), pinned: false, affinityStatus: 'none' };

    const key: AffinityKey =
      input.tenant === undefined ? { id: input.affinityId } : { id: input.affinityId, tenant: input.tenant };
    const ttlSeconds = input.ttlSeconds ?? config.routing.sessionTtlSeconds;
    const { cache } = input;
    const facts: DecisionCache | undefined = cache && {
      prefixHash: cache.prefixHash,
      lineage: cache.lineage,
      implicit: cache.implicit,
    };
    const withFacts = (d: Decision): Decision => (facts ? { ...d, cache: facts } : d);
    let stale = false;
    let previous: { model: ResolvedModel; route: string | null } | undefined;
    try {
      const pin = await store.get(key);
      const model = pin ? config.modelsByName.get(pin.model) : undefined;
      if (pin && model) {
        if (facts === undefined || pin.prefixHash === undefined || pin.prefixHash === facts.prefixHash)
          return withFacts(fromPin(pin, model, 'hit', key));
        // Prefix drift: the provider's cache no longer matches this pin. Explicit ids promise
        // consistency, so they keep their model unless the operator opted into re-routing.
        if (!facts.implicit && !config.routing.affinity.rerouteOnPrefixDrift) {
          facts.drift = 'kept';
          return withFacts(fromPin(pin, model, 'hit', key));
        }
        facts.drift = 'rerouted';
        previous = { model, route: pin.route };
      }
      // A pin to a model no longer configured (config changed), or a drifted one, is replaced below.
      stale = pin !== null;
    } catch (error) {
      logger.warn('affinity store unavailable; routing without a pin', { error: (error as Error).message });
      return withFacts({
        ...(await route(input, named)),
        pinned: false,
        affinityStatus: 'unavailable',
        affinityKey: key,
      });
    }
    if (previous === undefined && facts !== undefined) {
      // No live pin: what served this conversation before (an expired pin, or an implicit key that
      // drifted to a new prefix) is what a switch would throw away.
      const last = deps.lastModels?.get(facts.lineage);
      const model = last && config.modelsByName.get(last.model);
      if (last && model) {
        previous = { model, route: last.route };
        if (facts.implicit && last.prefixHash !== facts.prefixHash) facts.drift = 'rerouted';
      }
    }

    let fresh = await route(input, named);
    if (fresh.reason === 'router_error')
      return withFacts({ ...fresh, pinned: false, affinityStatus: 'none', affinityKey: key });
    if (facts !== undefined && cache !== undefined && previous !== undefined) {
      facts.gate = gateSwitch(config, previous.model, fresh.model, cache.contextTokens);
      if (facts.gate?.outcome === 'retained')
        fresh = { ...fresh, model: previous.model, route: previous.route, models: [previous.model.name] };
    }
    // Implicit sessions pin only once a response shows the provider's cache at work.
    if (facts?.implicit)
      return withFacts({ ...fresh, pinned: false, affinityStatus: 'none', affinityKey: key });
    const decision: Pin = {
      model: fresh.model.name,
      route: fresh.route,
      source: 'router',
      pinnedAt: now(),
    };
    if (facts !== undefined) decision.prefixHash = facts.prefixHash;
    try {
      // A stale pin (its model no longer configured) is overwritten; otherwise the first claim wins.
      let claim: { created: boolean; decision: Pin } = { created: true, decision };
      if (stale) await store.set(key, decision, { ttlSeconds });
      else claim = await store.claim(key, decision, { ttlSeconds });
      if (claim.created)
        return withFacts({
          ...fresh,
          pinned: false,
          affinityStatus: 'created',
          affinityKey: key,
          pin: decision,
        });
      const winner = config.modelsByName.get(claim.decision.model);
      if (winner) return withFacts(fromPin(claim.decision, winner, 'claim_lost', key));
      return withFacts({
        ...fresh,
        pinned: false,
        affinityStatus: 'claim_lost',
        affinityKey: key,
        pin: claim.decision,
      });
    } catch (error) {
      logger.warn('affinity store unavailable; request not pinned', { error: (error as Error).message });
      return withFacts({ ...fresh, pinned: false, affinityStatus: 'unavailable', affinityKey: key });
    }
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

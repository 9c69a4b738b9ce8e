import type { ResolvedConfig, ResolvedModel } from '../config/types.ts';
import { GatewayError } from '../errors.ts';

/** How the client's `model` field was understood. */
export type NamedModel =
  /** A configured model: by its full name, an alias, or an unambiguous bare name (`gpt-4o-mini`). */
  | { kind: 'model'; model: ResolvedModel; via: 'name' | 'alias' | 'bare' }
  /** A bare name that two or more providers serve (`gpt-4o` under `openai/` and `azure/`). */
  | { kind: 'ambiguous'; requested: string; candidates: string[] }
  /** `auto`, an unknown name, or no `model` at all. */
  | { kind: 'none'; requested: string | undefined };

// Bare names index by upstream model name; built once per config (configs are immutable).
const bareIndexes = new WeakMap<ResolvedConfig, Map<string, ResolvedModel[]>>();

function bareIndex(config: ResolvedConfig): Map<string, ResolvedModel[]> {
  let index = bareIndexes.get(config);
  if (index) return index;
  index = new Map();
  for (const model of config.models) {
    const list = index.get(model.upstreamModel);
    if (list) list.push(model);
    else index.set(model.upstreamModel, [model]);
  }
  bareIndexes.set(config, index);
  return index;
}

/**
 * Resolves the request's `model` against the config: aliases first, then full names, then bare
 * names (the part after `provider/`). It never throws: whether an unmatched name is an error depends
 * on whether the router finds a route (see `fallbackModel`).
 */
export function lookupModel(config: ResolvedConfig, requested: string | undefined): NamedModel {
  if (requested === undefined) return { kind: 'none', requested };
  const target = Object.hasOwn(config.aliases, requested) ? config.aliases[requested] : undefined;
  const direct = config.modelsByName.get(target ?? requested);
  if (direct) return { kind: 'model', model: direct, via: target ? 'alias' : 'name' };
  const bare = bareIndex(config).get(requested);
  if (bare?.length === 1 && bare[0]) return { kind: 'model', model: bare[0], via: 'bare' };
  if (bare && bare.length > 1) return { kind: 'ambiguous', requested, candidates: bare.map((m) => m.name) };
  return { kind: 'none', requested };
}

/**
 * The model that serves when the router found no route: the named model when it is configured,
 * otherwise the default model. An ambiguous bare name is a 400 listing the full names, and nothing
 * to fall back on is a 400 listing the configured models.
 */
export function fallbackModel(
  config: ResolvedConfig,
  named: NamedModel,
): { model: ResolvedModel; reason: 'named' | 'default' } {
  if (named.kind === 'model') return { model: named.model, reason: 'named' };
  if (named.kind === 'ambiguous') throw ambiguousModel(named.requested, named.candidates);
  const fallback = config.defaultModel ? config.modelsByName.get(config.defaultModel) : undefined;
  if (!fallback) throw unknownModel(config, named.requested);
  return { model: fallback, reason: 'default' };
}

/** The model a request with `X-Tether-Routing: off` (or `client_model: honor`) names exactly. */
export function exactModel(config: ResolvedConfig, named: NamedModel): ResolvedModel {
  if (named.kind === 'model') return named.model;
  if (named.kind === 'ambiguous') throw ambiguousModel(named.requested, named.candidates);
  throw unknownModel(config, named.requested, true);
}

/** 400: a bare name that several providers serve, listing their full names. */
export function ambiguousModel(requested: string, candidates: readonly string[]): GatewayError {
  return new GatewayError(
    'ambiguous_model',
    400,
    `model "${requested}" is ambiguous: it matches ${candidates.join(' and ')}; name one of them in full`,
    { param: 'model' },
  );
}

/** 400 naming the model and listing what is configured (names and aliases, never keys or URLs). */
export function unknownModel(
  config: ResolvedConfig,
  requested: string | undefined,
  exact = false,
): GatewayError {
  const names = [...config.modelsByName.keys(), ...Object.keys(config.aliases)];
  const what =
    requested === undefined
      ? exact
        ? 'X-Tether-Routing: off needs a configured model, and the request names none'
        : 'no model was given and no route matched'
      : exact
        ? `model "${requested}" is not configured (X-Tether-Routing: off serves only a configured model)`
        : `model "${requested}" is not configured, no route matched`;
  const tail = exact ? '' : ', and there is no default model';
  return new GatewayError('unknown_model', 400, `${what}${tail}; configured models: ${names.join(', ')}`, {
    param: 'model',
  });
}

import type { ResolvedConfig, ResolvedModel } from '../config/types.ts';
import { GatewayError } from '../errors.ts';

/** How the client's `model` field was understood. */
export type RequestedModel =
  /** A configured model, directly or through an alias: the router is bypassed. */
  | { kind: 'model'; model: ResolvedModel; via: 'name' | 'alias' }
  /** Absent or not configured: the router (or the default model) decides. */
  | { kind: 'route' };

/**
 * Resolves the request's `model`: aliases first, then configured names. Anything else is routed,
 * which needs a default model to fall back on; without one it is a 400 listing the configured models.
 */
export function resolveRequestedModel(config: ResolvedConfig, requested: string | undefined): RequestedModel {
  if (requested !== undefined) {
    const target = Object.hasOwn(config.aliases, requested) ? config.aliases[requested] : undefined;
    const model = config.modelsByName.get(target ?? requested);
    if (model) return { kind: 'model', model, via: target ? 'alias' : 'name' };
    if (!config.defaultModel) throw unknownModel(config, requested);
  }
  return { kind: 'route' };
}

/** 400 naming the model and listing what is configured (names and aliases, never keys or URLs). */
export function unknownModel(config: ResolvedConfig, requested: string | undefined): GatewayError {
  const names = [...config.modelsByName.keys(), ...Object.keys(config.aliases)];
  const what =
    requested === undefined
      ? 'no model was given and no route matched'
      : `model "${requested}" is not configured`;
  return new GatewayError(
    'unknown_model',
    400,
    `${what}, and there is no default model; configured models: ${names.join(', ')}`,
    {
      param: 'model',
    },
  );
}

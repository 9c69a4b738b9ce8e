/** What the gateway says about the model that served one call. */
export interface ServedBy {
  /** `x-tether-model`, else the body's `model`. */
  model: string;
  /** `x-tether-pinned: true`: served from a stored pin, the router did not run. */
  pinned: boolean;
  /** `x-tether-route`: the route name, `none`, or `null` when the header is absent. */
  route: string | null;
}

/**
 * Reads Tether's response headers. Falls back to the body's `model` so the demos still print
 * something sensible against a plain OpenAI-compatible endpoint.
 */
export function servedBy(headers: Headers, bodyModel: string): ServedBy {
  return {
    model: headers.get('x-tether-model') ?? bodyModel,
    pinned: headers.get('x-tether-pinned') === 'true',
    route: headers.get('x-tether-route'),
  };
}

/** `http://host:port` or `http://host:port/v1` → the `/v1` base URL the OpenAI SDK expects. */
export function openAiBaseUrl(gatewayUrl: string): string {
  const trimmed = gatewayUrl.replace(/\/+$/, '');
  return trimmed.endsWith('/v1') ? trimmed : `${trimmed}/v1`;
}

/** The header that pins a session. */
export const AFFINITY_HEADER = 'X-Model-Affinity';

/** A fresh affinity id such as `research-3f2a9c1e`. */
export function newAffinityId(prefix: string): string {
  return `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
}

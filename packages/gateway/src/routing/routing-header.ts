import { GatewayError } from '../errors.ts';
import { ROUTING_HEADER } from '../http/header-names.ts';

export { ROUTING_HEADER };

/** A request's routing override: `undefined` follows `routing.client_model`. */
export type RoutingOverride = 'on' | 'off' | undefined;

/** Reads `X-Tether-Routing` (case-insensitive `on` / `off`); any other value is a 400 naming the header. */
export function readRoutingOverride(headers: Headers): RoutingOverride {
  const raw = headers.get(ROUTING_HEADER);
  if (raw === null) return undefined;
  const value = raw.trim().toLowerCase();
  if (value === 'on' || value === 'off') return value;
  throw new GatewayError(
    'invalid_request',
    400,
    `X-Tether-Routing must be "on" or "off", got "${raw.slice(0, 64)}"`,
    { param: 'X-Tether-Routing' },
  );
}

import type { AffinityLifecycleSettings } from '../config/types.ts';
import { GatewayError } from '../errors.ts';
import {
  AFFINITY_SWITCH_HEADER,
  AFFINITY_TTL_HEADER,
  PIN_UNTIL_HEADER,
  REPINNED_HEADER,
} from '../http/header-names.ts';

export { AFFINITY_SWITCH_HEADER, AFFINITY_TTL_HEADER, PIN_UNTIL_HEADER, REPINNED_HEADER };

/** The pin lifecycle one request runs under: the config's `routing.affinity`, overridden by headers. */
export interface RequestLifecycle {
  /** False with `x-tether-affinity: off`: no pin is read or written. */
  enabled: boolean;
  pinUntil: 'ttl' | 'done';
  ttlMode: 'fixed' | 'sliding';
  onUpstreamError: 'fail' | 'failover';
  /** TTL for pins this request creates, re-pins or renews, never above `max_ttl_seconds`. */
  ttlSeconds: number;
}

function invalid(header: string, expected: string): GatewayError {
  return new GatewayError('invalid_request', 400, `header ${header} must be ${expected}`, { param: header });
}

/**
 * Reads the per-request lifecycle headers over the configured defaults. A TTL above the configured
 * maximum is lowered to it (and reported back in `x-tether-affinity-ttl`), so an agent asking for
 * "as long as possible" still gets a pin; values that are not a positive whole number are a 400.
 */
export function readRequestLifecycle(
  headers: Headers,
  settings: AffinityLifecycleSettings,
  defaultTtlSeconds: number,
): RequestLifecycle {
  const lifecycle: RequestLifecycle = {
    enabled: true,
    pinUntil: settings.pinUntil,
    ttlMode: settings.ttlMode,
    onUpstreamError: settings.onUpstreamError,
    ttlSeconds: Math.min(defaultTtlSeconds, settings.maxTtlSeconds),
  };
  const off = headers.get(AFFINITY_SWITCH_HEADER);
  if (off !== null) {
    const value = off.trim().toLowerCase();
    if (value !== 'off' && value !== 'on') throw invalid(AFFINITY_SWITCH_HEADER, '"off" or "on"');
    lifecycle.enabled = value === 'on';
  }
  const until = headers.get(PIN_UNTIL_HEADER);
  if (until !== null) {
    const value = until.trim().toLowerCase();
    if (value !== 'done' && value !== 'ttl') throw invalid(PIN_UNTIL_HEADER, '"done" or "ttl"');
    lifecycle.pinUntil = value;
  }
  const ttl = headers.get(AFFINITY_TTL_HEADER);
  if (ttl !== null) {
    const value = ttl.trim();
    const seconds = /^[0-9]{1,10}$/.test(value) ? Number(value) : Number.NaN;
    if (!(seconds >= 1)) throw invalid(AFFINITY_TTL_HEADER, 'a whole number of seconds >= 1');
    lifecycle.ttlSeconds = Math.min(seconds, settings.maxTtlSeconds);
  }
  return lifecycle;
}

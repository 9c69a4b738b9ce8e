import { GatewayError } from '../errors.ts';

/** The request header carrying the affinity id. */
export const AFFINITY_HEADER = 'x-model-affinity';
/** Older name of `X-Model-Affinity`, same meaning. */
export const SESSION_ID_HEADER = 'x-session-id';
/**
 * Tenant used when `tenant_header` is configured but absent, so unscoped and scoped pins never mix.
 * A client sending this very value is refused (400), so no header value can reach "no tenant" pins.
 */
export const NO_TENANT = '_';

/** Who a request belongs to, for pinning. */
export interface AffinityScope {
  /** The affinity id, absent when the client sent no header (route every request afresh). */
  id: string | undefined;
  /** The tenant scope, when `session_cache.tenant_header` is configured. */
  tenant: string | undefined;
}

function checkPrintable(value: string, what: string, allowColon: boolean): void {
  if (value.length < 1 || value.length > 256) {
    throw new GatewayError('invalid_affinity_id', 400, `${what} must be 1-256 printable ASCII characters`, {
      param: what,
    });
  }
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || (!allowColon && c === 0x3a)) {
      throw new GatewayError(
        'invalid_affinity_id',
        400,
        `${what} must be 1-256 printable ASCII characters${allowColon ? '' : ' without ":"'}`,
        { param: what },
      );
    }
  }
}

/**
 * Reads the affinity id (`X-Model-Affinity`, else `X-Session-Id`) and the tenant from request
 * headers. The one place these headers are interpreted. Throws a 400 `GatewayError` for an id
 * that is empty, longer than 256 characters, not printable ASCII, or holds a comma (a repeated
 * header), and for the reserved tenant `_`.
 *
 * @param tenantHeader lower-case header name from `session_cache.tenant_header`, if configured
 */
export function readAffinityScope(headers: Headers, tenantHeader: string | undefined): AffinityScope {
  const raw = headers.get(AFFINITY_HEADER) ?? headers.get(SESSION_ID_HEADER);
  let id: string | undefined;
  if (raw !== null) {
    const name = headers.has(AFFINITY_HEADER) ? 'X-Model-Affinity' : 'X-Session-Id';
    checkPrintable(raw, name, true);
    // Fetch `Headers` joins a repeated header with ", ": two ids must not merge into a third one.
    if (raw.includes(','))
      throw new GatewayError(
        'invalid_affinity_id',
        400,
        `${name} must be sent once with one id: repeated or comma-separated values are refused`,
        { param: name },
      );
    id = raw;
  }
  let tenant: string | undefined;
  if (tenantHeader) {
    const value = headers.get(tenantHeader);
    if (value === null || value === '') tenant = NO_TENANT;
    else {
      checkPrintable(value, tenantHeader, false);
      if (value === NO_TENANT)
        throw new GatewayError(
          'invalid_affinity_id',
          400,
          `${tenantHeader} "${NO_TENANT}" is reserved for requests without a tenant`,
          { param: tenantHeader },
        );
      tenant = value;
    }
  }
  return { id, tenant };
}

import { TRACEPARENT_HEADER } from './header-names.ts';

const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** The W3C trace id of `traceparent` when valid, else a fresh random 32-hex id. */
export function traceIdOf(headers: Headers): string {
  const parent = headers.get(TRACEPARENT_HEADER);
  const match = parent ? TRACEPARENT.exec(parent) : null;
  if (match?.[1] && match[1] !== '0'.repeat(32)) return match[1];
  return crypto.randomUUID().replace(/-/g, '');
}

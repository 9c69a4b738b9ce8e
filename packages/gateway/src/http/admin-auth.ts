import { timingSafeEqual } from 'node:crypto';
import { GatewayError } from '../errors.ts';

/** Something that can tell a request's peer address (Bun's server). */
export interface PeerResolver {
  requestIP(request: Request): { address: string } | null;
}

function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Admin access: with `admin_token` configured, `Authorization: Bearer <token>` is required (401 when
 * missing, 403 when wrong). Without a token only loopback peers are allowed. A request the listening
 * gateway got without a socket (`app.handle(req)` in-process, e.g. the MCP tools) counts as local. When
 * the app is not listening itself (embedded via `Bun.serve({ fetch: app.handle })`) the peer is unknown
 * and the request is refused, so embedding never opens the admin API by accident: set `admin_token`.
 */
export function authorizeAdmin(
  request: Request,
  server: PeerResolver | null,
  token: string | undefined,
): void {
  if (token !== undefined) {
    const header = request.headers.get('authorization');
    if (!header?.toLowerCase().startsWith('bearer ')) {
      throw new GatewayError('unauthorized', 401, 'admin API requires Authorization: Bearer <admin_token>');
    }
    if (!sameSecret(header.slice(7).trim(), token))
      throw new GatewayError('forbidden', 403, 'invalid admin token');
    return;
  }
  if (server === null)
    throw new GatewayError('forbidden', 403, 'admin API: client address unknown; set admin_token');
  const peer = server.requestIP(request)?.address;
  if (peer !== undefined && !isLoopback(peer)) {
    throw new GatewayError(
      'forbidden',
      403,
      'admin API answers loopback clients only (set admin_token to allow others)',
    );
  }
}

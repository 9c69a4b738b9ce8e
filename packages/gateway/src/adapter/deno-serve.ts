import type { Gateway } from '../app.ts';

// The slice of Deno's API the gateway uses (declared here: the repo type-checks against Bun's types).
interface DenoServeInfo {
  remoteAddr: { hostname: string; port: number };
  /** Settles once the response (body included) has been delivered or abandoned (Deno ≥ 2.9). */
  completed?: Promise<void>;
}
interface DenoHttpServer {
  addr: { hostname: string; port: number };
  /** Stops accepting connections and resolves once in-flight responses have finished. */
  shutdown(): Promise<void>;
}
interface DenoApi {
  serve(
    options: { port: number; hostname: string; onListen?: (addr: unknown) => void },
    handler: (request: Request, info: DenoServeInfo) => Response | Promise<Response>,
  ): DenoHttpServer;
}

/** What `shutdown.ts` and the admin guard read from `app.server` (Bun's server shape, narrowed). */
interface ServerShim {
  readonly port: number;
  readonly hostname: string;
  readonly pendingRequests: number;
  requestIP(request: Request): { address: string; family: string; port: number } | null;
  stop(closeActiveConnections?: boolean): Promise<void>;
}

/**
 * Serves `app` with `Deno.serve`, handing every request to Elysia's web-standard `app.handle`.
 * `app.server` gets a shim with the members the gateway reads from Bun's server (port, pending
 * requests, the peer address for the loopback-only admin guard) and `app.stop` drains through
 * `server.shutdown()`, so `exitOnSignals` shuts down gracefully on Deno as it does on Bun.
 */
export function serveWithDeno(app: Gateway, options: { port: number; hostname: string }): { port: number } {
  const deno = (globalThis as { Deno?: DenoApi }).Deno;
  if (!deno) throw new Error('serveWithDeno needs the Deno runtime');
  const peers = new WeakMap<Request, DenoServeInfo['remoteAddr']>();
  let pending = 0;
  const server = deno.serve({ ...options, onListen: () => {} }, async (request, info) => {
    peers.set(request, info.remoteAddr);
    // In flight until the body is delivered (a stream outlives the handler), as Bun counts it.
    pending++;
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      pending--;
    };
    info.completed?.then(settle, settle);
    try {
      return await app.handle(request);
    } catch (error) {
      settle();
      throw error;
    } finally {
      if (!info.completed) settle();
    }
  });
  // A stream longer than the grace period would keep `shutdown()` pending: `stop(true)` ends the wait.
  let cut: () => void = () => {};
  const cutting = new Promise<void>((resolve) => {
    cut = resolve;
  });
  let draining: Promise<void> | undefined;
  const shim: ServerShim = {
    port: server.addr.port,
    hostname: server.addr.hostname,
    get pendingRequests() {
      return pending;
    },
    requestIP(request) {
      const peer = peers.get(request);
      if (!peer) return null;
      return {
        address: peer.hostname,
        family: peer.hostname.includes(':') ? 'IPv6' : 'IPv4',
        port: peer.port,
      };
    },
    stop(closeActiveConnections) {
      draining ??= server.shutdown();
      if (closeActiveConnections) cut();
      return Promise.race([draining, cutting]);
    },
  };
  // Elysia reads `app.server` per request (`ctx.server`) and for `app.stop()`; on Deno its
  // web-standard adapter has no server of its own, so both are pointed at Deno's.
  Object.assign(app, {
    server: shim,
    stop: async (closeActiveConnections?: boolean) => {
      await shim.stop(closeActiveConnections);
      return app;
    },
  });
  return { port: shim.port };
}

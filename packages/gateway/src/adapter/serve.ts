import type { Gateway } from '../app.ts';
import type { ServerOptions } from '../server/listen-options.ts';
import { serveWithDeno } from './deno-serve.ts';
import { currentRuntime } from './runtime.ts';

/** Where to listen, plus the server options `listenOptions(config)` derives (Bun honours both). */
export interface ListenOptions extends Partial<ServerOptions> {
  port: number;
  hostname: string;
}

/**
 * Starts serving `app` on the runtime this process is: Bun through Elysia's own `app.listen`
 * (Bun.serve), Deno through `Deno.serve` with Elysia's web-standard handler. Resolves the port
 * actually bound (`port: 0` picks a free one). Either way `app.server` and `app.stop()` work, so
 * graceful shutdown is the same code on both.
 */
export function listen(app: Gateway, options: ListenOptions): { port: number } {
  const runtime = currentRuntime();
  // Deno.serve has no idle timeout to set, and SO_REUSEPORT stays off there (one process per port).
  if (runtime === 'deno') return serveWithDeno(app, { port: options.port, hostname: options.hostname });
  if (runtime === 'bun') {
    app.listen(options);
    return { port: app.server?.port ?? options.port };
  }
  throw new Error(
    'tether serves on Bun or Deno; on Node, embed the app with an adapter for its fetch handler',
  );
}

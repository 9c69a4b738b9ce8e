#!/usr/bin/env bun
// Runs on Bun (the bin) and on Deno (`deno task tether`); runtime-specific calls live in adapter/.
import { cliArgs, listen } from './adapter/index.ts';
import { parseArgs, USAGE, UsageError } from './cli/args.ts';
import { describeConfig } from './cli/describe-config.ts';
import { ConfigError } from './config/config-error.ts';
import { loadConfig } from './config/load.ts';
import { createConsoleLogger } from './logger.ts';
import { isAddressInUse, listenOptions } from './server/listen-options.ts';

// `tether up <config.yaml> [--port N] [--host H]` and `tether validate <config.yaml>`.
// The only file that listens; everything else is importable without side effects.
// Exit codes: 0 done, 1 unexpected error, 2 bad command line or config, 3 port already in use.

/** `tether up` on a port another process holds (and `reuse_port` not set). */
const EXIT_PORT_IN_USE = 3;

async function main(argv: readonly string[]): Promise<number> {
  const cmd = parseArgs(argv);
  if (cmd.command === 'help') {
    console.log(USAGE);
    return 0;
  }
  const config = await loadConfig(cmd.config);
  if (cmd.command === 'validate') {
    console.log(describeConfig(config));
    return 0;
  }
  // The server is loaded only to serve: usage errors, help and `validate` answer without it (~1 s).
  const [{ storeFromConfig }, { createGateway }, { exitOnSignals }] = await Promise.all([
    import('./affinity/store-from-config.ts'),
    import('./app.ts'),
    import('./server/shutdown.ts'),
  ]);
  const logger = createConsoleLogger(config.logging?.level);
  for (const w of config.warnings) logger.warn(w);
  // Created here, not by the app, so shutdown can close it after the last in-flight request.
  const store = storeFromConfig(config, logger);
  const app = createGateway(config, { logger, store });
  const port = cmd.port ?? config.listener.port;
  const hostname = cmd.host ?? config.listener.host;
  const options = listenOptions(config);
  let bound: { port: number };
  try {
    bound = listen(app, { port, hostname, ...options });
  } catch (error) {
    if (!isAddressInUse(error)) throw error;
    await store.close();
    console.error(`port ${port} is already in use`);
    return EXIT_PORT_IN_USE;
  }
  if (options.idleTimeout === 0)
    logger.warn(
      'a configured timeout exceeds 250 s: the server idle timeout is off (Bun allows at most 255 s)',
    );
  const url = `http://${hostname.includes(':') ? `[${hostname}]` : hostname}:${bound.port}`;
  console.log(
    `tether listening on ${url} (${config.models.length} models, ${config.routes.length} routes, ${config.routing.router.type} router, ${config.routing.sessionCache.type} affinity store)`,
  );
  exitOnSignals(app, { store, logger, graceMs: config.shutdownGraceMs });
  return -1;
}

main(cliArgs()).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    console.error(error instanceof ConfigError || error instanceof Error ? error.message : String(error));
    process.exit(error instanceof ConfigError || error instanceof UsageError ? 2 : 1);
  },
);

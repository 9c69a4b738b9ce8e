import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// One fetch handler, served by whichever runtime runs sim-models: Bun.serve on Bun, Deno.serve on
// Deno, node:http (bridged to web Request/Response) on Node. Routes only see web-standard objects.

/** A listening server, whatever the runtime. */
export interface Listener {
  port: number;
  /**
   * Lifts the per-request idle timeout for a request held on purpose (long latency, `timeout`
   * fault). Only Bun has one (`idleTimeout`, 30 s here); elsewhere this does nothing.
   */
  holdOpen(request: Request): void;
  /** Stops listening and drops open connections. */
  stop(): Promise<void>;
}

export interface ListenOptions {
  port: number;
  hostname: string;
  fetch(request: Request): Promise<Response>;
}

interface BunServer {
  port?: number;
  timeout(request: Request, seconds: number): void;
  stop(closeActiveConnections?: boolean): Promise<void>;
}
interface BunApi {
  serve(options: {
    port: number;
    hostname: string;
    idleTimeout: number;
    fetch(request: Request): Promise<Response>;
  }): BunServer;
}
interface DenoApi {
  serve(
    options: { port: number; hostname: string; signal: AbortSignal; onListen?: () => void },
    handler: (request: Request) => Promise<Response>,
  ): { addr: { port: number }; finished: Promise<void> };
}

/** Serves `options.fetch` on `hostname:port` (`port: 0` picks a free port). */
export async function listen(options: ListenOptions): Promise<Listener> {
  const { Bun: bun, Deno: deno } = globalThis as { Bun?: BunApi; Deno?: DenoApi };
  if (bun) {
    const server = bun.serve({ ...options, idleTimeout: 30 });
    return {
      port: server.port ?? options.port,
      holdOpen: (request) => server.timeout(request, 0),
      stop: () => server.stop(true),
    };
  }
  if (deno) {
    const abort = new AbortController();
    const server = deno.serve(
      { port: options.port, hostname: options.hostname, signal: abort.signal, onListen: () => {} },
      options.fetch,
    );
    return {
      port: server.addr.port,
      holdOpen: () => {},
      stop: async () => {
        abort.abort();
        await server.finished;
      },
    };
  }
  return listenWithNode(options);
}

async function listenWithNode(options: ListenOptions): Promise<Listener> {
  const server = createServer((req, res) => {
    void bridge(req, res, options.fetch).catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.hostname, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    holdOpen: () => {},
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** node:http request → web Request → handler → web Response → node:http response (streamed). */
async function bridge(
  req: IncomingMessage,
  res: ServerResponse,
  handler: (request: Request) => Promise<Response>,
): Promise<void> {
  const aborted = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) aborted.abort();
  });
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  // Request bodies are read whole: a simulated upstream answers small JSON requests.
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const request = new Request(`http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`, {
    method: req.method,
    headers,
    signal: aborted.signal,
    ...(hasBody ? { body: Buffer.concat(chunks) } : {}),
  });
  const response = await handler(request);
  const outHeaders: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    outHeaders[name] = value;
  });
  res.writeHead(response.status, outHeaders);
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      // Respect back-pressure: wait for the socket to drain before reading more.
      if (!res.write(value)) await new Promise((resolve) => res.once('drain', resolve));
    }
    res.end();
  } catch {
    // A body that errors mid-way (cut stream, reset fault) drops the connection, as on Bun.
    res.destroy();
  }
}

import type { RouteContext } from './context.ts';
import { errorResponse, type Provider } from './errors.ts';
import { json } from './http.ts';
import { FailOnceRegistry } from './knobs.ts';
import { type SimModelsOptions, simModelsOptionsSchema } from './options.ts';
import { PromptCache } from './prompt-cache/prompt-cache.ts';
import { ResponseStore } from './response-store.ts';
import { messages } from './routes/anthropic.ts';
import { embeddings } from './routes/embeddings.ts';
import { models } from './routes/models.ts';
import { chatCompletions } from './routes/openai.ts';
import { createResponse, deleteResponse, getResponse } from './routes/responses.ts';
import { TinyCache } from './tiny.ts';

/** A running sim-models server. */
export interface SimModelsHandle {
  /** Base URL without a path, e.g. `http://127.0.0.1:12100`; OpenAI clients use `${url}/v1`. */
  url: string;
  port: number;
  /** Stops listening, drops open connections and ends held requests and delays at once. */
  stop(): Promise<void>;
}

/** The path of a request URL without the query; `/chat/completions` and `/v1/v1/messages` map to `/v1/…`. */
function pathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  let path = start < 0 ? '/' : url.slice(start);
  const query = path.indexOf('?');
  if (query >= 0) path = path.slice(0, query);
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  // Base URLs configured with or without `/v1` (and Anthropic clients that add their own) all land here.
  if (path.startsWith('/v1/v1/')) path = path.slice(3);
  return path.startsWith('/v1/') || path === '/v1' ? path : `/v1${path}`;
}

async function route(req: Request, path: string, ctx: RouteContext): Promise<Response> {
  const post = req.method === 'POST';
  const provider: Provider = path.startsWith('/v1/messages') ? 'anthropic' : 'openai';
  if (path === '/v1/chat/completions' && post) return chatCompletions(req, ctx);
  if (path === '/v1/messages' && post) return messages(req, ctx);
  if (path === '/v1/embeddings' && post) return embeddings(req, ctx);
  if (path === '/v1/responses' && post) return createResponse(req, ctx);
  if (path.startsWith('/v1/responses/') && path.length > '/v1/responses/'.length) {
    const id = decodeURIComponent(path.slice('/v1/responses/'.length));
    if (req.method === 'GET') return getResponse(id, ctx);
    if (req.method === 'DELETE') return deleteResponse(id, ctx);
  }
  if ((path === '/v1/models' || path.startsWith('/v1/models/')) && req.method === 'GET')
    return models(req, path, ctx);
  if ((path === '/v1' || path === '/v1/health') && req.method === 'GET') {
    return json({ status: 'ok', name: 'sim-models', simulated: true });
  }
  const known =
    ['/v1/chat/completions', '/v1/messages', '/v1/embeddings', '/v1/models', '/v1/responses'].includes(
      path,
    ) || path.startsWith('/v1/responses/');
  return known
    ? errorResponse(provider, 405, `Method ${req.method} is not allowed on ${path}.`)
    : errorResponse(
        provider,
        404,
        `Unknown path ${path}: sim-models serves /v1/chat/completions, /v1/responses, /v1/messages, /v1/embeddings and /v1/models.`,
      );
}

/**
 * Starts a local server of simulated upstream LLMs speaking the real OpenAI and Anthropic wire
 * formats, with deterministic answers and header-driven latency and faults. Every response
 * carries `x-sim-model: true`. Nothing listens until this is called.
 *
 * @example
 * const sim = await startSimModels({ quiet: true });
 * const openai = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'sim' });
 * await sim.stop();
 */
export async function startSimModels(opts: SimModelsOptions = {}): Promise<SimModelsHandle> {
  const options = simModelsOptionsSchema.parse(opts);
  const stopping = new AbortController();
  const created = Math.floor(Date.now() / 1000);
  const server = Bun.serve({
    port: options.port,
    hostname: options.host,
    idleTimeout: 30,
    async fetch(req) {
      const path = pathOf(req.url);
      try {
        return await route(req, path, ctx);
      } catch {
        // A bug here must still look like an upstream error, never a stack trace.
        return errorResponse(
          path.startsWith('/v1/messages') ? 'anthropic' : 'openai',
          500,
          'Internal error in sim-models.',
        );
      }
    },
  });
  const ctx: RouteContext = {
    options,
    failOnce: new FailOnceRegistry(),
    stopping: stopping.signal,
    created,
    server,
    tiny: new TinyCache(created),
    responses: new ResponseStore(options.responseStoreMaxEntries, options.responseTtlMs),
    promptCache: new PromptCache(options.promptCacheMaxEntries, options.promptCacheTtlMs),
    log: (line) => {
      if (!options.quiet) console.error(line);
    },
  };
  const port = server.port ?? options.port;
  const host =
    options.host === '0.0.0.0'
      ? '127.0.0.1'
      : options.host.includes(':')
        ? `[${options.host}]`
        : options.host;
  let stopped: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    stop() {
      stopped ??= (async () => {
        stopping.abort();
        await server.stop(true);
      })();
      return stopped;
    },
  };
}

/** What one chat request through a replica came back with, read from Tether's response headers. */
export interface ChatOutcome {
  /** Base URL of the replica that was asked. */
  replica: string;
  /** HTTP status; 0 when the request never got a response (refused, reset, timed out). */
  status: number;
  /** `x-tether-model`: the model that served. */
  model: string | null;
  /** `x-tether-route`: the route name, or `none`. */
  route: string | null;
  /** `x-tether-pinned: true`: served from a stored pin without running the router. */
  pinned: boolean;
  /** `x-tether-affinity: unavailable`: the store could not be reached and the gateway failed open. */
  storeUnavailable: boolean;
  /** `x-tether-affinity: cached`: served from the replica's near cache while Redis could not be asked. */
  cached: boolean;
  /** Round-trip time of the request, milliseconds. */
  ms: number;
  /** A network error or the error body's message, when there was one. */
  error: string | null;
}

export interface ChatRequest {
  prompt: string;
  /** Sent as `X-Model-Affinity`; omitted when undefined. */
  affinity?: string;
  /** Per-request timeout. @default 15000 */
  timeoutMs?: number;
  /** Pin TTL for this request (`x-tether-affinity-ttl`), so a phase's pins outlive the short local TTL. */
  pinTtlSeconds?: number;
}

/**
 * The model every request names, as Plano's own verifier does (`openai/gpt-4o`): Tether routes it
 * anyway (Plano's rule) and pins the decision; it serves only when no route matches.
 */
export const ROUTED_MODEL = 'openai/gpt-4o';

async function errorMessage(response: Response): Promise<string | null> {
  if (response.ok) {
    await response.body?.cancel();
    return null;
  }
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown } };
    if (typeof body.error?.message === 'string') return body.error.message;
  } catch {
    // Not JSON: fall through to the raw text.
  }
  return text.slice(0, 200) || response.statusText;
}

/** Sends `POST /v1/chat/completions` to one replica and reads the routing headers. Never throws. */
export async function chat(replica: string, request: ChatRequest): Promise<ChatOutcome> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (request.affinity !== undefined) headers['x-model-affinity'] = request.affinity;
  if (request.pinTtlSeconds !== undefined) headers['x-tether-affinity-ttl'] = String(request.pinTtlSeconds);
  const started = performance.now();
  try {
    const response = await fetch(`${replica}/v1/chat/completions`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ model: ROUTED_MODEL, messages: [{ role: 'user', content: request.prompt }] }),
      signal: AbortSignal.timeout(request.timeoutMs ?? 15_000),
    });
    const h = response.headers;
    return {
      replica,
      status: response.status,
      model: h.get('x-tether-model'),
      route: h.get('x-tether-route'),
      pinned: h.get('x-tether-pinned') === 'true',
      storeUnavailable: h.get('x-tether-affinity') === 'unavailable',
      cached: h.get('x-tether-affinity') === 'cached',
      error: await errorMessage(response),
      ms: performance.now() - started,
    };
  } catch (error) {
    return {
      replica,
      status: 0,
      model: null,
      route: null,
      pinned: false,
      storeUnavailable: false,
      cached: false,
      error: (error as Error).message,
      ms: performance.now() - started,
    };
  }
}

/** The admin API's view of a pin (`GET /affinity/v1/{id}`). */
export interface AdminResponse {
  status: number;
  body: unknown;
}

/** Calls the affinity admin API on one replica. Never throws (status 0 on a network error). */
export async function admin(
  replica: string,
  method: 'GET' | 'PUT' | 'DELETE',
  id: string,
  options: { token?: string; body?: unknown } = {},
): Promise<AdminResponse> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  try {
    const response = await fetch(`${replica}/affinity/v1/${encodeURIComponent(id)}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // Keep the text.
    }
    return { status: response.status, body };
  } catch (error) {
    return { status: 0, body: (error as Error).message };
  }
}

/** `model=… route=…` for a progress line, or the failure. */
export function describeOutcome(o: ChatOutcome): string {
  if (o.status === 0) return `no response (${o.error})`;
  if (o.status >= 400) return `HTTP ${o.status}: ${o.error ?? ''}`;
  return `${o.model ?? '(no x-tether-model)'}  route=${o.route ?? '?'}`;
}

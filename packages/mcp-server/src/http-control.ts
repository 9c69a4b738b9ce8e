import type { z } from 'zod';
import { affinityIdSchema, newAffinityId } from './affinity-id.ts';
import { type ControlErrorCode, TetherControlError } from './errors.ts';
import {
  decisionBodySchema,
  deleteBodySchema,
  errorBodySchema,
  modelsBodySchema,
  pinBodySchema,
  toDecision,
  toModelsInfo,
  toPinInfo,
} from './gateway-responses.ts';

import type { ChatMessage, PinInfo, PinRequest, PinResult, TetherControl } from './types.ts';

/** Options of {@link createHttpControl}. */
export interface HttpControlOptions {
  /** The gateway's base URL, e.g. `http://127.0.0.1:12000` (no `/v1`). */
  baseUrl: string;
  /** The gateway's `admin_token`, sent as `Authorization: Bearer …`; needed when the gateway sets one. */
  token?: string;
  /**
   * How requests are sent. @default globalThis.fetch
   * @example createHttpControl({ baseUrl: 'http://tether.internal', fetch: (req) => app.handle(req) })
   */
  fetch?: (request: Request) => Promise<Response>;
  /** Extra headers on every request, e.g. the tenant header of a multi-tenant gateway. */
  headers?: Record<string, string>;
}

/**
 * A {@link TetherControl} over the gateway's HTTP API: `GET /v1/models`, `POST /routing/v1/chat/completions`
 * and the affinity admin API (`GET|PUT|DELETE /affinity/v1/{id}`).
 * @example const control = createHttpControl({ baseUrl: 'http://127.0.0.1:12000', token: process.env.TETHER_ADMIN_TOKEN });
 */
export function createHttpControl(options: HttpControlOptions): TetherControl {
  const base = options.baseUrl.replace(/\/+$/, '');
  const send = options.fetch ?? ((request: Request) => fetch(request));

  async function call<S extends z.ZodType>(
    method: string,
    path: string,
    schema: S,
    init: { body?: unknown; headers?: Record<string, string>; allow404?: boolean } = {},
  ): Promise<z.infer<S> | null> {
    const headers = new Headers(options.headers);
    if (options.token) headers.set('authorization', `Bearer ${options.token}`);
    for (const [name, value] of Object.entries(init.headers ?? {})) headers.set(name, value);
    if (init.body !== undefined) headers.set('content-type', 'application/json');
    const request = new Request(base + path, {
      method,
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    let response: Response;
    try {
      response = await send(request);
    } catch (cause) {
      throw new TetherControlError(
        'gateway_unreachable',
        0,
        `Could not reach the Tether gateway at ${base} (${cause instanceof Error ? cause.message : String(cause)}).`,
        { cause },
      );
    }
    const text = await response.text();
    if (response.status === 404 && init.allow404) return null;
    if (!response.ok) throw errorFromResponse(response.status, text, `${method} ${path}`);
    const parsed = schema.safeParse(text === '' ? {} : safeJson(text));
    if (!parsed.success) {
      throw new TetherControlError(
        'invalid_response',
        response.status,
        `The gateway answered ${method} ${path} with an unexpected body; is ${base} a Tether gateway?`,
      );
    }
    return parsed.data;
  }

  const pinPath = (id: string) => `/affinity/v1/${encodeURIComponent(checkId(id))}`;

  async function getPin(id: string): Promise<PinInfo | null> {
    const body = await call('GET', pinPath(id), pinBodySchema, { allow404: true });
    return body ? toPinInfo(id, body) : null;
  }

  return {
    async listModels() {
      return toModelsInfo((await call('GET', '/v1/models', modelsBodySchema))!);
    },

    async previewRoute(messages: ChatMessage[]) {
      // No affinity header: the routing endpoint then decides without reading or writing any pin.
      const body = await call('POST', '/routing/v1/chat/completions', decisionBodySchema, {
        body: { messages },
      });
      return toDecision(body!);
    },

    async pin(request: PinRequest): Promise<PinResult> {
      const createdId = request.id === undefined;
      const id = request.id ?? newAffinityId();
      const path = pinPath(id);
      if (request.model !== undefined && request.prompt !== undefined) {
        throw new TetherControlError('invalid_request', 400, 'Give either `model` or `prompt`, not both.');
      }
      if (request.model !== undefined) {
        const body = await call('PUT', path, pinBodySchema, {
          body: { model: request.model, ...(request.ttlSeconds ? { ttl_seconds: request.ttlSeconds } : {}) },
        });
        return { ...toPinInfo(id, body!), created_id: createdId, kept_existing: false };
      }
      if (request.prompt === undefined) {
        throw new TetherControlError(
          'invalid_request',
          400,
          'Give `model` (a configured model) or `prompt`.',
        );
      }
      // With the header, the routing endpoint reads or creates the pin exactly as a chat request would.
      const decision = toDecision(
        (await call('POST', '/routing/v1/chat/completions', decisionBodySchema, {
          body: { messages: [{ role: 'user', content: request.prompt }] },
          headers: { 'x-model-affinity': id },
        }))!,
      );
      if (request.ttlSeconds) {
        // The admin API is the only way to set a lifetime; it stores the choice as an explicit pin.
        await call('PUT', path, pinBodySchema, {
          body: { model: decision.model, ttl_seconds: request.ttlSeconds },
        });
      }
      const pin = await getPin(id);
      if (!pin) {
        throw new TetherControlError(
          'gateway_error',
          502,
          `The router chose ${decision.model} but the gateway did not pin it (its router or affinity store may be unavailable). ` +
            `To pin anyway, call pin_model with model "${decision.model}".`,
        );
      }
      return { ...pin, created_id: createdId, kept_existing: decision.pinned };
    },

    getPin,

    async releasePin(id: string) {
      // The gateway answers 404 when there was no pin to delete.
      const body = await call('DELETE', pinPath(id), deleteBodySchema, { allow404: true });
      return body !== null;
    },
  };
}

function checkId(id: string): string {
  const parsed = affinityIdSchema.safeParse(id);
  if (!parsed.success) {
    throw new TetherControlError(
      'invalid_affinity_id',
      400,
      `Invalid affinity id: ${parsed.error.issues[0]?.message ?? 'not accepted'}. Use 1–256 printable ASCII characters, e.g. "aff_research_42".`,
    );
  }
  return id;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const codeForStatus: Record<number, ControlErrorCode> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  503: 'affinity_store_unavailable',
};

/** Turns a gateway error body into a `TetherControlError`, keeping its message and its `code` when known. */
function errorFromResponse(status: number, text: string, what: string): TetherControlError {
  const parsed = errorBodySchema.safeParse(safeJson(text));
  const gatewayCode = parsed.success ? parsed.data.error.code : undefined;
  const known: ControlErrorCode[] = ['invalid_affinity_id', 'unknown_model', 'affinity_store_unavailable'];
  const code =
    gatewayCode && (known as string[]).includes(gatewayCode)
      ? (gatewayCode as ControlErrorCode)
      : (codeForStatus[status] ?? 'gateway_error');
  const detail = parsed.success ? parsed.data.error.message : `HTTP ${status}`;
  if (code === 'unauthorized' || code === 'forbidden') {
    return new TetherControlError(
      code,
      status,
      `The gateway refused ${what} (${status}): ${detail} Managing pins needs the gateway's admin token ` +
        '(tether-mcp --token or TETHER_ADMIN_TOKEN; on /mcp, `Authorization: Bearer <admin_token>`), or a loopback client when none is configured.',
    );
  }
  if (code === 'affinity_store_unavailable') {
    return new TetherControlError(
      code,
      status,
      `The gateway's affinity store is unavailable (${detail}), so pins cannot be read or changed right now. ` +
        'Retry later; meanwhile requests are still served, routed afresh without pinning.',
    );
  }
  return new TetherControlError(code, status, detail);
}

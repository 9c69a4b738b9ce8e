import { json } from './http.ts';

/** Which wire format a route speaks; errors take that provider's shape. */
export type Provider = 'openai' | 'anthropic';

/** OpenAI's optional error fields: the request field at fault (`input[2].call_id`) and a specific code. */
export interface ErrorDetails {
  param?: string;
  code?: string;
}

const OPENAI_TYPES: Record<number, [type: string, code: string]> = {
  400: ['invalid_request_error', 'invalid_request'],
  401: ['invalid_request_error', 'invalid_api_key'],
  403: ['invalid_request_error', 'permission_denied'],
  404: ['invalid_request_error', 'not_found'],
  405: ['invalid_request_error', 'method_not_allowed'],
  429: ['requests', 'rate_limit_exceeded'],
  500: ['server_error', 'server_error'],
  503: ['server_error', 'service_unavailable'],
};

const ANTHROPIC_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  405: 'invalid_request_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  503: 'overloaded_error',
  529: 'overloaded_error',
};

/** The error body a provider sends for a status: OpenAI `{error:{message,type,param,code}}`, Anthropic `{type:"error",error:{type,message}}`. */
export function errorBody(
  provider: Provider,
  status: number,
  message: string,
  details?: ErrorDetails,
): unknown {
  if (provider === 'anthropic') {
    const type = ANTHROPIC_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
    return { type: 'error', error: { type, message } };
  }
  const [type, code] =
    OPENAI_TYPES[status] ??
    (status >= 500 ? ['server_error', 'server_error'] : ['invalid_request_error', 'invalid_request']);
  return { error: { message, type, param: details?.param ?? null, code: details?.code ?? code } };
}

/** A provider-shaped error response; 429 and 503 carry `retry-after: 1`. */
export function errorResponse(
  provider: Provider,
  status: number,
  message: string,
  details?: ErrorDetails,
): Response {
  const headers: Record<string, string> = status === 429 || status === 503 ? { 'retry-after': '1' } : {};
  if (provider === 'anthropic') headers['request-id'] = 'req_sim';
  return json(errorBody(provider, status, message, details), status, headers);
}

/** 400 for an unreadable or invalid body, in the route's provider shape. */
export function badRequest(provider: Provider, message: string, details?: ErrorDetails): Response {
  return errorResponse(provider, 400, message, details);
}

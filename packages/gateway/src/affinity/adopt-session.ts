/**
 * Session-id headers that coding agents already send, in the order they are tried when
 * `routing.affinity.adopt_session_headers` is on and the request has no `X-Model-Affinity` /
 * `X-Session-Id`:
 * - `x-claude-code-session-id`: Claude Code (one UUID per session, since v2.1.86);
 * - `session_id` and `session-id`: OpenAI's Codex CLI (older and newer spelling).
 */
export const ADOPTED_SESSION_HEADERS = ['x-claude-code-session-id', 'session_id', 'session-id'] as const;

/** Where an adopted affinity id came from (for logs and docs). */
export interface AdoptedSession {
  id: string;
  source: (typeof ADOPTED_SESSION_HEADERS)[number] | 'prompt_cache_key';
}

/**
 * The affinity id an unmodified agent implies: the first adopted header present, else the
 * chat-completions body's `prompt_cache_key` (OpenAI clients set it per conversation to keep the
 * prompt cache warm, which is exactly the scope a pin wants). Empty values are ignored; the caller
 * validates the id like any `X-Model-Affinity`.
 */
export function adoptSessionId(headers: Headers, promptCacheKey?: string): AdoptedSession | undefined {
  for (const name of ADOPTED_SESSION_HEADERS) {
    const value = headers.get(name)?.trim();
    if (value) return { id: value, source: name };
  }
  const key = promptCacheKey?.trim();
  return key ? { id: key, source: 'prompt_cache_key' } : undefined;
}

import { ADOPTED_SESSION_HEADERS } from '../http/header-names.ts';

export { ADOPTED_SESSION_HEADERS };

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

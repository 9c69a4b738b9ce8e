import { upstreamResponseSchema } from '../../protocol/responses.ts';
import type { NativeResponsesApi, ProviderCallContext, ProviderSettings } from '../types.ts';
import { malformed, parseJsonBody, postUpstream } from '../upstream-fetch.ts';

/**
 * The upstream's own `POST /responses` (`responses_api: native`) and `POST /embeddings`: bodies go
 * through as sent (model already replaced by the caller), answers come back as the upstream wrote
 * them. Same timeouts, error mapping and key redaction as chat completions.
 */
export function createNativeResponsesApi(
  settings: ProviderSettings,
  auth: Record<string, string>,
): NativeResponsesApi {
  const base = settings.baseUrl.replace(/\/+$/, '');
  const post = (path: string, body: unknown, ctx: ProviderCallContext) =>
    postUpstream({ settings, ctx, url: `${base}${path}`, headers: auth, body });
  return {
    async create(request, ctx) {
      const upstream = await post('/responses', { ...request, stream: false }, ctx);
      const parsed = parseJsonBody(await upstream.text(), settings);
      if (!upstreamResponseSchema.safeParse(parsed).success) throw malformed(settings);
      return parsed as { id: string };
    },
    async stream(request, ctx) {
      const upstream = await post('/responses', { ...request, stream: true }, ctx);
      // The timeout bounds the wait for headers; a long answer may then stream for as long as it needs.
      upstream.clearTimeout();
      const source = upstream.response.body;
      if (source === null) throw malformed(settings, upstream.response.status);
      return source;
    },
    async embeddings(request, ctx) {
      const upstream = await post('/embeddings', request, ctx);
      return parseJsonBody(await upstream.text(), settings);
    },
  };
}

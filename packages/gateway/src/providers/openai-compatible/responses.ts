import { upstreamResponseSchema } from '../../protocol/responses.ts';
import { tapResponsesStream } from '../../wire/responses-stream-tap.ts';
import { redactSecrets } from '../redact-secret.ts';
import { streamLimits } from '../stream-limits.ts';
import type { NativeResponsesApi, ProviderCallContext, ProviderSettings } from '../types.ts';
import { callSecrets, malformed, parseJsonBody, postUpstream } from '../upstream-fetch.ts';

/**
 * The upstream's own `POST /responses` (`responses_api: native`) and `POST /embeddings`: bodies go
 * through as sent (model already replaced by the caller), answers come back as the upstream wrote
 * them. Same timeouts, stream bounds, error mapping and key redaction as chat completions.
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
    async stream(request, ctx, onComplete) {
      const upstream = await post('/responses', { ...request, stream: true }, ctx);
      // The timeout bounds the wait for the first byte; then the idle timeout bounds every gap.
      return tapResponsesStream(await upstream.stream(), {
        onComplete,
        limits: streamLimits(settings),
        onEvent: ctx.onEvent,
        redact: (text) => redactSecrets(text, callSecrets(settings, ctx)),
      });
    },
    async embeddings(request, ctx) {
      const upstream = await post('/embeddings', request, ctx);
      return parseJsonBody(await upstream.text(), settings);
    },
  };
}

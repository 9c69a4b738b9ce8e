import { DEFAULT_STREAM_LIMITS, type StreamLimits } from '../wire/stream-limits.ts';
import type { ProviderSettings } from './types.ts';

/** A provider's stream bounds (`max_event_bytes`, `stream_idle_timeout_ms`), defaults filled in. */
export function streamLimits(settings: ProviderSettings): StreamLimits {
  return {
    maxEventBytes: settings.maxEventBytes ?? DEFAULT_STREAM_LIMITS.maxEventBytes,
    idleTimeoutMs: settings.streamIdleTimeoutMs ?? DEFAULT_STREAM_LIMITS.idleTimeoutMs,
  };
}

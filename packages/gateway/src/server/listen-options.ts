import type { ResolvedConfig } from '../config/types.ts';

/** Bun's largest `idleTimeout`, in seconds (`Bun.serve` refuses more). */
export const BUN_MAX_IDLE_TIMEOUT_S = 255;

/** Added to the longest configured wait so Tether's own timeout (and its error event) always comes first. */
const SLACK_S = 5;

/** What `tether up` passes to `app.listen`, beyond port and host. */
export interface ListenOptions {
  /**
   * Seconds a connection may stay silent (no byte either way) before the server closes it. Tether
   * sets it explicitly (Elysia's Bun adapter would otherwise use 30 s): the longest of any model's
   * `timeout_ms` and `stream_idle_timeout_ms` and of `body_timeout_ms`, plus 5 s, so a slow answer
   * or a stalled stream always gets Tether's documented 504 or error event, never a bare reset.
   * `0` (no idle timeout) only when that would exceed Bun's maximum of 255 s.
   */
  idleTimeout: number;
  /** `SO_REUSEPORT`, only when `listeners[].reuse_port: true` asks for it. @default false */
  reusePort: boolean;
}

/**
 * The server options derived from a config.
 *
 * @example
 * app.listen({ port, hostname, ...listenOptions(config) });
 */
export function listenOptions(config: ResolvedConfig): ListenOptions {
  let longestMs = config.bodyTimeoutMs;
  for (const model of config.models)
    longestMs = Math.max(longestMs, model.timeoutMs, model.streamIdleTimeoutMs);
  const seconds = Math.ceil(longestMs / 1000) + SLACK_S;
  return {
    idleTimeout: seconds > BUN_MAX_IDLE_TIMEOUT_S ? 0 : seconds,
    reusePort: config.listener.reusePort === true,
  };
}

/** Whether `error` is the runtime's "address already in use" from listening. */
export function isAddressInUse(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'EADDRINUSE';
}

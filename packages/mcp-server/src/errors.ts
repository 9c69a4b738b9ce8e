const MARKER = Symbol.for('tether.mcp-server.control-error');

/** What went wrong talking to the gateway; tools turn each into a message a model can act on. */
export type ControlErrorCode =
  | 'invalid_request'
  | 'invalid_affinity_id'
  | 'unknown_model'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'affinity_store_unavailable'
  | 'gateway_unreachable'
  | 'gateway_error'
  | 'invalid_response';

/**
 * A failed call to the gateway. `message` is safe to show a model or a user: it never holds the
 * admin token or a stack. `status` is the gateway's HTTP status (0 when it could not be reached).
 */
export class TetherControlError extends Error {
  readonly [MARKER] = true;

  constructor(
    readonly code: ControlErrorCode,
    readonly status: number,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'TetherControlError';
  }

  /** True for a `TetherControlError` from any installed copy of this package. */
  static isInstance(value: unknown): value is TetherControlError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }
}

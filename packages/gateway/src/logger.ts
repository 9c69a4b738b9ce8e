/** Structured log sink. Fields must never hold secrets (keys, tokens, Authorization headers). */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /**
   * Whether a line at `level` would be written, so callers can skip building its fields.
   * @default every level is treated as enabled when absent
   */
  enabled?(level: LogLevel): boolean;
}

/** Log levels, least severe first (the values of `logging.level`). */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
type Level = LogLevel;
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** One JSON line per event on stderr, at `level` and above. @default level 'info' */
export function createConsoleLogger(level: Level = 'info'): Logger {
  const log = (at: Level) => (message: string, fields?: Record<string, unknown>) => {
    if (ORDER[at] < ORDER[level]) return;
    console.error(JSON.stringify({ time: new Date().toISOString(), level: at, message, ...fields }));
  };
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    enabled: (at) => ORDER[at] >= ORDER[level],
  };
}

/** Discards everything (tests, benchmarks). */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  enabled: () => false,
};

/** ANSI styling that collapses to plain text when colour is off. */
export interface Style {
  /** Whether escape codes are emitted at all. */
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
  magenta(text: string): string;
}

const wrap =
  (enabled: boolean, open: number, close: number) =>
  (text: string): string =>
    enabled ? `\u001b[${open}m${text}\u001b[${close}m` : text;

/**
 * Builds a `Style`; with `enabled: false` every function returns its input unchanged.
 *
 * @example
 * const s = createStyle(useColour(process.stdout));
 * console.log(s.green('✓ ok'));
 */
export function createStyle(enabled: boolean): Style {
  return {
    enabled,
    bold: wrap(enabled, 1, 22),
    dim: wrap(enabled, 2, 22),
    red: wrap(enabled, 31, 39),
    green: wrap(enabled, 32, 39),
    yellow: wrap(enabled, 33, 39),
    cyan: wrap(enabled, 36, 39),
    magenta: wrap(enabled, 35, 39),
  };
}

/** The subset of a stream colour detection needs (`process.stdout` fits). */
export interface MaybeTty {
  readonly isTTY?: boolean;
}

/**
 * Colour only on an interactive terminal, and never when `NO_COLOR` is set to anything
 * non-empty (https://no-color.org) — piped output and CI logs stay plain.
 */
export function useColour(
  stream: MaybeTty,
  env: Readonly<Record<string, string | undefined>> = process.env,
): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return stream.isTTY === true;
}

/** A style chosen for `process.stdout`. */
export function stdoutStyle(): Style {
  return createStyle(useColour(process.stdout));
}

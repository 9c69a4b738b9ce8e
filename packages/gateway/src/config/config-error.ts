/** One problem in a config file, located by its YAML path. */
export interface ConfigIssue {
  /** Dotted YAML path, e.g. `routing.session_ttl_seconds` or `model_providers[1].model`. */
  path: string;
  /** What was wrong and what was expected, e.g. `unknown key (did you mean "session_ttl_seconds"?)`. */
  message: string;
  /** 1-based line in the file, when the node could be located. */
  line?: number;
}

/**
 * A config file that cannot be used. The message names the file, each YAML path and what was
 * expected, one issue per line, so `tether validate` can print it as is.
 */
export class ConfigError extends Error {
  readonly code = 'invalid_config';
  constructor(
    readonly file: string,
    readonly issues: ConfigIssue[],
  ) {
    super(
      `${file}: invalid config\n` +
        issues
          .map((i) => `  ${file}${i.line ? `:${i.line}` : ''} ${i.path || '(root)'}: ${i.message}`)
          .join('\n'),
    );
    this.name = 'ConfigError';
  }
}

import { isAbsolute, resolve as resolvePath } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { readTextFile } from '../adapter/files.ts';
import { ConfigError, type ConfigIssue } from './config-error.ts';
import type { Env } from './env.ts';
import { formatPath, lineAt, toConfigIssues } from './issues.ts';
import { resolveConfig } from './resolve.ts';
import { configSchema } from './schema.ts';
import type { ResolvedConfig } from './types.ts';

export interface ParseConfigOptions {
  /** Where `$ENV_VAR`s and conventional provider keys are read from. @default process.env */
  env?: Env;
}

/**
 * Parses and validates config YAML. Throws `ConfigError` naming `file`, each YAML path (with its
 * line) and what was expected; unknown keys get a near-miss hint.
 *
 * @example
 * const config = parseConfig(await readFile('tether.yaml', 'utf8'), 'tether.yaml');
 */
export function parseConfig(
  text: string,
  file = 'config.yaml',
  options: ParseConfigOptions = {},
): ResolvedConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => ({
        path: '',
        message: `YAML syntax: ${e.message.split('\n')[0]}`,
        line: lines.linePos(e.pos[0]).line,
      })),
    );
  }
  const parsed = configSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) throw new ConfigError(file, toConfigIssues(parsed.error, configSchema, doc, lines));
  const issues: Array<ConfigIssue & { rawPath: Array<string | number> }> = [];
  const config = resolveConfig(parsed.data, file, options.env ?? process.env, issues);
  if (issues.length > 0) {
    throw new ConfigError(
      file,
      issues.map(({ rawPath, message }) => ({
        path: formatPath(rawPath),
        message,
        line: lineAt(doc, lines, rawPath),
      })),
    );
  }
  return config;
}

/** Reads and parses a config file (see `parseConfig`). */
export async function loadConfig(path: string, options: ParseConfigOptions = {}): Promise<ResolvedConfig> {
  const full = isAbsolute(path) ? path : resolvePath(process.cwd(), path);
  const text = await readTextFile(full);
  if (text === undefined) throw new ConfigError(path, [{ path: '', message: 'file not found' }]);
  return parseConfig(text, path, options);
}

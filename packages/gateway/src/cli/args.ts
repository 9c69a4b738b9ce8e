/** A parsed `tether` command line. */
export type CliCommand =
  | { command: 'up'; config: string; port?: number; host?: string }
  | { command: 'validate'; config: string }
  | { command: 'help' };

export const USAGE = `usage:
  tether up <config.yaml> [--port N] [--host H]   start the gateway
  tether validate <config.yaml>                   check a config and print models, aliases and routes`;

/** A bad command line; `tether` exits 2, like for a bad config. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Parses `argv` (without `bun` and the script). Throws a `UsageError` with a usage hint on bad input. */
export function parseArgs(argv: readonly string[]): CliCommand {
  const [command, ...rest] = argv;
  if (command === 'help' || command === '--help' || command === '-h') return { command: 'help' };
  // No command at all is a usage error (exit 2), so a script that forgot `up` does not "succeed".
  if (command === undefined) throw new UsageError(`missing command\n${USAGE}`);
  if (command !== 'up' && command !== 'validate')
    throw new UsageError(`unknown command "${command}"\n${USAGE}`);
  let config: string | undefined;
  let port: number | undefined;
  let host: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? '';
    const [flag, inline] = arg.startsWith('--') ? arg.split('=', 2) : [arg, undefined];
    if (flag === '--port' || flag === '--host') {
      const value = inline ?? rest[++i];
      if (value === undefined) throw new UsageError(`${flag} needs a value\n${USAGE}`);
      if (flag === '--port') {
        port = Number(value);
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new UsageError(`--port: expected 0-65535, got "${value}"`);
      } else host = value;
    } else if (arg.startsWith('-')) throw new UsageError(`unknown option "${arg}"\n${USAGE}`);
    else if (config === undefined) config = arg;
    else throw new UsageError(`unexpected argument "${arg}"\n${USAGE}`);
  }
  if (config === undefined) throw new UsageError(`missing <config.yaml>\n${USAGE}`);
  if (command === 'validate') {
    if (port !== undefined || host !== undefined)
      throw new UsageError(`validate takes no --port/--host\n${USAGE}`);
    return { command, config };
  }
  return { command, config, port, host };
}

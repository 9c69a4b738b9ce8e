import { parseArgs } from 'node:util';

/** The resolved options of `tether-mcp`. */
export interface CliOptions {
  gateway: string;
  token: string | undefined;
  headers: Record<string, string>;
}

export const USAGE = `Usage: tether-mcp --gateway <url> [--token <admin token>] [--header "Name: value"]...

An MCP server (stdio) that lets an agent pin, inspect and release model affinity on a Tether gateway.
  --gateway  the gateway's base URL (env TETHER_GATEWAY_URL), e.g. http://127.0.0.1:12000
  --token    the gateway's admin_token (env TETHER_ADMIN_TOKEN)
  --header   an extra header on every gateway request, e.g. the tenant header (repeatable)`;

/** Thrown for bad command lines; the CLI prints the message and the usage, and exits 2. */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

/** Parses `tether-mcp` arguments; flags win over `TETHER_GATEWAY_URL` / `TETHER_ADMIN_TOKEN`. */
export function parseCliArgs(argv: string[], env: Record<string, string | undefined>): CliOptions | 'help' {
  let values: { gateway?: string; token?: string; header?: string[]; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        gateway: { type: 'string' },
        token: { type: 'string' },
        header: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return 'help';
  const gateway = values.gateway ?? env.TETHER_GATEWAY_URL;
  if (!gateway) throw new CliUsageError('--gateway <url> (or TETHER_GATEWAY_URL) is required');
  if (!URL.canParse(gateway) || !/^https?:$/.test(new URL(gateway).protocol)) {
    throw new CliUsageError(`--gateway must be an http(s) URL, got "${gateway}"`);
  }
  const headers: Record<string, string> = {};
  for (const header of values.header ?? []) {
    const colon = header.indexOf(':');
    if (colon <= 0) throw new CliUsageError(`--header must look like "Name: value", got "${header}"`);
    headers[header.slice(0, colon).trim()] = header.slice(colon + 1).trim();
  }
  const token = values.token ?? env.TETHER_ADMIN_TOKEN;
  return { gateway, token: token === '' ? undefined : token, headers };
}

import { parseArgs } from 'node:util';

/** What `bun run demo:affinity` was asked to do. */
export interface DemoArgs {
  /** Print the traces as JSON instead of tables. */
  json: boolean;
  /** A gateway that is already running; nothing is started. */
  gateway: string | undefined;
  help: boolean;
}

export const USAGE = `Usage: bun run demo:affinity [--json] [--gateway URL]

Runs the agent demos twice each, without and with X-Model-Affinity, and prints which model served
every step. With no API keys it starts simulated models and a gateway on free ports (offline).

  --gateway URL  use a Tether gateway that is already running (e.g. http://127.0.0.1:12000)
  --json         print the traces as JSON
  -h, --help     show this help

Environment: OPENAI_API_KEY and ANTHROPIC_API_KEY both set → real providers instead of simulated
models. NO_COLOR disables colour.`;

/** Parses the command line; throws a message fit for the user on unknown flags or a bad URL. */
export function parseDemoArgs(argv: readonly string[]): DemoArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      json: { type: 'boolean', default: false },
      gateway: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.gateway !== undefined && !URL.canParse(values.gateway)) {
    throw new Error(`--gateway expects a URL such as http://127.0.0.1:12000, got "${values.gateway}"`);
  }
  return { json: values.json ?? false, gateway: values.gateway, help: values.help ?? false };
}

/** Where the demos' model calls go. */
export type DemoMode =
  /** `--gateway URL`: a gateway somebody else started. */
  | { kind: 'external'; gatewayUrl: string }
  /** Both provider keys set: local gateways calling the real providers. */
  | { kind: 'real' }
  /** No keys: local gateways calling sim-models. */
  | { kind: 'simulated' };

/** `--gateway` wins; then real providers when both keys are present; otherwise simulated. */
export function chooseMode(args: DemoArgs, env: Readonly<Record<string, string | undefined>>): DemoMode {
  if (args.gateway) return { kind: 'external', gatewayUrl: args.gateway };
  if (env.OPENAI_API_KEY && env.ANTHROPIC_API_KEY) return { kind: 'real' };
  return { kind: 'simulated' };
}

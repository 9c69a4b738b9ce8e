/** The JavaScript runtimes the gateway runs on. */
export type Runtime = 'bun' | 'deno' | 'other';

/** Which runtime this process is: the globals each one defines, nothing else. */
export function currentRuntime(): Runtime {
  if (typeof (globalThis as { Bun?: unknown }).Bun !== 'undefined') return 'bun';
  if (typeof (globalThis as { Deno?: unknown }).Deno !== 'undefined') return 'deno';
  return 'other';
}

/** The command-line arguments after the runtime and the script (`process.argv` exists on Bun and Deno alike). */
export function cliArgs(): string[] {
  return process.argv.slice(2);
}

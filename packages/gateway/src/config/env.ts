/** The environment a config is resolved against. */
export type Env = Readonly<Record<string, string | undefined>>;

const VAR = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * Replaces `$NAME` and `${NAME}` from `env`. Returns `undefined` (and reports the names) when a
 * variable is unset, so a missing key means "no key" rather than the literal text `$OPENAI_API_KEY`.
 */
export function substituteEnv(
  value: string | undefined,
  env: Env,
  missing: (name: string) => void,
): string | undefined {
  if (value === undefined) return undefined;
  let unset = false;
  const out = value.replace(VAR, (_, braced: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare ?? '';
    const found = env[name];
    if (found === undefined || found === '') {
      unset = true;
      missing(name);
      return '';
    }
    return found;
  });
  return unset ? undefined : out;
}

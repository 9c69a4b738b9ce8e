/** `session_ttl_seconds` → `sessionTtlSeconds`, at the type level. */
export type CamelKey<S extends string> = S extends `${infer Head}_${infer Tail}`
  ? `${Head}${Capitalize<CamelKey<Tail>>}`
  : S;

/** An object type with every key camel-cased, recursively (arrays and their items too). */
export type Camelize<T> = T extends readonly (infer Item)[]
  ? Camelize<Item>[]
  : T extends object
    ? { [K in keyof T as K extends string ? CamelKey<K> : K]: Camelize<T[K]> }
    : T;

const camelKey = (key: string): string => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * The one transform from the YAML's snake_case to the camelCase the code reads. Only for objects whose
 * keys are all config keys: maps keyed by user data (headers, aliases) must not go through it.
 */
export function camelize<T>(value: T): Camelize<T> {
  if (Array.isArray(value)) return value.map((item) => camelize(item)) as Camelize<T>;
  if (value === null || typeof value !== 'object') return value as Camelize<T>;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[camelKey(key)] = camelize(item);
  return out as Camelize<T>;
}

import type { Redis } from 'ioredis';
import type { VerifyOptions } from './args.ts';
import type { ChatOutcome } from './client.ts';
import type { Deployment } from './deployment.ts';
import type { PromptFamily } from './prompts.ts';
import type { Reporter } from './reporter.ts';
import type { PhaseStatus } from './summary.ts';

/** Everything a phase needs: the deployment, a Redis connection to inspect it, and the output. */
export interface VerifyContext {
  readonly options: VerifyOptions;
  readonly deployment: Deployment;
  readonly replicas: readonly string[];
  readonly redis: Redis;
  readonly report: Reporter;
  /** Random per run, so repeated runs against one deployment never share a session id. */
  readonly runId: string;
  /** Models the router picked for each prompt family in phase 1 (absent when it never answered). */
  readonly learned: Partial<Record<PromptFamily, string>>;
}

/** What a phase reports; the runner adds the number, name and time. */
export interface PhaseOutcome {
  status: PhaseStatus;
  detail: string;
}

/** One step of the verification. */
export interface Phase {
  name: string;
  title: string;
  run(ctx: VerifyContext): Promise<PhaseOutcome>;
}

/** Thrown inside a phase to end it with FAIL and this one-line reason. */
export class PhaseFailure extends Error {
  readonly code = 'phase_failed';
}

/** Fails the phase with `reason` unless `condition` holds. */
export function check(condition: unknown, reason: string): asserts condition {
  if (!condition) throw new PhaseFailure(reason);
}

/** `verify-<run>-<label>`: an affinity id belonging to this run. */
export function sessionId(ctx: VerifyContext, label: string): string {
  return `verify-${ctx.runId}-${label}`;
}

/**
 * The Redis keys a pin of `id` can live under. The verifier sends no tenant header: the key is
 * `<prefix><id>`, or `<prefix>_:<id>` when the deployment sets `tenant_header` (the gateway scopes
 * header-less requests to the tenant `_` so they never mix with a real tenant's pins).
 */
export function pinKeys(ctx: VerifyContext, id: string): [string, string] {
  return [`${ctx.options.keyPrefix}${id}`, `${ctx.options.keyPrefix}_:${id}`];
}

/** The key `id`'s pin is stored under now, or the unscoped one when there is none. */
export async function pinKey(ctx: VerifyContext, id: string): Promise<string> {
  const keys = pinKeys(ctx, id);
  for (const key of keys) if ((await ctx.redis.exists(key)) === 1) return key;
  return keys[0];
}

/** True while a pin of `id` exists in Redis (under either key). */
export async function pinExists(ctx: VerifyContext, id: string): Promise<boolean> {
  return (await ctx.redis.exists(...pinKeys(ctx, id))) > 0;
}

/** `r2` for the second replica. */
export function replicaName(ctx: VerifyContext, index: number): string {
  return `r${(index % ctx.replicas.length) + 1}`;
}

/** The replica at `index`, wrapping around. */
export function replicaAt(ctx: VerifyContext, index: number): string {
  return ctx.replicas[index % ctx.replicas.length] ?? '';
}

/** Fails the phase when a request got no successful answer. */
export function checkServed(o: ChatOutcome, what: string): void {
  check(o.status !== 0, `${what}: ${o.replica} did not answer (${o.error})`);
  check(o.status < 400, `${what}: ${o.replica} answered HTTP ${o.status}: ${o.error ?? ''}`);
  check(o.model, `${what}: ${o.replica} sent no x-tether-model header`);
}

/** A hint for an admin API refusal: the deployment has `admin_token` set. */
export function adminHint(status: number): string {
  return status === 401 || status === 403 ? ' (pass --admin-token, or set TETHER_ADMIN_TOKEN)' : '';
}

/** The stored pin under `key`, parsed, or `null` when there is none. */
export async function readPin(ctx: VerifyContext, key: string): Promise<Record<string, unknown> | null> {
  const raw = await ctx.redis.get(key);
  if (raw === null) return null;
  try {
    const value = JSON.parse(raw) as unknown;
    check(typeof value === 'object' && value !== null, `${key} does not hold a JSON object: ${raw}`);
    return value as Record<string, unknown>;
  } catch (error) {
    if (error instanceof PhaseFailure) throw error;
    throw new PhaseFailure(`${key} does not hold JSON: ${raw.slice(0, 120)}`);
  }
}

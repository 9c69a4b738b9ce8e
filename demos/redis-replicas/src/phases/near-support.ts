import type { Redis } from 'ioredis';
import { type ChatOutcome, chat, describeOutcome } from '../client.ts';
import {
  check,
  checkServed,
  pinKey,
  replicaAt,
  replicaName,
  sessionId,
  type VerifyContext,
} from '../context.ts';
import { familyAt, otherFamily, promptFor } from '../prompts.ts';

/** Ids asked at once (each on every replica): bounded, so a burst does not trip the store timeout on a busy machine. */
const BATCH = 5;

/** TTL of the pins the near-cache phases make: far above the short local TTL, so none expires mid-phase. */
export const NEAR_PIN_TTL = 60;

/** A pinned id and the model it is pinned to. */
export interface LivePin {
  id: string;
  model: string;
  family: 'build' | 'analyse';
}

/** One request for `pin` on `replica`, with the prompt family that would route it elsewhere. */
export function askPinned(replica: string, pin: LivePin, i: number): Promise<ChatOutcome> {
  return chat(replica, {
    prompt: promptFor(otherFamily(pin.family), i),
    affinity: pin.id,
    pinTtlSeconds: NEAR_PIN_TTL,
    timeoutMs: 10_000,
  });
}

/**
 * Pins `n` fresh ids (the first request of each on a different replica) and has every replica serve
 * each once, so every replica holds every pin in its near cache.
 */
export async function pinAndWarm(ctx: VerifyContext, label: string, n: number): Promise<LivePin[]> {
  const pins: LivePin[] = [];
  for (let i = 0; i < n; i++) {
    const id = sessionId(ctx, `${label}${i + 1}`);
    const family = familyAt(i);
    const first = await chat(replicaAt(ctx, i), {
      prompt: promptFor(family, i),
      affinity: id,
      pinTtlSeconds: NEAR_PIN_TTL,
    });
    checkServed(first, `${id} first request`);
    check(!first.pinned, `${id}: the first request came back pinned`);
    pins.push({ id, model: first.model ?? '', family });
  }
  await everyReplicaServes(ctx, pins, 'warm-up');
  return pins;
}

/**
 * Asks every replica for every pin (`BATCH` ids at a time, each on all replicas at once); fails
 * unless each answer is pinned to the pin's model.
 */
export async function everyReplicaServes(
  ctx: VerifyContext,
  pins: readonly LivePin[],
  what: string,
): Promise<ChatOutcome[]> {
  const outcomes: ChatOutcome[] = [];
  for (let start = 0; start < pins.length; start += BATCH) {
    const batch = pins.slice(start, start + BATCH);
    const answers = await Promise.all(
      batch.flatMap((pin, i) => ctx.replicas.map((replica) => askPinned(replica, pin, start + i))),
    );
    for (const [k, o] of answers.entries()) {
      const pin = batch[Math.floor(k / ctx.replicas.length)] as LivePin;
      checkServed(o, `${what}: ${pin.id}`);
      const how = o.storeUnavailable ? ', x-tether-affinity: unavailable' : o.cached ? ', cached' : '';
      check(
        o.pinned && o.model === pin.model,
        `${what}: ${pin.id} on ${o.replica} → ${describeOutcome(o)} [pinned: ${o.pinned}${how}], pinned to ${pin.model}`,
      );
    }
    outcomes.push(...answers);
  }
  return outcomes;
}

/** Commands Redis executed so far (`INFO commandstats`), without the `INFO` calls that read them. */
export async function commandsExecuted(redis: Redis): Promise<number> {
  const text = await redis.info('commandstats');
  let total = 0;
  for (const m of text.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) if (m[1] !== 'info') total += Number(m[2]);
  return total;
}

/** The model stored for `id` in Redis, or `null` when the key is missing. */
export async function storedModel(ctx: VerifyContext, id: string): Promise<string | null> {
  const raw = await ctx.redis.get(await pinKey(ctx, id));
  if (raw === null) return null;
  try {
    return (JSON.parse(raw) as { model_name?: string }).model_name ?? null;
  } catch {
    return null;
  }
}

/** `r1` … for a replica URL. */
export function nameOf(ctx: VerifyContext, replica: string): string {
  return replicaName(ctx, ctx.replicas.indexOf(replica));
}

/** The p-th percentile (0–100) of `values`, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

import { chat, describeOutcome } from '../client.ts';
import {
  check,
  checkServed,
  type Phase,
  pinKey,
  readPin,
  replicaAt,
  replicaName,
  sessionId,
} from '../context.ts';
import { promptFor } from '../prompts.ts';
import { countMatching } from '../redis-client.ts';

/**
 * Phase 4: what an operator sees with `redis-cli`. A fresh pin's key holds `model_name` and
 * `route_name` matching what the replicas answered, and its TTL is within the configured bound.
 */
export const inspectPhase: Phase = {
  name: 'inspect',
  title: 'inspect the pin in Redis',
  async run(ctx) {
    const id = sessionId(ctx, 'inspect');
    const first = await chat(replicaAt(ctx, 0), { prompt: promptFor('analyse', 0), affinity: id });
    ctx.report.detail(`${replicaName(ctx, 0)}  first request → ${describeOutcome(first)}`);
    checkServed(first, 'first request');

    const key = await pinKey(ctx, id);
    const raw = await ctx.redis.get(key);
    ctx.report.detail(`GET ${key}`);
    ctx.report.detail(`  → ${raw ?? '(nil)'}`);
    const stored = await readPin(ctx, key);
    check(stored, `no key ${key} in Redis after a pinned request (is --key-prefix right?)`);
    check(typeof stored.model_name === 'string', `${key} has no model_name`);
    check('route_name' in stored, `${key} has no route_name`);
    check(
      stored.model_name === first.model,
      `${key} holds ${stored.model_name}; the replica served ${first.model}`,
    );
    const route = stored.route_name === null ? 'none' : stored.route_name;
    check(
      route === first.route,
      `${key} holds route_name ${String(route)}; x-tether-route was ${first.route}`,
    );

    const ttl = await ctx.redis.ttl(key);
    const bound = ctx.options.ttl;
    ctx.report.detail(`TTL ${key} → ${ttl} s (configured session_ttl_seconds: ${bound})`);
    check(
      ttl > 0 && ttl <= bound,
      `TTL is ${ttl} s; expected 1–${bound} s (-1 would mean the pin never expires)`,
    );

    const pattern = `${ctx.options.keyPrefix}*verify-${ctx.runId}-*`;
    const count = await countMatching(ctx.redis, pattern);
    ctx.report.detail(`SCAN MATCH ${pattern} → ${count} pins from this run so far`);

    const again = await chat(replicaAt(ctx, 1), { prompt: promptFor('build', 0), affinity: id });
    ctx.report.detail(
      `${replicaName(ctx, 1)}  next request → ${describeOutcome(again)}  [PINNED: ${again.pinned}]`,
    );
    checkServed(again, 'second request');
    check(again.pinned && again.model === stored.model_name, `another replica did not serve the stored pin`);
    return {
      status: 'PASS',
      detail: `${key} holds model_name=${stored.model_name} route_name=${String(stored.route_name)}, TTL ${ttl} s ≤ ${bound} s`,
    };
  },
};

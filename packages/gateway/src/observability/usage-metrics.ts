import { Counter, type Registry } from 'prom-client';

/** Token, cost and prompt-cache metrics (`tether_prompt_tokens_total` and friends). */
export interface UsageMetrics {
  /** Prompt tokens by serving model; `cached="true"` were read from the provider's cache. */
  promptTokens: Counter<'model' | 'cached'>;
  completionTokens: Counter<'model'>;
  /** Estimated USD from `pricing` (models without pricing are not counted). */
  costUsd: Counter<'model'>;
  /** Responses whose `usage` block was missing or malformed. */
  usageUnknown: Counter<'model'>;
  /** Requests whose stable prefix no longer matched their pin. */
  prefixDrift: Counter<'session' | 'action'>;
  /** Cache-regret gate verdicts. */
  switchGate: Counter<'outcome'>;
  /** Sum of the regret (USD) the gate weighed, by verdict. */
  switchRegretUsd: Counter<'outcome'>;
  /** Implicit-session pins committed after a response showed cache activity. */
  implicitPins: Counter;
}

/** Registers the usage metrics on the gateway's registry. */
export function createUsageMetrics(registry: Registry): UsageMetrics {
  const registers = [registry];
  return {
    promptTokens: new Counter({
      name: 'tether_prompt_tokens_total',
      help: 'Prompt (input) tokens by serving model; cached="true" were served from the provider prompt cache',
      labelNames: ['model', 'cached'] as const,
      registers,
    }),
    completionTokens: new Counter({
      name: 'tether_completion_tokens_total',
      help: 'Completion (output) tokens by serving model',
      labelNames: ['model'] as const,
      registers,
    }),
    costUsd: new Counter({
      name: 'tether_estimated_cost_usd_total',
      help: 'Estimated cost in USD from the configured pricing (cache reads and writes priced as configured)',
      labelNames: ['model'] as const,
      registers,
    }),
    usageUnknown: new Counter({
      name: 'tether_usage_unknown_total',
      help: 'Responses whose usage block was missing or malformed (tokens not counted)',
      labelNames: ['model'] as const,
      registers,
    }),
    prefixDrift: new Counter({
      name: 'tether_prefix_drift_total',
      help: 'Requests whose stable prompt prefix differed from their pin: re-routed as cold, or kept (explicit ids)',
      labelNames: ['session', 'action'] as const,
      registers,
    }),
    switchGate: new Counter({
      name: 'tether_switch_gate_total',
      help: 'Cache-regret gate verdicts: retained the warm model, or allowed the switch',
      labelNames: ['outcome'] as const,
      registers,
    }),
    switchRegretUsd: new Counter({
      name: 'tether_switch_regret_usd_total',
      help: 'Estimated USD of cache regret weighed by the gate (retained: money kept; allowed: money spent)',
      labelNames: ['outcome'] as const,
      registers,
    }),
    implicitPins: new Counter({
      name: 'tether_implicit_pins_total',
      help: 'Implicit-session pins committed once a response showed prompt-cache activity',
      registers,
    }),
  };
}

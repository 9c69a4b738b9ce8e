import type { Env } from '../config/env.ts';

/** Tracing as resolved from the config file and the standard OpenTelemetry variables. */
export interface TracingSettings {
  /** The OTLP/HTTP traces URL; tracing is off without one (unless a test passes an exporter). */
  endpoint: string | undefined;
  /** Share of new traces recorded, 0–1. @default 1 */
  sampling: number;
  /** `service.name` of the spans. @default 'tether-gateway' */
  serviceName: string;
}

/** The `tracing:` block of the config file (Plano's `random_sampling`, a percentage, is honoured too). */
export interface TracingConfig {
  endpoint?: string;
  sampling?: number;
  random_sampling?: number;
}

/**
 * Config wins over the environment: `tracing.endpoint`, else `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`
 * (used as is), else `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces`; `OTEL_SDK_DISABLED=true` turns
 * tracing off. Sampling: `tracing.sampling`, else `random_sampling / 100`, else
 * `OTEL_TRACES_SAMPLER_ARG`, else 1.
 */
export function resolveTracing(raw: TracingConfig | undefined, env: Env): TracingSettings {
  const serviceName = env.OTEL_SERVICE_NAME || 'tether-gateway';
  const fromEnvArg = Number(env.OTEL_TRACES_SAMPLER_ARG);
  const sampling =
    raw?.sampling ??
    (raw?.random_sampling !== undefined ? raw.random_sampling / 100 : undefined) ??
    (env.OTEL_TRACES_SAMPLER_ARG && fromEnvArg >= 0 && fromEnvArg <= 1 ? fromEnvArg : 1);
  if (env.OTEL_SDK_DISABLED?.toLowerCase() === 'true') {
    return { endpoint: undefined, sampling, serviceName };
  }
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.replace(/\/+$/, '');
  const endpoint =
    raw?.endpoint || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || (base ? `${base}/v1/traces` : undefined);
  return { endpoint, sampling, serviceName };
}

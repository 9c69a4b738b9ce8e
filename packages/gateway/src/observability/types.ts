import type { Tracer } from '@opentelemetry/api';
import type { Logger } from '../logger.ts';
import type { GatewayMetrics } from './metrics.ts';
import type { PinActivity } from './pin-activity.ts';

/** What the decorators, the request hooks and the metrics/dashboard routes share. */
export interface ObservabilityCore {
  metrics: GatewayMetrics;
  /** `undefined` when tracing is off. */
  tracer: Tracer | undefined;
  /** Per-replica request counts for the dashboard. */
  activity: PinActivity;
  logger: Logger;
  /** Log the request body (truncated) with the request line. @default false */
  includeContent: boolean;
  /** Lower-case tenant header (`routing.session_cache.tenant_header`), if configured. */
  tenantHeader: string | undefined;
}

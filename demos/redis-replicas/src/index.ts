export { type ParseOutcome, parseVerifyArgs, USAGE, type VerifyOptions } from './args.ts';
export { type ChatOutcome, chat } from './client.ts';
export type { Deployment, OutageControl } from './deployment.ts';
export { renderGatewayConfig } from './gateway-config.ts';
export { PHASES, runPhases } from './run-phases.ts';
export { formatSummary, type PhaseResult, type PhaseStatus } from './summary.ts';
export { type VerifyReport, verify } from './verify.ts';

export { affinityIdSchema, newAffinityId } from './affinity-id.ts';
export { type ControlErrorCode, TetherControlError } from './errors.ts';
export { createHttpControl, type HttpControlOptions } from './http-control.ts';
export { createTetherMcpServer } from './server.ts';
export { handleMcpHttpRequest } from './streamable-http.ts';
export { registerTetherTools, TOOL_NAMES } from './tools.ts';
export type {
  ChatMessage,
  ModelsInfo,
  PinInfo,
  PinRequest,
  PinResult,
  RouteDecision,
  TetherControl,
} from './types.ts';

export {
  type AgentTurn,
  type DbSelectionOptions,
  type DbSelectionRun,
  DEFAULT_TASK,
  runDbSelectionAgent,
} from './agent.ts';
export {
  type DbSelectionComparison,
  type DbSelectionComparisonOptions,
  runDbSelectionComparison,
} from './compare.ts';
export { dbRunVerdict, formatDbRun, formatRecommendation } from './format.ts';
export { parseArguments, runTool, TOOL_DEFINITIONS, type ToolName } from './tools.ts';

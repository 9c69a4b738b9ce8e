export { type ResearchAgentOptions, type ResearchRun, runResearchAgent, type StepResult } from './agent.ts';
export {
  type ResearchClientOptions,
  type ResearchComparison,
  runResearchComparison,
} from './client.ts';
export { formatResearchComparison, researchVerdicts } from './format.ts';
export {
  type AgentResponse,
  type AgentServerOptions,
  createAgentServer,
  type RoutingTraceEntry,
} from './server.ts';
export { DEFAULT_QUESTION, RESEARCH_STEPS, type ResearchStep, type StepIntent } from './steps.ts';

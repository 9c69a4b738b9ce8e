export {
  AFFINITY_HEADER,
  type Cell,
  type Column,
  countSwitches,
  createProgress,
  createStyle,
  distinctModels,
  excerpt,
  newAffinityId,
  openAiBaseUrl,
  type Progress,
  paintVerdict,
  type RunKind,
  renderTable,
  type ServedBy,
  type Style,
  SWITCHED,
  servedBy,
  stdoutStyle,
  switchFlags,
  type TableOptions,
  useColour,
  type Verdict,
  verdict,
  visibleWidth,
} from '@tether-demo/kit';
export { chooseMode, type DemoArgs, type DemoMode, parseDemoArgs, USAGE } from './args.ts';
export { type Cleanup, createCleanup, stopOnSignals } from './cleanup.ts';
export { createGatewayPool, type GatewayPool, pointAtSimModels } from './environment.ts';
export {
  type DemoSection,
  type RunResult,
  SECTIONS,
  type SectionContext,
  type SectionResult,
} from './sections/index.ts';

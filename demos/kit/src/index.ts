export { agentGuidelines } from './guidelines.ts';
export { createProgress, type Progress, type ProgressStream } from './progress.ts';
export { AFFINITY_HEADER, newAffinityId, openAiBaseUrl, type ServedBy, servedBy } from './served-by.ts';
export { createStyle, type MaybeTty, type Style, stdoutStyle, useColour } from './style.ts';
export { type Cell, type Column, excerpt, renderTable, type TableOptions, visibleWidth } from './table.ts';
export { withoutModelTag, wrapText } from './text.ts';
export { countSwitches, distinctModels, SWITCHED, switchFlags, toolSummary } from './trace.ts';
export { paintVerdict, type RunKind, type Verdict, verdict } from './verdict.ts';

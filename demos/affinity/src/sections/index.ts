import { dbSelectionSection } from './db-selection.ts';
import { mcpSection } from './mcp.ts';
import { researchSection } from './research.ts';
import type { DemoSection } from './types.ts';

export type { DemoSection, RunResult, SectionContext, SectionResult } from './types.ts';

/** The demos `bun run demo:affinity` runs, in order. Add a section here to show it. */
export const SECTIONS: readonly DemoSection[] = [researchSection, dbSelectionSection, mcpSection];

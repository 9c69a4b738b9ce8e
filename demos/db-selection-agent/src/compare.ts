import { newAffinityId } from '@tether-demo/kit';
import { type DbSelectionOptions, type DbSelectionRun, runDbSelectionAgent } from './agent.ts';

/** The tool loop run twice: routed per turn, then pinned with `X-Model-Affinity`. */
export interface DbSelectionComparison {
  unpinned: DbSelectionRun;
  pinned: DbSelectionRun;
}

export interface DbSelectionComparisonOptions extends Omit<DbSelectionOptions, 'affinityId' | 'onTurnStart'> {
  /** The id for the pinned run. @default a fresh `db-selection-xxxxxxxx` */
  affinityId?: string;
  /** Called before each turn of each run (for progress lines). */
  onTurnStart?: (run: 'unpinned' | 'pinned', turn: number) => void;
}

/** Runs the agent without affinity, then with it. */
export async function runDbSelectionComparison(
  options: DbSelectionComparisonOptions,
): Promise<DbSelectionComparison> {
  const { affinityId, onTurnStart, ...rest } = options;
  const unpinned = await runDbSelectionAgent({
    ...rest,
    onTurnStart: (turn) => onTurnStart?.('unpinned', turn),
  });
  const pinned = await runDbSelectionAgent({
    ...rest,
    affinityId: affinityId ?? newAffinityId('db-selection'),
    onTurnStart: (turn) => onTurnStart?.('pinned', turn),
  });
  return { unpinned, pinned };
}

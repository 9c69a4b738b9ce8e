// What one `bun run bench` run measured; shared by the report and its method section.
import type { DecisionRow, RoundTrips } from './affinity.ts';
import type { ContextRow } from './context.ts';
import type { GoalCheck } from './goals.ts';
import type { MachineInfo } from './machine.ts';
import type { Budget } from './options.ts';
import type { Placement } from './processes.ts';
import type { RedisRtt } from './protocol.ts';
import type { RedisPinSize } from './redis-pins.ts';
import type { MemoryPins, ReplicaClaims } from './scale.ts';
import type { OverheadRow } from './summary.ts';

/** Everything one run measured. Sections that failed are `null` / empty and listed in `problems`. */
export interface BenchResults {
  quick: boolean;
  startedAt: string;
  seconds: number;
  /** 1-minute load average when the run ended (the start value is in `machine`). */
  loadAverageEnd: number;
  machine: MachineInfo;
  placement: Placement;
  budget: Budget;
  rate: number;
  rows: OverheadRow[];
  /** The context-size suite (agent-history bodies at 1 KB, 100 KB, 1 MB). */
  context: ContextRow[];
  decisions: DecisionRow[];
  roundTrips: RoundTrips[];
  redisRtt: RedisRtt | null;
  memoryPins: MemoryPins | null;
  redisPins: RedisPinSize | null;
  claims: ReplicaClaims | null;
  goals: GoalCheck[];
  problems: string[];
}

// Runs the database-selection agent alone against a running gateway:
//   bun run tether up demos/db-selection-agent/config.yaml
//   bun demos/db-selection-agent/src/main.ts [--gateway http://127.0.0.1:12000]
import { parseArgs } from 'node:util';
import { createProgress, stdoutStyle } from '@tether-demo/kit';
import { runDbSelectionComparison } from './compare.ts';
import { dbRunVerdict, formatDbRun, formatRecommendation } from './format.ts';

const { values } = parseArgs({ options: { gateway: { type: 'string' } } });
const gatewayUrl = values.gateway ?? process.env.TETHER_URL ?? 'http://127.0.0.1:12000';
const progress = createProgress();
const style = stdoutStyle();
try {
  const result = await runDbSelectionComparison({
    gatewayUrl,
    onTurnStart: (run, turn) => progress.update(`db-selection agent, ${run}: turn ${turn} thinking…`),
  });
  progress.stop();
  console.log(
    [
      formatDbRun(result.unpinned, style),
      '',
      formatDbRun(result.pinned, style),
      '',
      formatRecommendation(result.pinned, style),
    ].join('\n'),
  );
  process.exitCode = dbRunVerdict(result.unpinned).ok && dbRunVerdict(result.pinned).ok ? 0 : 1;
} catch (error) {
  progress.stop();
  console.error(`db-selection demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}

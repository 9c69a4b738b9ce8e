// Sums every workspace's JUnit report into the one closing line CI reads: "N passed, N failed".
// A workspace with a test script but no report, a failed `check`, or a non-zero test run with no
// failing test case (a crash between tests) each count as one failure, so nothing fails silently.
// `scripts/pack` (the pack-and-install job, run by .ci/run after the workspaces) counts the same way.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [testRc = '0', checkRc = '0', packRc = '0'] = process.argv.slice(2);
const root = join(import.meta.dir, '..');
let passed = 0;
let failed = 0;
let skipped = 0;

const attr = (tag: string, name: string): number =>
  Number(new RegExp(`${name}="(\\d+)"`).exec(tag)?.[1] ?? 0);

/** Adds one suite's JUnit report to the totals; a missing report is one failure. Returns its failures. */
function count(label: string, report: string): number {
  if (!existsSync(report)) {
    console.log(`${label}: no JUnit report (the test run did not finish)`);
    failed += 1;
    return 1;
  }
  const head = /<testsuites\b[^>]*>/.exec(readFileSync(report, 'utf8'))?.[0] ?? '';
  const tests = attr(head, 'tests');
  const fails = attr(head, 'failures') + attr(head, 'errors');
  const skips = attr(head, 'skipped');
  console.log(`${label}: ${tests - fails - skips} passed, ${fails} failed, ${skips} skipped`);
  passed += tests - fails - skips;
  failed += fails;
  skipped += skips;
  return fails;
}

for (const group of ['packages', 'demos']) {
  for (const name of readdirSync(join(root, group))) {
    const dir = join(root, group, name);
    const pkgFile = join(dir, 'package.json');
    if (!existsSync(pkgFile)) continue;
    const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { scripts?: Record<string, string> };
    if (!pkg.scripts?.test) continue;
    count(`${group}/${name}`, join(dir, '.junit.xml'));
  }
}
const workspaceFailed = failed;
const packFails = count('scripts/pack', join(root, 'scripts', 'pack', '.junit.xml'));
if (packRc !== '0' && packFails === 0) {
  console.log(`the pack-and-install job exited with ${packRc} although no test case failed`);
  failed += 1;
}
if (checkRc !== '0') {
  console.log('bun run check failed (types or lint)');
  failed += 1;
}
if (testRc !== '0' && workspaceFailed === 0) {
  console.log(`the test run exited with ${testRc} although no test case failed`);
  failed += 1;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);

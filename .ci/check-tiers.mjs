// Reads vitest's JSON report and fails unless every tier ran tests and none was skipped.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

const TIERS = ['unit', 'db', 'e2e', 'fuzz', 'browser'];
const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));

function tierOf(file) {
  const path = relative(process.cwd(), file);
  if (path.startsWith('tests/db/')) return 'db';
  if (path.startsWith('tests/e2e/')) return 'e2e';
  if (path.startsWith('tests/fuzz/')) return 'fuzz';
  if (path.startsWith('tests/browser/')) return 'browser';
  return 'unit';
}

const counts = Object.fromEntries(TIERS.map((tier) => [tier, { passed: 0, failed: 0, skipped: 0 }]));
for (const file of report.testResults) {
  const tier = counts[tierOf(file.name)];
  if (file.assertionResults.length === 0 && file.status === 'failed') tier.failed++;
  for (const test of file.assertionResults) {
    if (test.status === 'passed') tier.passed++;
    else if (test.status === 'failed') tier.failed++;
    else tier.skipped++;
  }
}

let ok = true;
for (const tier of TIERS) {
  const { passed, failed, skipped } = counts[tier];
  console.log(`${tier.padEnd(8)} ${String(passed).padStart(4)} passed ${String(failed).padStart(3)} failed ${String(skipped).padStart(3)} skipped`);
  if (passed === 0) {
    console.log(`  the ${tier} tier ran no test`);
    ok = false;
  }
  if (failed > 0 || skipped > 0) ok = false;
}
const total = Object.values(counts).reduce((sum, count) => ({ passed: sum.passed + count.passed, failed: sum.failed + count.failed + count.skipped }), { passed: 0, failed: 0 });
console.log(`${total.passed} passed, ${total.failed} failed`);
process.exit(ok ? 0 : 1);

/** `npm run conformance`: prints the pass rate per format and every failure. */
import { runConformance } from './run.ts';

const report = await runConformance();
const pct = (p: number, t: number) => (t ? ((100 * p) / t).toFixed(1) : '—');
console.log(`feedparser corpus: ${report.corpus}`);
console.log(`${report.total} cases map onto the item shape (${report.outOfScope} read fields outside it, ${report.notMapped} are in other buckets)\n`);
for (const [format, f] of [...report.byFormat].sort())
  console.log(`  ${format.padEnd(16)} ${String(f.pass).padStart(4)}/${String(f.total).padEnd(4)} ${pct(f.pass, f.total)}%`);
console.log(`\n  ${'all'.padEnd(16)} ${String(report.pass).padStart(4)}/${String(report.total).padEnd(4)} ${pct(report.pass, report.total)}%\n`);
const failures = report.results.filter((r) => r.outcome === 'fail');
if (failures.length) console.log(`Failures (${failures.length}):`);
for (const f of failures) console.log(`  ${f.file}: ${f.reason}`);
if (process.argv.includes('--out-of-scope'))
  for (const r of report.results.filter((x) => x.outcome === 'out-of-scope')) console.log(`  n/a ${r.file}: ${r.reason}`);

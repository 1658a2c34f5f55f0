/**
 * A ratchet: the hub's pass rate on the Universal Feed Parser's corpus may not fall below the
 * figure in the README. The corpus lives beside the repository (CI has it); when it is missing
 * this fails, because a silent skip would hide a regression.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { runConformance } from './feedparser/run.ts';

describe('conformance: feedparser corpus', () => {
  it('passes at least the share of item-shape cases the README states', async function () {
    this.timeout(120_000);
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const floor = Number(/feedparser conformance floor: ([\d.]+)%/i.exec(readme)?.[1]);
    expect(floor, 'the README states the conformance floor').to.be.greaterThan(0);
    const report = await runConformance();
    expect(report.total, 'cases that map onto the item shape').to.be.greaterThan(500);
    const rate = (100 * report.pass) / report.total;
    const failures = report.results.filter((r) => r.outcome === 'fail').map((r) => `${r.file}: ${r.reason}`);
    expect(rate, `pass rate ${rate.toFixed(1)}%; failures:\n${failures.join('\n')}`).to.be.at.least(floor);
  });
});

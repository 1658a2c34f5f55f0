/** The home page is the first thing a newcomer is pointed to: the start banner's first link and the README's. */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { startBanner } from '../../../hub/main.ts';

describe('the home page comes first', () => {
  it('is the first link of the start banner, at the public URL', () => {
    const lines = startBanner('http://127.0.0.1:8080', 'https://hub.example.gov.vn', 'data/admin.key');
    const first = lines.map((l) => l.match(/https?:\/\/\S+/)?.[0]).find(Boolean);
    expect(first).to.equal('https://hub.example.gov.vn/');
  });

  it('is the first link of the README\'s "What to open first"', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const section = readme.split('## What to open first')[1];
    expect(section.match(/^- (\S+)/m)?.[1]).to.equal('http://localhost:8080/');
  });
});

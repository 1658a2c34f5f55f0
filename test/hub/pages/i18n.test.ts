/** The public pages' text: one file per language, the same keys in each, every key used. */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { LANGS } from '../../../hub/pages/i18n/index.ts';

describe('public pages: text in Vietnamese and English', () => {
  it('has the same keys in every language, none empty', () => {
    const [vi, en] = [Object.keys(LANGS.vi).sort(), Object.keys(LANGS.en).sort()];
    expect(
      en.filter((k) => !vi.includes(k)),
      'keys only in en.ts',
    ).to.deep.equal([]);
    expect(
      vi.filter((k) => !en.includes(k)),
      'keys only in vi.ts',
    ).to.deep.equal([]);
    for (const [lang, messages] of Object.entries(LANGS))
      for (const [key, text] of Object.entries(messages)) expect(text.trim(), `${lang}.${key}`).not.to.equal('');
  });

  it('uses every key in the pages (no text left behind)', () => {
    const dir = new URL('../../../hub/pages/', import.meta.url);
    const sources = readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => readFileSync(new URL(f, dir), 'utf8'))
      .join('\n');
    const unused = Object.keys(LANGS.vi).filter((k) => !new RegExp(`\\bt\\.${k}\\b|'${k}'`).test(sources));
    expect(unused).to.deep.equal([]);
  });
});

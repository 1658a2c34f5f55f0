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
    const root = new URL('../../../', import.meta.url);
    const read = (dir: string): string[] =>
      readdirSync(new URL(dir, root), { withFileTypes: true }).flatMap((e) =>
        e.isDirectory()
          ? e.name === 'i18n'
            ? []
            : read(`${dir}${e.name}/`)
          : e.name.endsWith('.ts')
            ? [readFileSync(new URL(`${dir}${e.name}`, root), 'utf8')]
            : [],
      );
    const sources = ['hub/pages/', 'hub/console/', 'hub/api/routes/console/'].flatMap(read).join('\n');
    const unused = Object.keys(LANGS.vi).filter((k) => !new RegExp(`\\bt\\.${k}\\b|'${k}'`).test(sources));
    expect(unused).to.deep.equal([]);
  });
});

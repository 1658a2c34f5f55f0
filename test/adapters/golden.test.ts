/**
 * Golden pairs: each fixture read by its adapter with the configuration in CASES must give exactly
 * the raw items in `<fixture>.expected.json` beside it. A case without its expected file fails.
 * `UPDATE_GOLDEN=1 npx mocha test/adapters/golden.test.ts` writes the expected files (missing ones
 * too) from what the adapters give now; review them, or the diff after a deliberate change.
 */
import { expect } from 'chai';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Adapter } from '../../adapters/types.ts';
import { createHtmlAdapter } from '../../adapters/html/index.ts';
import { PageCache } from '../../adapters/html/page-cache.ts';
import { jsonAdapter } from '../../adapters/json/index.ts';
import { sitemapAdapter } from '../../adapters/sitemap/index.ts';
import type { Fetched } from '../../hub/pipeline/fetch.ts';
import { checkedOptions } from '../support/adapter.ts';

const CASES: { fixture: string; adapter: Adapter; url: string; contentType: string; options: Record<string, unknown> }[] = [
  {
    fixture: 'pages/tin-tuc.html',
    adapter: createHtmlAdapter(new PageCache()),
    url: 'https://stttt.example.gov.vn/tin-tuc',
    contentType: 'text/html; charset=utf-8',
    options: {
      itemSelector: '.news-list .news-item',
      title: 'h3.title a',
      date: '.date',
      dateFormat: 'dd/MM/yyyy - HH:mm',
      summary: '.sapo',
      image: '.thumb img',
      category: '.cat',
    },
  },
  {
    fixture: 'api/wp-posts.json',
    adapter: jsonAdapter,
    url: 'https://xa-mau.example.gov.vn/wp-json/wp/v2/posts?_embed',
    contentType: 'application/json',
    options: {},
  },
  {
    fixture: 'api/danh-sach-tin.json',
    adapter: jsonAdapter,
    url: 'https://tinh-mau.example.gov.vn/api/tin-tuc',
    contentType: 'application/json',
    options: {
      mapping: {
        items: 'data.items',
        id: 'maTin',
        title: 'tieuDe',
        link: 'duongDan',
        date: 'ngayDang',
        summary: 'tomTat',
        content: 'noiDung',
        image: 'anhDaiDien',
        categories: 'chuyenMuc',
        author: 'tacGia',
      },
    },
  },
  {
    fixture: 'sitemaps/news-sitemap.xml',
    adapter: sitemapAdapter,
    url: 'https://baomau.example.gov.vn/news-sitemap.xml',
    contentType: 'application/xml',
    options: {},
  },
];

const path = (name: string) => new URL(`../fixtures/${name}`, import.meta.url);

describe('adapters: golden pairs', () => {
  for (const c of CASES) {
    it(`${c.adapter.kind}: ${c.fixture}`, async () => {
      const fetched: Fetched = {
        url: c.url,
        finalUrl: c.url,
        status: 200,
        notModified: false,
        headers: { 'content-type': c.contentType },
        body: readFileSync(path(c.fixture)),
      };
      const out = await c.adapter.parse(fetched, {
        options: checkedOptions(c.adapter, c.options),
        fetch: () => Promise.reject(new Error('a golden case reads one body')),
      });
      const actual = JSON.parse(JSON.stringify({ items: out.items, warnings: out.warnings, drift: out.drift ?? null }));
      const expectedFile = path(c.fixture.replace(/\.\w+$/, '.expected.json'));
      if (process.env.UPDATE_GOLDEN) writeFileSync(expectedFile, `${JSON.stringify(actual, null, 2)}\n`);
      expect(existsSync(expectedFile), `${c.fixture} has no expected file: write it with UPDATE_GOLDEN=1 and review it`).to.equal(true);
      expect(actual).to.deep.equal(JSON.parse(readFileSync(expectedFile, 'utf8')));
    });
  }
});

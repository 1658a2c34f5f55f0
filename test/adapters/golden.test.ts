/**
 * Golden pairs: each fixture read by its adapter with the configuration in CASES must give exactly
 * the raw items in `<fixture>.expected.json` beside it. Reviewed by hand when written; after a
 * deliberate change, GOLDEN_UPDATE=1 rewrites them (then read the diff).
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
  { fixture: 'pages/tin-tuc.html', adapter: createHtmlAdapter(new PageCache()), url: 'https://stttt.example.gov.vn/tin-tuc', contentType: 'text/html; charset=utf-8', options: { itemSelector: '.news-list .news-item', title: 'h3.title a', date: '.date', dateFormat: 'dd/MM/yyyy - HH:mm', summary: '.sapo', image: '.thumb img', category: '.cat' } },
  { fixture: 'api/wp-posts.json', adapter: jsonAdapter, url: 'https://xa-mau.example.gov.vn/wp-json/wp/v2/posts?_embed', contentType: 'application/json', options: {} },
  { fixture: 'api/danh-sach-tin.json', adapter: jsonAdapter, url: 'https://tinh-mau.example.gov.vn/api/tin-tuc', contentType: 'application/json', options: { mapping: { items: 'data.items', id: 'maTin', title: 'tieuDe', link: 'duongDan', date: 'ngayDang', summary: 'tomTat', content: 'noiDung', image: 'anhDaiDien', categories: 'chuyenMuc', author: 'tacGia' } } },
  { fixture: 'sitemaps/news-sitemap.xml', adapter: sitemapAdapter, url: 'https://baomau.example.gov.vn/news-sitemap.xml', contentType: 'application/xml', options: {} },
];

const path = (name: string) => new URL(`../fixtures/${name}`, import.meta.url);

describe('adapters: golden pairs', () => {
  for (const c of CASES) {
    it(`${c.adapter.kind}: ${c.fixture}`, async () => {
      const fetched: Fetched = { url: c.url, finalUrl: c.url, status: 200, notModified: false, headers: { 'content-type': c.contentType }, body: readFileSync(path(c.fixture)) };
      const out = await c.adapter.parse(fetched, { options: checkedOptions(c.adapter, c.options), fetch: () => Promise.reject(new Error('a golden case reads one body')) });
      const actual = JSON.parse(JSON.stringify({ items: out.items, warnings: out.warnings, drift: out.drift ?? null }));
      const expectedFile = path(c.fixture.replace(/\.\w+$/, '.expected.json'));
      if (process.env.GOLDEN_UPDATE || !existsSync(expectedFile)) writeFileSync(expectedFile, `${JSON.stringify(actual, null, 2)}\n`);
      expect(actual).to.deep.equal(JSON.parse(readFileSync(expectedFile, 'utf8')));
    });
  }
});

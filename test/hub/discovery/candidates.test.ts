import { expect } from 'chai';
import { anchorProbes, linkedProbes, robotsProbes } from '../../../hub/discovery/candidates.ts';
import { fixture } from '../../support/adapter.ts';

describe('discovery candidates', () => {
  it('reads feeds and the WordPress API from <link> elements, absolute', () => {
    const probes = linkedProbes(fixture('pages/trang-chu.html'), 'https://huyen-mau.example.gov.vn/trang-chu');
    expect(probes).to.deep.equal([
      { url: 'https://huyen-mau.example.gov.vn/rss/tin-tuc.rss', via: 'link-alternate', title: 'Tin tức - Sự kiện' },
      { url: 'https://huyen-mau.example.gov.vn/rss/thong-bao.rss', via: 'link-alternate', title: 'Thông báo (hỏng)' },
      { url: 'https://huyen-mau.example.gov.vn/wp-json/wp/v2/posts', via: 'wordpress-link' },
    ]);
  });

  it('reads <a> links to feeds on the same site only', () => {
    const probes = anchorProbes(fixture('pages/danh-sach-rss.html'), 'https://stp.example.gov.vn/rss');
    expect(probes.map((p) => p.url)).to.deep.equal([
      'https://stp.example.gov.vn/rss/tin-tuc.rss',
      'https://stp.example.gov.vn/rss/van-ban.rss',
      'https://stp.example.gov.vn/rss/thong-bao.rss',
    ]);
    expect(anchorProbes(fixture('pages/trang-chu-khong-link.html'), 'https://stp.example.gov.vn/').map((p) => p.url)).to.deep.equal([
      'https://stp.example.gov.vn/rss',
    ]);
  });

  it('reads Sitemap lines of robots.txt, any case, relative or absolute', () => {
    const probes = robotsProbes(
      'User-agent: *\nDisallow: /admin\nsitemap: /sitemap_index.xml\nSITEMAP:https://cdn.example.gov.vn/news.xml\n',
      'https://x.example.gov.vn',
    );
    expect(probes.map((p) => p.url)).to.deep.equal(['https://x.example.gov.vn/sitemap_index.xml', 'https://cdn.example.gov.vn/news.xml']);
  });
});

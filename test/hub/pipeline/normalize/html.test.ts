import { expect } from 'chai';
import { loadConfig } from '../../../../hub/config.ts';
import { htmlPolicyFor, sanitizeContent } from '../../../../hub/pipeline/normalize/html.ts';

const HTML = '<p>Xem video:</p><iframe src="https://www.youtube.com/embed/a1"></iframe><iframe src="https://video.vtv.vn/embed/881"></iframe>';

describe('normalize/html', () => {
  it("keeps iframes only from the deployment's video hosts (HUB_VIDEO_HOSTS)", () => {
    const byDefault = sanitizeContent(HTML, 'https://x.gov.vn/', htmlPolicyFor(loadConfig({ HUB_DATA_DIR: '/tmp/unused' }))).html;
    expect(byDefault).to.contain('youtube.com/embed/a1').and.not.contain('video.vtv.vn');
    const config = loadConfig({ HUB_DATA_DIR: '/tmp/unused', HUB_VIDEO_HOSTS: 'video.vtv.vn, Player.Vimeo.com' });
    expect(config.videoHosts).to.deep.equal(['video.vtv.vn', 'player.vimeo.com']);
    const custom = sanitizeContent(HTML, 'https://x.gov.vn/', htmlPolicyFor(config)).html;
    expect(custom).to.contain('https://video.vtv.vn/embed/881').and.not.contain('youtube');
  });

  it('drops scripts, styles, handlers, forms and javascript: links, and keeps data: only for images', () => {
    const html = sanitizeContent(
      '<p onmouseover="x()">A<script>x()</script><style>p{}</style><form><input></form><a href="javascript:x()">b</a><a href="data:text/html,x">c</a><img src="data:image/png;base64,iVBORw0KGgo="></p>',
      'https://x.gov.vn/',
    ).html;
    expect(html).to.not.match(/script|style|onmouseover|form|input|javascript|text\/html/);
    expect(html).to.contain('src="data:image/png;base64,iVBORw0KGgo="');
  });

  it('turns lazy images into real ones with absolute URLs and picks the first as lead image', () => {
    const out = sanitizeContent(
      '<img data-original="/a.jpg" src="/blank.gif"><img data-src="b.png"><video poster="/p.jpg"><source src="/v.mp4"></video>',
      'https://x.gov.vn/tin/1.html',
    );
    expect(out.html).to.contain('src="https://x.gov.vn/a.jpg"').and.contain('src="https://x.gov.vn/tin/b.png"');
    expect(out.html).to.contain('poster="https://x.gov.vn/p.jpg"').and.contain('src="https://x.gov.vn/v.mp4"');
    expect(out.firstImage).to.equal('https://x.gov.vn/a.jpg');
  });
});

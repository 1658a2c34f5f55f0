import { expect } from 'chai';
import { readFeed } from '../../../adapters/feed/index.ts';
import { normalizeItem } from '../../../hub/pipeline/normalize/index.ts';
import { validateItem } from '../../../hub/pipeline/validate.ts';

const FEED_URL = 'https://example.org/feed.json';
const jsonFeed = (item: Record<string, unknown>, feed: Record<string, unknown> = {}) =>
  readFeed(
    JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'T', ...feed, items: [{ id: '1', url: 'https://example.org/1', ...item }] }),
    FEED_URL,
  );
const ctx = { sourceId: 's', portalId: 'p', baseUrl: FEED_URL, timeZone: 'UTC', fetchedAt: new Date('2026-12-01T00:00:00Z') };
const normalized = (item: Record<string, unknown>) => normalizeItem(jsonFeed(item).items[0], ctx);

describe('adapters/feed: JSON Feed text fields', () => {
  it('keeps a title that looks like markup as the text it is', () => {
    expect(normalized({ title: 'Why <canvas> beats <svg> & AT&amp;T' }).title).to.equal('Why <canvas> beats <svg> & AT&amp;T');
  });

  it('keeps a summary as text', () => {
    expect(normalized({ title: 't', summary: 'Use <b> for bold & <i>' }).summary).to.equal('Use <b> for bold & <i>');
  });

  it('does not reject an item whose title is only a tag-like text', () => {
    const item = normalized({ title: '</example>' });
    expect(item.title).to.equal('</example>');
    expect(validateItem(item).ok).to.equal(true);
  });

  it('keeps the feed title as text', () => {
    expect(jsonFeed({ title: 't' }, { title: 'Tips <for> portals' }).channel?.title).to.equal('Tips <for> portals');
  });

  it('keeps the line breaks of content_text: paragraphs on blank lines, <br> on single newlines, text escaped', () => {
    const raw = jsonFeed({ title: 't', content_text: 'Line one\nline two & <three>\n\n\nSecond paragraph\r\n' }).items[0];
    expect(raw.contentHtml).to.equal('<p>Line one<br>line two &amp; &lt;three&gt;</p><p>Second paragraph</p>');
    const item = normalizeItem(raw, ctx);
    expect(item.contentHtml).to.contain('<br');
    expect(item.contentHtml).to.contain('&lt;three&gt;');
    expect(item.summary).to.equal('Line one line two & <three> Second paragraph');
  });

  it('keeps content_html as HTML', () => {
    expect(jsonFeed({ title: 't', content_html: '<p>a <b>b</b></p>' }).items[0].contentHtml).to.equal('<p>a <b>b</b></p>');
  });
});

describe('adapters/feed: the channel link, one rule for every format', () => {
  it('trims and resolves a JSON Feed home_page_url against the feed URL', () => {
    expect(jsonFeed({ title: 't' }, { home_page_url: '/home ' }).channel?.link).to.equal('https://example.org/home');
  });

  it('drops a home_page_url that is not http(s)', () => {
    expect(jsonFeed({ title: 't' }, { home_page_url: 'javascript:alert(1)' }).channel?.link).to.equal(undefined);
  });

  it('gives RSS, Atom and JSON Feed the same link for the same text', () => {
    const rss = readFeed(`<rss version="2.0"><channel><title>T</title><link> /home </link></channel></rss>`, FEED_URL);
    const atom = readFeed(`<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><link href=" /home "/></feed>`, FEED_URL);
    const json = jsonFeed({ title: 't' }, { home_page_url: ' /home ' });
    expect([rss.channel?.link, atom.channel?.link, json.channel?.link]).to.deep.equal(Array(3).fill('https://example.org/home'));
  });
});

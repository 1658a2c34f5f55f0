import { expect } from 'chai';
import { absoluteUrl, canonicalUrl, contentUrl, plainUrl } from '../../../../hub/pipeline/normalize/urls.ts';

/** What the URL standard says (Node's parser): the href and host of an http(s) link, or nothing (an empty link is none). */
function standard(text: string, base: string | undefined): { href: string; hostname: string } | undefined {
  if (!text) return undefined;
  try {
    const url = base && !/^https?:\/\//i.test(text) ? new URL(text, base) : new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? { href: url.href, hostname: url.hostname } : undefined;
  } catch {
    return undefined;
  }
}

function generator(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

// the pieces portals' links are made of, and the ones that trip a hand-written reader
const SCHEMES = ['https://', 'http://', '/', 'HTTP://', 'https:/', 'https:///', 'ftp://', 'javascript:', '', '//', './', '../', '?', '#'];
const LABELS = ['portal', 'gov', 'vn', 'moha', 'a', 'x-y', '-x', 'x-', 'xn--bcher-kva', 'XN--abc', 'Tinh', '123', '0x7f', '1a', 'a_b', 'đà', '', 'www'];
const HOST_TAILS = ['', '', '', ':80', ':443', ':8080', ':', '@evil.vn', '.', '..'];
const SEGMENTS = [
  'tin-tuc',
  'a.html',
  '~u',
  '@',
  ':x',
  '!$&()*+,',
  'a;b=c',
  '%41',
  'x.',
  '.',
  '..',
  '%2e',
  '%2E%2e',
  '.x',
  'x.',
  '%41',
  '%zz',
  '%',
  'a b',
  'a"b',
  'a<b',
  'a`b',
  'a{b}',
  'a^b',
  'a|b',
  "a'b",
  'a\\b',
  'đ',
  '',
];
const QUERY_PARTS = ['id=5', 'utm_source=rss', 'a=b&c=d', "q='x'", 'q=a b', 'q=đ', 'q=%41', '?', '&&', 'x=`', 'x={}', 'x=|^'];
const FRAGMENTS = ['top', '', 'a#b', 'x y', 'a`', "it's", 'đ', '%2e', '/../'];
const BASES = ['https://moha.gov.vn/rss/tin-tuc.rss', 'http://portal.gov.vn:8080/a/b/', 'https://Tinh.Gov.VN/', 'https://user@x.gov.vn/feed', undefined];

// half the links are made of the plain pieces only (the first ones of each list), so the fast path is well exercised
function randomLink(rand: () => number): string {
  const plainOnly = rand() < 0.5;
  const pick = <T>(xs: T[], plain: number) => xs[Math.floor(rand() * (plainOnly ? plain : xs.length))];
  let s = pick(SCHEMES, 3);
  if (s.endsWith('//') || s === 'https:/') s += Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(LABELS, 6)).join('.') + pick(HOST_TAILS, 3);
  const segments = Math.floor(rand() * 4);
  for (let i = 0; i < segments; i++) s += `/${pick(SEGMENTS, 9)}`;
  if (rand() < 0.4) s += `?${Array.from({ length: 1 + Math.floor(rand() * 2) }, () => pick(QUERY_PARTS, 3)).join('&')}`;
  if (rand() < 0.2) s += `#${pick(FRAGMENTS, 2)}`;
  return s;
}

describe('normalize / urls', () => {
  it('reads plain links without the URL parser, to the same href and host the URL standard gives', () => {
    const rand = generator(2026);
    let plain = 0;
    for (let n = 0; n < 30_000; n++) {
      const text = randomLink(rand);
      const base = BASES[n % BASES.length];
      const fast = plainUrl(text, base);
      if (fast) {
        plain++;
        expect(fast, `${text} against ${base}`).to.deep.equal(standard(text, base));
      }
      expect(contentUrl(text, base, false), `${text} against ${base}`).to.deep.equal(standard(text, base));
    }
    // the fast path must really be taken, or this test proves nothing about it
    expect(plain).to.be.greaterThan(3000);
  });

  it('takes the fast path for the links portals write, and leaves the rest to the parser', () => {
    const base = 'https://moha.gov.vn/rss/tin-tuc.rss';
    expect(plainUrl('https://moha.gov.vn/tin-tuc/a-1.html?id=5', base)).to.deep.equal({
      href: 'https://moha.gov.vn/tin-tuc/a-1.html?id=5',
      hostname: 'moha.gov.vn',
    });
    expect(plainUrl('https://moha.gov.vn?id=5', base)).to.deep.equal({ href: 'https://moha.gov.vn/?id=5', hostname: 'moha.gov.vn' });
    expect(plainUrl('/Upload/anh.jpg', base)).to.deep.equal({ href: 'https://moha.gov.vn/Upload/anh.jpg', hostname: 'moha.gov.vn' });
    expect(plainUrl('/Upload/anh.jpg', 'http://portal.gov.vn:8080/x')?.href).to.equal('http://portal.gov.vn:8080/Upload/anh.jpg');
    for (const text of [
      'https://MOHA.gov.vn/',
      'https://moha.gov.vn:443/',
      'https://moha.gov.vn/a/../b',
      'https://moha.gov.vn/%2e%2e/b',
      'https://127.0.0.1/',
      'https://xn--bcher-kva.vn/',
      '//moha.gov.vn/a',
      'a.html',
      '/a b',
    ])
      expect(plainUrl(text, base), text).to.equal(undefined);
  });

  it('makes every link absolute, http(s) only, and drops tracking parameters from links', () => {
    const base = 'https://moha.gov.vn/rss/tin-tuc.rss';
    expect(absoluteUrl('http:tin-tuc/a.html', base)).to.equal('https://moha.gov.vn/rss/tin-tuc/a.html');
    expect(absoluteUrl(' /a.html\n', base)).to.equal('https://moha.gov.vn/a.html');
    expect(absoluteUrl('mailto:a@moha.gov.vn', base)).to.equal(undefined);
    expect(contentUrl('https://moha.gov.vn/a?utm_source=rss&id=5#p2', base, true)?.href).to.equal('https://moha.gov.vn/a?id=5#p2');
    expect(contentUrl('https://moha.gov.vn/a?utm_source=rss&id=5', base, false)?.href).to.equal('https://moha.gov.vn/a?utm_source=rss&id=5');
    expect(canonicalUrl('/a?fbclid=x&utm_medium=y#top', base)).to.equal('https://moha.gov.vn/a');
  });
});

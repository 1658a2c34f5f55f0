/**
 * OPML 2.0 (http://opml.org/spec2.opml) lists for feed readers and other hubs: every registered
 * source grouped by portal, and the hub's own subtree feed of every portal, nested as the
 * directory is. Group outlines carry `hub:portal` so an exported list imports back unchanged.
 */
import { createHash } from 'node:crypto';
import type { Portal, Source } from '../model.ts';
import type { Directory } from '../directory/directory.ts';
import type { RenderedFeed } from '../publish/feeds.ts';
import { stripXmlForbidden, xmlText } from '../publish/xml-text.ts';

export const OPML_NS = 'https://portal-hub.example/ns/opml';
export const OPML_TYPE = 'text/x-opml; charset=utf-8';

const esc = xmlText;
const attrs = (a: Record<string, string | undefined>) =>
  Object.entries(a)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${esc(v!)}"`)
    .join('');

function document(title: string, hubUrl: string, body: string[], changed: number): RenderedFeed {
  const date = new Date(Math.floor(changed / 1000) * 1000);
  // every value went through the one escape; whatever else reached it loses what XML 1.0 forbids too
  const xml = stripXmlForbidden(
    [
      '<?xml version="1.0" encoding="utf-8"?>',
      `<opml version="2.0" xmlns:hub="${OPML_NS}">`,
      '  <head>',
      `    <title>${esc(title)}</title>`,
      // OPML 2.0 head dates are RFC 822
      `    <dateModified>${date.toUTCString()}</dateModified>`,
      `    <docs>http://opml.org/spec2.opml</docs>`,
      `    <ownerId>${esc(hubUrl)}</ownerId>`,
      '  </head>',
      '  <body>',
      ...body,
      '  </body>',
      '</opml>',
      '',
    ].join('\n'),
  );
  return { body: xml, contentType: OPML_TYPE, etag: `"${createHash('sha1').update(xml).digest('base64url')}"`, lastModified: date };
}

const latest = (dates: string[]) => dates.reduce((max, d) => Math.max(max, Date.parse(d) || 0), 0);

/** Every source, one group per portal in directory order. */
export function sourcesOpml(directory: Directory, sources: Source[], hubUrl: string, order: (a: Portal, b: Portal) => number): RenderedFeed {
  const byPortal = new Map<string, Source[]>();
  for (const s of sources) byPortal.set(s.portalId, [...(byPortal.get(s.portalId) ?? []), s]);
  const portals = [...byPortal.keys()].map((id) => directory.get(id) ?? ({ id, name: id, url: '', level: 'other', createdAt: '' } as Portal)).sort(order);
  const body = portals.flatMap((p) => [
    `    <outline${attrs({ text: p.name, title: p.name, 'hub:portal': p.id, htmlUrl: p.url || undefined })}>`,
    ...byPortal
      .get(p.id)!
      .map(
        (s) =>
          `      <outline${attrs({ type: s.kind === 'feed' ? 'rss' : s.kind, text: `${p.name} — ${new URL(s.url).pathname}`, xmlUrl: s.url, htmlUrl: p.url || undefined, 'hub:kind': s.kind, 'hub:interval': String(s.intervalSeconds) })}/>`,
      ),
    '    </outline>',
  ]);
  return document('Nguồn tin của các cổng thông tin điện tử', hubUrl, body, latest([...sources.map((s) => s.createdAt), ...portals.map((p) => p.createdAt)]));
}

/** The hub's subtree feed (RSS) of every portal, nested as the directory is. */
export function portalsOpml(directory: Directory, hubUrl: string): RenderedFeed {
  const lines: string[] = [];
  const walk = (p: Portal, depth: number) => {
    const children = directory.childrenOf(p.id);
    const a = attrs({
      type: 'rss',
      text: p.name,
      title: p.nameEn ? `${p.name} (${p.nameEn})` : p.name,
      xmlUrl: `${hubUrl}/feeds/portals/${p.id}.rss`,
      htmlUrl: p.url,
      'hub:portal': p.id,
      'hub:level': p.level,
      'hub:adminCode': p.adminCode,
    });
    const pad = '    ' + '  '.repeat(depth);
    if (!children.length) return void lines.push(`${pad}<outline${a}/>`);
    lines.push(`${pad}<outline${a}>`);
    for (const c of children) walk(c, depth + 1);
    lines.push(`${pad}</outline>`);
  };
  for (const root of directory.roots()) walk(root, 0);
  return document('Tin từ các cổng thông tin điện tử, theo cổng', hubUrl, lines, latest(directory.all().map((p) => p.createdAt)));
}

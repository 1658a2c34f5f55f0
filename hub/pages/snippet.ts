/**
 * What the embed builder produces: the one line a portal pastes into its page, a <script> of the
 * widget (hub/embed/widget.ts reads data-portal, data-within, data-level, data-topic, data-limit)
 * or an <iframe> of /embed/list with the same filter as its query. hub/pages/assets/builder.js
 * builds the same lines in the browser; test/hub/pages/home.browser.test.ts holds the two equal.
 */
export type EmbedKind = 'script' | 'iframe';

export interface EmbedChoice {
  portals: string[];
  /** With exactly one portal: that portal and every portal below it (data-within). */
  within: boolean;
  level?: string;
  topic?: string;
  limit: number;
  kind: EmbedKind;
}

export const DEFAULT_CHOICE: EmbedChoice = { portals: [], within: false, limit: 5, kind: 'script' };
export const MAX_EMBED_LIMIT = 50;

/** The filter as ordered name/value pairs: the data-* attributes of the script, the query of the iframe. */
export function embedFilterPairs(c: EmbedChoice): [string, string][] {
  const pairs: [string, string][] = [];
  if (c.portals.length === 1 && c.within) pairs.push(['within', c.portals[0]]);
  else if (c.portals.length) pairs.push(['portal', c.portals.join(',')]);
  if (c.level) pairs.push(['level', c.level]);
  if (c.topic) pairs.push(['topic', c.topic]);
  pairs.push(['limit', String(c.limit)]);
  return pairs;
}

const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function embedSnippet(publicUrl: string, c: EmbedChoice, frameTitle: string): string {
  const pairs = embedFilterPairs(c);
  if (c.kind === 'iframe') {
    const query = pairs.map(([k, v]) => `${k}=${encodeURIComponent(v).replace(/%2C/gi, ',')}`).join('&');
    return `<iframe src="${attr(`${publicUrl}/embed/list?${query}`)}" title="${attr(frameTitle)}" width="100%" height="480" loading="lazy"></iframe>`;
  }
  return `<script src="${attr(`${publicUrl}/embed/v1.js`)}" ${pairs.map(([k, v]) => `data-${k}="${attr(v)}"`).join(' ')} async></script>`;
}

/**
 * The builder's form as submitted without JavaScript (GET /?portal=…&level=…): whatever the form
 * could not have sent (an unregistered portal, an unknown level or topic, a limit out of range) is
 * left out, so the page always shows a snippet that works.
 */
export function choiceFromQuery(
  query: Record<string, string | string[] | undefined>,
  known: { portal: (id: string) => boolean; level: (l: string) => boolean; topic: (t: string) => boolean },
): EmbedChoice {
  const values = (k: string) =>
    [query[k] ?? []]
      .flat()
      .flatMap((v) => v.split(','))
      .map((v) => v.trim())
      .filter(Boolean);
  const first = (k: string) => values(k)[0];
  const level = first('level');
  const topic = first('topic');
  const limit = Number(first('limit'));
  return {
    portals: [...new Set(values('portal').filter(known.portal))],
    within: first('within') === '1',
    ...(level && known.level(level) ? { level } : {}),
    ...(topic && known.topic(topic) ? { topic } : {}),
    limit: Number.isInteger(limit) && limit >= 1 && limit <= MAX_EMBED_LIMIT ? limit : DEFAULT_CHOICE.limit,
    kind: first('kind') === 'iframe' ? 'iframe' : 'script',
  };
}

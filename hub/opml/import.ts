/**
 * Import of an OPML file of sources (a feed reader's export, or the hub's own /opml/sources.opml).
 * Each feed outline (one with `xmlUrl`) becomes a source of a portal: the portal named by its
 * `hub:portal` attribute or its nearest group's, else the portal given for the whole file, else
 * the registered portal whose home page has the outline's host. Every outline is checked before
 * anything is written; errors name the outline.
 */
import { parseStringPromise } from 'xml2js';
import { fieldErrors, validatorFor, type FieldError } from '../../schemas/index.ts';
import { HubError } from '../errors.ts';
import type { Source, SourceInput } from '../model.ts';
import type { Directory } from '../directory/directory.ts';

export interface OpmlFeed {
  /** `/outlines/{n}`: the n-th feed outline in document order. */
  at: string;
  text: string;
  xmlUrl: string;
  htmlUrl?: string;
  portalId?: string;
  kind?: string;
  intervalSeconds?: number;
}

export const MAX_OPML_FEEDS = 5_000;

interface Outline {
  $?: Record<string, string>;
  outline?: Outline[];
}

export async function readOpml(text: string): Promise<OpmlFeed[]> {
  let doc: { opml?: { body?: { outline?: Outline[] }[] } };
  try {
    doc = await parseStringPromise(text.replace(/^\uFEFF/, ''), { explicitArray: true });
  } catch (e) {
    throw new HubError('OPML.MALFORMED', `The file is not well-formed XML: ${(e as Error).message.split('\n')[0]}`, {
      errors: [{ field: '/', message: 'is not well-formed XML' }],
    });
  }
  if (!doc?.opml) throw new HubError('OPML.MALFORMED', 'The file is not OPML (no <opml> root)', { errors: [{ field: '/', message: 'has no <opml> root' }] });
  const feeds: OpmlFeed[] = [];
  const walk = (outlines: Outline[] | undefined, inherited: string | undefined) => {
    for (const o of outlines ?? []) {
      const a = o.$ ?? {};
      const portal = a['hub:portal'] ?? inherited;
      if (a.xmlUrl) {
        const interval = a['hub:interval'] ? Number(a['hub:interval']) : undefined;
        feeds.push({
          at: `/outlines/${feeds.length}`,
          text: a.text ?? a.title ?? a.xmlUrl,
          xmlUrl: a.xmlUrl.trim(),
          ...(a.htmlUrl ? { htmlUrl: a.htmlUrl } : {}),
          ...(portal ? { portalId: portal } : {}),
          ...(a['hub:kind'] ? { kind: a['hub:kind'] } : {}),
          ...(interval !== undefined ? { intervalSeconds: interval } : {}),
        });
      }
      walk(o.outline, portal);
    }
  };
  walk(doc.opml.body?.[0]?.outline, undefined);
  if (!feeds.length)
    throw new HubError('OPML.EMPTY', 'The OPML file has no feed outlines (outlines with xmlUrl)', {
      errors: [{ field: '/outlines', message: 'has no feed outline' }],
    });
  if (feeds.length > MAX_OPML_FEEDS)
    throw new HubError('OPML.TOO_MANY_FEEDS', `An OPML import holds at most ${MAX_OPML_FEEDS} feeds; this one has ${feeds.length}`);
  return feeds;
}

export interface SourceImportPlan {
  create: SourceInput[];
  /** Feed URLs already registered for their portal. */
  unchanged: string[];
}

const host = (url: string | undefined) => {
  try {
    return url ? new URL(url).hostname.replace(/^www\./, '') : undefined;
  } catch {
    return undefined;
  }
};

export function planSourceImport(
  feeds: OpmlFeed[],
  directory: Directory,
  existing: Source[],
  knownKinds: (kind: string) => boolean,
  defaultPortal?: string,
): SourceImportPlan {
  const validate = validatorFor('common.schema.json#/$defs/sourceInput');
  const portalsByHost = new Map(directory.all().map((p) => [host(p.url), p.id]));
  const errors: FieldError[] = [];
  const plan: SourceImportPlan = { create: [], unchanged: [] };
  const seen = new Map<string, string>();
  for (const feed of feeds) {
    const portalId = feed.portalId ?? defaultPortal ?? portalsByHost.get(host(feed.htmlUrl)) ?? portalsByHost.get(host(feed.xmlUrl));
    const label = `"${feed.text}"`;
    if (!portalId) {
      errors.push({
        field: `${feed.at}/portal`,
        message: `${label}: no portal (give hub:portal, or a portal for the whole file; no registered portal has the host ${host(feed.htmlUrl ?? feed.xmlUrl) ?? '?'})`,
      });
      continue;
    }
    const input: SourceInput = {
      portalId,
      url: feed.xmlUrl,
      kind: feed.kind ?? 'feed',
      ...(feed.intervalSeconds !== undefined ? { intervalSeconds: feed.intervalSeconds } : {}),
    };
    if (!validate(input)) {
      errors.push(...fieldErrors(validate.errors, feed.at).map((e) => ({ ...e, message: `${label}: ${e.message}` })));
      continue;
    }
    if (!directory.get(portalId)) errors.push({ field: `${feed.at}/portal`, message: `${label}: "${portalId}" is not a registered portal` });
    else if (!knownKinds(input.kind!)) errors.push({ field: `${feed.at}/kind`, message: `${label}: "${input.kind}" is not a known source kind` });
    else if (seen.has(`${portalId} ${input.url}`))
      errors.push({ field: `${feed.at}/xmlUrl`, message: `${label}: the same feed as ${seen.get(`${portalId} ${input.url}`)}` });
    else if (existing.some((s) => s.portalId === portalId && s.url === input.url && s.kind === input.kind)) plan.unchanged.push(input.url);
    else plan.create.push(input);
    seen.set(`${portalId} ${input.url}`, feed.at);
  }
  if (errors.length) {
    const bad = new Set(errors.map((e) => e.field.split('/').slice(0, 3).join('/'))).size;
    throw new HubError('OPML.IMPORT_INVALID', `${bad} of ${feeds.length} feeds cannot be imported; nothing was imported`, { errors });
  }
  return plan;
}

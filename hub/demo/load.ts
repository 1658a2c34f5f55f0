/**
 * The first-run demo: a small directory of real portals (with real province codes) and one
 * bundled feed for four of them. The bundled bytes go through the same pipeline as a fetch
 * (parse → normalize → validate → dedupe → store → publish); the demo sources stay paused, so the
 * hub never tries to reach those portals from a machine that may have no network.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEMO_LOADER } from '../keys/principal.ts';
import type { Hub } from '../hub.ts';
import type { PortalInput } from '../model.ts';
import { processFetched } from '../pipeline/refresh.ts';

interface DemoDirectory {
  portals: PortalInput[];
  sources: { portalId: string; url: string; file: string }[];
}

const here = (name: string) => fileURLToPath(new URL(name, import.meta.url));

const CONTENT_TYPES: Record<string, string> = { rss: 'application/rss+xml', atom: 'application/atom+xml', json: 'application/feed+json' };

/** Loads the demo into an empty hub; returns how many items it stored. */
export async function loadDemo(hub: Hub): Promise<number> {
  const dir: DemoDirectory = JSON.parse(readFileSync(here('./directory.json'), 'utf8'));
  for (const portal of dir.portals) if (!(await hub.store.getPortal(portal.id))) await hub.createPortal(DEMO_LOADER, portal);
  let stored = 0;
  for (const s of dir.sources) {
    // not checked at registration: the demo's portals are not on the network, their feeds are read from files below
    const source = await hub.createSource(DEMO_LOADER, { portalId: s.portalId, url: s.url, kind: 'feed', paused: true, check: false });
    const body = readFileSync(here(`./feeds/${s.file}`));
    const result = await processFetched(hub.pipeline, source, {
      url: s.url,
      finalUrl: s.url,
      status: 200,
      notModified: false,
      headers: { 'content-type': CONTENT_TYPES[s.file.split('.').pop()!] ?? 'application/xml' },
      body,
    }, new Date());
    stored += result.new;
  }
  return stored;
}

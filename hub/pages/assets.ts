/**
 * The files the public pages load (/assets/…): read once beside this module (npm run build copies
 * them to dist/ with the same layout), each with its ETag. No CDN: a hub on an intranet has none.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface PageAsset {
  body: Buffer;
  type: string;
  etag: string;
}

const TYPES: Record<string, string> = { css: 'text/css; charset=utf-8', js: 'text/javascript; charset=utf-8', svg: 'image/svg+xml' };
const FILES = ['site.css', 'builder.js', 'favicon.svg', 'console.css', 'console.js'];

let loaded: Map<string, PageAsset> | undefined;

export function pageAssets(): Map<string, PageAsset> {
  loaded ??= new Map(
    FILES.map((name) => {
      const body = readFileSync(new URL(`./assets/${name}`, import.meta.url));
      return [name, { body, type: TYPES[name.split('.').pop()!], etag: `"${createHash('sha1').update(body).digest('base64url')}"` }];
    }),
  );
  return loaded;
}

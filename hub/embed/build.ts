/**
 * Builds /embed/v1.js from widget.ts with esbuild (bundled, minified, ES2019 so older browsers on
 * provincial office desktops run it), once per process, with its gzip size and an ETag.
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export interface BuiltWidget {
  js: string;
  gzip: Buffer;
  etag: string;
}

let built: Promise<BuiltWidget> | undefined;

export function widgetScript(): Promise<BuiltWidget> {
  built ??= buildWidget().catch((e) => {
    built = undefined;
    throw e;
  });
  return built;
}

async function buildWidget(): Promise<BuiltWidget> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./widget.ts', import.meta.url))],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2019',
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const js = result.outputFiles[0].text;
  return { js, gzip: gzipSync(js, { level: 9 }), etag: `"${createHash('sha1').update(js).digest('base64url')}"` };
}

/**
 * /embed/v1.js: widget.ts bundled and minified by esbuild (ES2019 so older browsers on provincial
 * office desktops run it), served with its gzip and an ETag.
 *
 * Built hub (node dist/…): `npm run build` wrote the script beside this module (dist/hub/embed/v1.js);
 * it is read, gzipped and hashed once, when this module loads at startup. esbuild is never loaded.
 * From the TypeScript sources (tsx: dev, tests, `npm run size:embed`) it is built on first request.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export interface BuiltWidget {
  js: string;
  gzip: Buffer;
  etag: string;
}

/** Where the build writes the script, relative to this module (dist/hub/embed/). */
export const WIDGET_FILE = 'v1.js';

const fromSources = import.meta.url.endsWith('.ts');
let built: Promise<BuiltWidget> | undefined = fromSources ? undefined : Promise.resolve(readBuiltWidget());

export function widgetScript(): Promise<BuiltWidget> {
  built ??= compileWidget()
    .then(describe)
    .catch((e) => {
      built = undefined;
      throw e;
    });
  return built;
}

/** The widget script from widget.ts, by esbuild: what `npm run build` writes and what the sources serve. */
export async function compileWidget(): Promise<string> {
  const { build } = await import('esbuild');
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
  return result.outputFiles[0].text;
}

function readBuiltWidget(): BuiltWidget {
  const file = fileURLToPath(new URL(`./${WIDGET_FILE}`, import.meta.url));
  let js: string;
  try {
    js = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`The embed widget ${file} is missing (${(e as NodeJS.ErrnoException).code}): build the hub with \`npm run build\``, { cause: e });
  }
  return describe(js);
}

function describe(js: string): BuiltWidget {
  return { js, gzip: gzipSync(js, { level: 9 }), etag: `"${createHash('sha1').update(js).digest('base64url')}"` };
}

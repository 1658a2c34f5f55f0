/**
 * `npm run build`: the hub as plain JavaScript in dist/, run in production by `node dist/hub/main.js`
 * (no tsx, no esbuild at run time).
 *
 *   1. tsc -p tsconfig.build.json: hub/, adapters/, schemas/, cli/ → dist/ in the same layout, with
 *      type checking; imports written `./x.ts` come out as `./x.js` (rewriteRelativeImportExtensions).
 *   2. Runtime files: dist mirrors the source tree, so a module finds a file relative to itself
 *      (import.meta.url) the same way from dist as from the sources. Every file under hub/, adapters/,
 *      schemas/ that is not TypeScript (schemas/*.json, hub/demo/…) and openapi.yaml are copied to the
 *      same relative place. (swagger-ui-dist is resolved from node_modules, as before.)
 *   3. The embed widget, built by esbuild exactly as the sources serve it → dist/hub/embed/v1.js.
 *   4. dist/.built records when this build started (scripts/dist-fresh.mjs compares sources with it).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileWidget, WIDGET_FILE } from '../hub/embed/build.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const started = Date.now();
const step = (what: string, t0: number) => console.log(`build: ${what} (${Date.now() - t0} ms)`);

rmSync(dist, { recursive: true, force: true });

let t0 = Date.now();
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
if (compiled.status !== 0) {
  console.error(`build: tsc failed (${compiled.signal ?? `exit ${compiled.status}`}); dist/ is incomplete`);
  process.exit(1);
}
step('tsc → dist/', t0);

t0 = Date.now();
let copied = 0;
const copyAssets = (rel: string) => {
  const from = join(root, rel);
  if (statSync(from).isDirectory()) {
    for (const name of readdirSync(from)) copyAssets(join(rel, name));
  } else if (!rel.endsWith('.ts')) {
    mkdirSync(dirname(join(dist, rel)), { recursive: true });
    cpSync(from, join(dist, rel));
    copied++;
  }
};
for (const rel of ['hub', 'adapters', 'schemas', 'openapi.yaml']) copyAssets(rel);
step(`${copied} runtime files copied`, t0);

t0 = Date.now();
const widget = await compileWidget();
writeFileSync(join(dist, 'hub/embed', WIDGET_FILE), widget);
step(`embed widget → dist/hub/embed/${WIDGET_FILE}, ${widget.length} B`, t0);

writeFileSync(join(dist, '.built'), `${started}\n`);
step('done', started);

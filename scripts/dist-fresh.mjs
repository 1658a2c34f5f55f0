#!/usr/bin/env node
/**
 * Whether dist/ was built from the sources as they are now: `npm run build` records when it started
 * (dist/.built); dist is fresh when that record exists and no file the build reads changed after it.
 * Plain JavaScript, so that it runs before anything is built and without tsx:
 *   - `npm start` (prestart) builds only when dist is not fresh;
 *   - the `hub` command (cli/hub.mjs) runs dist/cli/main.js when fresh, the TypeScript sources otherwise.
 * Run as a script: exits 0 when fresh, 1 (and says why) when not.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const STAMP = 'dist/.built';
/** What the build compiles or copies, and what decides how. */
const INPUTS = ['hub', 'adapters', 'schemas', 'cli', 'openapi.yaml', 'package.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts/build.ts'];

/** Undefined when dist is fresh, else the reason it is not. */
export function staleReason(root = ROOT) {
  let builtAt;
  try {
    builtAt = Number(readFileSync(join(root, STAMP), 'utf8'));
  } catch {
    return 'not built';
  }
  if (!Number.isFinite(builtAt) || builtAt <= 0) return `${STAMP} unreadable`;
  const newer = (path) => {
    const s = statSync(path, { throwIfNoEntry: false });
    if (!s) return undefined;
    if (s.mtimeMs > builtAt) return path;
    if (!s.isDirectory()) return undefined;
    for (const name of readdirSync(path)) {
      const found = newer(join(path, name));
      if (found) return found;
    }
    return undefined;
  };
  for (const input of INPUTS) {
    const changed = newer(join(root, input));
    if (changed) return `${changed.slice(root.length)} changed after the last build`;
  }
  return undefined;
}

export function distIsFresh(root = ROOT) {
  return staleReason(root) === undefined;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const reason = staleReason();
  if (reason) console.error(`dist/ is not up to date: ${reason}`);
  process.exitCode = reason ? 1 : 0;
}

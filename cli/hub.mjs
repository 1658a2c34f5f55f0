#!/usr/bin/env node
// The `hub` command. It runs the built CLI (dist/cli/main.js) when `npm run build` made dist/ from the
// sources as they are now (scripts/dist-fresh.mjs), and the TypeScript sources through tsx otherwise:
// an edited source is never shadowed by an older build, and no build step is needed to use it.
import { distIsFresh } from '../scripts/dist-fresh.mjs';

let cli;
if (distIsFresh()) cli = await import('../dist/cli/main.js');
else {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('./main.ts');
}
process.exitCode = await cli.main(process.argv);

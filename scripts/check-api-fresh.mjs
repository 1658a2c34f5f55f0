// Fails when what `npm run gen:api` makes is stale: the error codes in openapi.yaml and
// docs/errors.md (from hub/error-catalogue.ts), and hub/api/openapi.gen.ts (from openapi.yaml).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

try {
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/gen-error-codes.ts', '--check'], { stdio: ['ignore', 'inherit', 'inherit'] });
} catch {
  process.exit(1);
}
const out = join(mkdtempSync(join(tmpdir(), 'gen-api-')), 'openapi.gen.ts');
execFileSync(process.execPath, ['node_modules/openapi-typescript/bin/cli.js', 'openapi.yaml', '-o', out], { stdio: ['ignore', 'ignore', 'inherit'] });
if (readFileSync(out, 'utf8') !== readFileSync('hub/api/openapi.gen.ts', 'utf8')) {
  console.error('hub/api/openapi.gen.ts is stale: run `npm run gen:api` and commit the result.');
  process.exit(1);
}
console.log('openapi types are up to date');

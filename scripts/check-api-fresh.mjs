// Fails when hub/api/openapi.gen.ts is not what `npm run gen:api` makes from openapi.yaml now.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const out = join(mkdtempSync(join(tmpdir(), 'gen-api-')), 'openapi.gen.ts');
execFileSync(process.execPath, ['node_modules/openapi-typescript/bin/cli.js', 'openapi.yaml', '-o', out], { stdio: ['ignore', 'ignore', 'inherit'] });
if (readFileSync(out, 'utf8') !== readFileSync('hub/api/openapi.gen.ts', 'utf8')) {
  console.error('hub/api/openapi.gen.ts is stale: run `npm run gen:api` and commit the result.');
  process.exit(1);
}
console.log('openapi types are up to date');

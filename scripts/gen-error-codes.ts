/**
 * Writes the error catalogue (hub/error-catalogue.ts) where it is read by others: the enum of
 * Problem.code in openapi.yaml, and docs/errors.md. Run by `npm run gen:api` (before
 * openapi-typescript); with --check it changes nothing and fails when either is stale (run so by
 * `npm run check:api`).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ERROR_CATALOGUE, KIND_STATUS, statusOf, type CatalogueEntry, type ErrorCode, type ErrorKind } from '../hub/error-catalogue.ts';
import { EXIT, EXIT_BY_KIND } from '../cli/context.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const OPENAPI = join(root, 'openapi.yaml');
const DOC = join(root, 'docs', 'errors.md');
const BEGIN = '# BEGIN error codes: generated from hub/error-catalogue.ts by scripts/gen-error-codes.ts (npm run gen:api); do not edit';
const END = '# END error codes';

const codes = (Object.keys(ERROR_CATALOGUE) as ErrorCode[]).sort();
const entry = (code: ErrorCode): CatalogueEntry => ERROR_CATALOGUE[code];

/** The Problem.code property, between its markers, indented as it stands in openapi.yaml. */
export function openapiBlock(indent: string): string {
  const lines = [
    BEGIN,
    'code:',
    '  type: string',
    '  description: >-',
    '    Stable machine-readable code. Each code has one status, title and hint: see docs/errors.md.',
    '    Internal errors answer INTERNAL; CLI.* and CLIENT.* codes come from the command-line tool, not',
    '    from the API.',
    '  enum:',
    ...codes.map((c) => `    - ${c}`),
    END,
  ];
  return lines.map((l) => indent + l).join('\n');
}

export function withOpenapiBlock(yaml: string): string {
  const begin = yaml.indexOf('# BEGIN error codes');
  const end = yaml.indexOf(END);
  if (begin === -1 || end === -1 || end < begin) throw new Error(`openapi.yaml has no "# BEGIN error codes" … "${END}" block in Problem`);
  const lineStart = yaml.lastIndexOf('\n', begin) + 1;
  const indent = yaml.slice(lineStart, begin);
  return yaml.slice(0, lineStart) + openapiBlock(indent) + yaml.slice(end + END.length);
}

/** Markdown text outside `code spans`, with < > | escaped. */
const md = (text: string) =>
  text
    .split(/(`[^`]*`)/)
    .map((part) => (part.startsWith('`') ? part : part.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|')))
    .join('');

export function errorsDoc(): string {
  const kinds = Object.keys(KIND_STATUS) as ErrorKind[];
  const exitName = Object.fromEntries(Object.entries(EXIT).map(([name, n]) => [n, name]));
  return [
    '# Error codes',
    '',
    '<!-- Generated from hub/error-catalogue.ts by scripts/gen-error-codes.ts (`npm run gen:api`); `npm run check:api` fails when it is stale. Edit the catalogue, not this file. -->',
    '',
    'Every error the hub, its adapters and its CLI report has a stable code from one catalogue',
    '(`hub/error-catalogue.ts`). The code gives its kind; the kind gives the HTTP status (unless the',
    'code names another) and the exit code of the `hub` CLI. The API answers errors as RFC 9457',
    '`application/problem+json` with `code`, `title` (below) and `detail` (what happened, in this',
    'case); a source keeps its last one as `lastError`. Internal errors answer with the code',
    '`INTERNAL` and hide their detail, which the hub logs.',
    '',
    '## Kinds',
    '',
    '| Kind | HTTP status | CLI exit code |',
    '| --- | --- | --- |',
    ...kinds.map((k) => `| ${k} | ${KIND_STATUS[k]} | ${EXIT_BY_KIND[k]} (${exitName[EXIT_BY_KIND[k]]}) |`),
    '',
    'A portal id that is not registered exits 5 wherever it is named: as the subject of a command',
    '(`PORTAL.NOT_FOUND`) or as a reference in it (`SOURCE.UNKNOWN_PORTAL`, `KEY.UNKNOWN_PORTAL`,',
    '`PORTAL.UNKNOWN_PARENT`, which answer HTTP 422 in the API).',
    '',
    '## Codes',
    '',
    '| Code | Status | Kind | Exit | Title | What to do |',
    '| --- | --- | --- | --- | --- | --- |',
    ...codes.map((c) => {
      const e = entry(c);
      const note = e.reserved ? ` (Reserved: ${md(e.reserved)})` : '';
      return `| \`${c}\` | ${statusOf(c)} | ${e.kind} | ${EXIT_BY_KIND[e.kind]} | ${md(e.title)} | ${md(e.hint)}${note} |`;
    }),
    '',
  ].join('\n');
}

function main() {
  const check = process.argv.includes('--check');
  const yaml = readFileSync(OPENAPI, 'utf8');
  const wanted = { [OPENAPI]: withOpenapiBlock(yaml), [DOC]: errorsDoc() };
  const stale: string[] = [];
  for (const [file, text] of Object.entries(wanted)) {
    let now: string | undefined;
    try {
      now = readFileSync(file, 'utf8');
    } catch {
      now = undefined;
    }
    if (now === text) continue;
    stale.push(file.slice(root.length + 1));
    if (!check) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
  }
  if (check && stale.length) {
    console.error(`${stale.join(' and ')} ${stale.length > 1 ? 'are' : 'is'} stale: run \`npm run gen:api\` and commit the result.`);
    process.exit(1);
  }
  console.log(check ? 'error codes are up to date' : stale.length ? `wrote ${stale.join(', ')}` : 'error codes were up to date');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();

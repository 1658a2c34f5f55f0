/**
 * The error catalogue (hub/error-catalogue.ts) is the one list of codes: every code literal in the
 * sources is in it, every entry is used (or says why it is kept), and HubError, problem+json and
 * the CLI's exit codes all read it.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ERROR_CATALOGUE, KIND_STATUS, isErrorCode, statusOf, type CatalogueEntry, type ErrorCode } from '../../hub/error-catalogue.ts';
import { asHubError, HubError, notFound } from '../../hub/errors.ts';
import { problemBody } from '../../hub/api/problem.ts';
import { EXIT, EXIT_BY_KIND } from '../../cli/context.ts';
import { exitCodeOf } from '../../cli/main.ts';
import { loadOpenApi } from '../../schemas/index.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const CATALOGUE_FILE = 'hub/error-catalogue.ts';
/** Generated from the catalogue or from openapi.yaml, or its translation: they hold every code by construction. */
const GENERATED = new Set([CATALOGUE_FILE, 'hub/api/openapi.gen.ts', 'hub/error-words-vi.ts']);

function filesUnder(dir: string, exts: string[]): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return name === 'node_modules' || name === 'fixtures' ? [] : filesUnder(path, exts);
    return exts.some((e) => name.endsWith(e)) ? [path] : [];
  });
}

const SOURCES = ['hub', 'adapters', 'cli', 'schemas'].flatMap((d) => filesUnder(d, ['.ts', '.mjs', '.json'])).filter((f) => !GENERATED.has(f));
const TESTS = filesUnder('test', ['.ts']);
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** Quoted dotted upper-case words ('FETCH.TIMEOUT', "PARSE.NOT_A_FEED"), and the one undotted code. */
const CODE_LITERAL = /(['"`])((?:[A-Z][A-Z0-9]*(?:\.[A-Z][A-Z0-9_]*)+)|INTERNAL)\1/g;
const codeLiterals = (file: string) => [...read(file).matchAll(CODE_LITERAL)].map((m) => ({ file, code: m[2] }));

const entries = Object.entries(ERROR_CATALOGUE) as [ErrorCode, CatalogueEntry][];

describe('the error catalogue', () => {
  it('lists every code the sources use', () => {
    const unknown = SOURCES.flatMap(codeLiterals).filter(({ code }) => !isErrorCode(code));
    expect(
      unknown.map(({ file, code }) => `${file}: ${code}`),
      'not in hub/error-catalogue.ts',
    ).to.deep.equal([]);
  });

  it('lists every code the tests expect', () => {
    const unknown = TESTS.flatMap(codeLiterals).filter(({ code }) => !isErrorCode(code));
    expect(
      unknown.map(({ file, code }) => `${file}: ${code}`),
      'not in hub/error-catalogue.ts',
    ).to.deep.equal([]);
  });

  it('has no codes built at run time', () => {
    // `${what.toUpperCase()}.NOT_FOUND`, `HTTP.${status}`: a code is written out where it is used
    const built = SOURCES.flatMap((file) =>
      read(file)
        .split('\n')
        .map((line, i) => ({ where: `${file}:${i + 1}`, line })),
    ).filter(({ line }) => /`[^`]*\$\{[^}]*\}\.[A-Z][A-Z_]+`|`[A-Z]+\.\$\{/.test(line) || /new HubError\(\s*`/.test(line));
    expect(built.map(({ where, line }) => `${where}: ${line.trim()}`)).to.deep.equal([]);
  });

  it('uses every entry, or says why it is kept', () => {
    const used = new Set(SOURCES.flatMap(codeLiterals).map(({ code }) => code));
    const dead = entries.filter(([code, e]) => !used.has(code) && !e.reserved).map(([code]) => code);
    expect(dead, 'catalogue entries no source uses: remove them, or give them a reserved reason').to.deep.equal([]);
    const reservedButUsed = entries.filter(([code, e]) => e.reserved && used.has(code)).map(([code]) => code);
    expect(reservedButUsed, 'in use, so no longer reserved').to.deep.equal([]);
  });

  it('gives every entry a valid kind, a status, a short title and a hint', () => {
    for (const [code, e] of entries) {
      expect(code, code).to.match(/^(?:[A-Z][A-Z0-9]*\.[A-Z][A-Z0-9_]*|INTERNAL)$/);
      expect(Object.keys(KIND_STATUS), `${code} kind`).to.include(e.kind);
      expect(statusOf(code), `${code} status`).to.be.within(400, 599);
      expect(e.title.trim(), `${code} title`).to.have.length.within(3, 50);
      expect(e.title, `${code} title`).not.to.match(/\.$/);
      expect(e.hint.trim(), `${code} hint`).to.have.length.above(10);
      expect(e.hint, `${code} hint`).to.match(/[.)]$/);
      if ('reserved' in e) expect(String(e.reserved).trim(), `${code} reserved`).not.to.equal('');
    }
  });

  it('is the enum of Problem.code in openapi.yaml', () => {
    const spec = loadOpenApi() as unknown as { components: { schemas: { Problem: { properties: { code: { enum: string[] } } } } } };
    expect(spec.components.schemas.Problem.properties.code.enum).to.deep.equal(Object.keys(ERROR_CATALOGUE).sort());
  });
});

describe('HubError and the catalogue', () => {
  it('takes its kind, status, title and exposure from its code', () => {
    const e = new HubError('SOURCE.OWNERSHIP_PENDING', 'not yet');
    expect(e).to.include({
      kind: 'conflict',
      code: 'SOURCE.OWNERSHIP_PENDING',
      status: 409,
      expose: true,
      message: 'not yet',
      title: 'Ownership not yet proven',
    });
    expect(new HubError('FETCH.TIMEOUT', 'slow')).to.include({ kind: 'fetch', status: 504 });
    expect(new HubError('STORE.LOCKED', 'in use')).to.include({ kind: 'unavailable', status: 423 });
    expect(new HubError('PARSE.WORKER', 'stopped')).to.include({ kind: 'internal', status: 500, expose: false });
    expect(new HubError('REQUEST.INVALID', 'too big', { status: 413 }).status, 'a status another layer chose').to.equal(413);
    // @ts-expect-error a code that is not in the catalogue does not compile (cast in, it counts as internal)
    expect(new HubError(['NO', 'SUCH_CODE'].join('.'), 'x')).to.include({ kind: 'internal', status: 500, expose: false });
  });

  it('names not-found codes explicitly', () => {
    expect(notFound('portal', 'x').code).to.equal('PORTAL.NOT_FOUND');
    expect(notFound('documentation file', 'x').code).to.equal('DOCS.NOT_FOUND');
    expect(asHubError(new Error('boom'), 'FETCH.FAILED')).to.include({ code: 'FETCH.FAILED', kind: 'internal' });
  });

  it('gives problem+json the catalogue title, and hides internal errors', () => {
    expect(problemBody(new HubError('SOURCE.OWNERSHIP_PENDING', 'prove it'))).to.include({
      title: 'Ownership not yet proven',
      status: 409,
      code: 'SOURCE.OWNERSHIP_PENDING',
      detail: 'prove it',
    });
    expect(problemBody(new HubError('PORTAL.EXISTS', 'taken')).title).to.equal('Portal already registered');
    expect(problemBody(new HubError('STORE.WRITE_FAILED', '/secret/path'))).to.include({ title: 'Internal error', code: 'INTERNAL', status: 500 });
    expect(problemBody(new HubError('STORE.REDIS_UNAVAILABLE', 'redis://10.0.0.1'))).to.include({ title: 'Internal error', code: 'INTERNAL', status: 503 });
  });
});

describe('CLI exit codes by kind', () => {
  it('has an exit code for every kind', () => {
    expect(Object.keys(EXIT_BY_KIND).sort()).to.deep.equal(Object.keys(KIND_STATUS).sort());
    for (const code of Object.values(EXIT_BY_KIND)) expect(Object.values(EXIT)).to.include(code);
  });

  it('exits as the README says', () => {
    const exit = (code: ErrorCode) => exitCodeOf(new HubError(code, ''));
    expect(exit('CLI.PORTAL_REQUIRED')).to.equal(EXIT.usage);
    expect(exit('STORE.LOCKED')).to.equal(EXIT.unavailable);
    expect(exit('STORE.REDIS_UNAVAILABLE')).to.equal(EXIT.unavailable);
    expect(exit('CLIENT.UNREACHABLE')).to.equal(EXIT.unavailable);
    expect(exit('AUTH.SCOPE')).to.equal(EXIT.denied);
    expect(exit('SOURCE.NOT_FOUND')).to.equal(EXIT.notFound);
    // "5 no such portal, source or key": an unregistered portal named in a command, too
    expect(exit('SOURCE.UNKNOWN_PORTAL')).to.equal(EXIT.notFound);
    expect(exit('KEY.UNKNOWN_PORTAL')).to.equal(EXIT.notFound);
    expect(exit('SOURCE.OWNERSHIP_PENDING')).to.equal(EXIT.conflict);
    expect(exit('INTERNAL')).to.equal(EXIT.failure);
  });
});

describe('the scan itself', () => {
  it('reads the sources it is meant to', () => {
    expect(SOURCES).to.include.members(['hub/errors.ts', 'hub/pipeline/fetch.ts', 'adapters/feed/index.ts', 'cli/commands/keys.ts']);
    expect(SOURCES.map((f) => relative(ROOT, join(ROOT, f)))).not.to.include(CATALOGUE_FILE);
  });
});

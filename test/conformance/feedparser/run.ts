/**
 * Runs the Universal Feed Parser's test suite through the hub's ingestion (feed adapter →
 * normalize → validate) and checks every expectation that maps onto the item shape.
 * The corpus stays outside the project (../shared/corpora/feedparser, or FEEDPARSER_CORPUS).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { feedAdapter } from '../../../adapters/feed/index.ts';
import type { AdapterResult } from '../../../adapters/types.ts';
import type { Item } from '../../../hub/model.ts';
import { normalizeItem } from '../../../hub/pipeline/normalize/index.ts';
import { ITEM_REASONS, validateItem } from '../../../hub/pipeline/validate.ts';
import { evaluate, OutOfScope, type Comparable } from './expect.ts';
import { feedView } from './view.ts';

/** The buckets of cases.jsonl whose expectations are about fields, entities, xml:base, dates and charsets. */
const IN_SCOPE = new Set([
  'core: direct field check',
  'core: entity decoding (feed/entry title)',
  'core: relative URL resolution (xml:base)',
  'core: raw date string (needs translation)',
  'core: charset decoding -> text',
]);

interface Case {
  file: string;
  format: string;
  description: string;
  expect: string;
  http_headers: [string, string][];
  bucket: string;
}

export interface CaseResult {
  file: string;
  format: string;
  outcome: 'pass' | 'fail' | 'out-of-scope';
  reason?: string;
}

export interface ConformanceReport {
  corpus: string;
  results: CaseResult[];
  byFormat: Map<string, { pass: number; total: number }>;
  pass: number;
  total: number;
  outOfScope: number;
  /** Cases outside the buckets that map onto the item shape (sanitizer policy, parser metadata …). */
  notMapped: number;
}

const here = fileURLToPath(new URL('.', import.meta.url));

/** The corpus directory: FEEDPARSER_CORPUS, else ../shared/corpora/feedparser beside the repository. */
export function corpusDir(): string {
  return process.env.FEEDPARSER_CORPUS ? resolve(process.env.FEEDPARSER_CORPUS) : resolve(here, '../../../../shared/corpora/feedparser');
}

const FETCHED_AT = new Date('2026-11-24T03:00:00Z');

async function ingest(file: string, body: Buffer, headers: [string, string][]) {
  const url = `http://127.0.0.1:8097/tests/${file}`;
  const head: Record<string, string> = {};
  for (const [k, v] of headers) head[k.toLowerCase()] = v.trim();
  const result: AdapterResult = await feedAdapter.parse(
    { url, finalUrl: url, status: 200, notModified: false, headers: head, body },
    { options: {}, fetch: () => Promise.reject(new Error('no fetch')) },
  );
  // the corpus is not Vietnamese: dates without a zone are UTC there, as feedparser reads them
  const ctx = { sourceId: 'conformance', portalId: 'conformance', baseUrl: url, timeZone: 'UTC', fetchedAt: FETCHED_AT, language: result.channel?.language };
  const items: (Item | string[])[] = result.items.map((raw) => {
    try {
      const item = normalizeItem(raw, ctx);
      const check = validateItem(item);
      // most corpus entries are fragments without a link or a title, which the item shape requires
      // (the hub rejects such items with that reason); their other fields are still compared
      return check.ok || check.reasons.every((r) => r === ITEM_REASONS.url || r === ITEM_REASONS.title) ? item : check.reasons;
    } catch (e) {
      return [(e as Error).message];
    }
  });
  return { result, items };
}

const valueOf = (v: unknown) => (v && typeof v === 'object' && 'value' in v ? (v as { value: unknown }).value : v);

export async function runConformance(dir = corpusDir()): Promise<ConformanceReport> {
  const listing = join(dir, 'cases.jsonl');
  if (!existsSync(listing)) throw new Error(`The feedparser corpus is missing: no ${listing} (set FEEDPARSER_CORPUS to its directory)`);
  const cases: Case[] = readFileSync(listing, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  const results: CaseResult[] = [];
  let notMapped = 0;
  for (const c of cases) {
    if (!IN_SCOPE.has(c.bucket)) {
      notMapped++;
      continue;
    }
    results.push(await runCase(dir, c));
  }
  const byFormat = new Map<string, { pass: number; total: number }>();
  for (const r of results) {
    if (r.outcome === 'out-of-scope') continue;
    const f = byFormat.get(r.format) ?? { pass: 0, total: 0 };
    f.total++;
    if (r.outcome === 'pass') f.pass++;
    byFormat.set(r.format, f);
  }
  const counted = results.filter((r) => r.outcome !== 'out-of-scope');
  return {
    corpus: dir,
    results,
    byFormat,
    pass: counted.filter((r) => r.outcome === 'pass').length,
    total: counted.length,
    outOfScope: results.length - counted.length,
    notMapped,
  };
}

async function runCase(dir: string, c: Case): Promise<CaseResult> {
  const base = { file: c.file, format: c.format };
  let view: ReturnType<typeof feedView>;
  try {
    const { result, items } = await ingest(c.file, readFileSync(join(dir, c.file)), c.http_headers);
    view = feedView(result, items, result.items);
  } catch (e) {
    return { ...base, outcome: 'fail', reason: `ingestion failed: ${(e as Error).message.slice(0, 160)}` };
  }
  const env = {
    ...view,
    // we recover from what feedparser calls bozo; whether a feed was well-formed is not part of the item shape
    bozo: true,
    len: (v: unknown) => (Array.isArray(v) ? v.length : String(valueOf(v) ?? '').length),
    ord: (v: unknown) => String(valueOf(v) ?? '').codePointAt(0),
  };
  const expectation = c.expect.replace(/^\s*not bozo and\s+/, '').replace(/^\s*bozo and\s+/, '');
  try {
    return evaluate(expectation, env)
      ? { ...base, outcome: 'pass' }
      : { ...base, outcome: 'fail', reason: `${c.expect}  (ours: ${describe(expectation, env)})` };
  } catch (e) {
    if (e instanceof OutOfScope) return { ...base, outcome: 'out-of-scope', reason: e.message };
    return { ...base, outcome: 'fail', reason: `${c.expect}  (${(e as Error).message})` };
  }
}

/** Our value of the first field the expectation reads, for the failure list. */
function describe(expectation: string, env: Record<string, unknown>): string {
  const path = /^\(?\s*((?:feed|entries)(?:\[[^\]]+\]|\.\w+)*)/.exec(expectation)?.[1];
  if (!path) return '?';
  try {
    const v = evaluate(path, env) as Comparable | unknown;
    return JSON.stringify(valueOf(v) ?? null)?.slice(0, 200) ?? 'undefined';
  } catch (e) {
    return (e as Error).message;
  }
}

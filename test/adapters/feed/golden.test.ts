/**
 * Golden pairs: every `test/fixtures/feeds/<case>.<ext>` goes through the real extraction (feed adapter → normalize → validate, hub/pipeline/refresh.ts)
 * with a fixed clock, and must give exactly the expected items, rejections and warnings — or the
 * expected error. `served` in the expected file says how the fixture is served (URL, Content-Type)
 * and `options` the source's options. A fixture without its `<case>.expected.json` fails.
 * `UPDATE_GOLDEN=1 npx mocha test/adapters/feed/golden.test.ts` writes the expected files (missing
 * ones too, keeping `served` and `options`); review the diff before committing.
 */
import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extractItems } from '../../../hub/pipeline/extract.ts';
import type { HubConfig } from '../../../hub/config.ts';
import { HubError } from '../../../hub/errors.ts';

const dir = new URL('../../fixtures/feeds/', import.meta.url);
const FETCHED_AT = new Date('2026-11-24T03:00:00Z');
const config = { timeZone: 'Asia/Ho_Chi_Minh', fetchTimeoutMs: 1000, maxFeedBytes: 1 << 20, allowPrivateFetch: false } as HubConfig;

interface Golden {
  served?: { url?: string; contentType?: string };
  options?: Record<string, unknown>;
  error?: { code: string; message: string };
  items?: unknown[];
  rejected?: unknown[];
  warnings?: string[];
  channel?: unknown;
}

const cases = readdirSync(dir)
  .filter((f) => !f.endsWith('.expected.json'))
  .map((f) => ({ file: f, name: f.replace(/\.[^.]+$/, '') }));

async function run(file: string, golden: Golden): Promise<Golden> {
  const url = golden.served?.url ?? `https://feeds.example.gov.vn/${file}`;
  const fetched = {
    url,
    finalUrl: url,
    status: 200,
    notModified: false,
    headers: { 'content-type': golden.served?.contentType ?? 'application/xml' },
    body: readFileSync(new URL(file, dir)),
  };
  const source = { id: 'golden', portalId: 'golden', kind: 'feed', options: golden.options ?? {} };
  try {
    const out = await extractItems({ config }, source, fetched, FETCHED_AT);
    return { items: out.valid, rejected: out.rejected, warnings: out.warnings, channel: out.channel };
  } catch (e) {
    if (!(e instanceof HubError)) throw e;
    return { error: { code: e.code, message: e.message } };
  }
}

describe('adapters/feed golden pairs', () => {
  it('has golden pairs to check', () => expect(cases.length).to.be.greaterThan(15));

  for (const c of cases) {
    it(c.file, async () => {
      const path = new URL(`${c.name}.expected.json`, dir);
      const missing = !existsSync(path);
      if (missing && !process.env.UPDATE_GOLDEN) expect.fail(`${c.file} has no ${c.name}.expected.json: write it with UPDATE_GOLDEN=1 and review it`);
      const golden: Golden = missing ? {} : JSON.parse(readFileSync(path, 'utf8'));
      const actual = JSON.parse(JSON.stringify(await run(c.file, golden)));
      if (process.env.UPDATE_GOLDEN) {
        writeFileSync(
          path,
          `${JSON.stringify({ ...(golden.served ? { served: golden.served } : {}), ...(golden.options ? { options: golden.options } : {}), ...actual }, null, 2)}\n`,
        );
        return;
      }
      const { served: _s, options: _o, ...expected } = golden;
      expect(actual).to.deep.equal(expected);
    });
  }
});

/**
 * Extract workers give what extraction on the main thread gives: the same items, rejections,
 * warnings and channel for every golden feed fixture, the same errors (kind, code, message), and
 * detail pages fetched from the worker over real HTTP. A worker that dies fails its job with a
 * reason and is replaced.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { ExtractPool, extractWorkerCount } from '../../../hub/pipeline/extract-pool.ts';
import { extractItems } from '../../../hub/pipeline/extract.ts';
import { fetchUrl, type Fetched } from '../../../hub/pipeline/fetch.ts';
import { loadConfig, type HubConfig } from '../../../hub/config.ts';
import { HubError } from '../../../hub/errors.ts';
import { createHtmlAdapter } from '../../../adapters/html/index.ts';
import { checkedOptions, fixture, LOOPBACK_POLICY } from '../../support/adapter.ts';
import { serveBody, startTestServer, type TestServer } from '../../support/http.ts';

const dir = new URL('../../fixtures/feeds/', import.meta.url);
const FETCHED_AT = new Date('2026-11-24T03:00:00Z');
const config = loadConfig({}, { dataDir: '/tmp/unused', allowPrivateFetch: true, videoHosts: ['www.youtube.com'] });

type Source = Parameters<typeof extractItems>[1];

/** A feed body as fetched from https://a.gov.vn/rss. */
const fetchedBody = (body: string): Fetched => ({
  url: 'https://a.gov.vn/rss',
  finalUrl: 'https://a.gov.vn/rss',
  status: 200,
  notModified: false,
  headers: {},
  body: Buffer.from(body),
});
const ONE_ITEM = '<rss version="2.0"><channel><title>T</title><item><title>Tin</title><link>https://a.gov.vn/1</link></item></channel></rss>';

/** What an extraction gives, as data: the result, or the error's kind, code, message and status. */
async function outcome(run: () => Promise<unknown>): Promise<unknown> {
  try {
    return { ok: await run() };
  } catch (e) {
    expect(e).to.be.instanceOf(HubError);
    const { kind, code, message, status } = e as HubError;
    return { error: { kind, code, message, status } };
  }
}

describe('pipeline / extract workers', () => {
  // one pool for the tests that only use it (a worker's start is the slow part); tests that stop or close workers make their own
  let pool: ExtractPool;
  before(() => (pool = new ExtractPool(config, 2)));
  after(() => pool.close());

  it('give what the main thread gives, for every feed fixture (items, rejections, warnings, errors)', async () => {
    const files = readdirSync(dir).filter((f) => !f.endsWith('.expected.json'));
    expect(files.length).to.be.greaterThan(15);
    let errors = 0;
    for (const file of files) {
      const expectedFile = new URL(`${file.replace(/\.[^.]+$/, '')}.expected.json`, dir);
      const golden = (() => {
        try {
          return JSON.parse(readFileSync(expectedFile, 'utf8')) as { served?: { url?: string; contentType?: string }; options?: Record<string, unknown> };
        } catch {
          return {};
        }
      })();
      const url = golden.served?.url ?? `https://feeds.example.gov.vn/${file}`;
      const fetched: Fetched = {
        url,
        finalUrl: url,
        status: 200,
        notModified: false,
        headers: { 'content-type': golden.served?.contentType ?? 'application/xml' },
        body: readFileSync(new URL(file, dir)),
      };
      const source: Source = { id: 'golden', portalId: 'golden', kind: 'feed', options: golden.options ?? {} };
      const here = await outcome(() => extractItems({ config }, source, fetched, FETCHED_AT));
      const there = await outcome(() => pool.run(undefined, source, fetched, FETCHED_AT));
      expect(there, file).to.deep.equal(here);
      if ('error' in (here as object)) errors++;
    }
    // some fixtures are unreadable on purpose: their errors must cross the thread too
    expect(errors).to.be.greaterThan(0);
  });

  it('take the portal time zone, and the source options, as the main thread does', async () => {
    const fetched = fetchedBody(
      '<rss version="2.0"><channel><title>T</title><item><title>Tin một</title><link>https://a.gov.vn/1</link><category>Tin tức</category><pubDate>23/11/2026 08:30</pubDate></item></channel></rss>',
    );
    const source: Source = { id: 's', portalId: 'p', kind: 'feed', options: { categoryMap: { 'Tin tức': 'chinh-sach-moi' } } };
    const there = await pool.run({ timeZone: 'Asia/Tokyo' }, source, fetched, FETCHED_AT);
    expect(there).to.deep.equal(await extractItems({ config, portal: { timeZone: 'Asia/Tokyo' } }, source, fetched, FETCHED_AT));
    expect(there.valid[0].publishedAt).to.equal('2026-11-23T08:30:00+09:00');
    expect(there.valid[0].topics).to.deep.equal(['chinh-sach-moi']);
  });

  describe('with a portal over real HTTP', () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer();
      server.route(
        '/tin-tuc',
        (_req, res) =>
          void res
            .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
            .end(fixture('pages/tin-tuc.html').replaceAll('https://stttt.example.gov.vn/', '/')),
      );
      for (const slug of ['hoi-nghi-chuyen-doi-so-2026', 'trien-khai-dich-vu-cong-truc-tuyen', 'tap-huan-an-toan-thong-tin'])
        server.route(
          `/tin-tuc/${slug}.html`,
          serveBody(
            fixture('pages/chi-tiet.html').replaceAll('{{title}}', slug).replaceAll('{{slug}}', slug).replaceAll('{{date}}', '23/11/2026 08:30'),
            'text/html; charset=utf-8',
          ),
        );
    });
    after(() => server.close());

    it('send a source to the same worker every time, so its detail pages are asked for conditionally', async () => {
      let conditional = 0;
      const sources = ['a', 'b', 'c', 'd', 'e'];
      const slugs = ['hoi-nghi-chuyen-doi-so-2026', 'trien-khai-dich-vu-cong-truc-tuyen', 'tap-huan-an-toan-thong-tin'];
      for (const id of sources)
        for (const slug of slugs) {
          const serve = serveBody(
            fixture('pages/chi-tiet.html').replaceAll('{{title}}', slug).replaceAll('{{slug}}', slug).replaceAll('{{date}}', '23/11/2026 08:30'),
            'text/html; charset=utf-8',
            `"${slug}-v1"`,
          );
          server.route(`/etag/${id}/${slug}.html`, (req, res) => {
            if (req.headers['if-none-match']) conditional++;
            return serve(req, res);
          });
        }
      // each source's list page links its own three articles (absolute, root-relative, relative links)
      const fetchedOf = (id: string): Fetched => {
        const list = fixture('pages/tin-tuc.html').replace(/(?:https:\/\/stttt\.example\.gov\.vn)?\/?tin-tuc\/([a-z0-9-]+\.html)/g, `/etag/${id}/$1`);
        return {
          url: `${server.url}/tin-tuc`,
          finalUrl: `${server.url}/tin-tuc`,
          status: 200,
          notModified: false,
          headers: { 'content-type': 'text/html; charset=utf-8' },
          body: Buffer.from(list),
        };
      };
      const options = checkedOptions(createHtmlAdapter(), {
        itemSelector: '.news-list .news-item',
        title: 'h3.title a',
        link: 'h3.title a',
        detail: { contentSelector: '.detail-content' },
      });
      // the shared pool's two workers: these five sources hash to both of them
      for (let round = 0; round < 3; round++)
        for (const id of sources)
          expect((await pool.run(undefined, { id: `html-${id}`, portalId: 'stttt', kind: 'html', options }, fetchedOf(id), FETCHED_AT)).valid).to.have.length(
            3,
          );
      // the first round reads every page whole; later rounds meet the worker that kept its ETag
      const hits = sources.flatMap((id) => slugs.map((slug) => server.hits.get(`/etag/${id}/${slug}.html`) ?? 0));
      expect(hits.every((n) => n === 3)).to.equal(true);
      expect(conditional).to.equal(sources.length * slugs.length * 2);
    });

    it('fetch detail pages from the worker (html adapter) and give the same items', async () => {
      const fetched = await fetchUrl({ url: `${server.url}/tin-tuc` }, LOOPBACK_POLICY);
      const options = checkedOptions(createHtmlAdapter(), {
        itemSelector: '.news-list .news-item',
        title: 'h3.title a',
        link: 'h3.title a',
        date: '.date',
        detail: { contentSelector: '.detail-content' },
      });
      const source: Source = { id: 'html-1', portalId: 'stttt', kind: 'html', options };
      const before = server.hits.get('/tin-tuc/tap-huan-an-toan-thong-tin.html') ?? 0;
      const there = await pool.run(undefined, source, fetched, FETCHED_AT);
      expect(server.hits.get('/tin-tuc/tap-huan-an-toan-thong-tin.html')).to.equal(before + 1);
      expect(there.valid).to.have.length(3);
      expect(there.valid[0].contentHtml).to.contain('nội dung đầy đủ');
      expect(there).to.deep.equal(await extractItems({ config }, source, fetched, FETCHED_AT));
    });
  });

  it('fail the job of a worker that dies with a reason, and go on with a new worker', async () => {
    const crashing = new ExtractPool(config, 1, new URL('../../support/crashing-extract-worker.ts', import.meta.url).href);
    try {
      const fetched = fetchedBody(ONE_ITEM);
      const error = await crashing.run(undefined, { id: 'crash', portalId: 'p', kind: 'feed' }, fetched, FETCHED_AT).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(HubError);
      expect((error as HubError).code).to.equal('PARSE.WORKER');
      expect((error as HubError).message).to.match(/extract worker stopped \(exit code 3\)/);
      const next = await crashing.run(undefined, { id: 'fine', portalId: 'p', kind: 'feed' }, fetched, FETCHED_AT);
      expect(next.valid.map((i) => i.title)).to.deep.equal(['Tin']);
    } finally {
      await crashing.close();
    }
  });

  it('stop a worker stuck on one body, fail that job with a timeout and the ones behind it with the reason, and go on', async () => {
    // the pool's job timeout, made small: a job's time counts from the worker's `ready`, which it
    // says only once warmed up, so a normal job (a few ms) fits many times over even under load
    const TIMEOUT_MS = 300;
    const stuck = new ExtractPool(config, 1, new URL('../../support/crashing-extract-worker.ts', import.meta.url).href, TIMEOUT_MS);
    try {
      const fetched = fetchedBody(ONE_ITEM);
      const failed = (p: Promise<unknown>) =>
        p.then(
          () => undefined,
          (e: unknown) => e as HubError,
        );
      const started = performance.now();
      const [hang, behind] = await Promise.all([
        failed(stuck.run(undefined, { id: 'hang', portalId: 'p', kind: 'feed' }, fetched, FETCHED_AT)),
        failed(stuck.run(undefined, { id: 'behind', portalId: 'p', kind: 'feed' }, fetched, FETCHED_AT)),
      ]);
      // never before the timeout (the timer starts at `ready`, after run() was called; 1 ms for timer rounding)
      expect(performance.now() - started).to.be.at.least(TIMEOUT_MS - 1);
      expect(hang).to.include({ kind: 'parse', code: 'PARSE.TIMEOUT' });
      expect(hang!.message).to.contain(`longer than ${TIMEOUT_MS / 1000} s`);
      expect(behind).to.include({ code: 'PARSE.WORKER' });
      expect(behind!.message).to.contain(`source hang took longer than ${TIMEOUT_MS / 1000} s`);
      // a new worker takes the next job, within the same timeout: its warm-up does not count
      expect((await stuck.run(undefined, { id: 'fine', portalId: 'p', kind: 'feed' }, fetched, FETCHED_AT)).valid).to.have.length(1);
    } finally {
      await stuck.close();
    }
  });

  it('fail a job that cannot be handed to a worker, at once and with the reason', async () => {
    const fetched = fetchedBody('<rss/>');
    const error = await pool
      .run(undefined, { id: 's', portalId: 'p', kind: 'feed', options: { notData: () => 1 } as Record<string, unknown> }, fetched, FETCHED_AT)
      .then(
        () => undefined,
        (e: unknown) => e as HubError,
      );
    expect(error).to.include({ code: 'PARSE.WORKER' });
    expect(error!.message).to.contain('could not be handed to an extract worker');
  });

  it('refuse work once closed, and size themselves from the configuration', async () => {
    const closed = new ExtractPool(config, 1);
    await closed.close();
    const fetched = fetchedBody('<rss/>');
    const error = await closed.run(undefined, { id: 's', portalId: 'p', kind: 'feed' }, fetched, FETCHED_AT).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as HubError).code).to.equal('PARSE.WORKER');
    expect(extractWorkerCount({ extractWorkers: 0 } as HubConfig)).to.equal(0);
    expect(extractWorkerCount({ extractWorkers: 3 } as HubConfig)).to.equal(3);
    expect(extractWorkerCount({} as HubConfig)).to.be.within(0, 4);
  });
});

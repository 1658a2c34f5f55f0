import { expect } from 'chai';
import { gzipSync } from 'node:zlib';
import { fetchUrl, isNonPublicAddress, retryAfter } from '../../../hub/pipeline/fetch.ts';
import { startTestServer, serveBody, type TestServer } from '../../support/http.ts';

const policy = { timeoutMs: 2000, maxBytes: 64 * 1024, allowPrivate: true };

describe('pipeline/fetch', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    server.route('/feed', serveBody('<rss/>', 'application/rss+xml', '"v1"'));
    server.route('/moved', (_req, res) => void res.writeHead(301, { location: '/feed' }).end());
    server.route('/loop', (_req, res) => void res.writeHead(302, { location: '/loop' }).end());
    server.route('/gone', (_req, res) => void res.writeHead(410, { 'retry-after': '60' }).end());
    server.route('/busy', (_req, res) => void res.writeHead(503, { 'retry-after': '120' }).end());
    server.route('/slow', () => new Promise(() => {}));
    server.route('/big', (_req, res) => void res.writeHead(200, { 'content-type': 'text/xml' }).end(Buffer.alloc(200 * 1024, 'a')));
    server.route(
      '/bomb',
      (_req, res) => void res.writeHead(200, { 'content-type': 'text/xml', 'content-encoding': 'gzip' }).end(gzipSync(Buffer.alloc(5 * 1024 * 1024, 'a'))),
    );
  });
  after(() => server.close());

  it('fetches, then answers 304 to a conditional GET', async () => {
    const first = await fetchUrl({ url: `${server.url}/feed` }, policy);
    expect(first.status).to.equal(200);
    expect(first.body.toString()).to.equal('<rss/>');
    expect(first.headers.etag).to.equal('"v1"');
    const second = await fetchUrl({ url: `${server.url}/feed`, etag: '"v1"' }, policy);
    expect(second.notModified).to.equal(true);
  });

  it('follows redirects and reports the final URL', async () => {
    const r = await fetchUrl({ url: `${server.url}/moved` }, policy);
    expect(r.finalUrl).to.equal(`${server.url}/feed`);
  });

  const failsWith = async (path: string, code: string, p = policy) => {
    const err = await fetchUrl({ url: `${server.url}${path}` }, p).then(
      () => undefined,
      (e) => e,
    );
    expect(err?.code, String(err)).to.equal(code);
    return err;
  };

  it('names each failure: status, timeout, size, redirects, decompression bombs', async () => {
    expect((await failsWith('/gone', 'FETCH.HTTP_STATUS')).message).to.contain('410');
    await failsWith('/slow', 'FETCH.TIMEOUT', { ...policy, timeoutMs: 300 });
    await failsWith('/big', 'FETCH.TOO_LARGE');
    await failsWith('/loop', 'FETCH.TOO_MANY_REDIRECTS');
    await failsWith('/bomb', 'FETCH.TOO_LARGE');
  });

  it('keeps how long a busy portal asks to be left alone (503 and 429 only)', async () => {
    const busy = await failsWith('/busy', 'FETCH.HTTP_STATUS');
    expect(busy.retryAfterMs).to.equal(120_000);
    expect(busy.message).to.contain('HTTP 503').and.contain('come back in 120 s');
    // a Retry-After on other statuses says nothing about load
    expect((await failsWith('/gone', 'FETCH.HTTP_STATUS')).retryAfterMs).to.equal(undefined);
    const now = Date.parse('2026-11-24T10:00:00Z');
    expect(retryAfter('Tue, 24 Nov 2026 10:05:00 GMT', now)).to.equal(300_000);
    expect(retryAfter('Tue, 24 Nov 2026 09:00:00 GMT', now)).to.equal(0);
    expect(retryAfter(' 7 ', now)).to.equal(7000);
    for (const bad of [null, '', 'soon', '-5', '1.5']) expect(retryAfter(bad, now), String(bad)).to.equal(undefined);
  });

  it('refuses loopback and private addresses unless allowed', async () => {
    await failsWith('/feed', 'FETCH.PRIVATE_ADDRESS', { ...policy, allowPrivate: false });
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '::1',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '0.0.0.0',
      '224.0.0.1',
    ])
      expect(isNonPublicAddress(a), a).to.equal(true);
    for (const a of ['8.8.8.8', '203.113.131.1', '2001:4860:4860::8888']) expect(isNonPublicAddress(a), a).to.equal(false);
  });

  it('refuses schemes other than http and https', async () => {
    const err = await fetchUrl({ url: 'file:///etc/passwd' }, policy).then(
      () => undefined,
      (e) => e,
    );
    expect(err.code).to.equal('FETCH.BAD_SCHEME');
  });
});

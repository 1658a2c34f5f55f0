import { expect } from 'chai';
import { fetchUrl, type FetchPolicy } from '../../../hub/pipeline/fetch.ts';
import { FetchAllowList, isNonPublicAddress } from '../../../hub/pipeline/address-policy.ts';
import { startTestServer, serveBody, type TestServer } from '../../support/http.ts';
import { makeTestPki, startTlsServer, type TestPki } from '../../support/tls.ts';

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e) => e as { code: string; message: string; resolvedAddress?: string },
  );

describe('pipeline/fetch safety', () => {
  describe('address policy', () => {
    const nonPublic = [
      '127.0.0.1',
      '127.255.255.254',
      '10.0.0.1',
      '172.31.255.255',
      '192.168.0.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.251',
      '239.255.255.250',
      '240.0.0.1',
      '255.255.255.255',
      '192.0.2.10',
      '198.18.0.1',
      '203.0.113.5',
      '::',
      '::1',
      'fe80::1',
      'fe80::1%eth0',
      'fc00::1',
      'fd12:3456::1',
      'ff02::1',
      '2001:db8::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:169.254.169.254',
      '::ffff:a9fe:a9fe',
      '64:ff9b::a9fe:a9fe',
      '64:ff9b::10.0.0.1',
      '2002:7f00:1::',
      '::127.0.0.1',
      'not-an-address',
    ];
    const isPublic = ['8.8.8.8', '203.113.131.1', '14.225.0.1', '2001:4860:4860::8888', '2405:4800::1', '::ffff:8.8.8.8', '64:ff9b::808:808'];

    it('refuses every loopback, private, link-local, multicast and reserved form', () => {
      for (const a of nonPublic) expect(isNonPublicAddress(a), a).to.equal(true);
      for (const a of isPublic) expect(isNonPublicAddress(a), a).to.equal(false);
    });

    it('reads an allow-list of names, wildcard names, addresses and ranges', () => {
      const allow = new FetchAllowList(['feeds.intranet.gov.vn', '*.noibo.gov.vn', '10.20.0.0/16', '192.168.1.5', 'fd00::/8']);
      expect(allow.allowsHost('FEEDS.intranet.gov.vn')).to.equal(true);
      expect(allow.allowsHost('a.b.noibo.gov.vn')).to.equal(true);
      expect(allow.allowsHost('noibo.gov.vn.evil.example')).to.equal(false);
      expect(allow.allowsAddress('10.20.3.4')).to.equal(true);
      expect(allow.allowsAddress('10.21.0.1')).to.equal(false);
      expect(allow.allowsAddress('192.168.1.5')).to.equal(true);
      expect(allow.allowsAddress('fd12::1')).to.equal(true);
      expect(new FetchAllowList().allowsHost('anything')).to.equal(false);
    });
  });

  describe('requests', () => {
    let server: TestServer;
    let port: string;
    const base = { timeoutMs: 3000, maxBytes: 64 * 1024, allowPrivate: false } satisfies FetchPolicy;
    before(async () => {
      server = await startTestServer();
      port = new URL(server.url).port;
      server.route('/feed', serveBody('<rss/>', 'application/rss+xml'));
      server.route('/to-loopback', (_q, r) => void r.writeHead(302, { location: `http://127.0.0.1:${port}/feed` }).end());
      server.route('/to-metadata', (_q, r) => void r.writeHead(301, { location: 'http://169.254.169.254/latest/meta-data/' }).end());
      server.route('/to-decimal', (_q, r) => void r.writeHead(307, { location: `http://2130706433:${port}/feed` }).end());
      server.route('/to-file', (_q, r) => void r.writeHead(302, { location: 'file:///etc/passwd' }).end());
    });
    after(() => server.close());

    // `localhost` is allow-listed by name, so the first hop connects; the literal 127.0.0.1 is not
    const viaName = { ...base, allowList: ['localhost'] };
    const at = (path: string) => `http://localhost:${port}${path}`;

    it('connects to an allow-listed name, and refuses a redirect from it to a private address', async () => {
      expect((await fetchUrl({ url: at('/feed') }, viaName)).body.toString()).to.equal('<rss/>');
      for (const path of ['/to-loopback', '/to-metadata', '/to-decimal']) {
        const e = await failure(fetchUrl({ url: at(path) }, viaName));
        expect(e.code, path).to.equal('FETCH.PRIVATE_ADDRESS');
      }
      expect((await failure(fetchUrl({ url: at('/to-file') }, viaName))).code).to.equal('FETCH.BAD_SCHEME');
      expect(server.hits.get('/feed')).to.equal(1);
    });

    it('refuses a name that resolves to loopback at connect time (no DNS rebinding window)', async () => {
      const e = await failure(fetchUrl({ url: at('/feed') }, base));
      expect(e.code).to.equal('FETCH.PRIVATE_ADDRESS');
      // the address goes with the error, not in its message (public views show messages)
      expect(e.message).to.match(/localhost resolves to a non-public address/);
      expect(e.resolvedAddress).to.match(/^(127\.0\.0\.1|::1)$/);
    });

    it('refuses decimal, octal, hex and IPv4-mapped spellings of loopback', async () => {
      for (const host of ['2130706433', '0177.0.0.1', '0x7f.0.0.1', '127.1', '[::ffff:127.0.0.1]', '[::1]', '[::]', '0']) {
        const e = await failure(fetchUrl({ url: `http://${host}:${port}/feed` }, base));
        expect(e.code, host).to.equal('FETCH.PRIVATE_ADDRESS');
      }
      expect(server.hits.get('/feed')).to.equal(1);
    });

    it('connects to an allow-listed range', async () => {
      const r = await fetchUrl({ url: `${server.url}/feed` }, { ...base, allowList: ['127.0.0.0/8'] });
      expect(r.status).to.equal(200);
    });

    it('refuses URLs with credentials', async () => {
      expect((await failure(fetchUrl({ url: `http://user:pw@localhost:${port}/feed` }, viaName))).code).to.equal('FETCH.BAD_URL');
    });
  });

  describe('TLS', () => {
    let pki: TestPki;
    const servers: { close(): Promise<void> }[] = [];
    const open = { timeoutMs: 3000, maxBytes: 64 * 1024, allowPrivate: true } satisfies FetchPolicy;
    before(function () {
      this.timeout(20000);
      pki = makeTestPki();
    });
    after(async () => {
      await Promise.all(servers.map((s) => s.close()));
      pki.cleanup();
    });
    const serve = async (key: string, cert: string) => {
      const s = await startTlsServer(key, cert, '<rss/>');
      servers.push(s);
      return s.url;
    };

    it('reports a self-signed certificate, and trusts it once the deployment adds it', async () => {
      const url = await serve(pki.selfSignedKey, pki.selfSignedPem);
      expect((await failure(fetchUrl({ url }, open))).code).to.equal('FETCH.TLS_UNTRUSTED');
      expect((await fetchUrl({ url }, { ...open, extraCa: pki.selfSignedPem })).status).to.equal(200);
    });

    it('names an incomplete chain (leaf without its intermediate) specifically', async () => {
      const url = await serve(pki.leafKey, pki.leafPem);
      const e = await failure(fetchUrl({ url }, { ...open, extraCa: pki.rootPem }));
      expect(e.code).to.equal('FETCH.TLS_INCOMPLETE_CHAIN');
      expect(e.message).to.contain('intermediate');
    });

    it('verifies a full chain against a deployment-added root', async () => {
      const url = await serve(pki.leafKey, pki.leafPem + pki.intermediatePem);
      expect((await fetchUrl({ url }, { ...open, extraCa: pki.rootPem })).body.toString()).to.equal('<rss/>');
      expect((await failure(fetchUrl({ url }, open))).code).to.equal('FETCH.TLS_UNTRUSTED');
    });
  });
});

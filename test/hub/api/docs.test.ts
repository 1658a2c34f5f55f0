/** /openapi.yaml, /schemas/, /docs assets, CORS headers and per-portal stats over HTTP. */
import { expect } from 'chai';
import { parse as parseYaml } from 'yaml';
import { startTestHub, type TestHub } from '../../support/hub.ts';
import { validatorFor } from '../../../schemas/index.ts';

describe('docs, CORS and stats routes (integration)', () => {
  let hub: TestHub;
  before(async () => {
    hub = await startTestHub({ demo: true });
  });
  after(async () => hub?.stop());
  const get = (path: string, headers?: Record<string, string>) => hub.api(path, { key: null, headers });

  it('serves the spec and the schemas it references', async () => {
    const res = await get('/openapi.yaml');
    expect(res.headers.get('content-type')).to.equal('application/yaml; charset=utf-8');
    const spec = parseYaml(await res.text());
    expect(spec.openapi).to.equal('3.1.0');
    const refs = new Set<string>();
    JSON.stringify(
      spec,
      (k, v) => (k === '$ref' && typeof v === 'string' && v.startsWith('./schemas/') && refs.add(v.split('#')[0].slice('./schemas/'.length)), v),
    );
    expect(refs.size).to.be.greaterThan(2);
    for (const file of refs) {
      const schema = await get(`/schemas/${file}`);
      expect(schema.status, file).to.equal(200);
      expect((await schema.json()).$id).to.match(new RegExp(`/schemas/${file.replace('.', '\\.')}$`));
    }
    expect((await get('/schemas/secret.json')).status).to.equal(404);
    expect((await get('/docs/package.json')).status).to.equal(404);
    const docs = await get('/docs');
    expect(docs.headers.get('content-security-policy')).to.contain("script-src 'self'");
    expect(await docs.text()).to.contain('/docs/swagger-ui-bundle.js');
    const bundle = await get('/docs/swagger-ui-bundle.js');
    expect(bundle.status).to.equal(200);
    expect((await get('/docs/swagger-ui-bundle.js', { 'if-none-match': bundle.headers.get('etag')! })).status).to.equal(304);
  });

  it('answers CORS preflights for reads only', async () => {
    const read = await hub.api('/api/v1/items', {
      method: 'OPTIONS',
      key: null,
      headers: { origin: 'https://hue.gov.vn', 'access-control-request-method': 'GET', 'access-control-request-headers': 'if-none-match' },
    });
    expect(read.status).to.equal(204);
    expect(read.headers.get('access-control-allow-origin')).to.equal('*');
    expect(read.headers.get('access-control-allow-headers')).to.contain('If-None-Match');
    const write = await hub.api('/api/v1/portals', {
      method: 'OPTIONS',
      key: null,
      headers: { origin: 'https://hue.gov.vn', 'access-control-request-method': 'POST' },
    });
    expect(write.headers.get('access-control-allow-origin')).to.equal(null);
    const feed = await get('/feeds/all.atom', { origin: 'https://hue.gov.vn' });
    expect(feed.headers.get('access-control-allow-origin')).to.equal('*');
    expect(feed.headers.get('access-control-expose-headers')).to.contain('ETag');
    const problem = await get('/api/v1/items?level=x', { origin: 'https://hue.gov.vn' });
    expect(problem.status).to.equal(400);
    expect(problem.headers.get('access-control-allow-origin')).to.equal('*');
  });

  it('answers per-portal statistics over HTTP', async () => {
    const stats = await (await get('/api/v1/portals/quangninh/stats?subtree=true')).json();
    const fits = validatorFor('openapi.yaml#/components/schemas/PortalStats');
    expect(fits(stats), JSON.stringify(fits.errors)).to.equal(true);
    expect(stats).to.include({ portalId: 'quangninh', subtree: true, portals: 3 });
    expect(stats.itemsPerDay).to.have.length(30);
    const items = (await (await get('/api/v1/items?within=quangninh&limit=200')).json()).items;
    expect(stats.lastPublishedAt).to.equal(items[0].publishedAt);
    expect((await get('/api/v1/portals/nope/stats')).status).to.equal(404);
    expect((await get('/api/v1/portals/hue/stats?subtree=maybe')).status).to.equal(400);
  });
});

/** The document /docs shows: openapi.yaml with the schema files inside it and this hub as its server. */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { docsDocument } from '../../../hub/api/routes/docs.ts';
import { startTestHub, type TestHub } from '../../support/hub.ts';

const root = (name: string) => new URL(`../../../${name}`, import.meta.url);
const yaml = readFileSync(root('openapi.yaml'), 'utf8');
const schemaFile = (f: string) => JSON.parse(readFileSync(root(`schemas/${f}`), 'utf8')) as Record<string, unknown>;

/** Every $ref of a document. */
function refsOf(doc: unknown): string[] {
  const refs: string[] = [];
  JSON.stringify(doc, (k, v) => (k === '$ref' && typeof v === 'string' && refs.push(v), v));
  return refs;
}

const at = (doc: unknown, ref: string): unknown =>
  ref
    .slice(2)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);

describe('the bundled OpenAPI document of /docs', () => {
  const doc = docsDocument(yaml, schemaFile, 'https://hub.example.gov.vn') as { servers: { url: string }[]; components: { schemas: Record<string, unknown> } };

  it('has every $ref inside itself, each resolving, and no schema $id a browser would try to fetch', () => {
    const refs = refsOf(doc);
    expect(refs.length).to.be.greaterThan(50);
    expect(refs.filter((r) => !r.startsWith('#/'))).to.deep.equal([]);
    expect(refs.filter((r) => at(doc, r) === undefined)).to.deep.equal([]);
    expect(JSON.stringify(doc)).to.not.match(/"\$id"|"\$schema"|portal-hub\.example\/schemas/);
  });

  it('gives the aliased models their schema under their own name', () => {
    const { Item, Portal, PortalLevel } = doc.components.schemas as Record<string, { type?: unknown; properties?: object; $ref?: string }>;
    expect(Item.type).to.equal('object');
    expect(Item.properties).to.include.keys('id', 'portalId', 'publishedAt');
    expect(Portal.$ref).to.equal(undefined);
    expect(PortalLevel).to.include({ type: 'string' });
  });

  it('names this hub as its server: the origin the page came from, then the public URL', () => {
    expect(doc.servers.map((s) => s.url)).to.deep.equal(['/', 'https://hub.example.gov.vn']);
    expect(JSON.stringify(doc.servers)).to.not.contain('localhost:8080');
  });

  it('keeps the split files for tools: /openapi.yaml is the source, /docs/openapi.json the bundle', async () => {
    let hub: TestHub | undefined;
    try {
      hub = await startTestHub();
      expect(await (await hub.api('/openapi.yaml', { key: null })).text()).to.equal(yaml);
      const served = await (await hub.api('/docs/openapi.json', { key: null })).json();
      expect(served.servers.map((s: { url: string }) => s.url)).to.deep.equal(['/', hub.url]);
      expect(refsOf(served).filter((r) => !r.startsWith('#/'))).to.deep.equal([]);
    } finally {
      await hub?.stop();
    }
  });
});

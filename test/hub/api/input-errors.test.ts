/**
 * What the API says about a value of the wrong form: in words, with an example, never a regex or
 * a list of anyOf branches. The words live in the schemas (`x-message`), read by fieldErrors.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ajv, fieldErrors, MESSAGE, SCHEMA_FILES } from '../../../schemas/index.ts';
import { checkQuery } from '../../../hub/api/validate.ts';
import { HubError } from '../../../hub/errors.ts';
import { startTestHub, type TestHub } from '../../support/hub.ts';

const queryErrors = (query: Record<string, unknown>, operationId = 'listItems') => {
  try {
    checkQuery(query, operationId);
  } catch (e) {
    expect(e).to.be.instanceOf(HubError);
    return (e as HubError).errors ?? [];
  }
  throw new Error('the query was accepted');
};

/** Every schema node with a `pattern` or an `anyOf`, with where it is. */
function nodes(node: unknown, at: string, out: { at: string; node: Record<string, unknown> }[] = []) {
  if (Array.isArray(node)) node.forEach((n, i) => nodes(n, `${at}/${i}`, out));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (typeof o.pattern === 'string' && !('in' in o)) out.push({ at, node: o });
    for (const [k, v] of Object.entries(o)) nodes(v, `${at}/${k}`, out);
  }
  return out;
}

describe('API input errors in words', () => {
  it('says what a bad `since` may be, with examples, in one message', () => {
    const errors = queryErrors({ since: 'yesterday' });
    expect(errors).to.deep.equal([
      { field: 'since', message: 'must be a date, e.g. 2025-07-01, or a date-time with a UTC offset, e.g. 2025-07-01T08:00:00+07:00' },
    ]);
  });

  it('describes a portal id instead of showing its pattern', () => {
    const [error] = queryErrors({ portal: ['Bad_Id'] });
    expect(error.field).to.equal('portal');
    expect(error.message).to.contain('lower-case').and.contain('e.g. quang-ninh');
    expect(error.message).not.to.contain('^');
  });

  it('words a format failure without an x-message by the format', () => {
    const validate = ajv().compile({ type: 'object', properties: { at: { type: 'string', format: 'date' } } });
    expect(validate({ at: 'soon' })).to.equal(false);
    expect(fieldErrors(validate.errors)).to.deep.equal([{ field: '/at', message: 'must be a date, e.g. 2025-07-01' }]);
  });

  it('gives every pattern in the schemas and openapi.yaml an x-message', () => {
    const docs: [string, unknown][] = SCHEMA_FILES.map((f) => [f, JSON.parse(readFileSync(new URL(`../../../schemas/${f}`, import.meta.url), 'utf8'))]);
    docs.push(['openapi.yaml', parseYaml(readFileSync(new URL('../../../openapi.yaml', import.meta.url), 'utf8'))]);
    const bare = docs.flatMap(([file, doc]) => nodes(doc, file).filter((n) => typeof n.node[MESSAGE] !== 'string'));
    expect(bare.map((n) => n.at)).to.deep.equal([]);
  });

  describe('over HTTP', () => {
    let hub: TestHub;
    before(async () => {
      hub = await startTestHub();
    });
    after(() => hub.stop());

    it('answers a bad since and a bad portal id with problem+json in words', async () => {
      const res = await hub.api('/api/v1/items?since=yesterday');
      expect(res.status).to.equal(400);
      const problem = await res.json();
      expect(problem.code).to.equal('REQUEST.INVALID');
      expect(problem.detail).to.contain('since must be a date, e.g. 2025-07-01');
      expect(problem.detail).not.to.contain('anyOf');

      const post = await hub.api('/api/v1/portals', { method: 'POST', body: { id: 'Bad Id', name: 'X', url: 'ftp://x', level: 'other' } });
      expect(post.status).to.equal(400);
      const body = await post.json();
      const byField = Object.fromEntries(body.errors.map((e: { field: string; message: string }) => [e.field, e.message]));
      expect(byField['/id']).to.contain('e.g. quang-ninh');
      expect(byField['/url']).to.equal('must be an absolute http(s) address, e.g. https://example.gov.vn/');
      expect(JSON.stringify(body)).not.to.contain('must match pattern');
    });
  });
});

/**
 * openapi.yaml is the contract: every route the app serves is in it (and nothing else), every
 * operation carries an example, and every example fits its own schema.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Router from '@koa/router';
import { createApp } from '../../../hub/api/app.ts';
import { openHub } from '../../../hub/main.ts';
import { loadConfig } from '../../../hub/config.ts';
import { EmbeddedStore } from '../../../hub/store/embedded.ts';
import { WebSub } from '../../../hub/websub/index.ts';
import { loadOpenApi, queryAjv, SCHEMA_BASE, validatorFor, type OpenApiMediaType, type OpenApiMethod, type OpenApiRef } from '../../../schemas/index.ts';

const spec = loadOpenApi();
const METHODS: OpenApiMethod[] = ['get', 'put', 'post', 'delete', 'patch'];
const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
const resolve = <T extends { $ref?: undefined }>(node: OpenApiRef<T>): T =>
  node?.$ref?.startsWith('#/')
    ? (node.$ref
        .slice(2)
        .split('/')
        .reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], spec) as T)
    : (node as T);

const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
  METHODS.filter((m) => item[m]).map((method) => ({ path, method, op: item[method]!, shared: item.parameters ?? [] })),
);

/** Every example of an operation with the pointer of the schema it must fit. */
function examplesOf({ path, method, op, shared }: (typeof operations)[number]) {
  const out: { where: string; value: unknown; schema?: string }[] = [];
  const base = ['paths', path, method];
  const media = (content: Record<string, OpenApiMediaType> | undefined, at: string[], where: string) => {
    for (const [type, m] of Object.entries(content ?? {})) {
      const schema = m.schema ? `${SCHEMA_BASE}openapi.yaml#/${pointer(...at, 'content', type, 'schema')}` : undefined;
      if (m.example !== undefined) out.push({ where: `${where} ${type}`, value: m.example, schema: type.includes('json') ? schema : undefined });
      for (const [name, e] of Object.entries(m.examples ?? {}))
        out.push({ where: `${where} ${type} ${name}`, value: resolve(e).value, schema: type.includes('json') ? schema : undefined });
    }
  };
  [...shared, ...(op.parameters ?? [])].forEach((raw) => {
    const p = resolve(raw);
    const at = raw.$ref ? raw.$ref.slice(2).split('/') : null;
    if (p.example !== undefined)
      out.push({ where: `parameter ${p.name}`, value: p.example, schema: at ? `${SCHEMA_BASE}openapi.yaml#/${pointer(...at, 'schema')}` : undefined });
  });
  if (op.requestBody) media(resolve(op.requestBody).content, [...base, 'requestBody'], 'request');
  for (const [status, r] of Object.entries(op.responses ?? {})) {
    const response = resolve(r);
    media(response.content, r.$ref ? r.$ref.slice(2).split('/') : [...base, 'responses', status], `response ${status}`);
    for (const [name, h] of Object.entries(response.headers ?? {}))
      if (resolve(h).example !== undefined) out.push({ where: `header ${name}`, value: resolve(h).example });
  }
  return out;
}

describe('openapi.yaml as the contract', () => {
  let dir: string;
  let store: EmbeddedStore;
  let routes: string[];
  let websub: WebSub;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hub-openapi-'));
    store = await EmbeddedStore.open(dir);
    const { hub, backend } = await openHub(loadConfig({}, { dataDir: dir, demo: false, schedule: false, adminKey: 'openapi-test-key-0123' }), { store });
    websub = new WebSub(hub, { log: () => {} });
    const app = createApp(hub, { websub, limiter: backend.rateLimiter({ read: 1000, write: 1000 }, () => {}) });
    const routers = app.middleware.map((m) => (m as { router?: Router }).router).filter((r): r is Router => !!r);
    routes = routers
      .flatMap((r) => r.stack)
      .flatMap((layer) =>
        layer.methods
          .filter((m) => m !== 'HEAD')
          .map(
            (m) =>
              `${m} ${String(layer.path)
                .replace(/(?<!\\):(\w+)/g, '{$1}')
                .replace(/\\:/g, ':')}`,
          ),
      );
  });
  after(async () => {
    await websub.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('documents every route the app serves, and only those', () => {
    const documented = operations.map((o) => `${o.method.toUpperCase()} ${o.path}`);
    // the console's pages are HTML forms for people (docs/operators.md), not part of the API
    routes = routes.filter((r) => !/^\w+ \/console(\/|$)/.test(r));
    // the path template names need not match the router's parameter names
    const shape = (r: string) => r.replace(/\{[^}]+\}/g, '{}');
    expect(
      routes.map(shape).filter((r) => !documented.map(shape).includes(r)),
      'served, not documented',
    ).to.deep.equal([]);
    expect(
      documented.map(shape).filter((r) => !routes.map(shape).includes(r)),
      'documented, not served',
    ).to.deep.equal([]);
  });

  it('gives every operation an example', () => {
    const bare = operations.filter((o) => !examplesOf(o).length).map((o) => o.op.operationId);
    expect(bare).to.deep.equal([]);
  });

  it('keeps every JSON example true to its schema', () => {
    const wrong: string[] = [];
    for (const o of operations) {
      for (const e of examplesOf(o)) {
        if (!e.schema) continue;
        const validate = e.where.startsWith('parameter') ? (queryAjv().getSchema(e.schema) ?? queryAjv().compile({ $ref: e.schema })) : validatorFor(e.schema);
        if (!validate(structuredClone(e.value))) wrong.push(`${o.op.operationId} ${e.where}: ${JSON.stringify(validate.errors?.slice(0, 2))}`);
      }
    }
    expect(wrong).to.deep.equal([]);
  });
});

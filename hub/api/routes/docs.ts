/**
 * The API's own documentation, served by the hub (no CDN: a hub on an intranet has no internet):
 * /openapi.yaml, the JSON Schemas it references under /schemas/, and Swagger UI at /docs from
 * the swagger-ui-dist package. Swagger UI reads /docs/openapi.json: the same document bundled
 * (the schema files inside it, hub/api/openapi-bundle.ts) with `servers` naming this hub, so
 * "Try it out" calls the hub the page came from, whatever its port or public URL.
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { SCHEMA_FILES } from '../../../schemas/index.ts';
import { bundleOpenApi } from '../openapi-bundle.ts';
import { notFound } from '../../errors.ts';
import { notModified } from './feeds.ts';

const root = (name: string) => fileURLToPath(new URL(`../../../${name}`, import.meta.url));
const swaggerDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

const asset = (body: Buffer | string, type: string): Asset => {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
  return { body: bytes, type, etag: `"${createHash('sha1').update(bytes).digest('base64url')}"` };
};

const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Portal hub API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
<link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
</head>
<body>
<div id="docs"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
`;

// a file of its own rather than an inline script, so the page works under a strict CSP
const INIT = `window.ui = SwaggerUIBundle({ url: '/docs/openapi.json', dom_id: '#docs', deepLinking: true, tryItOutEnabled: false, validatorUrl: null });\n`;

const CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self' data:";

function serve(ctx: Context, a: Asset, maxAge: number) {
  ctx.set('ETag', a.etag);
  ctx.set('Cache-Control', `public, max-age=${maxAge}`);
  ctx.type = a.type;
  if (notModified(ctx.get('if-none-match'), '', { etag: a.etag, lastModified: new Date(0) })) {
    ctx.status = 304;
    return;
  }
  ctx.body = a.body;
}

/**
 * The document Swagger UI shows: openapi.yaml bundled, its servers this hub. First the origin the
 * page was loaded from (a relative URL: whatever host and port the browser used, which the page's
 * CSP lets it call), then HUB_PUBLIC_URL when that names somewhere else.
 */
export function docsDocument(yaml: string, schemaFile: (path: string) => Record<string, unknown>, publicUrl: string): Record<string, unknown> {
  const bundled = bundleOpenApi(parseYaml(yaml) as Record<string, unknown>, schemaFile);
  const base = new URL(publicUrl);
  const path = base.pathname.replace(/\/+$/, '');
  const servers: { url: string; description: string }[] = [{ url: path || '/', description: 'This hub' }];
  servers.push({ url: `${base.origin}${path}`, description: 'This hub at its public URL (HUB_PUBLIC_URL)' });
  return { ...bundled, servers };
}

export function docsRoutes(router: Router, publicUrl: string) {
  // read once: these files do not change while the hub runs
  const yaml = readFileSync(root('openapi.yaml'), 'utf8');
  const spec = asset(yaml, 'application/yaml; charset=utf-8');
  const readSchema = (f: string) => JSON.parse(readFileSync(root(`schemas/${f}`), 'utf8')) as Record<string, unknown>;
  const schemas = new Map<string, Asset>(SCHEMA_FILES.map((f) => [f, asset(readFileSync(root(`schemas/${f}`)), 'application/schema+json')]));
  const page = asset(DOCS_PAGE, 'text/html; charset=utf-8');
  const assets = new Map<string, Asset>([
    ['swagger-ui.css', asset(readFileSync(join(swaggerDir, 'swagger-ui.css')), 'text/css; charset=utf-8')],
    ['swagger-ui-bundle.js', asset(readFileSync(join(swaggerDir, 'swagger-ui-bundle.js')), 'text/javascript; charset=utf-8')],
    ['favicon-32x32.png', asset(readFileSync(join(swaggerDir, 'favicon-32x32.png')), 'image/png')],
    ['init.js', asset(INIT, 'text/javascript; charset=utf-8')],
    ['openapi.json', asset(JSON.stringify(docsDocument(yaml, readSchema, publicUrl)), 'application/json; charset=utf-8')],
  ]);

  router.get('/openapi.yaml', (ctx) => serve(ctx, spec, 300));
  for (const folder of ['', 'adapters/']) {
    router.get(`/schemas/${folder}:file`, (ctx) => {
      const schema = schemas.get(`${folder}${ctx.params.file}`);
      if (!schema) throw notFound('schema', `${folder}${ctx.params.file}`);
      serve(ctx, schema, 300);
    });
  }
  // "Try it out" may call the hub at its public URL too (the second server)
  const csp = CSP.replace("connect-src 'self'", `connect-src 'self' ${new URL(publicUrl).origin}`);
  router.get('/docs', (ctx) => {
    ctx.set('Content-Security-Policy', csp);
    serve(ctx, page, 300);
  });
  router.get('/docs/:asset', (ctx) => {
    const a = assets.get(ctx.params.asset);
    if (!a) throw notFound('documentation file', ctx.params.asset);
    serve(ctx, a, 86_400);
  });
}

/**
 * openapi.yaml as one self-contained document, for Swagger UI at /docs: every `$ref` into the
 * JSON Schema files of schemas/ (whose `$id`s, https://portal-hub.example/schemas/…, a browser
 * cannot fetch) is resolved into `components/schemas` and rewritten to point there. The split
 * files stay what tools and the hub's own validation read; this is built once, when the docs
 * routes are set up.
 *
 * Naming: a component of openapi.yaml that is only a `$ref` to a file or a `$defs` entry (Item,
 * Portal, PortalLevel …) receives that schema under its own name; any other file or `$defs` entry
 * referenced becomes `<file stem>.<def>` (`common.portalId`), a whole file `<file stem>`.
 */
import { SCHEMA_BASE } from '../../schemas/index.ts';

type Json = unknown;
type JsonObject = Record<string, Json>;

const isObject = (v: Json): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Where openapi.yaml sits among the schema `$id`s: its `./schemas/x.json` is `${SCHEMA_BASE}schemas/x.json`. */
const DOCUMENT_URL = `${SCHEMA_BASE}openapi.yaml`;
const SCHEMAS_URL = `${SCHEMA_BASE}schemas/`;

/**
 * @param spec openapi.yaml, parsed (not modified)
 * @param schemaFile the JSON Schema file of schemas/ at a path relative to it (`adapters/html.schema.json`)
 */
export function bundleOpenApi(spec: JsonObject, schemaFile: (path: string) => JsonObject): JsonObject {
  const doc = structuredClone(spec);
  const components = (doc.components ??= {}) as JsonObject;
  const schemas = (components.schemas ??= {}) as JsonObject;

  /** Target of an external reference (file and `$defs` name, or the file itself) → component name. */
  const names = new Map<string, string>();
  /** Component name → the schema file and definition it holds, waiting to be copied in. */
  const pending: { name: string; file: string; def?: string }[] = [];
  const taken = new Set(Object.keys(schemas));

  /** `file` relative to schemas/, the `$defs` entry, the pointer below it. */
  const split = (ref: string, base: string): { file: string; def?: string; rest: string } | undefined => {
    const url = new URL(ref, base);
    if (!url.href.startsWith(SCHEMAS_URL)) return undefined;
    const file = url.pathname.slice(new URL(SCHEMAS_URL).pathname.length);
    const pointer = decodeURIComponent(url.hash.replace(/^#/, ''));
    const m = /^\/\$defs\/([^/]+)(\/.*)?$/.exec(pointer);
    if (m) return { file, def: m[1], rest: m[2] ?? '' };
    return { file, rest: pointer };
  };
  const keyOf = (file: string, def?: string) => (def ? `${file}#/$defs/${def}` : file);
  const stem = (file: string) => file.replace(/^.*\//, '').replace(/\.schema\.json$|\.json$/, '');

  // components that only alias a schema file or definition take that schema's place, under their name
  for (const [name, value] of Object.entries(schemas)) {
    if (!isObject(value) || typeof value.$ref !== 'string' || Object.keys(value).length !== 1) continue;
    const target = split(value.$ref, DOCUMENT_URL);
    if (!target || target.rest || names.has(keyOf(target.file, target.def))) continue;
    names.set(keyOf(target.file, target.def), name);
    pending.push({ name, file: target.file, def: target.def });
  }

  const componentFor = (file: string, def?: string): string => {
    const key = keyOf(file, def);
    let name = names.get(key);
    if (!name) {
      const wanted = def ? `${stem(file)}.${def}` : stem(file);
      name = wanted;
      for (let i = 2; taken.has(name); i++) name = `${wanted}${i}`;
      names.set(key, name);
      pending.push({ name, file, def });
    }
    taken.add(name);
    return name;
  };

  /** Copies `node`, its references to schema files rewritten (relative to `base`, the URL of the file it is in). */
  const rewrite = (node: Json, base: string): Json => {
    if (Array.isArray(node)) return node.map((v) => rewrite(v, base));
    if (!isObject(node)) return node;
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') {
        const target = split(v, base);
        out[k] = target ? `#/components/schemas/${componentFor(target.file, target.def)}${target.rest}` : v;
      } else out[k] = rewrite(v, base);
    }
    return out;
  };

  // the OpenAPI document itself, except the alias components (replaced below)
  for (const [k, v] of Object.entries(doc)) if (k !== 'components') doc[k] = rewrite(v, DOCUMENT_URL);
  for (const [k, v] of Object.entries(components)) if (k !== 'schemas') components[k] = rewrite(v, DOCUMENT_URL);
  const aliases = new Set(pending.map((p) => p.name));
  for (const [k, v] of Object.entries(schemas)) if (!aliases.has(k)) schemas[k] = rewrite(v, DOCUMENT_URL);

  // then every schema file or definition referenced, transitively
  for (let i = 0; i < pending.length; i++) {
    const { name, file, def } = pending[i];
    const whole = schemaFile(file);
    const fileUrl = `${SCHEMAS_URL}${file}`;
    const defs = (isObject(whole.$defs) ? whole.$defs : {}) as JsonObject;
    let schema: Json;
    if (def) {
      if (!(def in defs)) throw new Error(`openapi bundle: ${file} has no $defs/${def}`);
      schema = defs[def];
    } else {
      // the file's own definitions are components of their own; its `$id` and `$schema` are left out
      // so nothing in the page resolves against https://portal-hub.example/
      schema = Object.fromEntries(Object.entries(whole).filter(([k]) => k !== '$id' && k !== '$schema' && k !== '$defs'));
    }
    schemas[name] = rewrite(schema, fileUrl);
  }
  return doc;
}

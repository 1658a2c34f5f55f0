/**
 * The JSON Schemas in this folder are the single source of truth for the hub's data shapes.
 * They are compiled once here, with one Ajv instance per coercion mode; TypeScript types come
 * from openapi.yaml (which $refs these files) through `npm run gen:api`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule, { type FormatsPlugin } from 'ajv-formats';
import { parse as parseYaml } from 'yaml';

// ajv-formats is CommonJS; under ESM its default export arrives wrapped.
const addFormats: FormatsPlugin = (addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? (addFormatsModule as unknown as FormatsPlugin);

export const SCHEMA_BASE = 'https://portal-hub.example/';
const here = (name: string) => fileURLToPath(new URL(name, import.meta.url));

/** Every schema file, by the name other files $ref it by. Adapter option schemas are listed here too. */
export const SCHEMA_FILES = [
  'common.schema.json',
  'portal.schema.json',
  'source.schema.json',
  'item.schema.json',
  'config.schema.json',
  'topics.schema.json',
  'access.schema.json',
  'adapters/feed.schema.json',
  'adapters/fields.schema.json',
  'adapters/html.schema.json',
  'adapters/json.schema.json',
  'adapters/sitemap.schema.json',
] as const;

function readJson(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(here(name), 'utf8'));
}

/*
 * openapi.yaml (OpenAPI 3.1) as far as code reads it; anything else in it stays `unknown`. Where
 * the document may hold a Reference Object instead, the type is `OpenApiRef<T>`; the objects that
 * may be referenced say `$ref?: undefined`, so `node.$ref` tells the two apart.
 */
export interface OpenApiReference {
  $ref: string;
}
export type OpenApiRef<T> = T | OpenApiReference;
interface NotReference {
  $ref?: undefined;
}
export interface OpenApiExample extends NotReference {
  value?: unknown;
}
export interface OpenApiParameter extends NotReference {
  name: string;
  in: 'query' | 'header' | 'path' | 'cookie';
  required?: boolean;
  schema?: unknown;
  example?: unknown;
}
export interface OpenApiHeader extends NotReference {
  schema?: unknown;
  example?: unknown;
}
export interface OpenApiMediaType {
  schema?: unknown;
  example?: unknown;
  examples?: Record<string, OpenApiRef<OpenApiExample>>;
}
export interface OpenApiRequestBody extends NotReference {
  content: Record<string, OpenApiMediaType>;
}
export interface OpenApiResponse extends NotReference {
  headers?: Record<string, OpenApiRef<OpenApiHeader>>;
  content?: Record<string, OpenApiMediaType>;
}
export interface OpenApiOperation {
  operationId?: string;
  parameters?: OpenApiRef<OpenApiParameter>[];
  requestBody?: OpenApiRef<OpenApiRequestBody>;
  responses?: Record<string, OpenApiRef<OpenApiResponse>>;
}
export type OpenApiMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';
export type OpenApiPathItem = { [M in OpenApiMethod]?: OpenApiOperation } & { parameters?: OpenApiRef<OpenApiParameter>[]; [field: string]: unknown };
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, OpenApiPathItem>;
  [field: string]: unknown;
}

/** The OpenAPI document, loaded as a schema so request and response shapes can be $ref'd by pointer. */
export function loadOpenApi(): OpenApiDocument {
  return parseYaml(readFileSync(here('../openapi.yaml'), 'utf8'));
}

function build(coerceTypes: boolean): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    strictRequired: false,
    // query strings arrive as strings; only the query validator coerces
    coerceTypes: coerceTypes ? 'array' : false,
    useDefaults: true,
    // lengths in UTF-16 code units, as the normalizer cuts text (cutAtWord): never more lenient
    // than the schema. Counting code points walked every string to its end, three quarters of an
    // item's validation time (2 KB of contentHtml). Ajv 8 still honours the option but calls it
    // deprecated on every start, hence the logger that leaves that one notice out.
    unicode: false,
    logger: { log: console.log, warn: (...args: unknown[]) => void (String(args[0]).startsWith('DEPRECATED: option unicode') || console.warn(...args)), error: console.error },
  });
  addFormats(ajv);
  // OpenAPI keywords that may sit beside schema keywords; they carry documentation only.
  ajv.addVocabulary(['example', 'openapi', 'info', 'servers', 'tags', 'paths', 'components', 'security']);
  for (const file of SCHEMA_FILES) ajv.addSchema(readJson(file));
  ajv.addSchema({ ...loadOpenApi(), $id: `${SCHEMA_BASE}openapi.yaml` });
  return ajv;
}

let strictAjv: Ajv2020 | undefined;
let coercingAjv: Ajv2020 | undefined;

/** The shared Ajv instance (no coercion): bodies, items, config. */
export function ajv(): Ajv2020 {
  return (strictAjv ??= build(false));
}

/** The Ajv instance for query strings, which coerces "5" to 5 and "a" to ["a"]. */
export function queryAjv(): Ajv2020 {
  return (coercingAjv ??= build(true));
}

const compiled = new Map<string, ValidateFunction>();

/** A compiled validator for a schema reference such as `item.schema.json` or `openapi.yaml#/components/schemas/PortalInput`. */
export function validatorFor<T = unknown>(ref: string): ValidateFunction<T> {
  const id = ref.startsWith('http') ? ref : SCHEMA_BASE + (ref.endsWith('.yaml') || ref.includes('openapi.yaml') ? ref : `schemas/${ref}`);
  let fn = compiled.get(id);
  if (!fn) {
    fn = ajv().compile({ $ref: id });
    compiled.set(id, fn);
  }
  return fn as ValidateFunction<T>;
}

export interface FieldError {
  field: string;
  message: string;
}

/** Turns Ajv's errors into one entry per field, worded for an operator. */
/** The text patterns of common.schema.json that refuse control characters, and what their failure says in words. */
const CONTROL_FREE = new Set([
  '^[^\\u0000-\\u001F\\u007F-\\u009F\\uD800-\\uDFFF\\uFFFE\\uFFFF]*$',
  '^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\uD800-\\uDFFF\\uFFFE\\uFFFF]*$',
]);
const CONTROL_CHARACTERS = 'must not contain control characters (U+0000–U+001F, U+007F–U+009F) or unpaired surrogates';

export function fieldErrors(errors: ErrorObject[] | null | undefined, prefix = ''): FieldError[] {
  if (!errors) return [];
  const out: FieldError[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    let field = prefix + e.instancePath;
    let message = e.message ?? 'is invalid';
    if (e.keyword === 'required') {
      field += `/${(e.params as { missingProperty: string }).missingProperty}`;
      message = 'is required';
    }
    if (e.keyword === 'additionalProperties' || e.keyword === 'unevaluatedProperties') {
      const extra = (e.params as { additionalProperty?: string; unevaluatedProperty?: string });
      field += `/${extra.additionalProperty ?? extra.unevaluatedProperty}`;
      message = 'is not a known field';
    }
    if (e.keyword === 'pattern' && CONTROL_FREE.has((e.params as { pattern: string }).pattern)) message = CONTROL_CHARACTERS;
    if (e.keyword === 'enum') message = `must be one of: ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
    const key = `${field}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ field: field || '/', message });
  }
  return out;
}

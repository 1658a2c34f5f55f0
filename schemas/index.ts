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
  'webhook.schema.json',
  'scorecard.schema.json',
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
    // errors carry the schema they come from, so fieldErrors can read its `x-message`
    verbose: true,
    logger: { log: console.log, warn: (...args: unknown[]) => void (String(args[0]).startsWith('DEPRECATED: option unicode') || console.warn(...args)), error: console.error },
  });
  addFormats(ajv);
  // RFC 3986's grammar lets through hosts the WHATWG parser (new URL, used by everything that
  // fetches or resolves) refuses: http://a%00b.example.com/, a space in the host. A `uri` must
  // satisfy both, so such a URL is a 400 naming the field, never a TypeError deeper in.
  const rfc3986 = ajv.formats.uri as (s: string) => boolean;
  ajv.addFormat('uri', (s: string) => rfc3986(s) && URL.canParse(s));
  // OpenAPI keywords that may sit beside schema keywords; they carry documentation only.
  ajv.addVocabulary(['example', 'openapi', 'info', 'servers', 'tags', 'paths', 'components', 'security']);
  // what a value must look like, in words with an example: read by fieldErrors instead of Ajv's wording
  ajv.addKeyword({ keyword: MESSAGE, metaSchema: { type: 'string', minLength: 1 } });
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

/**
 * The annotation a schema gives for what its value must look like, worded to follow the field's
 * name ("must be a lower-case slug …, e.g. quang-ninh"). It replaces Ajv's wording of the value's
 * own checks (a pattern, a format, anyOf), so a regex or a list of branches never reaches a person.
 */
export const MESSAGE = 'x-message';

/** Keywords about a property of the object rather than the value itself: their wording stays. */
const ABOUT_PROPERTIES = new Set(['required', 'additionalProperties', 'unevaluatedProperties', 'dependentRequired', 'propertyNames']);

/** A format's failure in words, where the schema gives no `x-message` of its own. */
const FORMAT_MESSAGES: Record<string, string> = {
  uri: 'must be an absolute address, e.g. https://example.gov.vn/',
  'date-time': 'must be a date-time with a UTC offset, e.g. 2026-11-24T08:00:00+07:00',
  date: 'must be a date, e.g. 2025-07-01',
  regex: 'must be a valid regular expression',
};

/** Ajv's bounds and types in plain words ("must be at least 16 characters", not "must NOT have fewer than 16 characters"). */
const TYPE_WORDS: Record<string, string> = {
  integer: 'a whole number',
  number: 'a number',
  string: 'text',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};
const KEYWORD_MESSAGES: Record<string, (params: Record<string, unknown>) => string | undefined> = {
  minLength: ({ limit }) => (limit === 1 ? 'must not be empty' : `must be at least ${limit} characters`),
  maxLength: ({ limit }) => `must be at most ${limit} characters`,
  minimum: ({ limit }) => `must be at least ${limit}`,
  maximum: ({ limit }) => `must be at most ${limit}`,
  exclusiveMinimum: ({ limit }) => `must be more than ${limit}`,
  exclusiveMaximum: ({ limit }) => `must be less than ${limit}`,
  minItems: ({ limit }) => `must have at least ${limit} ${limit === 1 ? 'entry' : 'entries'}`,
  maxItems: ({ limit }) => `must have at most ${limit} ${limit === 1 ? 'entry' : 'entries'}`,
  uniqueItems: () => 'must not list the same entry twice',
  type: ({ type }) => (typeof type === 'string' && TYPE_WORDS[type] ? `must be ${TYPE_WORDS[type]}` : undefined),
};

const messageOf = (e: ErrorObject): string | undefined => {
  if (ABOUT_PROPERTIES.has(e.keyword)) return undefined;
  const m = (e.parentSchema as Record<string, unknown> | undefined)?.[MESSAGE];
  if (typeof m === 'string') return m;
  if (e.keyword === 'format') return FORMAT_MESSAGES[(e.params as { format: string }).format];
  return KEYWORD_MESSAGES[e.keyword]?.(e.params as Record<string, unknown>);
};

/** Turns Ajv's errors into one entry per field, worded for an operator. */
export function fieldErrors(errors: ErrorObject[] | null | undefined, prefix = ''): FieldError[] {
  if (!errors) return [];
  const out: FieldError[] = [];
  const seen = new Set<string>();
  // a value that matches none of the branches of an annotated anyOf/oneOf gets that one message,
  // not one line per branch
  const covered = new Set(errors.filter((e) => (e.keyword === 'anyOf' || e.keyword === 'oneOf') && messageOf(e)).map((e) => e.instancePath));
  for (const e of errors) {
    let field = prefix + e.instancePath;
    const own = messageOf(e);
    if (covered.has(e.instancePath) && !((e.keyword === 'anyOf' || e.keyword === 'oneOf') && own)) continue;
    let message = own ?? e.message ?? 'is invalid';
    if (e.keyword === 'required') {
      field += `/${(e.params as { missingProperty: string }).missingProperty}`;
      message = 'is required';
    }
    if (e.keyword === 'additionalProperties' || e.keyword === 'unevaluatedProperties') {
      const extra = e.params as { additionalProperty?: string; unevaluatedProperty?: string };
      field += `/${extra.additionalProperty ?? extra.unevaluatedProperty}`;
      message = 'is not a known field';
    }
    if (e.keyword === 'enum' && !own) message = `must be one of: ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
    const key = `${field}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ field: field || '/', message });
  }
  return out;
}

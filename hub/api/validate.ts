/**
 * Request validation from openapi.yaml: each operation's body and query schema are compiled once
 * with the shared Ajv and checked before a handler runs. Errors name the field.
 */
import type { Context } from 'koa';
import type { ValidateFunction } from 'ajv';
import {
  fieldErrors,
  loadOpenApi,
  queryAjv,
  SCHEMA_BASE,
  validatorFor,
  type OpenApiDocument,
  type OpenApiOperation,
  type OpenApiRef,
} from '../../schemas/index.ts';
import { invalidRequest, HubError } from '../errors.ts';

interface OperationRef {
  path: string;
  method: string;
  op: OpenApiOperation;
}

let operations: Map<string, OperationRef> | undefined;
let openapi: OpenApiDocument | undefined;
const doc = (): OpenApiDocument => (openapi ??= loadOpenApi());

function operation(operationId: string): OperationRef {
  if (!operations) {
    operations = new Map();
    for (const [path, item] of Object.entries(doc().paths)) {
      // operations are the path item's fields that have an operationId (its `parameters`, `summary`... have none)
      for (const [method, op] of Object.entries<unknown>(item)) if (isOperation(op)) operations.set(op.operationId, { path, method, op });
    }
  }
  const found = operations.get(operationId);
  if (!found) throw new Error(`openapi.yaml has no operation ${operationId}`);
  return found;
}

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
const isOperation = (v: unknown): v is OpenApiOperation & { operationId: string } => !!(v as OpenApiOperation | null | undefined)?.operationId;
/** The node a local `$ref` points at (openapi.yaml puts a node of the same kind there), with the pointer. */
const deref = <T extends { $ref?: undefined }>(node: OpenApiRef<T>): { node: T; at?: string } => {
  if (!node?.$ref?.startsWith('#/')) return { node: node as T };
  const target = node.$ref
    .slice(2)
    .split('/')
    .reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], doc());
  return { node: target as T, at: node.$ref.slice(1) };
};

const bodyValidators = new Map<string, ValidateFunction>();
const queryValidators = new Map<string, ValidateFunction>();

/** The request body, validated against the operation's JSON request body schema. */
export function validBody<T>(ctx: Context, operationId: string): T {
  let validate = bodyValidators.get(operationId);
  if (!validate) {
    const { path, method } = operation(operationId);
    validate = validatorFor(`${SCHEMA_BASE}openapi.yaml#/${pointer('paths', path, method, 'requestBody', 'content', 'application/json', 'schema')}`);
    bodyValidators.set(operationId, validate);
  }
  const body = (ctx.request as { body?: unknown }).body;
  if (body === undefined)
    throw new HubError('REQUEST.BODY_REQUIRED', 'This request needs a JSON body (Content-Type: application/json)', {
      errors: [{ field: '/', message: 'is required' }],
    });
  if (!validate(body)) throw invalidRequest(fieldErrors(validate.errors), 'request body');
  return body as T;
}

/** The query string, coerced and validated against the operation's query parameters. */
export function validQuery<T>(ctx: Context, operationId: string): T {
  return checkQuery<T>({ ...ctx.query }, operationId);
}

/** A query (as parsed from a URL) checked against an operation's query parameters, e.g. a WebSub topic's. */
export function checkQuery<T>(query: Record<string, unknown>, operationId: string): T {
  let validate = queryValidators.get(operationId);
  if (!validate) {
    const { path, method, op } = operation(operationId);
    const properties: Record<string, unknown> = {};
    const required: string[] = [];
    (op.parameters ?? []).forEach((raw, i) => {
      const { node, at } = deref(raw);
      if (node.in !== 'query') return;
      properties[node.name] = { $ref: `${SCHEMA_BASE}openapi.yaml#${at ?? `/${pointer('paths', path, method, 'parameters', String(i))}`}/schema` };
      if (node.required) required.push(node.name);
    });
    validate = queryAjv().compile({ type: 'object', properties, required, additionalProperties: false });
    queryValidators.set(operationId, validate);
  }
  if (!validate(query)) {
    const errors = fieldErrors(validate.errors).map((e) => ({
      field: e.field.replace(/^\//, '').split('/')[0] || e.field,
      message: e.message === 'is not a known field' ? 'is not a known query parameter' : e.message,
    }));
    throw invalidRequest(errors, 'query');
  }
  return query as T;
}

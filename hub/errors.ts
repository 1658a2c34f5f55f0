/**
 * Errors are values with a kind. Each kind maps to an HTTP status; each error has a stable
 * dotted code (FETCH.TIMEOUT, PARSE.NOT_A_FEED, REQUEST.INVALID …) and a message an operator
 * can act on. The API renders them as RFC 9457 problem+json; sources keep them as `lastError`.
 */
import type { FieldError } from '../schemas/index.ts';

export type ErrorKind =
  | 'fetch' // the portal could not be reached or answered badly
  | 'parse' // the body is not something the adapter can read
  | 'validation' // a request or an item does not match its schema
  | 'auth' // no key or a wrong key
  | 'forbidden' // a key without the right scope
  | 'not_found'
  | 'conflict'
  | 'unprocessable' // well-formed but refers to what does not fit (unknown portal, unknown kind)
  | 'limit' // too large, too many, too often
  | 'internal';

const STATUS: Record<ErrorKind, number> = {
  fetch: 502,
  parse: 422,
  validation: 400,
  auth: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  limit: 429,
  internal: 500,
};

export interface HubErrorOptions {
  status?: number;
  errors?: FieldError[];
  cause?: unknown;
  headers?: Record<string, string>;
  /** A portal's answer asked to be left alone this long (its Retry-After), in milliseconds. */
  retryAfterMs?: number;
}

export class HubError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly status: number;
  readonly errors?: FieldError[];
  readonly headers?: Record<string, string>;
  readonly retryAfterMs?: number;
  /** Internal errors hide their message from API clients. */
  readonly expose: boolean;

  constructor(kind: ErrorKind, code: string, message: string, options: HubErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HubError';
    this.kind = kind;
    this.code = code;
    this.status = options.status ?? STATUS[kind];
    this.errors = options.errors;
    this.headers = options.headers;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    this.expose = kind !== 'internal';
  }
}

export function isHubError(e: unknown): e is HubError {
  return e instanceof HubError;
}

/** Any thrown value as a HubError, keeping HubErrors as they are. */
export function asHubError(e: unknown, fallbackCode = 'INTERNAL'): HubError {
  if (e instanceof HubError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new HubError('internal', fallbackCode, message, { cause: e });
}

export const notFound = (what: string, id: string) =>
  new HubError('not_found', `${what.toUpperCase()}.NOT_FOUND`, `No ${what} with id "${id}"`);

export const invalidRequest = (errors: FieldError[], where = 'request') =>
  new HubError('validation', 'REQUEST.INVALID', `The ${where} is invalid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, { errors });

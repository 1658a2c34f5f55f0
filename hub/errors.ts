/**
 * Errors are values with a code from the catalogue (hub/error-catalogue.ts): the code gives the
 * kind, the HTTP status and the problem+json title; each error also has a message an operator can
 * act on. The API renders them as RFC 9457 problem+json; sources keep them as `lastError`.
 */
import type { FieldError } from '../schemas/index.ts';
import type { Problem } from './model.ts';
import { ERROR_CATALOGUE, exposed, isErrorCode, statusOf, type CodeOfKind, type ErrorCode, type ErrorKind } from './error-catalogue.ts';

export type { CodeOfKind, ErrorCode, ErrorKind } from './error-catalogue.ts';

/**
 * Members a problem+json body carries beyond the standard ones, for the codes that say more
 * (a refused registration's candidates, the TLS check that failed …): each is in openapi.yaml's Problem.
 */
export type ProblemExtensions = Omit<Problem, 'type' | 'title' | 'status' | 'detail' | 'instance' | 'code' | 'errors'>;

export interface HubErrorOptions {
  /** Only where one code covers several statuses (a status another layer chose, a remote answer). */
  status?: number;
  errors?: FieldError[];
  cause?: unknown;
  headers?: Record<string, string>;
  /** A portal's answer asked to be left alone this long (its Retry-After), in milliseconds. */
  retryAfterMs?: number;
  /**
   * The non-public address a host name resolved to (FETCH.PRIVATE_ADDRESS). Kept out of the
   * message, which the public may see: it tells of the internal DNS. Only those who manage the
   * source see it (a source's lastError.resolvedAddress).
   */
  resolvedAddress?: string;
  /** The HTTP status a portal answered, when the error is about that answer. */
  upstreamStatus?: number;
  /** Extra members of the problem+json body (shown only when the error is exposed). */
  extensions?: ProblemExtensions;
}

export class HubError extends Error {
  readonly kind: ErrorKind;
  readonly code: ErrorCode;
  readonly status: number;
  /** The HTTP status a portal answered, when the error is about that answer. */
  readonly upstreamStatus?: number;
  readonly errors?: FieldError[];
  readonly headers?: Record<string, string>;
  readonly retryAfterMs?: number;
  readonly resolvedAddress?: string;
  /** Extra members of the problem+json body. */
  readonly extensions?: ProblemExtensions;
  /** Internal errors hide their message from API clients. */
  readonly expose: boolean;

  constructor(code: ErrorCode, message: string, options: HubErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HubError';
    // a code from outside the types (a cast) counts as internal rather than throwing here
    const known = isErrorCode(code);
    this.kind = known ? ERROR_CATALOGUE[code].kind : 'internal';
    this.code = code;
    this.status = options.status ?? (known ? statusOf(code) : statusOf('INTERNAL'));
    this.errors = options.errors;
    this.headers = options.headers;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options.resolvedAddress !== undefined) this.resolvedAddress = options.resolvedAddress;
    if (options.upstreamStatus !== undefined) this.upstreamStatus = options.upstreamStatus;
    if (options.extensions !== undefined) this.extensions = options.extensions;
    this.expose = known && exposed(code);
  }

  /** The catalogue's short title for this error's code. */
  get title(): string {
    return (isErrorCode(this.code) ? ERROR_CATALOGUE[this.code] : ERROR_CATALOGUE.INTERNAL).title;
  }
}

export function isHubError(e: unknown): e is HubError {
  return e instanceof HubError;
}

/** Any thrown value as a HubError, keeping HubErrors as they are. */
export function asHubError(e: unknown, fallbackCode: CodeOfKind<'internal'> = 'INTERNAL'): HubError {
  if (e instanceof HubError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new HubError(fallbackCode, message, { cause: e });
}

/** The not-found code of each thing notFound() is asked about. */
const NOT_FOUND = {
  portal: 'PORTAL.NOT_FOUND',
  source: 'SOURCE.NOT_FOUND',
  item: 'ITEM.NOT_FOUND',
  key: 'KEY.NOT_FOUND',
  webhook: 'WEBHOOK.NOT_FOUND',
  schema: 'SCHEMA.NOT_FOUND',
  'documentation file': 'DOCS.NOT_FOUND',
} as const satisfies Record<string, CodeOfKind<'not_found'>>;

export const notFound = (what: keyof typeof NOT_FOUND, id: string) => new HubError(NOT_FOUND[what], `No ${what} with id "${id}"`);

export const invalidRequest = (errors: FieldError[], where = 'request') =>
  new HubError('REQUEST.INVALID', `The ${where} is invalid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, { errors });

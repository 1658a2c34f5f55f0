/** The adapters this hub knows, by kind. Explicit on purpose: no directory scanning. */
import type { Adapter } from './types.ts';
import { feedAdapter } from './feed/index.ts';
import { htmlAdapter } from './html/index.ts';
import { jsonAdapter } from './json/index.ts';
import { sitemapAdapter } from './sitemap/index.ts';
import { HubError } from '../hub/errors.ts';
import { fieldErrors, validatorFor, type FieldError } from '../schemas/index.ts';

const ADAPTERS: ReadonlyMap<string, Adapter> = new Map([feedAdapter, htmlAdapter, jsonAdapter, sitemapAdapter].map((a) => [a.kind, a]));

export function adapterKinds(): string[] {
  return [...ADAPTERS.keys()];
}

export function getAdapter(kind: string): Adapter {
  const adapter = ADAPTERS.get(kind);
  if (!adapter)
    throw new HubError('SOURCE.UNKNOWN_KIND', `Unknown source kind "${kind}"; known kinds: ${adapterKinds().join(', ')}`, {
      errors: [{ field: '/kind', message: `must be one of: ${adapterKinds().join(', ')}` }],
    });
  return adapter;
}

/**
 * What is wrong with a kind's options: the schema first (filling in its defaults), then the
 * adapter's own checks (html: CSS selector syntax). Fields are `/options/...`; empty when they fit.
 */
export function optionErrors(adapter: Adapter, options: Record<string, unknown>): FieldError[] {
  const validate = validatorFor(adapter.optionsSchema);
  if (!validate(options)) return fieldErrors(validate.errors, '/options');
  return adapter.checkOptions?.(options) ?? [];
}

/** Throws SOURCE.INVALID_OPTIONS naming each field when the options do not fit the kind. */
export function assertOptions(adapter: Adapter, options: Record<string, unknown>): void {
  const errors = optionErrors(adapter, options);
  if (errors.length) throw new HubError('SOURCE.INVALID_OPTIONS', `The options do not fit the "${adapter.kind}" adapter`, { errors });
}

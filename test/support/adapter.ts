/** Runs an adapter the way the pipeline does: a real fetch (loopback allowed), options checked and defaulted by its schema. */
import { readFileSync } from 'node:fs';
import type { Adapter, AdapterResult } from '../../adapters/types.ts';
import { fetchUrl, type FetchPolicy } from '../../hub/pipeline/fetch.ts';
import { fieldErrors, validatorFor } from '../../schemas/index.ts';

export const LOOPBACK_POLICY: FetchPolicy = { timeoutMs: 5000, maxBytes: 5_000_000, allowPrivate: true };

/** A fixture file under test/fixtures/. */
export const fixture = (path: string) => readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8');

/** The options after schema validation (defaults filled in); throws when they do not fit. */
export function checkedOptions(adapter: Adapter, options: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(options);
  const validate = validatorFor(adapter.optionsSchema);
  if (!validate(copy)) throw new Error(`options do not fit ${adapter.optionsSchema}: ${JSON.stringify(fieldErrors(validate.errors))}`);
  return copy;
}

export async function fetchAndParse(adapter: Adapter, url: string, options: Record<string, unknown> = {}, policy = LOOPBACK_POLICY): Promise<AdapterResult> {
  const fetched = await fetchUrl({ url, accept: adapter.accept }, policy);
  return adapter.parse(fetched, { options: checkedOptions(adapter, options), fetch: (req) => fetchUrl(req, policy) });
}

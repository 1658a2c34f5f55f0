/**
 * The unit of extension. An adapter declares its kind, the JSON Schema of its options (a file in
 * schemas/adapters/) and a function from a fetched response to raw items. It never stores and
 * never normalizes: the shared pipeline does both. Adding a kind = one module here, its schema,
 * its fixture tests, and one line in registry.ts.
 */
import type { Fetched, FetchRequest } from '../hub/pipeline/fetch.ts';
import type { LayoutDrift } from '../hub/model.ts';
import type { FieldError } from '../schemas/index.ts';

/** An item as an adapter read it: strings as found, before normalization. */
export interface RawItem {
  guid?: string;
  url?: string;
  title?: string;
  /** May contain HTML; the normalizer makes plain text of it. */
  summary?: string;
  contentHtml?: string;
  /** Date strings as the portal wrote them. */
  published?: string;
  updated?: string;
  authors?: string[];
  categories?: string[];
  image?: string;
  media?: { url: string; type?: string; length?: number; medium?: string; title?: string }[];
  language?: string;
  /** Base for relative links in this item (xml:base, else the feed's URL). */
  baseUrl?: string;
  /** Base for relative links inside contentHtml/summary when the content element has its own xml:base. */
  contentBaseUrl?: string;
}

export interface AdapterResult {
  items: RawItem[];
  /** Things that were wrong but recovered from; kept on the source's health. */
  warnings: string[];
  /** What the adapter learned of the channel itself. */
  channel?: {
    title?: string;
    link?: string;
    description?: string;
    language?: string;
    websubHub?: string;
    selfUrl?: string;
    /** RSS <ttl>: minutes the channel may be cached before it is fetched again. */
    ttlMinutes?: number;
  };
  /**
   * Set by adapters that read a page's layout (html) when a selector matched nothing: no items,
   * or most items without a title or link. The pipeline keeps it on the source's health.
   */
  drift?: Omit<LayoutDrift, 'since'>;
}

export interface AdapterContext {
  /** The source's adapter options, already validated against the adapter's schema. */
  options: Record<string, unknown>;
  /** Fetch more pages (detail pages, pagination) under the same policy as the main fetch. */
  fetch(req: FetchRequest): Promise<Fetched>;
  /** The most bytes a body may decompress to (HUB_MAX_FEED_BYTES); adapters that gunzip a file apply it. */
  maxBytes?: number;
}

export interface Adapter {
  /** The `kind` of a source that uses this adapter. */
  readonly kind: string;
  readonly description: string;
  /** $id-relative name of the options schema, e.g. `adapters/feed.schema.json`. */
  readonly optionsSchema: string;
  /** What to send as Accept. */
  readonly accept?: string;
  /**
   * Checks of the options a JSON Schema cannot express (CSS selector syntax), run on registering
   * and on preview after the schema; one entry per field at fault, fields as `/options/...`.
   */
  checkOptions?(options: Record<string, unknown>): FieldError[];
  /** Reads a fetched response into raw items; throws a HubError of kind `parse` when it cannot. */
  parse(fetched: Fetched, ctx: AdapterContext): Promise<AdapterResult>;
}

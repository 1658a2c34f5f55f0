/**
 * The one catalogue of error codes. Every code the hub, its adapters and its CLI use is here,
 * with its kind (which gives the HTTP status and the CLI's exit code), its HTTP status when it is
 * not the kind's, a short title (the `title` of problem+json) and a hint: what an operator can do
 * about it, in plain words.
 *
 * `new HubError(code, message)` only takes a code listed here (ErrorCode); test/hub/errors.test.ts
 * checks that every code literal in the sources is listed and every entry is used (or says why
 * it is reserved). `npm run gen:api` writes the codes into openapi.yaml (Problem.code) and
 * docs/errors.md; `npm run check:api` fails when either is stale.
 *
 * Kinds and CLI exit codes (EXIT_BY_KIND in cli/context.ts): validation and unprocessable → 2
 * (bad usage or invalid input); fetch and unavailable → 3 (a portal, the hub or its store cannot
 * be reached, or a running hub holds the data dir); auth and forbidden → 4; not_found → 5;
 * conflict → 6; parse, limit and internal → 1.
 *
 * "No such portal" exits 5 wherever the portal is named, as the README says: a portal id that is
 * not registered is `not_found` whether it is the subject of the request (PORTAL.NOT_FOUND, 404)
 * or a reference inside its body (SOURCE.UNKNOWN_PORTAL, KEY.UNKNOWN_PORTAL); the latter keep the
 * HTTP status 422 (the request itself was found, what it points at was not).
 */

export type ErrorKind =
  | 'fetch' // the portal could not be reached or answered badly
  | 'parse' // the body is not something the adapter can read
  | 'validation' // a request or an item does not match its schema
  | 'auth' // no key or a wrong key
  | 'forbidden' // a key without the right scope
  | 'not_found' // no such thing (the subject of a request, or a portal it refers to)
  | 'conflict'
  | 'unprocessable' // well-formed but does not fit (unknown kind, misplaced portal, filter)
  | 'limit' // too large, too many, too often
  | 'unavailable' // the hub, its store or its data dir cannot be used right now
  | 'internal';

export const KIND_STATUS: Record<ErrorKind, number> = {
  fetch: 502,
  parse: 422,
  validation: 400,
  auth: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  limit: 429,
  unavailable: 503,
  internal: 500,
};

export interface CatalogueEntry {
  kind: ErrorKind;
  /** When it is not the kind's. */
  status?: number;
  /** Short, for problem+json `title`. */
  title: string;
  /** What an operator can do about it. */
  hint: string;
  /** Whether API clients see its message and code; by default all kinds but internal. */
  expose?: boolean;
  /** An entry no code uses (yet), and why it is kept. */
  reserved?: string;
}

export const ERROR_CATALOGUE = {
  // authentication and scope
  'AUTH.MISSING_KEY': {
    kind: 'auth',
    title: 'API key required',
    hint: 'Send the key as "Authorization: Bearer <key>". An admin creates keys with `hub keys create`.',
  },
  'AUTH.INVALID_KEY': {
    kind: 'auth',
    title: 'API key not valid',
    hint: "The key is unknown, revoked or expired: ask an admin for a new one (`hub keys list` shows each key's state).",
  },
  'AUTH.SCOPE': {
    kind: 'forbidden',
    title: "Outside the key's portals",
    hint: 'An operator key covers its portal and the portals below it: use a key for that portal, or an admin key.',
  },
  'AUTH.ADMIN_ONLY': { kind: 'forbidden', title: 'Admin key required', hint: 'Only an admin key can do this: ask an admin.' },

  // the CLI's own checks of its options
  'CLI.BAD_CONCURRENCY': { kind: 'validation', title: 'Bad --concurrency', hint: 'Give --concurrency a whole number from 1 to 64.' },
  'CLI.BAD_CONFIG': { kind: 'validation', title: 'Unreadable --config file', hint: "Give --config a file holding one JSON object: the source's options." },
  'CLI.BAD_EXPIRY': { kind: 'validation', title: 'Bad --expires', hint: 'Give a duration (30d, 12h) or a date (2027-01-01).' },
  'CLI.BAD_INTERVAL': { kind: 'validation', title: 'Bad --interval', hint: 'Give whole seconds, at least 60.' },
  'CLI.BAD_ROLE': { kind: 'validation', title: 'Bad --role', hint: 'Give --role admin or --role operator.' },
  'CLI.BAD_SCOPE': { kind: 'validation', title: 'Admin keys take no portal', hint: 'Leave out --portal: an admin key covers every portal.' },
  'CLI.CONFLICTING_OPTIONS': { kind: 'validation', title: 'Conflicting options', hint: 'Give only one of the options the message names.' },
  'CLI.NOTHING_TO_CHANGE': { kind: 'validation', title: 'Nothing to change', hint: 'Say what to change: --url, --interval, --pause or --resume.' },
  'CLI.PORTAL_REQUIRED': { kind: 'validation', title: '--portal required', hint: 'Give --portal <id>: the portal the source or the operator key belongs to.' },

  // the CLI talking to a remote hub (HUB_URL)
  'CLIENT.UNREACHABLE': { kind: 'unavailable', title: 'Hub unreachable', hint: 'Check HUB_URL and that the hub is running and reachable from here.' },
  'CLIENT.NOT_FOUND': {
    kind: 'not_found',
    title: 'Not found on the hub',
    hint: "The server at HUB_URL does not serve this path: check that HUB_URL is the hub's base URL.",
  },
  'CLIENT.DENIED': {
    kind: 'auth',
    title: 'Refused before the hub',
    hint: "Something in front of the hub (a proxy) refused the request: check HUB_URL and the proxy's access rules.",
  },
  'CLIENT.REJECTED': {
    kind: 'validation',
    title: 'Request refused',
    hint: 'The server at HUB_URL refused the request without saying why in a way this CLI knows: check the message, HUB_URL, and that the CLI and the hub are the same version.',
  },
  'CLIENT.HUB_ERROR': { kind: 'internal', title: 'Hub error', hint: 'The server at HUB_URL failed: its log has the details.' },

  // configuration
  'CONFIG.CA_FILE': {
    kind: 'validation',
    title: 'Unreadable HUB_FETCH_CA_FILE',
    hint: 'Point HUB_FETCH_CA_FILE at a readable file of PEM certificates (-----BEGIN CERTIFICATE-----).',
  },
  'CONFIG.INVALID': {
    kind: 'validation',
    title: 'Invalid configuration',
    hint: 'Fix the settings the message names (environment variables or options) and start again.',
  },

  // portal directory imports
  'DIRECTORY.EMPTY': { kind: 'validation', title: 'Empty directory file', hint: 'Send a file with at least one portal.' },
  'DIRECTORY.IMPORT_INVALID': {
    kind: 'validation',
    status: 422,
    title: 'Invalid directory rows',
    hint: 'Fix the rows listed in errors and import again: nothing was imported.',
  },
  'DIRECTORY.MALFORMED': {
    kind: 'validation',
    title: 'Unreadable directory file',
    hint: 'Send JSON (an array of portals, or an object with a "portals" array) or CSV with a header line.',
  },
  'DIRECTORY.TOO_MANY_ROWS': { kind: 'limit', status: 413, title: 'Directory file too large', hint: 'Split the file into smaller imports.' },
  'DIRECTORY.UNKNOWN_COLUMNS': {
    kind: 'validation',
    title: 'Unknown CSV columns',
    hint: 'Rename or drop the columns named; the message lists the known ones.',
  },

  'DISCOVER.FAILED': {
    kind: 'internal',
    title: 'Discovery failed',
    hint: "An unexpected error while probing a candidate feed: the hub's log has the details.",
  },
  'DOCS.NOT_FOUND': { kind: 'not_found', title: 'No such documentation file', hint: 'Check the path: /docs serves the API reference.' },
  'FEED.NOT_FOUND': { kind: 'not_found', title: 'No such feed', hint: 'Use one of the named feeds the message lists, or /feeds/all with filters.' },

  // fetching from portals (kept as a source's lastError)
  'FETCH.BAD_REDIRECT': {
    kind: 'fetch',
    title: 'Redirect without a target',
    hint: "The portal redirects without a Location header: register the final URL, or ask the portal's webmaster to fix the redirect.",
  },
  'FETCH.BAD_SCHEME': { kind: 'fetch', title: 'Not an http(s) URL', hint: 'Give an http:// or https:// URL.' },
  'FETCH.BAD_URL': { kind: 'fetch', title: 'Invalid URL', hint: 'Give a complete http(s) URL, without a user name or password in it.' },
  'FETCH.CONNECT_TIMEOUT': {
    kind: 'fetch',
    status: 504,
    title: 'Connection timed out',
    hint: "The portal did not accept a connection in time: check that it is up and reachable from the hub's network. The hub retries with backoff.",
  },
  'FETCH.DECOMPRESSED_TOO_LARGE': {
    kind: 'fetch',
    status: 502,
    title: 'Compressed file too large once decompressed',
    hint: 'The gzip file (a sitemap.xml.gz) decompresses to more than HUB_MAX_FEED_BYTES: point the source at a smaller file, or raise HUB_MAX_FEED_BYTES.',
  },
  'FETCH.DNS': { kind: 'fetch', title: 'Host name does not resolve', hint: 'Check the spelling of the host name and that it resolves from the hub.' },
  'FETCH.FAILED': {
    kind: 'internal',
    title: 'Fetch failed unexpectedly',
    hint: "An unexpected error while fetching: the hub's log has the details. The source is tried again at its next poll.",
  },
  'FETCH.HTTP_STATUS': {
    kind: 'fetch',
    title: 'Portal answered with an error',
    hint: 'Check that the URL still exists (404, 410), or wait for the portal to recover (5xx); the hub honours its Retry-After.',
  },
  'FETCH.NETWORK': { kind: 'fetch', title: 'Network error', hint: "Check that the portal is reachable from the hub's network. The hub retries with backoff." },
  'FETCH.PRIVATE_ADDRESS': {
    kind: 'fetch',
    status: 422,
    title: 'Non-public address',
    hint: 'The hub fetches from public addresses only. To allow an internal host, the deployment lists it in HUB_FETCH_ALLOW (or sets HUB_ALLOW_PRIVATE_FETCH).',
  },
  'FETCH.REFUSED': {
    kind: 'fetch',
    title: 'Connection refused',
    hint: "Nothing answers at that host and port: check the URL's port and that the portal's server is running.",
  },
  'FETCH.RESET': {
    kind: 'fetch',
    title: 'Connection closed early',
    hint: "The portal (or a firewall) closed the connection before answering completely. Usually passing; if it lasts, tell the portal's webmaster.",
  },
  'FETCH.TIMEOUT': {
    kind: 'fetch',
    status: 504,
    title: 'Portal timed out',
    hint: 'The portal did not answer completely in time: check that it is up. The hub retries with backoff.',
  },
  'FETCH.TLS': {
    kind: 'fetch',
    title: 'TLS verification failed',
    hint: "The portal's HTTPS certificate could not be verified: the portal's webmaster must fix it.",
  },
  'FETCH.TLS_EXPIRED': {
    kind: 'fetch',
    title: 'Certificate expired',
    hint: 'The portal must renew its certificate (or the hub\'s clock is wrong, when it is "not valid yet").',
  },
  'FETCH.TLS_HOSTNAME': {
    kind: 'fetch',
    title: 'Certificate for another host',
    hint: "Use the host name on the portal's certificate, or have its webmaster fix the certificate.",
  },
  'FETCH.TLS_INCOMPLETE_CHAIN': {
    kind: 'fetch',
    title: 'Incomplete certificate chain',
    hint: 'The portal must serve its intermediate certificate; meanwhile the deployment can add the intermediate with HUB_FETCH_CA_FILE.',
  },
  'FETCH.TLS_UNTRUSTED': {
    kind: 'fetch',
    title: 'Untrusted certificate',
    hint: "The certificate's CA is not trusted here: the deployment can trust it with HUB_FETCH_CA_FILE.",
  },
  'FETCH.TOO_LARGE': { kind: 'fetch', status: 502, title: 'Response too large', hint: 'Point the source at a smaller feed, or raise HUB_MAX_FEED_BYTES.' },
  'FETCH.TOO_MANY_REDIRECTS': {
    kind: 'fetch',
    title: 'Too many redirects',
    hint: 'Register the URL the redirects end at, or have the portal fix its redirect loop.',
  },

  'FILTER.INVALID': {
    kind: 'unprocessable',
    title: 'Filter cannot be applied',
    hint: 'Fix the filter fields named in errors (an unknown portal or topic, an empty range …).',
  },
  INTERNAL: {
    kind: 'internal',
    title: 'Internal error',
    hint: "A bug or an unexpected failure: the hub's log has the details; report it with the time of the request.",
  },

  // items
  'ITEM.INVALID': {
    kind: 'validation',
    title: 'Item rejected',
    hint: "These items miss what every item needs (a title, a link, a date) and are skipped: fix the source's options, or ask the portal to fix those items.",
  },
  'ITEM.NOT_FOUND': { kind: 'not_found', title: 'No such item', hint: 'Check the item id.' },
  'ITEM.NOT_WITHDRAWN': { kind: 'conflict', title: 'Item not withdrawn', hint: 'Only a withdrawn item can be restored: there is nothing to do.' },
  'ITEM.WITHDRAWN': { kind: 'not_found', status: 410, title: 'Item withdrawn', hint: 'The portal withdrew this item; it is no longer published.' },

  // API keys
  'KEY.EXPIRY_PAST': { kind: 'validation', title: 'Expiry in the past', hint: 'Give an expiry in the future.' },
  'KEY.NOT_FOUND': { kind: 'not_found', title: 'No such key', hint: 'Check the key id (`hub keys list`).' },
  'KEY.UNKNOWN_PORTAL': {
    kind: 'not_found',
    status: 422,
    title: 'Unknown portal',
    hint: 'Register the portal first (`hub portals add`), or fix the portal id.',
  },

  // OPML imports
  'OPML.EMPTY': { kind: 'validation', title: 'No feeds in the OPML file', hint: 'Send an OPML file whose outlines have an xmlUrl.' },
  'OPML.IMPORT_INVALID': {
    kind: 'validation',
    status: 422,
    title: 'Invalid OPML feeds',
    hint: 'Fix the outlines listed in errors and import again: nothing was imported.',
  },
  'OPML.MALFORMED': { kind: 'validation', title: 'Not an OPML file', hint: 'Send a well-formed XML file with an <opml> root.' },
  'OPML.TOO_MANY_FEEDS': { kind: 'limit', status: 413, title: 'Too many feeds in the OPML file', hint: 'Split the file into smaller imports.' },

  // reading what was fetched (kept as a source's lastError)
  'PARSE.ENCODING': {
    kind: 'parse',
    title: 'Unreadable encoding',
    hint: 'The body is binary or in an unknown charset: check that the URL gives a feed or a page, and that the portal declares its charset.',
  },
  'PARSE.FAILED': {
    kind: 'internal',
    title: 'Reading failed unexpectedly',
    hint: "An unexpected error while reading the content: the hub's log has the details.",
  },
  'PARSE.JSON': { kind: 'parse', title: 'Not JSON', hint: 'The URL does not give JSON: check the URL and the source kind.' },
  'PARSE.JSON_SHAPE': { kind: 'parse', title: 'No list in the JSON', hint: 'Fix options.mapping.items so that it leads to the list of posts.' },
  'PARSE.LAYOUT_DRIFT': {
    kind: 'parse',
    title: 'Page layout changed',
    hint: "The selectors no longer find the items: check the page with `hub check <url>` and update the source's options.",
  },
  'PARSE.NOT_A_FEED': {
    kind: 'parse',
    title: 'Not a feed',
    hint: "The URL gives no RSS, Atom or JSON Feed: look for the portal's feeds with discovery, or register the page as html.",
  },
  'PARSE.NOT_A_SITEMAP': { kind: 'parse', title: 'Not a sitemap', hint: 'Check that the URL gives a sitemap (a <urlset> or <sitemapindex>).' },
  'PARSE.NOT_WORDPRESS': { kind: 'parse', title: 'Not a WordPress post list', hint: 'Give options.mapping with the paths to the list and its fields.' },
  'PARSE.TIMEOUT': {
    kind: 'parse',
    title: 'Reading took too long',
    hint: 'The content is too large or too complex to read in time: use a smaller feed or simpler selectors.',
  },
  'PARSE.UNKNOWN_KIND': { kind: 'parse', title: 'Content not recognised', hint: "Give the source kind, or look for the portal's feeds with discovery." },
  'PARSE.WORKER': {
    kind: 'internal',
    title: 'Extract worker stopped',
    hint: "Nothing to do: the source is read again at its next poll. If it repeats, the hub's log says why.",
  },
  'PARSE.XML': { kind: 'parse', title: 'Malformed XML', hint: "The feed is not well-formed XML: the portal's webmaster must fix it." },

  // portals
  'PORTAL.EXISTS': { kind: 'conflict', title: 'Portal already registered', hint: 'Use another id, or change the registered portal.' },
  'PORTAL.MISPLACED': { kind: 'unprocessable', title: 'Portal does not fit the directory', hint: 'Fix parentId and level as errors say.' },
  'PORTAL.NOT_EMPTY': { kind: 'conflict', title: 'Portal not empty', hint: 'Remove its child portals and its sources first.' },
  'PORTAL.NOT_FOUND': { kind: 'not_found', title: 'No such portal', hint: 'Check the portal id (`hub portals list`).' },
  'PORTAL.UNKNOWN_PARENT': {
    kind: 'not_found',
    status: 422,
    title: 'Unknown parent portal',
    hint: 'Register the parent portal first (`hub portals add`), or fix parentId.',
  },

  'RATE.LIMITED': { kind: 'limit', title: 'Too many requests', hint: 'Wait the Retry-After seconds, then retry; spread requests out.' },

  // requests to the API
  'REQUEST.BODY_REQUIRED': { kind: 'validation', title: 'Body required', hint: 'Send a JSON body with Content-Type: application/json.' },
  'REQUEST.INVALID': { kind: 'validation', title: 'Invalid request', hint: 'Fix the fields named in errors.' },
  'REQUEST.INVALID_CURSOR': { kind: 'validation', title: 'Invalid cursor', hint: 'Pass the cursor of the previous page as it is, or start without one.' },
  'REQUEST.MALFORMED_JSON': { kind: 'validation', title: 'Malformed JSON', hint: 'Send valid JSON.' },
  'REQUEST.TOO_LARGE': { kind: 'limit', status: 413, title: 'Body too large', hint: 'Send a smaller body (split an import), or raise HUB_MAX_BODY_BYTES.' },
  'REQUEST.UNSUPPORTED_MEDIA_TYPE': { kind: 'validation', status: 415, title: 'Unsupported media type', hint: 'Send the Content-Type the message names.' },
  'ROUTE.METHOD_NOT_ALLOWED': {
    kind: 'validation',
    status: 405,
    title: 'Method not allowed',
    hint: 'Use a method the API reference (/docs) lists for this path.',
  },
  'CONSOLE.CSRF': {
    kind: 'forbidden',
    title: 'Form refused',
    hint: 'The form had no valid protection token or came from another site: reload the console page and send the form again.',
  },
  'CONSOLE.NOT_FOUND': {
    kind: 'not_found',
    title: 'No such console page',
    hint: "Use the console's menu; the page may have moved or the thing it showed was deleted.",
  },
  'ROUTE.NOT_FOUND': { kind: 'not_found', title: 'No such route', hint: 'Check the path against the API reference (/docs).' },
  'SCHEMA.NOT_FOUND': { kind: 'not_found', title: 'No such schema', hint: "Check the schema's path under /schemas/." },

  // sources
  // the check at registration (hub/sources/registration-check.ts): the URL was fetched once and refused
  'SOURCE.CHECK_HTTP_STATUS': {
    kind: 'fetch',
    status: 422,
    title: 'Source URL answers with an error',
    hint: 'Check the URL in a browser (404: wrong or moved address; 410: removed for good) and register the right one; if the portal is only down today, register with "check": false (CLI: --no-check) and the hub retries it.',
  },
  'SOURCE.CHECK_NO_ITEMS': {
    kind: 'parse',
    status: 422,
    title: 'Source gives no valid item',
    hint: 'The URL was read but no item has what every item needs (a title, a link, a date): see the reasons in rejected, fix the options, or ask the portal to fix its feed.',
  },
  'SOURCE.CHECK_NOT_A_FEED': {
    kind: 'unprocessable',
    title: 'Source URL is a web page, not a feed',
    hint: 'Register one of the feeds or sitemaps listed in candidates instead, or register the page itself with kind "html" and the options in suggestion (preview them first).',
  },
  'SOURCE.CHECK_TLS': {
    kind: 'fetch',
    status: 422,
    title: "Source's HTTPS certificate refused",
    hint: "tlsCheck says which check failed (expired, self-signed, hostname-mismatch …): the portal's webmaster must fix the certificate, or the deployment trusts its CA with HUB_FETCH_CA_FILE.",
  },
  'SOURCE.CHECK_UNREACHABLE': {
    kind: 'fetch',
    status: 422,
    title: 'Source URL cannot be fetched',
    hint: 'causeCode says why (the host does not resolve, refuses, times out, is a non-public address …): fix the URL, or, if the portal is only down today, register with "check": false (CLI: --no-check) and the hub retries it.',
  },
  'SOURCE.CHECK_UNREADABLE': {
    kind: 'parse',
    status: 422,
    title: 'Source content cannot be read',
    hint: 'causeCode says what failed (malformed XML, not JSON, unknown content …): check the URL and the kind with a preview (`hub check`), or ask the portal to fix its feed.',
  },
  'SOURCE.EXISTS': {
    kind: 'conflict',
    title: 'Source already registered',
    hint: 'The portal already has this URL with this kind: change that source instead.',
  },
  'SOURCE.INVALID_OPTIONS': {
    kind: 'validation',
    title: 'Invalid source options',
    hint: 'Fix the options named in errors; a preview (`hub check`) shows what they extract.',
  },
  'SOURCE.NO_ITEMS': { kind: 'parse', title: 'No items found', hint: 'Nothing usable was found: check the URL and the options with a preview (`hub check`).' },
  'SOURCE.NOT_FOUND': { kind: 'not_found', title: 'No such source', hint: 'Check the source id (`hub sources list`).' },
  'SOURCE.OPTIONS_REQUIRED': {
    kind: 'validation',
    title: 'Options required',
    hint: 'An HTML page needs options.itemSelector: check the suggestedOptions and register with kind "html" and those options.',
  },
  'SOURCE.OWNERSHIP_PENDING': {
    kind: 'conflict',
    title: 'Ownership not yet proven',
    hint: "Serve the source's token at /.well-known/portal-hub.txt or in a <meta> tag on the portal, then `hub sources verify <id>`; or ask an admin to approve the source.",
  },
  'SOURCE.UNKNOWN_KIND': { kind: 'unprocessable', title: 'Unknown source kind', hint: 'Use one of the kinds the message lists.' },
  'SOURCE.UNKNOWN_PORTAL': {
    kind: 'not_found',
    status: 422,
    title: 'Unknown portal',
    hint: 'Register the portal first (`hub portals add`), or fix the portal id.',
  },

  // storage
  'STORE.CLOSED': { kind: 'internal', title: 'Store closed', hint: 'The hub is shutting down: retry once it is back.' },
  'STORE.LOCKED': {
    kind: 'unavailable',
    status: 423,
    title: 'Data dir in use',
    hint: 'A running hub holds the data dir: stop it, or drive it through its API with HUB_URL and HUB_KEY.',
  },
  'STORE.REDIS_UNAVAILABLE': {
    kind: 'unavailable',
    expose: false,
    title: 'Redis unreachable',
    hint: 'Check REDIS_URL and that Redis is running and reachable from the hub.',
  },
  'STORE.UNAVAILABLE': {
    kind: 'unavailable',
    title: 'Store unavailable',
    hint: 'The hub cannot reach its store (Redis) right now: retry after the Retry-After seconds; GET /healthz answers 200 again once it is back.',
  },
  'STORE.WRITE_FAILED': { kind: 'internal', title: 'Journal write failed', hint: "Check the data dir's free space and permissions." },

  'STREAM.TOO_MANY_CLIENTS': { kind: 'limit', status: 503, title: 'Too many live streams', hint: 'Retry after the Retry-After seconds.' },
  'STREAM.TOO_MANY_FOR_CALLER': {
    kind: 'limit',
    title: 'Too many live streams for this caller',
    hint: 'Close streams this address or key no longer reads, or retry after the Retry-After seconds (HUB_STREAM_MAX_PER_ADDRESS, HUB_STREAM_MAX_PER_KEY).',
  },

  // Webhooks
  'WEBHOOK.INVALID': { kind: 'validation', title: 'Invalid webhook', hint: 'Fix the fields named in errors: the url must be an http(s) URL.' },
  'WEBHOOK.NOT_FOUND': { kind: 'not_found', title: 'Webhook not found', hint: 'List the webhooks you manage with GET /api/v1/webhooks.' },

  // WebSub
  'WEBSUB.INVALID_REQUEST': { kind: 'validation', title: 'Invalid WebSub request', hint: 'Fix the hub.* form fields named in errors.' },
  'WEBSUB.UNKNOWN_SUBSCRIPTION': { kind: 'not_found', title: 'Unknown subscription', hint: 'The callback belongs to no live subscription: subscribe again.' },
  'WEBSUB.TOO_MANY_SUBSCRIPTIONS': {
    kind: 'limit',
    title: 'Too many subscriptions',
    hint: 'The hub holds its most subscriptions in all or for this topic: unsubscribe unused callbacks, or raise HUB_WEBSUB_MAX_SUBSCRIPTIONS / HUB_WEBSUB_MAX_PER_TOPIC.',
  },
  'WEBSUB.UNKNOWN_TOPIC': { kind: 'validation', title: 'Unknown topic', hint: "hub.topic must be one of this hub's feed URLs." },
} as const satisfies Record<string, CatalogueEntry>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** The codes of one kind. */
export type CodeOfKind<K extends ErrorKind> = { [C in ErrorCode]: (typeof ERROR_CATALOGUE)[C]['kind'] extends K ? C : never }[ErrorCode];

const entries: Record<string, CatalogueEntry> = ERROR_CATALOGUE;

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(entries, code);
}

export function catalogueEntry(code: ErrorCode): CatalogueEntry {
  return entries[code];
}

export function statusOf(code: ErrorCode): number {
  const entry = entries[code];
  return entry.status ?? KIND_STATUS[entry.kind];
}

export function exposed(code: ErrorCode): boolean {
  const entry = entries[code];
  return entry.expose ?? entry.kind !== 'internal';
}

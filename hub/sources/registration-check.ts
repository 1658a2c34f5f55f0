/**
 * The check at registration: before a source is stored, its URL is fetched once and read exactly
 * as a preview reads it (hub/preview.ts: the same guarded fetch and timeout, the same adapter,
 * normalizer and validator, on the extract workers). At least one valid item and the source is
 * registered; otherwise the registration is refused with a code per cause and a message that says,
 * in plain words, what went wrong and what to do:
 *
 * - SOURCE.CHECK_HTTP_STATUS: the portal answered an error status (upstreamStatus; 404 and 410 said in words);
 * - SOURCE.CHECK_TLS: the HTTPS certificate was refused (tlsCheck says which check failed);
 * - SOURCE.CHECK_UNREACHABLE: any other failed fetch (causeCode: FETCH.DNS, FETCH.TIMEOUT, FETCH.PRIVATE_ADDRESS …);
 * - SOURCE.CHECK_NOT_A_FEED: a web page given as a feed, sitemap or JSON: the feeds, sitemaps and
 *   APIs discovery finds from it (candidates, from the page already fetched) and the suggestion
 *   to register the page itself with kind "html" (with the options the hub guesses);
 * - SOURCE.CHECK_UNREADABLE: the body could not be read (causeCode: PARSE.XML, PARSE.JSON …);
 * - SOURCE.CHECK_NO_ITEMS: read, but no item is valid (problems: each rejected item's reasons).
 *
 * Nothing of the check is stored: the first refresh fetches and stores the items. A portal that is
 * down today is registered with `"check": false` (the scheduler retries it).
 */
import type { DiscoveredSource, Preview, PreviewProblem, SourceInput } from '../model.ts';
import { HubError, type ErrorCode } from '../errors.ts';
import { inspectSource, analysePreview, type PreviewDeps } from '../preview.ts';
import { discoverSources, type DiscoverAnalysis, type DiscoverTask } from '../discovery/discover.ts';
import type { Fetched } from '../pipeline/fetch.ts';

export interface RegistrationCheckDeps extends PreviewDeps {
  extract?: PreviewDeps['extract'] & { discover(task: DiscoverTask): Promise<DiscoverAnalysis> };
}

/** What the check was about: a source body as registered (its kind already defaulted). */
export type CheckedSource = Pick<SourceInput, 'portalId' | 'url' | 'options'> & { kind: string };

/** Problems listed in a refusal, at most. */
const MAX_PROBLEMS = 20;

/** Which TLS check failed, by the OpenSSL (or Node) code the connection failed with. */
const TLS_CHECKS: Record<string, [TlsCheck, string]> = {
  CERT_HAS_EXPIRED: ['expired', 'its certificate has expired'],
  CERT_NOT_YET_VALID: ['not-yet-valid', "its certificate is not valid yet (or the hub's clock is wrong)"],
  DEPTH_ZERO_SELF_SIGNED_CERT: ['self-signed', 'its certificate is self-signed: no authority the hub trusts vouches for it'],
  SELF_SIGNED_CERT_IN_CHAIN: ['untrusted-root', 'its certificate chain ends at a root the hub does not trust'],
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: ['untrusted-issuer', 'its certificate was issued by an authority the hub does not trust'],
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: ['incomplete-chain', 'it does not send its intermediate certificate (an incomplete chain)'],
  UNABLE_TO_GET_ISSUER_CERT: ['incomplete-chain', 'its certificate chain misses an issuer (an incomplete chain)'],
  ERR_TLS_CERT_ALTNAME_INVALID: ['hostname-mismatch', 'its certificate was issued for another host name'],
};
export type TlsCheck = 'expired' | 'not-yet-valid' | 'self-signed' | 'untrusted-root' | 'untrusted-issuer' | 'incomplete-chain' | 'hostname-mismatch' | 'other';

const ANYWAY = 'If the portal is only down today, register it with "check": false (CLI: --no-check): the source is stored and the hub retries it.';

/** Fetches and reads the source once; returns the preview when it yields at least one valid item, throws the refusal otherwise. */
export async function checkRegistration(deps: RegistrationCheckDeps, source: CheckedSource): Promise<Preview> {
  const input = { portalId: source.portalId, url: source.url, kind: source.kind, ...(source.options ? { options: source.options } : {}) };
  const { preview, fetched, fetchError } = await inspectSource(deps, input, 1);
  if (preview.itemCount > 0) return preview;
  if (fetchError) throw fetchRefusal(source.url, fetchError);
  if (fetched && preview.detectedKind === 'html' && source.kind !== 'html') throw await notAFeed(deps, source, fetched);
  throw contentRefusal(source.url, preview);
}

function fetchRefusal(url: string, e: HubError): HubError {
  // the hub's own failure stays what it is (an internal error, logged)
  if (e.kind === 'internal') return e;
  if (e.code === 'FETCH.HTTP_STATUS') {
    const status = e.upstreamStatus ?? 0;
    return new HubError('SOURCE.CHECK_HTTP_STATUS', `Not registered: ${url} answered HTTP ${status}: ${statusInWords(status)}`, {
      cause: e,
      extensions: { upstreamStatus: status, causeCode: e.code },
    });
  }
  if (e.code.startsWith('FETCH.TLS')) {
    const openSsl = tlsCode(e);
    const [check, words] = TLS_CHECKS[openSsl ?? ''] ?? ['other', 'its certificate failed verification'];
    return new HubError(
      'SOURCE.CHECK_TLS',
      `Not registered: the HTTPS connection to ${new URL(url).host} was refused because ${words}${openSsl ? ` (${openSsl})` : ''}. ` +
        "The portal's webmaster must fix the certificate; a deployment that trusts the portal's own CA lists it in HUB_FETCH_CA_FILE.",
      { cause: e, extensions: { tlsCheck: check, causeCode: e.code, ...(openSsl ? { tlsCode: openSsl } : {}) } },
    );
  }
  return new HubError('SOURCE.CHECK_UNREACHABLE', `Not registered: ${url} could not be fetched: ${e.message}. ${ANYWAY}`, {
    cause: e,
    extensions: { causeCode: e.code },
  });
}

function statusInWords(status: number): string {
  if (status === 404)
    return 'there is nothing at this address (not found): it is wrong or the page has moved. Check the address on the portal and register the right one.';
  if (status === 410) return 'the portal removed this address for good (gone). Register the address it publishes now.';
  if (status === 401 || status === 403) return 'the portal refuses the hub access to it. Ask its webmaster to open the feed to the public.';
  if (status === 429) return `the portal asks the hub to come back later (too many requests). ${ANYWAY}`;
  if (status >= 500) return `the portal's server failed. ${ANYWAY}`;
  return `the portal refused the request. Check the address. ${ANYWAY}`;
}

/** The OpenSSL (or Node) code a TLS failure carries: on its cause chain, else at the end of its message. */
function tlsCode(e: HubError): string | undefined {
  let cause: unknown = e.cause;
  for (let depth = 0; cause && depth < 5; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && code in TLS_CHECKS) return code;
    cause = (cause as { cause?: unknown }).cause;
  }
  return /\(([A-Z_]+)\)$/.exec(e.message)?.[1];
}

/** A web page given as a feed: what discovery finds from it, and the page itself as kind "html". */
async function notAFeed(deps: RegistrationCheckDeps, source: CheckedSource, page: Fetched): Promise<HubError> {
  const [candidates, html] = await Promise.all([
    discoverSources({ config: deps.config, ...(deps.extract ? { extract: deps.extract } : {}) }, source.url, page)
      .then((d) => d.candidates)
      .catch((): DiscoveredSource[] => []),
    readAsHtml(deps, source, page),
  ]);
  const listed = candidates.length
    ? ` It leads to ${candidates.length} source${candidates.length === 1 ? '' : 's'} the hub can read: ${candidates
        .map((c) => `${c.url} (${c.kind}${c.title ? `, "${c.title}"` : ''})`)
        .join(', ')}; register one of them instead.`
    : ' No feed or sitemap was found from it.';
  const asHtml = html?.suggestedOptions
    ? ` Or register the page itself with kind "html" and the options in suggestion (${html.itemCount} item${html.itemCount === 1 ? '' : 's'} read with them; preview them first).`
    : ' Or register the page itself with kind "html" and options.itemSelector (a preview shows what they extract).';
  return new HubError('SOURCE.CHECK_NOT_A_FEED', `Not registered: ${page.finalUrl} is a web page, not a ${source.kind}.${listed}${asHtml}`, {
    extensions: {
      candidates,
      suggestion: { kind: 'html', ...(html?.suggestedOptions ? { options: html.suggestedOptions, itemCount: html.itemCount ?? 0 } : {}) },
    },
  });
}

/** The page read as kind "html" without options: the hub's guess at them (no fetch: the page is already here). */
async function readAsHtml(deps: RegistrationCheckDeps, source: CheckedSource, page: Fetched): Promise<Partial<Preview> | undefined> {
  const task = { input: { url: source.url, kind: 'html' }, fetched: page, now: (deps.now?.() ?? new Date()).toISOString(), limit: 0 };
  try {
    return (await (deps.extract ? deps.extract.preview(task) : analysePreview(deps.config, task))).preview;
  } catch {
    return undefined;
  }
}

function contentRefusal(url: string, preview: Preview): HubError {
  const problems: PreviewProblem[] = preview.problems.slice(0, MAX_PROBLEMS);
  const blocking = preview.problems.find((p) => p.code !== 'ITEM.INVALID' && p.code !== 'SOURCE.NO_ITEMS');
  if (blocking) {
    // the hub's own failure stays what it is (an internal error, logged)
    if (blocking.code === 'PARSE.FAILED' || blocking.code === 'PARSE.WORKER') throw new HubError(blocking.code as ErrorCode, blocking.message);
    return new HubError('SOURCE.CHECK_UNREADABLE', `Not registered: what ${url} gives cannot be read as a ${preview.kind}: ${blocking.message}`, {
      extensions: { causeCode: blocking.code, problems },
    });
  }
  const rejected = preview.rejectedCount;
  return new HubError(
    'SOURCE.CHECK_NO_ITEMS',
    rejected
      ? `Not registered: ${url} gives ${rejected} item${rejected === 1 ? '' : 's'}, none valid (${firstReasons(preview)}). Fix the source's options, or ask the portal to fix its feed.`
      : `Not registered: ${url} gives no item at all. Check that it is the address of the list of news, not of an empty or archived feed.`,
    { extensions: { problems } },
  );
}

const firstReasons = (preview: Preview) =>
  preview.problems
    .filter((p) => p.code === 'ITEM.INVALID')
    .slice(0, 3)
    .map((p) => `${p.ref ? `${p.ref}: ` : ''}${p.message}`)
    .join('; ');

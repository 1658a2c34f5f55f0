/**
 * What a refusal carries beyond its message, in words for the terminal: the sources discovery
 * found on a web page given as a feed, the options to register the page as html, the items that
 * were rejected. The API gives the same as members of its problem+json (hub/errors.ts ProblemExtensions).
 */
import type { HubError } from '../hub/errors.ts';

/** Refusals of a URL that may work tomorrow (the portal is down, its certificate lapsed): registering anyway can make sense. */
const PORTAL_MAY_RECOVER = new Set<string>(['SOURCE.CHECK_HTTP_STATUS', 'SOURCE.CHECK_TLS', 'SOURCE.CHECK_UNREACHABLE']);

export function refusalLines(e: HubError): string[] {
  const x = e.extensions;
  if (!x) return [];
  const lines: string[] = [];
  if (x.candidates?.length) {
    lines.push('Sources found from this page (register one of these instead):');
    for (const c of x.candidates) {
      const facts = [c.format, c.itemCount === undefined ? '' : `${c.itemCount} items`, c.title ? `"${c.title}"` : ''].filter(Boolean);
      lines.push(`  ${c.kind.padEnd(7)} ${c.url}${facts.length ? `  (${facts.join(', ')})` : ''}`);
    }
  }
  if (x.suggestion) {
    lines.push(
      x.suggestion.options
        ? 'Or register the page itself as kind html with the options the hub guesses: save them to a file, check them with `hub check <url> --config <file>`, then add `--portal <id> --add`:'
        : 'Or register the page itself as kind html with options.itemSelector: try them with `hub check <url> --config <file>`, then add `--portal <id> --add`.',
    );
    if (x.suggestion.options)
      lines.push(
        ...JSON.stringify(x.suggestion.options, null, 2)
          .split('\n')
          .map((l) => `  ${l}`),
      );
  }
  for (const p of x.problems ?? []) if (p.code === 'ITEM.INVALID') lines.push(`  rejected ${p.ref ?? ''}: ${p.message}`);
  if (PORTAL_MAY_RECOVER.has(e.code))
    lines.push('To register it anyway (a portal that is down today), add --no-check: the hub stores the source and retries it.');
  return lines;
}

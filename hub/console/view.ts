/**
 * What every console page is rendered with: who is signed in (the principal every use case is
 * called with), the page's language and text, the session's CSRF token for its forms, and the
 * request's path (for the language switch). Built per request by the console's routes
 * (hub/api/routes/console/index.ts).
 */
import type { Lang, Messages } from '../pages/i18n/index.ts';
import type { Principal } from '../keys/principal.ts';

export interface ConsoleView {
  lang: Lang;
  t: Messages;
  /** The request's path and query. */
  path: string;
  /** Undefined on the sign-in page only. */
  principal?: Principal;
  /** The token every form of the page sends back (the session's, or the sign-in page's own). */
  csrf: string;
}

/** The console's sections, for the navigation's current entry. */
export type ConsoleSection = 'overview' | 'portals' | 'sources' | 'scorecards' | 'keys' | 'audit' | 'none';

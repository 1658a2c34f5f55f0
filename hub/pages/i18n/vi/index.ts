/**
 * Every text the hub's pages show, in Vietnamese: one file per page group in this folder, merged
 * here. ../en/ has the same files with the same keys (the types and test/hub/pages/i18n.test.ts check it).
 */
import { publicText } from './public.ts';
import { consoleText } from './console.ts';
import { portalsText } from './portals.ts';
import { sourcesText } from './sources.ts';
import { keysText } from './keys.ts';
import { scorecardsText } from './scorecards.ts';

export const vi = { ...publicText, ...consoleText, ...sourcesText, ...portalsText, ...keysText, ...scorecardsText };

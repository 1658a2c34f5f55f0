/** Every text the hub's pages show, in English: the same files and keys as ../vi/. */
import type { vi } from '../vi/index.ts';
import { publicText } from './public.ts';
import { consoleText } from './console.ts';
import { portalsText } from './portals.ts';
import { sourcesText } from './sources.ts';
import { keysText } from './keys.ts';
import { scorecardsText } from './scorecards.ts';

export const en: Record<keyof typeof vi, string> = { ...publicText, ...consoleText, ...sourcesText, ...portalsText, ...keysText, ...scorecardsText };

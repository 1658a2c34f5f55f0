/**
 * The languages of the public pages: Vietnamese first, English on request (?lang=en, then a
 * `lang` cookie). Each language's text lives in one file with the same keys.
 */
import { vi } from './vi/index.ts';
import { en } from './en/index.ts';

export type MessageKey = keyof typeof vi;
export type Messages = Record<MessageKey, string>;
export type Lang = 'vi' | 'en';

export const LANGS: Record<Lang, Messages> = { vi, en };
export const DEFAULT_LANG: Lang = 'vi';

export const isLang = (v: unknown): v is Lang => v === 'vi' || v === 'en';

/** Words for a person about an error code, in the page's language (placeholder: English until the Vietnamese words land). */
import { ERROR_CATALOGUE, isErrorCode } from './error-catalogue.ts';

export function errorWords(code: string, _lang: 'vi' | 'en'): { title: string; hint: string } {
  const entry = isErrorCode(code) ? ERROR_CATALOGUE[code] : ERROR_CATALOGUE.INTERNAL;
  return { title: entry.title, hint: entry.hint };
}

export function fieldMessage(message: string, _lang: 'vi' | 'en'): string {
  return message;
}

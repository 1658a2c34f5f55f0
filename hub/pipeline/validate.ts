/** Step 4: every normalized item is checked against schemas/item.schema.json before it is stored. */
import type { ErrorObject } from 'ajv';
import { fieldErrors, validatorFor } from '../../schemas/index.ts';
import type { Item } from '../model.ts';

export type Validation = { ok: true } | { ok: false; reasons: string[] };

/**
 * Why an item is rejected, in words, by the item field at fault and then Ajv's keyword
 * (`url maxLength`) or the field alone (`url`). `{limit}` is the schema's own bound. A field or
 * keyword not listed here reads as the field's path and fieldErrors' wording.
 */
export const ITEM_REASONS: Readonly<Record<string, string>> = {
  url: 'no link (the item has no http(s) address)',
  'url maxLength': 'link too long (over {limit} characters)',
  title: 'no title',
  'title maxLength': 'title too long (over {limit} characters)',
  'summary maxLength': 'summary too long (over {limit} characters)',
  'contentHtml maxLength': 'content too long (over {limit} characters of HTML)',
  image: 'image is not an absolute http(s) address',
  publishedAt: 'no publication date with a time zone',
  updatedAt: 'no update date with a time zone',
  'authors maxItems': 'more than {limit} authors',
  authors: 'an author name is empty or over 300 characters',
  'categories maxItems': 'more than {limit} categories',
  categories: 'a category is empty or over 300 characters',
  'media maxItems': 'more than {limit} attachments',
  media: 'an attachment has no absolute address or no type',
  language: 'language is not a language tag such as vi or en-US',
};

export function validateItem(item: Item): Validation {
  const validate = validatorFor<Item>('item.schema.json');
  if (validate(item)) return { ok: true };
  return { ok: false, reasons: itemReasons(validate.errors ?? []) };
}

/** Ajv's errors on the item schema as short reasons in words, one per reason. */
export function itemReasons(errors: ErrorObject[]): string[] {
  const reasons = errors.map((e) => {
    const field = e.keyword === 'required' ? (e.params as { missingProperty: string }).missingProperty : e.instancePath.split('/')[1];
    const words = (field !== undefined && ITEM_REASONS[`${field} ${e.keyword}`]) || (field !== undefined && ITEM_REASONS[field]);
    if (words) return words.replace('{limit}', String((e.params as { limit?: number }).limit));
    const [fe] = fieldErrors([e]);
    return `${fe.field} ${fe.message}`;
  });
  return [...new Set(reasons)];
}

/** Step 4: every normalized item is checked against schemas/item.schema.json before it is stored. */
import { fieldErrors, validatorFor } from '../../schemas/index.ts';
import type { Item } from '../model.ts';

export type Validation = { ok: true } | { ok: false; reasons: string[] };

export function validateItem(item: Item): Validation {
  const validate = validatorFor<Item>('item.schema.json');
  if (validate(item)) return { ok: true };
  return { ok: false, reasons: fieldErrors(validate.errors).map((e) => `${e.field} ${e.message}`) };
}

/**
 * A change to a registered portal: the patch laid over the portal (fields left out keep their
 * value, those named in `unset` go, and so do alertEmails sent as null), then the same checks as a
 * new portal's — its schema, its place against the stored directory — and, because a portal's
 * level decides what may sit below it, the places of its child portals again. Scope (who may change or move it) is the use case's
 * (Hub.updatePortal, hub/keys/scope.ts); this file only says whether the result fits.
 */
import { fieldErrors, validatorFor, type FieldError } from '../../schemas/index.ts';
import { HubError, invalidRequest } from '../errors.ts';
import type { Portal, PortalInput, PortalUpdate } from '../model.ts';
import { lookupOver, placementErrors } from './placement.ts';

/** The portal as the patch would leave it (createdAt kept), or a refusal naming each field. */
export function patchedPortal(before: Portal, patch: PortalUpdate, stored: Portal[]): Portal {
  const { unset = [], alertEmails, ...fields } = patch;
  const after: Portal = { ...before, ...fields };
  // alertEmails: null removes the portal's own list (it inherits its parent's again), as unset does
  if (alertEmails) after.alertEmails = alertEmails;
  for (const name of [...unset, ...(alertEmails === null ? (['alertEmails'] as const) : [])]) delete (after as Partial<Portal>)[name];
  const { createdAt, ...input } = after;
  const validate = validatorFor('common.schema.json#/$defs/portalInput');
  if (!validate(input)) throw invalidRequest(fieldErrors(validate.errors));
  // the others as stored, this one as it would be
  const lookup = lookupOver([...stored.filter((p) => p.id !== before.id), input]);
  const errors: FieldError[] = placementErrors(input as PortalInput, lookup);
  if (after.level !== before.level)
    for (const child of stored.filter((p) => p.parentId === before.id))
      for (const e of placementErrors(child, lookup))
        if (e.field === '/parentId') errors.push({ field: '/level', message: `would leave "${child.id}" misplaced: ${e.message}` });
  if (errors.length)
    throw new HubError('PORTAL.MISPLACED', `The portal does not fit the directory: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, { errors });
  return { ...input, createdAt };
}

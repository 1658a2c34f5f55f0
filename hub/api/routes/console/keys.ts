/**
 * /console/keys: API keys, admin only (Hub.listKeys/createKey/revokeKey/expireKey refuse an
 * operator with AUTH.SCOPE: a 403 page). A new key's secret is the answer to the form itself,
 * never a redirect: it is never in a URL, and the list never shows it again.
 */
import type Router from '@koa/router';
import type { Hub } from '../../../hub.ts';
import { isHubError } from '../../../errors.ts';
import type { ApiKeyInput, Portal } from '../../../model.ts';
import { formProblem } from '../../../console/forms.ts';
import { renderCreatedKey, renderKeys, type KeyForm } from '../../../console/pages/keys.ts';
import { byLevelThenName, type Directory } from '../../../directory/directory.ts';
import { formOf, principalOf, seeOther, sendPage, viewOf } from './http.ts';

/** A datetime-local value (no zone) is a time in Viet Nam; anything else goes to the use case as typed, to be refused there. */
export function vnDateTime(value: string): string {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value) ? `${value}:00+07:00` : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(value) ? `${value}+07:00` : value;
}

export function keyPages(router: Router, hub: Hub) {
  // the portals in directory order, sorted once per directory (the Vietnamese collation is slow)
  const sorted = new WeakMap<Directory, Portal[]>();
  const portals = async () => {
    const directory = await hub.directory();
    let list = sorted.get(directory);
    if (!list) sorted.set(directory, (list = directory.all().slice().sort(byLevelThenName)));
    return list;
  };

  router.get('/console/keys', async (ctx) => {
    const keys = await hub.listKeys(principalOf(ctx));
    const notice = ctx.query.done === 'revoked' || ctx.query.done === 'expired' ? ctx.query.done : undefined;
    sendPage(ctx, renderKeys(viewOf(ctx), { keys: newestFirst(keys), portals: await portals(), ...(notice ? { notice } : {}) }));
  });

  router.post('/console/keys', async (ctx) => {
    const form = formOf(ctx);
    const typed: KeyForm = {
      role: form.get('role') ?? '',
      portalId: form.get('portalId') ?? '',
      label: form.get('label') ?? '',
      expiresAt: form.get('expiresAt') ?? '',
    };
    const input = {
      role: typed.role,
      // an admin key covers every portal: a portal chosen with it is left out rather than refused
      ...(typed.portalId && typed.role !== 'admin' ? { portalId: typed.portalId } : {}),
      ...(typed.label?.trim() ? { label: typed.label.trim() } : {}),
      ...(typed.expiresAt ? { expiresAt: vnDateTime(typed.expiresAt) } : {}),
    } as ApiKeyInput;
    const who = principalOf(ctx);
    try {
      const created = await hub.createKey(who, input);
      sendPage(ctx, renderCreatedKey(viewOf(ctx), created, await portals()), 201);
    } catch (e) {
      // a refused form (bad field, expiry past, unknown portal: 400/422) comes back with what was typed; anything else is an error page
      if (!isHubError(e) || (e.kind !== 'validation' && e.status !== 422)) throw e;
      const keys = await hub.listKeys(who);
      sendPage(
        ctx,
        renderKeys(viewOf(ctx), { keys: newestFirst(keys), portals: await portals(), form: typed, problem: formProblem(e, viewOf(ctx)) }),
        e.status,
      );
    }
  });

  router.post('/console/keys/:id/revoke', async (ctx) => {
    await hub.revokeKey(principalOf(ctx), ctx.params.id);
    seeOther(ctx, '/console/keys?done=revoked');
  });

  router.post('/console/keys/:id/expire', async (ctx) => {
    await hub.expireKey(principalOf(ctx), ctx.params.id);
    seeOther(ctx, '/console/keys?done=expired');
  });
}

const newestFirst = <T extends { createdAt: string }>(keys: T[]): T[] => keys.slice().sort((a, b) => b.createdAt.localeCompare(a.createdAt));

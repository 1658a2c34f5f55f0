/**
 * Who receives a portal's alerts: its own `alertEmails`, else the nearest ancestor's that has a
 * list. A list, even empty, stops the inheritance (an empty list: nobody is mailed, on purpose).
 * When no portal of the chain has a list at all, the deployment's admins (`HUB_ALERT_EMAILS`) are
 * told: a broken source must reach somebody.
 */
import type { Directory } from '../directory/directory.ts';

export function alertRecipients(directory: Directory, portalId: string, admins: readonly string[] = []): string[] {
  const own = directory.get(portalId);
  if (!own) return [...admins];
  if (own.alertEmails) return [...own.alertEmails];
  for (const p of directory.ancestors(portalId).reverse()) if (p.alertEmails) return [...p.alertEmails];
  return [...admins];
}

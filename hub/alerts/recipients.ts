/**
 * Who receives a portal's alerts: its own `alertEmails`, else the nearest ancestor's that has a
 * list. A list, even empty, stops the inheritance (an empty list: nobody is mailed).
 */
import type { Directory } from '../directory/directory.ts';

export function alertRecipients(directory: Directory, portalId: string): string[] {
  const own = directory.get(portalId);
  if (!own) return [];
  if (own.alertEmails) return [...own.alertEmails];
  for (const p of directory.ancestors(portalId).reverse()) if (p.alertEmails) return [...p.alertEmails];
  return [];
}

/** An HTTP Link header (RFC 8288): the first target of each relation type, as written. */
export function linkRelations(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of (header ?? '').matchAll(/<([^>]+)>\s*((?:;\s*[^;,]+)*)/g)) {
    const rels = /;\s*rel\s*=\s*"?([^";]+)"?/i.exec(m[2])?.[1]?.toLowerCase().split(/\s+/) ?? [];
    for (const rel of rels) if (!out.has(rel)) out.set(rel, m[1]);
  }
  return out;
}

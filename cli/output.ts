/** Plain-text tables for the terminal, sized to their content. */
export function printTable(rows: Record<string, unknown>[], columns: string[], write: (line: string) => void = console.log): void {
  const cell = (v: unknown) => (v === undefined || v === null ? '' : String(v)).replace(/\s+/g, ' ');
  const widths = columns.map((c) => Math.min(60, Math.max(c.length, ...rows.map((r) => cell(r[c]).length))));
  const line = (values: string[]) => values.map((v, i) => (v.length > widths[i] ? `${v.slice(0, widths[i] - 1)}…` : v.padEnd(widths[i]))).join('  ').trimEnd();
  write(line(columns));
  write(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) write(line(columns.map((c) => cell(r[c]))));
  if (!rows.length) write('(none)');
}

/** Plain-text tables for the terminal, sized to their content. */
export function printTable(rows: Record<string, unknown>[], columns: string[], write: (line: string) => void = console.log): void {
  const cell = (v: unknown) => (v === undefined || v === null ? '' : String(v)).replace(/\s+/g, ' ');
  const widths = columns.map((c) => Math.min(60, Math.max(c.length, ...rows.map((r) => cell(r[c]).length))));
  const line = (values: string[]) =>
    values
      .map((v, i) => (v.length > widths[i] ? `${v.slice(0, widths[i] - 1)}…` : v.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  write(line(columns));
  write(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) write(line(columns.map((c) => cell(r[c]))));
  if (!rows.length) write('(none)');
}

/**
 * A one-line progress bar on stderr, redrawn in place on a terminal; elsewhere (CI logs, pipes)
 * one line per step, so logs stay readable and stdout stays clean for --json.
 */
export class ProgressBar {
  private done = 0;
  private readonly tty: boolean;

  constructor(
    private readonly total: number,
    private readonly stream: { write(text: string): unknown; isTTY?: boolean } = process.stderr,
    private readonly width = 30,
  ) {
    this.tty = !!stream.isTTY;
  }

  tick(label: string): void {
    this.done++;
    const filled = this.total ? Math.round((this.done / this.total) * this.width) : this.width;
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(this.width - filled)}] ${this.done}/${this.total}`;
    if (this.tty) this.stream.write(`\r\x1b[2K${bar} ${label.slice(0, 60)}`);
    else this.stream.write(`${bar} ${label}\n`);
  }

  finish(): void {
    if (this.tty) this.stream.write('\n');
  }
}

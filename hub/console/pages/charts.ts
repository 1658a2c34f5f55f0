/**
 * The console's charts: inline SVG drawn on the server, nothing to run in the browser. Each is an
 * image with a name (role="img", aria-label and a <title>) that says every figure it draws, in
 * the page's language; colours and sizes are presentation attributes (the CSP forbids style="…").
 */
import { esc } from '../../pages/layout.ts';
import type { ScorecardRow } from '../../model.ts';
import type { ConsoleView } from '../view.ts';

type Weeks = ScorecardRow['weeks'];

const FILLED = '#0b57d0';
const EMPTY = '#8c959f';
const INK = '#24292f';

/** "W38" of "2026-W38". */
const shortWeek = (week: string) => week.slice(5);

/** What the chart says: the name, the weeks and each week's count. */
export function weeksLabel(view: Pick<ConsoleView, 't'>, name: string, weeks: Weeks): string {
  return view.t.chartWeeksLabel
    .replace('{name}', name)
    .replace('{from}', weeks[0].week)
    .replace('{to}', weeks.at(-1)!.week)
    .replace('{figures}', weeks.map((w) => `${shortWeek(w.week)} ${w.items}`).join(', '));
}

/** The bars; with `titles`, each says its week and count when pointed at (the big chart: the table's would weigh too much). */
function bars(weeks: Weeks, bar: number, gap: number, height: number, top: number, view: Pick<ConsoleView, 't'>, titles: boolean): string {
  const max = Math.max(1, ...weeks.map((w) => w.items));
  return weeks
    .map((w, i) => {
      // an empty week keeps a thin mark, so it reads as zero rather than missing
      const h = w.items ? Math.max(2, Math.round((w.items / max) * height)) : 1;
      const rect = `<rect x="${i * (bar + gap)}" y="${top + height - h}" width="${bar}" height="${h}" fill="${w.items ? FILLED : EMPTY}"`;
      return titles
        ? `${rect}><title>${esc(view.t.chartWeekTitle.replace('{week}', w.week).replace('{start}', w.start).replace('{n}', String(w.items)))}</title></rect>`
        : `${rect}/>`;
    })
    .join('');
}

/** The small chart of a table row: 12 bars, 118 × 32. */
export function weeksSparkline(view: Pick<ConsoleView, 't'>, name: string, weeks: Weeks): string {
  const bar = 8;
  const gap = 2;
  const height = 32;
  const width = weeks.length * (bar + gap) - gap;
  const label = esc(weeksLabel(view, name, weeks));
  return `<svg class="spark" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${label}"><title>${label}</title>${bars(weeks, bar, gap, height, 0, view, false)}</svg>`;
}

/** The big chart of a portal's card: the count above each bar, the week below, scaled to the page's width. */
export function weeksChart(view: Pick<ConsoleView, 't'>, name: string, weeks: Weeks): string {
  const bar = 28;
  const gap = 8;
  const height = 120;
  const top = 16;
  const bottom = 18;
  const width = weeks.length * (bar + gap) - gap;
  const label = esc(weeksLabel(view, name, weeks));
  const text = weeks
    .map((w, i) => {
      const x = i * (bar + gap) + bar / 2;
      const max = Math.max(1, ...weeks.map((v) => v.items));
      const h = w.items ? Math.max(2, Math.round((w.items / max) * height)) : 1;
      return `<text x="${x}" y="${top + height - h - 4}" text-anchor="middle" font-size="11" fill="${INK}">${w.items}</text><text x="${x}" y="${top + height + bottom - 4}" text-anchor="middle" font-size="11" fill="${INK}">${esc(shortWeek(w.week))}</text>`;
    })
    .join('');
  return `<svg class="chart-big" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${top + height + bottom}" viewBox="0 0 ${width} ${top + height + bottom}" role="img" aria-label="${label}"><title>${label}</title>${bars(weeks, bar, gap, height, top, view, true)}<g aria-hidden="true">${text}</g></svg>`;
}

/** Small pieces several console pages show the same way: a source's state, a time, a source's last error. */
import { esc } from '../pages/layout.ts';
import type { Source } from '../model.ts';
import type { ConsoleView } from './view.ts';
import { errorWords } from '../error-words.ts';

/** A source's state as a word and a colour class (the word carries the meaning; colour only repeats it). */
export function stateBadge(view: ConsoleView, source: Pick<Source, 'paused' | 'health'>): string {
  const { t } = view;
  const state = source.paused ? 'paused' : source.health.state;
  const words = { new: t.stateNew, ok: t.stateOk, failing: t.stateFailing, disabled: t.stateDisabled, paused: t.statePaused };
  return `<span class="badge state-${state}">${esc(words[state])}</span>`;
}

/** Formatters by language and zone: making one costs more than formatting a hundred times (a list of 100 sources). */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(lang: ConsoleView['lang'], timeZone: string): Intl.DateTimeFormat {
  const key = `${lang}|${timeZone}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.DateTimeFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { dateStyle: 'short', timeStyle: 'short', timeZone })));
  return f;
}

/** A time as the reader's locale shows it, in the hub's zone, with the machine-readable value. */
export function timeText(view: Pick<ConsoleView, 'lang'>, iso: string | undefined, timeZone = 'Asia/Ho_Chi_Minh'): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return esc(iso);
  const shown = formatter(view.lang, timeZone).format(d);
  return `<time datetime="${esc(d.toISOString())}">${esc(shown)}</time>`;
}

/** A source's last error in plain words: the catalogue's title and what to do, the detail below. */
export function lastErrorText(view: ConsoleView, source: Pick<Source, 'health'>): string {
  const e = source.health.lastError;
  if (!e) return '—';
  const words = errorWords(e.code, view.lang);
  return `<strong>${esc(words.title)}</strong><br><span class="detail">${esc(e.message)}</span><br><span class="hint">${esc(view.t.whatToDo)} ${esc(words.hint)}</span>`;
}

/** The instant a day (YYYY-MM-DD, plus `addDays`) starts in a time zone: what "from this day" means to the person who typed it. */
export function dayStart(day: string, timeZone: string, addDays = 0): Date {
  const utc = Date.parse(`${day}T00:00:00Z`) + addDays * 86_400_000;
  // the zone's offset at that moment, read back from how the zone shows it
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(new Date(utc))
      .map((p) => [p.type, p.value]),
  );
  const shown = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return new Date(utc - (shown - utc));
}

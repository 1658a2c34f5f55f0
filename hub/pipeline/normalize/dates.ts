/**
 * Dates as portals write them: RFC 822 (and its usual errors), ISO 8601, and Vietnamese forms
 * such as `25/11/2022 08:30`, `Thứ sáu, 25/11/2022 - 08:30`, `08:30 25/11/2022`,
 * `25-11-2022 8:30 SA/CH`. A date without a zone takes the portal's zone. Output is ISO 8601
 * with the offset of that zone.
 */
export interface ParsedDate {
  /** Milliseconds since the epoch. */
  time: number;
  /** The string had no zone and the portal's zone was assumed. */
  assumedZone: boolean;
}

const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const ZONES: Record<string, number> = {
  ut: 0,
  utc: 0,
  gmt: 0,
  z: 0,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
  ict: 420,
};

// building an Intl.DateTimeFormat costs far more than using one: one per zone, kept
const offsetFormats = new Map<string, Intl.DateTimeFormat>();

const HOUR = 3600_000;
/** Bounds the memo below; past it, it starts afresh. */
const MAX_HOURS = 100_000;
const hourOffsets = new Map<string, number>();

/**
 * Offset of `zone` at `time`, in minutes east of UTC. Every item needs several (its dates in, its
 * dates out) and formatToParts is the costly part, so offsets are kept per zone and UTC hour —
 * only for an hour that starts and ends on the same offset, i.e. holds no transition (tzdata
 * never has two transitions within an hour).
 */
export function zoneOffsetMinutes(zone: string, time: number): number {
  const hour = Math.floor(time / HOUR);
  const key = `${zone} ${hour}`;
  const known = hourOffsets.get(key);
  if (known !== undefined) return known;
  const start = exactOffset(zone, hour * HOUR);
  if (start !== exactOffset(zone, hour * HOUR + HOUR - 1)) return exactOffset(zone, time);
  if (hourOffsets.size >= MAX_HOURS) hourOffsets.clear();
  hourOffsets.set(key, start);
  return start;
}

function exactOffset(zone: string, time: number): number {
  let format = offsetFormats.get(zone);
  if (!format) offsetFormats.set(zone, (format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })));
  const name = format.formatToParts(new Date(time)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) : 0;
}

/** A real calendar date and time (no 31 February); 24:00 is allowed as the end of a day (ISO 8601). */
function validParts(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1 || mi > 59 || s > 60) return false;
  if (h > 24 || (h === 24 && (mi > 0 || s > 0))) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

function fromLocal(y: number, mo: number, d: number, h: number, mi: number, s: number, zone: string): number | undefined {
  if (!validParts(y, mo, d, h, mi, s)) return undefined;
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59));
  // two passes settle the offset around a DST change
  let t = asUtc - zoneOffsetMinutes(zone, asUtc) * 60_000;
  t = asUtc - zoneOffsetMinutes(zone, t) * 60_000;
  return t;
}

const fullYear = (y: number) => (y < 100 ? (y < 50 ? 2000 + y : 1900 + y) : y);

/** Parses a date string; undefined when it is not a date this hub can read. */
export function parseDate(input: string | undefined, zone: string): ParsedDate | undefined {
  if (!input) return undefined;
  const s = input.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (!s) return undefined;

  // ISO 8601 / RFC 3339, also with a space for T and without seconds
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2}|[+-]\d{2})?$/i.exec(s);
  if (m) {
    const [, y, mo, d, h = '0', mi = '0', sec = '0', z] = m;
    return withZone(+y, +mo, +d, +h, +mi, +sec, z, zone);
  }

  // RFC 822: [Day,] DD Mon YYYY HH:MM[:SS] [zone]
  m = /^(?:[a-z]{2,9},?\s*)?(\d{1,2})\s+([a-z]{3})[a-z]*\.?\s+(\d{2,4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*([a-z]{1,5}|[+-]\d{4}|[+-]\d{2}:\d{2})?$/i.exec(
    s,
  );
  if (m && MONTHS[m[2].toLowerCase()]) {
    const [, d, mon, y, h = '0', mi = '0', sec = '0', z] = m;
    return withZone(fullYear(+y), MONTHS[mon.toLowerCase()], +d, +h, +mi, +sec, z, zone);
  }

  // ISO 8601 basic format: 20221125T083000Z
  m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})?(Z|[+-]\d{4})?$/i.exec(s);
  if (m) return withZone(+m[1], +m[2], +m[3], +m[4], +m[5], +(m[6] ?? 0), m[7], zone);

  // Vietnamese portal forms: an optional weekday ("Thứ sáu,"), dd/mm/yyyy or dd-mm-yyyy or dd.mm.yyyy
  // (or yyyy/mm/dd, or "ngày 25 tháng 11 năm 2022"), and a time before or after it, with an optional
  // SA (sáng, a.m.) / CH (chiều, p.m.) marker.
  const date = dayMonthYear(s);
  if (date) {
    const rest = s.replace(date[0], ' ');
    const time = /(\d{1,2})\s*(?:[:h]|giờ)\s*(\d{2})?(?::(\d{2}))?(?:\s*(SA|CH|AM|PM|sáng|chiều|tối))?/i.exec(rest);
    let h = time ? Number(time[1]) : 0;
    const mi = time?.[2] ? Number(time[2]) : 0;
    const sec = time?.[3] ? Number(time[3]) : 0;
    const half = time?.[4]?.toLowerCase();
    if (half && ['ch', 'pm', 'chiều', 'tối'].includes(half) && h < 12) h += 12;
    if (half && ['sa', 'am', 'sáng'].includes(half) && h === 12) h = 0;
    const zm = /(?:GMT|UTC)\s*([+-]\d{1,2})(?::?(\d{2}))?/i.exec(rest);
    const z = zm ? `${zm[1].startsWith('-') ? '-' : '+'}${zm[1].replace(/[+-]/, '').padStart(2, '0')}:${zm[2] ?? '00'}` : undefined;
    return withZone(date.year, date.month, date.day, h, mi, sec, z, zone);
  }

  // anything else JavaScript can read (`Fri Nov 25 2022 08:30:00 GMT+0700`); without a zone in the
  // text, its fields are the portal's local time, not this machine's
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) return undefined;
  if (/(?:Z|GMT|UTC|[+-]\d{2}:?\d{2})\b/i.test(s)) return { time: d.getTime(), assumedZone: false };
  return withZone(d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds(), undefined, zone);
}

interface DayMonthYear {
  0: string;
  day: number;
  month: number;
  year: number;
}

function dayMonthYear(s: string): DayMonthYear | undefined {
  let m = /(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})/.exec(s);
  if (m) {
    let [day, month] = [+m[1], +m[2]];
    // 11/25/2022: only a US-style date can have a "month" above 12
    if (month > 12 && day <= 12) [day, month] = [month, day];
    return { 0: m[0], day, month, year: +m[3] };
  }
  m = /(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})/.exec(s);
  if (m) return { 0: m[0], day: +m[3], month: +m[2], year: +m[1] };
  m = /(?:ngày\s*)?(\d{1,2})\s*tháng\s*(\d{1,2})\s*(?:năm|,)?\s*(\d{4})/i.exec(s);
  if (m) return { 0: m[0], day: +m[1], month: +m[2], year: +m[3] };
  return undefined;
}

function withZone(y: number, mo: number, d: number, h: number, mi: number, s: number, z: string | undefined, zone: string): ParsedDate | undefined {
  if (!z) {
    const t = fromLocal(y, mo, d, h, mi, s, zone);
    return t === undefined ? undefined : { time: t, assumedZone: true };
  }
  let offset: number | undefined;
  const zl = z.toLowerCase();
  if (zl in ZONES) offset = ZONES[zl];
  else {
    const zm = /^([+-])(\d{2}):?(\d{2})?$/.exec(z);
    if (zm) offset = (zm[1] === '-' ? -1 : 1) * (Number(zm[2]) * 60 + Number(zm[3] ?? 0));
  }
  if (offset === undefined) {
    // an unknown zone name: read it as the portal's local time rather than drop the date
    const t = fromLocal(y, mo, d, h, mi, s, zone);
    return t === undefined ? undefined : { time: t, assumedZone: true };
  }
  if (!validParts(y, mo, d, h, mi, s)) return undefined;
  return { time: Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59)) - offset * 60_000, assumedZone: false };
}

/** The last time formatted: every item of a feed formats the same fetch time. */
let lastFormatted = { time: NaN, zone: '', text: '' };

/** ISO 8601 with the zone's offset, e.g. 2022-11-25T08:30:00+07:00. */
export function formatInZone(time: number, zone: string): string {
  if (time === lastFormatted.time && zone === lastFormatted.zone) return lastFormatted.text;
  const text = formatted(time, zone);
  lastFormatted = { time, zone, text };
  return text;
}

function formatted(time: number, zone: string): string {
  const offset = zoneOffsetMinutes(zone, time);
  const local = new Date(time + offset * 60_000).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * An operator-given date format ("dd/MM/yyyy HH:mm", "HH:mm - dd.MM.yyyy") read into ISO 8601
 * without a zone, which the shared normalizer takes as the portal's local time. Strings that do not
 * fit the format pass through unchanged: the normalizer knows the common Vietnamese forms anyway.
 */
const TOKENS: [token: string, pattern: string, part: keyof Parts][] = [
  ['yyyy', '(\\d{4})', 'year'],
  ['yy', '(\\d{2})', 'year'],
  ['MM', '(\\d{1,2})', 'month'],
  ['M', '(\\d{1,2})', 'month'],
  ['dd', '(\\d{1,2})', 'day'],
  ['d', '(\\d{1,2})', 'day'],
  ['HH', '(\\d{1,2})', 'hour'],
  ['H', '(\\d{1,2})', 'hour'],
  ['hh', '(\\d{1,2})', 'hour12'],
  ['h', '(\\d{1,2})', 'hour12'],
  ['mm', '(\\d{2})', 'minute'],
  ['ss', '(\\d{2})', 'second'],
  // SA = sáng (morning), CH = chiều (afternoon) on Vietnamese portals
  ['a', '(SA|CH|AM|PM|sáng|chiều|tối)', 'half'],
];

interface Parts {
  year: string;
  month: string;
  day: string;
  hour: string;
  hour12: string;
  minute: string;
  second: string;
  half: string;
}

const compiled = new Map<string, { regex: RegExp; parts: (keyof Parts)[] }>();

function compile(format: string) {
  let found = compiled.get(format);
  if (found) return found;
  let pattern = '';
  const parts: (keyof Parts)[] = [];
  for (let i = 0; i < format.length;) {
    const hit = TOKENS.find(([token]) => format.startsWith(token, i));
    if (hit) {
      pattern += hit[1];
      parts.push(hit[2]);
      i += hit[0].length;
    } else {
      const ch = format[i++];
      pattern += /\s/.test(ch) ? '\\s*' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  found = { regex: new RegExp(pattern, 'iu'), parts };
  compiled.set(format, found);
  return found;
}

/** `text` read with `format` as "yyyy-MM-ddTHH:mm:ss" (no zone), or undefined when it does not fit. */
export function applyDateFormat(text: string, format: string): string | undefined {
  const { regex, parts } = compile(format);
  const m = regex.exec(text.normalize('NFC').replace(/\s+/g, ' '));
  if (!m) return undefined;
  const p: Partial<Parts> = {};
  parts.forEach((name, i) => (p[name] = m[i + 1]));
  if (!p.year || !p.month || !p.day) return undefined;
  const year = p.year.length === 2 ? 2000 + Number(p.year) : Number(p.year);
  let hour = Number(p.hour ?? p.hour12 ?? 0);
  const half = p.half?.toLowerCase();
  if (half && ['ch', 'pm', 'chiều', 'tối'].includes(half) && hour < 12) hour += 12;
  if (half && ['sa', 'am', 'sáng'].includes(half) && hour === 12) hour = 0;
  const month = Number(p.month);
  const day = Number(p.day);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23) return undefined;
  const two = (n: number | string) => String(n).padStart(2, '0');
  return `${year}-${two(month)}-${two(day)}T${two(hour)}:${two(p.minute ?? 0)}:${two(p.second ?? 0)}`;
}

/** A date string through the source's date format when it fits; as found otherwise. */
export function applyDate(text: string, format: string | undefined): string {
  return (format && applyDateFormat(text, format)) || text;
}

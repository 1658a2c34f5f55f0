/** Dot paths into JSON ("data.items", "title.rendered", "images.0.url") and reading values as strings. */

export function atPath(value: unknown, path: string | undefined): unknown {
  if (!path) return value;
  let at: unknown = value;
  for (const key of path.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[Array.isArray(at) && /^\d+$/.test(key) ? Number(key) : key];
  }
  return at;
}

/**
 * A value as text: strings as they are, numbers written out, WordPress's {rendered}, and the
 * usual wrappers of a name or a URL ({name}, {url}, {href}, {src}).
 */
export function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    for (const key of ['rendered', 'name', 'url', 'href', 'src', 'title', 'value']) {
      const text = asText(o[key]);
      if (text) return text;
    }
  }
  if (Array.isArray(value)) return asText(value[0]);
  return undefined;
}

/** A list of names from a string, a list of strings, or a list of {name} objects. */
export function asTextList(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list.map(asText).filter((t): t is string => !!t);
}

/** A date as the normalizer reads it: strings as found, epoch seconds or milliseconds as ISO 8601 (UTC). */
export function asDate(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value < 1e11 ? value * 1000 : value).toISOString();
  if (typeof value === 'string' && /^\d{9,13}$/.test(value.trim())) return asDate(Number(value));
  return asText(value);
}

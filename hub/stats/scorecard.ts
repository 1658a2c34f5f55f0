/**
 * Portal scorecards: how a portal publishes, as the hub sees it. Pure computation from items,
 * sources and the directory, with the clock passed in: the caller (hub.ts) reads the store and
 * feeds items through one ScorecardTally, once, whatever the number of portals — every item of
 * the window (store.scanItems), then for a portal with none there its newest item, the one older
 * item that can matter (its last publication). Each scorecard (one portal, a subtree counted as
 * one, or a national table of one level) is then put together from the tally without reading
 * any item again.
 *
 * - Weeks are ISO 8601 weeks in Asia/Ho_Chi_Minh (UTC+07:00, no daylight saving), Monday first;
 *   the window is the current week and the 11 before it, and an item counts by its publishedAt.
 * - Withdrawn items count nowhere (they are listed nowhere).
 * - The delay is fetchedAt − publishedAt over the window's items, leaving out negative delays and
 *   items without a real publication time (flagged date-missing: the hub's first sight stands in;
 *   date-future-clamped: the claimed time was in the future and was replaced).
 * - Republication comes from the clusters (hub/pipeline/dedupe.ts gives copies of one article one
 *   clusterId): among a cluster's items in the window, the origin is the one
 *   hub/publish/clusters.ts `originOrder` puts first (the copy on its own portal's site, then the
 *   first published), as "also published by" shows it.
 * - The freshness grade follows the level's norm: weekly for central, ministry, province and
 *   department portals, monthly for communes and others (GRADE_RULES, stated in words in every answer).
 */
import type { Item, Portal, PortalLevel, Scorecard, ScorecardRow, ScorecardTable, Source } from '../model.ts';
import { byLevelThenName, type Directory } from '../directory/directory.ts';
import { originOrder } from '../publish/clusters.ts';
import { xmlText } from '../publish/xml-text.ts';

export const SCORECARD_WEEKS = 12;
const VN_OFFSET_MS = 7 * 3600_000;
const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

export type Grade = ScorecardRow['grade'];
export type GradeRule = Scorecard['gradeRule'];
export type Norm = GradeRule['norm'];

/** Monday 00:00 in Viet Nam of the week that holds `time`, as an instant. */
export function vnWeekStart(time: number): number {
  const localDay = Math.floor((time + VN_OFFSET_MS) / DAY_MS) * DAY_MS;
  const mondayBased = (new Date(localDay).getUTCDay() + 6) % 7;
  return localDay - mondayBased * DAY_MS - VN_OFFSET_MS;
}

/** The ISO 8601 week (e.g. 2026-W49) starting at `weekStart` (an instant from vnWeekStart): the year of its Thursday. */
export function isoWeek(weekStart: number): string {
  const thursday = weekStart + VN_OFFSET_MS + 3 * DAY_MS;
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / WEEK_MS) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

const digit = (s: string, i: number) => s.charCodeAt(i) - 48;

/**
 * An ISO 8601 date-time with seconds and an offset (Z or ±HH:MM), as the store keeps every item's
 * times, read as milliseconds three times faster than Date.parse: the scorecards read two of them
 * per item of the window. Anything of another shape goes to Date.parse.
 */
export function instant(s: string): number {
  const n = s.length;
  if (n < 20 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58)
    return Date.parse(s);
  let year = digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3);
  const month = digit(s, 5) * 10 + digit(s, 6);
  const day = digit(s, 8) * 10 + digit(s, 9);
  const time = ((digit(s, 11) * 10 + digit(s, 12)) * 60 + digit(s, 14) * 10 + digit(s, 15)) * 60 + digit(s, 17) * 10 + digit(s, 18);
  let i = 19;
  let ms = 0;
  if (s.charCodeAt(i) === 46) {
    let places = 0;
    for (i++; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 48 || c > 57) break;
      if (places < 3) {
        ms = ms * 10 + c - 48;
        places++;
      }
    }
    for (; places < 3; places++) ms *= 10;
  }
  const sign = s.charCodeAt(i);
  let offset = 0;
  if ((sign === 43 || sign === 45) && n - i === 6 && s.charCodeAt(i + 3) === 58) {
    offset = (digit(s, i + 1) * 10 + digit(s, i + 2)) * 60 + digit(s, i + 4) * 10 + digit(s, i + 5);
    if (sign === 45) offset = -offset;
  } else if (sign !== 90 || i !== n - 1) return Date.parse(s);
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31 && time < 86_400 && time >= 0)) return Date.parse(s);
  // days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil)
  if (month <= 2) year--;
  const era = Math.floor(year / 400);
  const yearOfEra = year - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const days = era * 146_097 + yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear - 719_468;
  return days * DAY_MS + time * 1000 + ms - offset * 60_000;
}

const vnDate = (time: number) => new Date(time + VN_OFFSET_MS).toISOString().slice(0, 10);

// --- the grade

interface Step {
  grade: Exclude<Grade, 'E'>;
  /** The last publication at most this many days before now. */
  maxAgeDays: number;
  /** At least this many items a week on average over the window (0: no minimum). */
  minPerWeek: number;
}

/** What each norm asks for each grade; a portal gets the first grade whose both conditions hold, else E. */
export const GRADE_STEPS: Record<Norm, Step[]> = {
  weekly: [
    { grade: 'A', maxAgeDays: 2, minPerWeek: 5 },
    { grade: 'B', maxAgeDays: 7, minPerWeek: 1 },
    { grade: 'C', maxAgeDays: 14, minPerWeek: 0 },
    { grade: 'D', maxAgeDays: 30, minPerWeek: 0 },
  ],
  monthly: [
    { grade: 'A', maxAgeDays: 7, minPerWeek: 1 },
    { grade: 'B', maxAgeDays: 30, minPerWeek: 0.25 },
    { grade: 'C', maxAgeDays: 60, minPerWeek: 0 },
    { grade: 'D', maxAgeDays: 90, minPerWeek: 0 },
  ],
};

export const normOf = (level: PortalLevel): Norm => (level === 'commune' || level === 'other' ? 'monthly' : 'weekly');

export function grade(norm: Norm, lastPublished: number | undefined, itemsInWindow: number, now: number): Grade {
  if (lastPublished === undefined) return 'E';
  const perWeek = itemsInWindow / SCORECARD_WEEKS;
  const step = GRADE_STEPS[norm].find((s) => now - lastPublished <= s.maxAgeDays * DAY_MS && perWeek >= s.minPerWeek);
  return step?.grade ?? 'E';
}

const perWeekVi = (n: number) => (n === 0.25 ? 'từ 3 tin trong 12 tuần (khoảng 1 tin/tháng)' : `trung bình từ ${n} tin/tuần trở lên trong 12 tuần`);
const perWeekEn = (n: number) =>
  n === 0.25 ? 'at least 3 items in the 12 weeks (about one a month)' : `at least ${n} item${n === 1 ? '' : 's'} a week on average over the 12 weeks`;

/** The rule of a norm in words, written from GRADE_STEPS so the words and the computation cannot part. */
export function gradeRule(norm: Norm): GradeRule {
  const steps = GRADE_STEPS[norm];
  const vi = steps.map((s) => `${s.grade}: tin mới nhất đăng trong vòng ${s.maxAgeDays} ngày${s.minPerWeek ? ` và ${perWeekVi(s.minPerWeek)}` : ''}`);
  const en = steps.map((s) => `${s.grade}: last publication at most ${s.maxAgeDays} days ago${s.minPerWeek ? ` and ${perWeekEn(s.minPerWeek)}` : ''}`);
  return norm === 'weekly'
    ? {
        norm,
        vi: `Chuẩn hằng tuần (cổng Chính phủ, bộ, ngành, tỉnh, sở): ${vi.join('; ')}; E: lâu hơn, hoặc chưa có tin nào.`,
        en: `Weekly norm (central, ministry, province and department portals): ${en.join('; ')}; E: older, or nothing published.`,
      }
    : {
        norm,
        vi: `Chuẩn hằng tháng (cổng xã, phường và cổng khác): ${vi.join('; ')}; E: lâu hơn, hoặc chưa có tin nào.`,
        en: `Monthly norm (commune and other portals): ${en.join('; ')}; E: older, or nothing published.`,
      };
}

// --- the one pass

/** What the pass keeps of one portal. */
interface PortalTally {
  /** The median of `delays`, once asked (forgotten when a delay comes in). */
  median?: number | null;
  weeks: number[];
  last: number | undefined;
  delays: number[];
  inWindow: number;
  withImage: number;
  withTopic: number;
}

const newTally = (): PortalTally => ({ weeks: new Array(SCORECARD_WEEKS).fill(0), last: undefined, delays: [], inWindow: 0, withImage: 0, withTopic: 0 });

const hasImage = (item: Item) => item.media.some((m) => m.type === 'image' || m.type.startsWith('image/'));
const realPublicationTime = (item: Item) => !item.flags.includes('date-missing') && !item.flags.includes('date-future-clamped');

/**
 * Every item goes through `add` once (pages in any order); scorecards are then read from it. A
 * tally can be kept while its week lasts: on a `clone`, `forget` drops some portals' part (their
 * items changed) for them to go through `add` again; `at` moves its clock on.
 */
export class ScorecardTally {
  private current: number;
  /** Monday 00:00 (+07:00) of the oldest week of the window. */
  readonly since: number;
  private readonly currentWeek: number;
  private readonly portals = new Map<string, PortalTally>();
  /** The window's items that joined a cluster (clusterId ≠ id), by cluster. */
  private readonly copies = new Map<string, Item[]>();
  /** The window's first items (clusterId = id) of those clusters. */
  private readonly firsts = new Map<string, Item>();
  /** Tables already put together from this tally (scorecardTable), until another item comes in. */
  readonly tables = new Map<string, { directory: Directory; sources: Source[]; table: ScorecardTable }>();
  /** sharedClusters' answer, until another item comes in. */
  private shared?: { directory: Directory; clusters: { portals: string[]; origin: string }[] };
  /** Each cluster's portals and origin, worked out once for a directory and kept (through `clone` too) until the cluster changes. */
  private origins = new Map<string, { portals: string[]; origin: string }>();
  private originsDirectory?: Directory;
  private readonly labels: { week: string; start: string }[];

  constructor(now: Date) {
    this.current = now.getTime();
    this.currentWeek = vnWeekStart(this.current);
    this.since = this.currentWeek - (SCORECARD_WEEKS - 1) * WEEK_MS;
    this.labels = Array.from({ length: SCORECARD_WEEKS }, (_, i) => {
      const start = this.since + i * WEEK_MS;
      return { week: isoWeek(start), start: vnDate(start) };
    });
  }

  add(items: Iterable<Item>): void {
    this.shared = undefined;
    this.tables.clear();
    for (const item of items) {
      const flags = item.flags;
      if (flags.length && flags.includes('withdrawn')) continue;
      let t = this.portals.get(item.portalId);
      if (!t) this.portals.set(item.portalId, (t = newTally()));
      const published = instant(item.publishedAt);
      if (t.last === undefined || published > t.last) t.last = published;
      const week = Math.floor((published - this.since) / WEEK_MS);
      if (week < 0 || week >= SCORECARD_WEEKS) continue;
      t.weeks[week]++;
      t.inWindow++;
      if (item.image || (item.media.length && hasImage(item))) t.withImage++;
      if (item.topics.length) t.withTopic++;
      if (!flags.length || realPublicationTime(item)) {
        const delay = instant(item.fetchedAt) - published;
        if (delay >= 0) {
          t.delays.push(delay);
          t.median = undefined;
        }
      }
      // a cluster's first item has its own id as clusterId, every later copy another's: only the
      // copies are kept here (a few in a hundred), and the first items of their clusters
      if (item.clusterId !== item.id) {
        const copies = this.copies.get(item.clusterId);
        if (copies) copies.push(item);
        else this.copies.set(item.clusterId, [item]);
        this.origins.delete(item.clusterId);
      } else if (this.copies.has(item.id)) {
        this.firsts.set(item.id, item);
        this.origins.delete(item.id);
      }
    }
  }

  get now(): number {
    return this.current;
  }

  /** Whether `time` is in the tally's current week (else its window has moved: a new tally is needed). */
  sameWeek(time: Date): boolean {
    return vnWeekStart(time.getTime()) === this.currentWeek;
  }

  /** The clock moved on within the week (grades and the window's end read it). */
  at(time: Date): void {
    this.current = time.getTime();
  }

  /** A tally holding the same, to change while this one is still being read (a portal's part is replaced, never changed in place). */
  clone(): ScorecardTally {
    const copy = new ScorecardTally(new Date(this.current));
    for (const [id, t] of this.portals) copy.portals.set(id, t);
    for (const [id, items] of this.copies) copy.copies.set(id, [...items]);
    for (const [id, item] of this.firsts) copy.firsts.set(id, item);
    copy.origins = new Map(this.origins);
    copy.originsDirectory = this.originsDirectory;
    return copy;
  }

  /** Drops what the tally holds of these portals (their items, copies and first items of clusters), to `add` them again. */
  forget(portalIds: Set<string>): void {
    this.shared = undefined;
    this.tables.clear();
    for (const id of portalIds) this.portals.delete(id);
    for (const [clusterId, copies] of this.copies) {
      const kept = copies.filter((i) => !portalIds.has(i.portalId));
      if (kept.length === copies.length) continue;
      if (kept.length) this.copies.set(clusterId, kept);
      else this.copies.delete(clusterId);
      this.origins.delete(clusterId);
    }
    for (const [id, first] of this.firsts)
      if (portalIds.has(first.portalId) || !this.copies.has(id)) {
        this.firsts.delete(id);
        this.origins.delete(id);
      }
  }

  /** Clusters some item of the window joined whose first item has not come through `add` (yet): to read by id. */
  missingFirsts(): string[] {
    return [...this.copies.keys()].filter((id) => !this.firsts.has(id));
  }

  /** The first items of clusters (as read by id after the pass); only those of the window, not withdrawn, count. */
  addFirsts(items: Iterable<Item>): void {
    this.shared = undefined;
    this.tables.clear();
    for (const item of items) {
      if (item.id !== item.clusterId || !this.copies.has(item.id) || item.flags.includes('withdrawn')) continue;
      const published = Date.parse(item.publishedAt);
      if (published >= this.since && published < this.since + SCORECARD_WEEKS * WEEK_MS) {
        this.firsts.set(item.id, item);
        this.origins.delete(item.id);
      }
    }
  }

  /** Whether an item of the portal (not withdrawn) went through `add`. */
  has(portalId: string): boolean {
    return this.portals.has(portalId);
  }

  /**
   * Republication, for groups of portals (a portal alone, or a subtree counted as one): `groupOf`
   * names each portal's group, or nothing for a portal outside every group (it still counts as
   * another portal). Per group: how many clusters it is the origin of that another publisher also
   * carries, and how many it carries whose origin is another's.
   */
  republication(groupOf: (portalId: string) => string | undefined, directory: Directory): Map<string, { byOthers: number; fromOthers: number }> {
    const out = new Map<string, { byOthers: number; fromOthers: number }>();
    const entry = (g: string) => out.get(g) ?? out.set(g, { byOthers: 0, fromOthers: 0 }).get(g)!;
    const publisher = (portalId: string) => groupOf(portalId) ?? `\u0000${portalId}`;
    for (const cluster of this.sharedClusters(directory)) {
      const publishers = new Set(cluster.portals.map(publisher));
      if (publishers.size < 2) continue;
      const origin = publisher(cluster.origin);
      for (const p of publishers) {
        if (p.startsWith('\u0000')) continue;
        if (p === origin) entry(p).byOthers++;
        else entry(p).fromOthers++;
      }
    }
    return out;
  }

  /** The window's clusters carried by several portals: their portals and the origin's, worked out once. */
  private sharedClusters(directory: Directory): { portals: string[]; origin: string }[] {
    if (this.shared?.directory === directory) return this.shared.clusters;
    if (this.originsDirectory !== directory) {
      this.origins = new Map();
      this.originsDirectory = directory;
    }
    const clusters: { portals: string[]; origin: string }[] = [];
    for (const [clusterId, copies] of this.copies) {
      let known = this.origins.get(clusterId);
      if (!known) {
        const first = this.firsts.get(clusterId);
        const members = first ? [first, ...copies] : copies;
        const portals = [...new Set(members.map((m) => m.portalId))];
        // the origin matters only to a cluster several portals carry
        known = { portals, origin: portals.length > 1 ? originOrder(members, directory)[0].portalId : portals[0] };
        this.origins.set(clusterId, known);
      }
      if (known.portals.length > 1) clusters.push(known);
    }
    this.shared = { directory, clusters };
    return clusters;
  }

  /** The tallies of some portals, as one. */
  merged(portalIds: string[]): PortalTally {
    const tallies = portalIds.map((id) => this.portals.get(id)).filter((t) => t !== undefined);
    if (tallies.length === 1) return tallies[0];
    const out = newTally();
    for (const t of tallies) {
      t.weeks.forEach((n, i) => (out.weeks[i] += n));
      if (t.last !== undefined && (out.last === undefined || t.last > out.last)) out.last = t.last;
      for (const d of t.delays) out.delays.push(d);
      out.inWindow += t.inWindow;
      out.withImage += t.withImage;
      out.withTopic += t.withTopic;
    }
    return out;
  }

  window(): Scorecard['window'] {
    return { since: new Date(this.since).toISOString(), until: new Date(this.current).toISOString(), weeks: SCORECARD_WEEKS };
  }

  weekLabels(): { week: string; start: string }[] {
    return this.labels;
  }
}

// --- scorecards

const round = (x: number, places: number) => Math.round(x * 10 ** places) / 10 ** places;

function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function sourceCounts(sources: Source[], portalIds: Set<string>): ScorecardRow['sources'] {
  const out = { total: 0, ok: 0, failing: 0, disabled: 0, new: 0, paused: 0 };
  for (const s of sources) {
    if (!portalIds.has(s.portalId)) continue;
    out.total++;
    if (s.paused) out.paused++;
    else out[s.health.state]++;
  }
  return out;
}

function row(
  tally: ScorecardTally,
  directory: Directory,
  portalId: string,
  portalIds: string[],
  subtree: boolean,
  sources: ScorecardRow['sources'],
  republished: { byOthers: number; fromOthers: number } | undefined,
): ScorecardRow {
  const portal = directory.get(portalId)!;
  const t = tally.merged(portalIds);
  const labels = tally.weekLabels();
  // a portal alone: its own tally, kept between tables; a group: merged afresh
  const delay = portalIds.length === 1 ? (t.median === undefined ? (t.median = median(t.delays)) : t.median) : median(t.delays);
  return {
    portalId,
    name: portal.name,
    level: portal.level,
    subtree,
    portals: portalIds.length,
    weeks: labels.map((l, i) => ({ week: l.week, start: l.start, items: t.weeks[i] })),
    itemsInWindow: t.inWindow,
    averagePerWeek: round(t.inWindow / SCORECARD_WEEKS, 2),
    lastPublishedAt: t.last === undefined ? null : new Date(t.last).toISOString(),
    medianDelaySeconds: delay === null ? null : Math.round(delay / 1000),
    sources,
    imageShare: t.inWindow ? round(t.withImage / t.inWindow, 4) : null,
    topicShare: t.inWindow ? round(t.withTopic / t.inWindow, 4) : null,
    republishedByOthers: republished?.byOthers ?? 0,
    republishedFromOthers: republished?.fromOthers ?? 0,
    grade: grade(normOf(portal.level), t.last, t.inWindow, tally.now),
  };
}

/** One portal's scorecard, or its subtree's counted as one publisher. The portal must be in the directory. */
export function portalScorecard(tally: ScorecardTally, directory: Directory, sources: Source[], portalId: string, subtree: boolean): Scorecard {
  const portalIds = subtree ? directory.subtreeIds(portalId) : [portalId];
  const members = new Set(portalIds);
  const republished = tally.republication((p) => (members.has(p) ? portalId : undefined), directory).get(portalId);
  const r = row(tally, directory, portalId, portalIds, subtree, sourceCounts(sources, members), republished);
  return { ...r, window: tally.window(), gradeRule: gradeRule(normOf(r.level)), chartSvg: chartSvg(r) };
}

/** The columns a table sorts by, each with how a row gives its value (null sorts last). */
export const SORT_COLUMNS: Record<string, (r: ScorecardRow) => string | number | null> = {
  portalId: (r) => r.portalId,
  name: (r) => r.name,
  grade: (r) => r.grade,
  itemsInWindow: (r) => r.itemsInWindow,
  averagePerWeek: (r) => r.averagePerWeek,
  lastPublishedAt: (r) => (r.lastPublishedAt === null ? null : Date.parse(r.lastPublishedAt)),
  medianDelaySeconds: (r) => r.medianDelaySeconds,
  imageShare: (r) => r.imageShare,
  topicShare: (r) => r.topicShare,
  republishedByOthers: (r) => r.republishedByOthers,
  republishedFromOthers: (r) => r.republishedFromOthers,
  sourcesFailing: (r) => r.sources.failing,
};

export interface TableQuery {
  level: PortalLevel;
  /** A key of SORT_COLUMNS; directory order without it. */
  sort?: string;
  order?: 'asc' | 'desc';
}

/** The portals of each level in directory order, sorted once per directory (the Vietnamese collation is slow). */
const levelOrder = new WeakMap<Directory, Map<PortalLevel, Portal[]>>();
function atLevel(directory: Directory, level: PortalLevel): Portal[] {
  let byLevel = levelOrder.get(directory);
  if (!byLevel) levelOrder.set(directory, (byLevel = new Map()));
  let portals = byLevel.get(level);
  if (!portals)
    byLevel.set(
      level,
      (portals = directory
        .all()
        .filter((p) => p.level === level)
        .sort(byLevelThenName)),
    );
  return portals;
}

/**
 * Every portal of a level, each alone, in one table. A table is kept with the tally for the minute
 * (the grades and the window's end read the clock) and the same directory and sources; each caller
 * gets its own list of rows.
 */
export function scorecardTable(tally: ScorecardTally, directory: Directory, sources: Source[], query: TableQuery): ScorecardTable {
  const key = `${query.level}|${query.sort ?? ''}|${query.order ?? 'asc'}|${Math.floor(tally.now / 60_000)}`;
  const kept = tally.tables.get(key);
  if (kept && kept.directory === directory && kept.sources === sources) return { ...kept.table, scorecards: [...kept.table.scorecards] };
  const table = buildTable(tally, directory, sources, query);
  // a few levels and sorts at most a minute: the oldest go
  if (tally.tables.size >= 32) tally.tables.clear();
  tally.tables.set(key, { directory, sources, table });
  return { ...table, scorecards: [...table.scorecards] };
}

const collator = new Intl.Collator('vi');

function buildTable(tally: ScorecardTally, directory: Directory, sources: Source[], query: TableQuery): ScorecardTable {
  const portals = atLevel(directory, query.level);
  const ids = new Set(portals.map((p) => p.id));
  const republished = tally.republication((p) => (ids.has(p) ? p : undefined), directory);
  const counts = new Map<string, ScorecardRow['sources']>(portals.map((p) => [p.id, { total: 0, ok: 0, failing: 0, disabled: 0, new: 0, paused: 0 }]));
  for (const s of sources) {
    const c = counts.get(s.portalId);
    if (!c) continue;
    c.total++;
    if (s.paused) c.paused++;
    else c[s.health.state]++;
  }
  let rows = portals.map((p) => row(tally, directory, p.id, [p.id], false, counts.get(p.id)!, republished.get(p.id)));
  const order = query.order ?? 'asc';
  const value = query.sort ? SORT_COLUMNS[query.sort] : undefined;
  if (value) {
    const sign = order === 'desc' ? -1 : 1;
    const at = new Map(rows.map((r, i) => [r.portalId, i]));
    rows = [...rows].sort((a, b) => {
      const x = value(a);
      const y = value(b);
      if (x === null || y === null) return x === y ? at.get(a.portalId)! - at.get(b.portalId)! : x === null ? 1 : -1;
      const c = typeof x === 'string' ? collator.compare(x, y as string) : x - (y as number);
      return c * sign || at.get(a.portalId)! - at.get(b.portalId)!;
    });
  }
  return { level: query.level, window: tally.window(), sort: query.sort ?? null, order, gradeRule: gradeRule(normOf(query.level)), scorecards: rows };
}

// --- the chart

const BAR = 8;
const GAP = 2;
const HEIGHT = 32;

/** The weeks as a small bar chart; the figures in a <title> and an aria-label, so a screen reader says them. */
export function chartSvg(r: ScorecardRow): string {
  const max = Math.max(1, ...r.weeks.map((w) => w.items));
  const width = r.weeks.length * (BAR + GAP) - GAP;
  const label = xmlText(
    `${r.name} — số tin mỗi tuần / items per week, ${r.weeks[0].week} – ${r.weeks.at(-1)!.week}: ${r.weeks.map((w) => `${w.week} ${w.items}`).join(', ')}`,
  );
  const bars = r.weeks
    .map((w, i) => {
      // an empty week keeps a 1px mark, so it reads as zero rather than missing
      const h = w.items ? Math.max(2, Math.round((w.items / max) * HEIGHT)) : 1;
      return `<rect x="${i * (BAR + GAP)}" y="${HEIGHT - h}" width="${BAR}" height="${h}" fill="${w.items ? '#1f6feb' : '#d0d7de'}"><title>${w.week} (${w.start}): ${w.items}</title></rect>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${HEIGHT}" viewBox="0 0 ${width} ${HEIGHT}" role="img" aria-label="${label}"><title>${label}</title>${bars}</svg>`;
}

// --- CSV

const CSV_FIXED = ['portalId', 'name', 'level', 'grade', 'itemsInWindow', 'averagePerWeek', 'lastPublishedAt', 'medianDelaySeconds'] as const;
const CSV_TAIL = [
  'sourcesTotal',
  'sourcesOk',
  'sourcesFailing',
  'sourcesDisabled',
  'sourcesNew',
  'sourcesPaused',
  'imageShare',
  'topicShare',
  'republishedByOthers',
  'republishedFromOthers',
] as const;

/** A cell as RFC 4180 wants it; text that a spreadsheet would run as a formula is prefixed with an apostrophe. */
function cell(value: string | number | null): string {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The table as CSV: a BOM (so Excel reads UTF-8), English column names, one column per ISO week, CRLF line ends. */
export function scorecardCsv(table: ScorecardTable): string {
  const since = Date.parse(table.window.since);
  const weeks = Array.from({ length: table.window.weeks }, (_, i) => isoWeek(since + i * WEEK_MS));
  const header = [...CSV_FIXED, ...weeks, ...CSV_TAIL];
  const lines = table.scorecards.map((r) =>
    [
      r.portalId,
      r.name,
      r.level,
      r.grade,
      r.itemsInWindow,
      r.averagePerWeek,
      r.lastPublishedAt,
      r.medianDelaySeconds,
      ...r.weeks.map((w) => w.items),
      r.sources.total,
      r.sources.ok,
      r.sources.failing,
      r.sources.disabled,
      r.sources.new,
      r.sources.paused,
      r.imageShare,
      r.topicShare,
      r.republishedByOthers,
      r.republishedFromOthers,
    ]
      .map(cell)
      .join(','),
  );
  return `\uFEFF${[header.join(','), ...lines].join('\r\n')}\r\n`;
}

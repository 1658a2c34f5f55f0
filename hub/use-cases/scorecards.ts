/** The scorecards: each portal's publishing record, and the national table of a level, as data and as rendered files. */
import { PORTAL_LEVELS } from '../directory/levels.ts';
import { HubError, notFound } from '../errors.ts';
import type { PortalLevel, Scorecard, ScorecardTable } from '../model.ts';
import { etagOf, type RenderedFeed } from '../publish/feeds.ts';
import type { Directory } from '../directory/directory.ts';
import { portalScorecard, scorecardCsv, scorecardTable, SORT_COLUMNS } from '../stats/scorecard.ts';
import type { ScorecardState } from '../stats/scorecard-pass.ts';
import type { UseCaseContext } from './context.ts';
import type { ScorecardQuery } from './types.ts';

const JSON_TYPE = 'application/json; charset=utf-8';

export class ScorecardUseCases {
  constructor(private readonly ctx: UseCaseContext) {}

  /** A portal's scorecard (hub/stats/scorecard.ts), or its subtree's counted as one. */
  async scorecard(id: string, options: { subtree?: boolean } = {}): Promise<Scorecard> {
    const directory = await this.ctx.directory();
    if (!directory.get(id)) throw notFound('portal', id);
    const { tally, sources } = await this.scorecardPass(directory);
    return portalScorecard(tally, directory, sources, id, !!options.subtree);
  }

  /** The national table: the scorecard of every portal of a level (province by default), sorted by a column. */
  async scorecards(query: ScorecardQuery = {}): Promise<ScorecardTable> {
    const checked = checkScorecardQuery(query);
    const directory = await this.ctx.directory();
    const { tally, sources } = await this.scorecardPass(directory);
    return scorecardTable(tally, directory, sources, checked);
  }

  /** `scorecard` as the API serves it (JSON, or its chart as SVG), rendered once and cached with the feeds. */
  async renderedScorecard(id: string, options: { subtree?: boolean }, format: 'json' | 'svg'): Promise<RenderedFeed> {
    const directory = await this.ctx.directory();
    if (!directory.get(id)) throw notFound('portal', id);
    return this.ctx.feeds.get(`scorecard|${format}|${id}|${!!options.subtree}|${directory.version}|${this.minute()}`, async () => {
      const card = await this.ctx.scorecard(id, options);
      return format === 'svg'
        ? rendered(card.chartSvg, 'image/svg+xml; charset=utf-8', card.window.until)
        : rendered(JSON.stringify(card), JSON_TYPE, card.window.until);
    });
  }

  /** `scorecards` as the API serves it (JSON, or CSV for a spreadsheet), rendered once and cached with the feeds. */
  async renderedScorecards(query: ScorecardQuery, format: 'json' | 'csv'): Promise<RenderedFeed> {
    const checked = checkScorecardQuery(query);
    const directory = await this.ctx.directory();
    return this.ctx.feeds.get(
      `scorecards|${format}|${checked.level}|${checked.sort ?? ''}|${checked.order}|${directory.version}|${this.minute()}`,
      async () => {
        const table = await this.ctx.scorecards(checked);
        return format === 'csv'
          ? rendered(scorecardCsv(table), 'text/csv; charset=utf-8', table.window.until)
          : rendered(JSON.stringify(table), JSON_TYPE, table.window.until);
      },
    );
  }

  /** The tally all scorecards are read from, with the sources (hub/stats/scorecard-pass.ts: kept up to date as items change). */
  private scorecardPass(directory: Directory): Promise<ScorecardState> {
    return this.ctx.scorecardPasses.current(directory);
  }

  private minute(): number {
    return Math.floor(this.ctx.now().getTime() / 60_000);
  }
}

const rendered = (body: string, contentType: string, at: string): RenderedFeed => ({
  body,
  contentType,
  etag: etagOf(body),
  lastModified: new Date(Math.floor(Date.parse(at) / 1000) * 1000),
});

/** A table query with every value known (FILTER.INVALID, 422, names each that is not). */
function checkScorecardQuery(query: ScorecardQuery): { level: PortalLevel; sort?: string; order: 'asc' | 'desc' } {
  const errors: { field: string; message: string }[] = [];
  const level = (query.level ?? 'province') as PortalLevel;
  if (!PORTAL_LEVELS.includes(level)) errors.push({ field: 'level', message: `must be one of ${PORTAL_LEVELS.join(', ')}` });
  if (query.sort !== undefined && !Object.hasOwn(SORT_COLUMNS, query.sort))
    errors.push({ field: 'sort', message: `must be one of ${Object.keys(SORT_COLUMNS).join(', ')}` });
  const order = query.order ?? 'asc';
  if (order !== 'asc' && order !== 'desc') errors.push({ field: 'order', message: 'must be asc or desc' });
  if (errors.length)
    throw new HubError('FILTER.INVALID', `The scorecard table cannot be made: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, { errors });
  return { level, ...(query.sort !== undefined ? { sort: query.sort } : {}), order: order as 'asc' | 'desc' };
}

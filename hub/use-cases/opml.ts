/** OPML: the sources and the portals' feeds as OPML 2.0, and sources registered in bulk from an OPML file. */
import { adapterKinds } from '../../adapters/registry.ts';
import type { Source, SourceImportResult } from '../model.ts';
import type { Principal } from '../keys/principal.ts';
import { adminOnly } from '../keys/scope.ts';
import type { RenderedFeed } from '../publish/feeds.ts';
import { byLevelThenName } from '../directory/directory.ts';
import { portalsOpml, sourcesOpml } from '../opml/render.ts';
import { planSourceImport, readOpml } from '../opml/import.ts';
import { unknownPortal, type UseCaseContext } from './context.ts';

export class OpmlUseCases {
  constructor(private readonly ctx: UseCaseContext) {}

  /** Every registered source, grouped by portal, as OPML 2.0. */
  async sourcesOpml(): Promise<RenderedFeed> {
    return sourcesOpml(await this.ctx.directory(), await this.ctx.store.listSources(), this.ctx.config.publicUrl, byLevelThenName);
  }

  /** The hub's subtree feed of every portal, nested as the directory, as OPML 2.0. */
  async portalsOpml(): Promise<RenderedFeed> {
    return portalsOpml(await this.ctx.directory(), this.ctx.config.publicUrl);
  }

  /** Registers the feeds of an OPML file as sources (admin): every feed importable, or nothing registered. */
  async importSources(who: Principal, text: string, options: { portal?: string; dryRun?: boolean } = {}): Promise<SourceImportResult> {
    if (who.role !== 'admin') throw adminOnly('import sources in bulk');
    const directory = await this.ctx.directory();
    if (options.portal && !directory.get(options.portal)) throw unknownPortal(options.portal, 'portal');
    const plan = planSourceImport(await readOpml(text), directory, await this.ctx.store.listSources(), (kind) => adapterKinds().includes(kind), options.portal);
    const created: Source[] = [];
    if (!options.dryRun) for (const input of plan.create) created.push(await this.ctx.addSource(input));
    if (created.length)
      await this.ctx.record(who, {
        action: 'source.import',
        target: { type: 'directory', id: 'sources' },
        ...(options.portal ? { portalId: options.portal } : {}),
        after: { created: created.map((s) => s.id) },
      });
    return { dryRun: options.dryRun ?? false, created: options.dryRun ? [] : created, wouldCreate: plan.create.length, unchanged: plan.unchanged };
  }
}

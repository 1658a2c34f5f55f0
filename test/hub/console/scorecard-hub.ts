/**
 * A real hub holding the scorecards' hand-computed fixture (test/hub/stats/scorecard-fixture.ts),
 * its clock the fixture's: for the console's scorecard pages, over HTTP and in Chromium.
 */
import { startTestHub, type TestHub } from '../../support/hub.ts';
import { ITEMS, NOW, PORTALS, SOURCES } from '../stats/scorecard-fixture.ts';

export async function startScorecardHub(): Promise<TestHub> {
  const hub = await startTestHub({}, undefined, { now: () => NOW });
  for (const p of PORTALS) await hub.hub.store.putPortal(p);
  for (const s of SOURCES) await hub.hub.store.putSource(s);
  await hub.hub.store.putItems(ITEMS());
  // written to the store directly, as another instance would: the hub is told the directory changed
  hub.hub.announcer.emitDirectoryChange();
  return hub;
}

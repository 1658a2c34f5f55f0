import { EmbeddedStore } from '../hub/store/embedded.ts';
import { openHub } from '../hub/main.ts';
import { loadConfig } from '../hub/config.ts';
import { storeNewItem } from './national-corpus.ts';
const dir = '/tmp/x/prof-store';
const store = await EmbeddedStore.open(dir);
const { hub } = await openHub(loadConfig({}, { dataDir: dir, demo: false, schedule: false, adminKey: 'bench-scorecard-key-0123' }), { store });
const directory = await hub.directory();
await hub.scorecards({ level: 'province' });
const portals = directory.all();
const runs = Number(process.env.RUNS ?? 30);
const times: number[] = [];
const parts: string[] = [];
for (let i = 0; i < runs; i++) {
  await storeNewItem(hub, portals, 500 + i);
  const t = performance.now();
  const s = await hub.scorecardPasses.current(directory);
  const t1 = performance.now();
  await hub.scorecards({ level: 'province' });
  times.push(performance.now() - t);
  parts.push(`${(t1 - t).toFixed(0)}+${(performance.now() - t1).toFixed(0)}`);
  void s;
}
console.log(parts.join(' '));
console.log(JSON.stringify(hub.scorecardPasses.counts));
await hub.close();
await store.close();

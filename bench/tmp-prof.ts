import { existsSync, mkdirSync } from 'node:fs';
import { EmbeddedStore } from '../hub/store/embedded.ts';
import { openHub } from '../hub/main.ts';
import { loadConfig } from '../hub/config.ts';
import { fillNationalStore } from './national-corpus.ts';
const dir = '/tmp/x/prof-store';
const fresh = !existsSync(dir);
if (fresh) mkdirSync(dir);
let t = performance.now();
const store = await EmbeddedStore.open(dir);
if (fresh) await fillNationalStore(store, { items: 200_000, sources: 10_000, now: Date.parse('2026-12-04T21:00:00Z') });
console.log('open/build', (performance.now() - t).toFixed(0));
const { hub } = await openHub(loadConfig({}, { dataDir: dir, demo: false, schedule: false, adminKey: 'bench-scorecard-key-0123' }), { store });
await hub.directory();
const runs = Number(process.env.RUNS ?? 10);
const times: number[] = [];
for (let i = 0; i < runs; i++) {
  hub.feeds.clear();
  t = performance.now();
  await hub.scorecards({ level: 'province' });
  times.push(performance.now() - t);
}
console.log(times.map((x) => x.toFixed(0)).join(' '));
await hub.close();
await store.close();

/**
 * Child process of the crash test: writes items to an embedded store as fast as it can, several
 * writes in flight at once (so group commits and compactions happen), and reports each write the
 * store acknowledged to the parent over IPC — until the parent kills it with SIGKILL.
 *
 *   argv: <data dir> <round>
 */
import { EmbeddedStore } from '../../../hub/store/embedded.ts';
import { makeItem } from './contract.ts';

const [dir, round] = process.argv.slice(2);
const store = await EmbeddedStore.open(dir);
/** Rewrites of a bounded id space make the journal outgrow the live data, so compaction runs too. */
const IDS = 3000;
let version = Number(round) * 1_000_000;

async function writer(lane: number): Promise<never> {
  for (;;) {
    const n = 1 + ((version + lane) % 17);
    const batch = Array.from({ length: n }, (_, k) => makeItem((version * 7 + k * 13 + lane) % IDS, { title: `v${++version}` }));
    await store.putItems(batch);
    process.send!({ acked: batch.map((i) => [i.id, Number(i.title.slice(1))]) });
  }
}

process.send!({ ready: true });
await Promise.all([0, 1, 2, 3].map(writer));

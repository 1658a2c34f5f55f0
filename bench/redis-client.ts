/**
 * Which `redis` client (and protocol) writes fastest here: pipelined HSET + ZADD batches, the
 * shape of RedisStore.putItems. Measures the installed client with RESP2 and RESP3, and, when a
 * path to another install is given, that one too, alternating rounds so machine load hits all alike.
 *
 *   npm run bench:redis-client -- /tmp/redis6/node_modules/redis
 *
 * (install the other major in a scratch dir: `npm --prefix /tmp/redis6 install redis@6`).
 */
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const require = createRequire(import.meta.url);
const url = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const BATCHES = 200;
const PER_BATCH = 250;

/** What the bench asks of a client: the installed one and the other install's major alike (loaded untyped). */
interface BenchClient {
  connect(): Promise<unknown>;
  multi(): {
    hSet(key: string, field: string, value: string): unknown;
    zAdd(key: string, member: { score: number; value: string }): unknown;
    execAsPipeline(): Promise<unknown>;
  };
  hSet(key: string, field: string, value: string): Promise<unknown>;
  zAdd(key: string, member: { score: number; value: string }): Promise<unknown>;
  del(keys: string[]): Promise<unknown>;
  quit(): Promise<unknown>;
}

interface Variant {
  name: string;
  create: () => BenchClient;
}

async function load(path: string, label: string): Promise<Variant[]> {
  const mod = await import(pathToFileURL(require.resolve(resolve(path))).href);
  const version = require(resolve(path, 'package.json')).version as string;
  return [2, 3].map((RESP) => ({ name: `${label} ${version} RESP${RESP}`, create: () => mod.createClient({ url, RESP }) }));
}

type Mode = 'multi' | 'auto';

async function round(v: Variant, mode: Mode): Promise<number> {
  const client = v.create();
  await client.connect();
  const prefix = `hubbench:${randomBytes(4).toString('hex')}:`;
  const body = JSON.stringify({ title: 'Tin số về chuyển đổi số'.repeat(4), summary: 'Đà Nẵng '.repeat(30) });
  const start = process.hrtime.bigint();
  for (let b = 0; b < BATCHES; b++) {
    if (mode === 'multi') {
      const multi = client.multi();
      for (let i = 0; i < PER_BATCH; i++) {
        const id = `${b}-${i}`;
        multi.hSet(`${prefix}items`, id, body);
        multi.zAdd(`${prefix}order`, { score: 0, value: `${String(b * PER_BATCH + i).padStart(16, '0')}:${id}` });
      }
      await multi.execAsPipeline();
    } else {
      // commands issued in one tick are written to the socket together (the client's auto-pipelining)
      const pending: Promise<unknown>[] = [];
      for (let i = 0; i < PER_BATCH; i++) {
        const id = `${b}-${i}`;
        pending.push(
          client.hSet(`${prefix}items`, id, body),
          client.zAdd(`${prefix}order`, { score: 0, value: `${String(b * PER_BATCH + i).padStart(16, '0')}:${id}` }),
        );
      }
      await Promise.all(pending);
    }
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await client.del([`${prefix}items`, `${prefix}order`]);
  await client.quit();
  return (BATCHES * PER_BATCH * 2) / seconds;
}

const variants = await load(resolve('node_modules/redis'), 'installed');
if (process.argv[2]) variants.push(...(await load(process.argv[2], 'other')));
for (const mode of ['multi', 'auto'] as const) {
  const results = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  for (let r = 0; r < 3; r++) for (const v of variants) results.get(v.name)!.push(await round(v, mode));
  const best = (name: string) => Math.max(...results.get(name)!);
  const baseline = best(variants[0].name);
  console.log(
    `\n${mode === 'multi' ? 'MULTI pipeline (execAsPipeline)' : 'auto-pipelined single commands'}: ${BATCHES} batches × ${PER_BATCH} × (HSET + ZADD), best of 3 rounds`,
  );
  for (const v of variants)
    console.log(`${v.name.padEnd(28)} ${Math.round(best(v.name)).toLocaleString('en').padStart(9)} commands/s  ×${(best(v.name) / baseline).toFixed(2)}`);
}

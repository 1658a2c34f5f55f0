/**
 * A real Redis for tests: REDIS_URL when set, else 127.0.0.1:6379 when it answers, else a
 * redis-server this run starts on a free loopback port (and stops at exit). Other test runs share
 * the same Redis, so every store a test opens gets its own random key prefix and deletes only
 * its own keys — never FLUSHALL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { RedisStore, randomPrefix } from '../../hub/store/redis.ts';

let found: Promise<string> | undefined;
let started: ChildProcess | undefined;

export function testRedisUrl(): Promise<string> {
  found ??= locate();
  return found;
}

async function locate(): Promise<string> {
  if (process.env.REDIS_URL) return process.env.REDIS_URL;
  if (await answers(6379)) return 'redis://127.0.0.1:6379';
  const port = await freePort();
  started = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  started.on('error', () => undefined);
  process.once('exit', () => started?.kill());
  for (let i = 0; i < 100; i++) {
    if (await answers(port)) return `redis://127.0.0.1:${port}`;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('No Redis: set REDIS_URL, run one on 127.0.0.1:6379, or install redis-server');
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.setTimeout(500);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (d) => (socket.destroy(), resolve(d.toString().startsWith('+PONG'))));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

/** A loopback port nothing listens on (for a server a test starts itself). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A Redis store under a fresh prefix; `close()` of the returned store also deletes its keys. */
export async function openTestRedisStore(name = 'hubtest', prefix = randomPrefix(name)): Promise<RedisStore> {
  const store = await RedisStore.open(await testRedisUrl(), { prefix });
  const close = store.close.bind(store);
  store.close = async () => {
    if (store.client.isOpen) await store.clear();
    await close();
  };
  return store;
}

/**
 * The Redis a benchmark measures: REDIS_URL when set, else a redis-server of its own on a free
 * loopback port (not the shared 6379: 200,000 items are hundreds of megabytes, and other work
 * there would blur the figures). Stopped at exit.
 */
import { spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';

export async function benchRedisUrl(): Promise<{ url: string; own: boolean }> {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, own: false };
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  process.once('exit', () => child.kill());
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1')
        .once('connect', () => (s.destroy(), resolve(true)))
        .once('error', () => resolve(false));
    });
    if (up) return { url: `redis://127.0.0.1:${port}`, own: true };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('redis-server did not start; set REDIS_URL');
}

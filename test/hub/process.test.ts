/**
 * The hub as `npm start` runs it: built (node dist/hub/main.js, exec'd by npm's shell), serving the
 * demo, and stopped by SIGTERM sent to the npm process alone — or to the whole group, as
 * `setsid npm start` + `kill -TERM -<pgid>` (.ci/run) does — within its stop deadline, exit code 0,
 * port and data dir lock released. The signal handling itself (repeats, second signal, deadline) is
 * checked in process on exitOnSignals.
 */
import { expect } from 'chai';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../hub/config.ts';
import { exitOnSignals, REPEAT_SIGNAL_MS, stopDeadlineMs } from '../../hub/main.ts';
import { openBackend } from '../../hub/backend.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Short, so a stop that hangs fails fast; the budget below is derived from it. */
const GRACE_MS = 2_000;
const DEADLINE_MS = stopDeadlineMs({ shutdownGraceMs: GRACE_MS });
const linux = process.platform === 'linux';

interface Started {
  npm: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  url: URL;
  dataDir: string;
  /** The pid in the data dir lock: the process that serves. */
  hubPid: number;
}

/** The environment a user's shell gives `npm start`, without the test run's own HUB_* settings. */
function env(dataDir: string): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('HUB_') && k !== 'PORT' && k !== 'HOST'));
  return { ...base, PORT: '0', HOST: '127.0.0.1', HUB_DATA_DIR: dataDir, HUB_SHUTDOWN_GRACE_MS: String(GRACE_MS) };
}

async function npmStart(options: { detached?: boolean } = {}): Promise<Started> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-process-'));
  const npm = spawn('npm', ['start'], { cwd: ROOT, env: env(dataDir), detached: options.detached, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  npm.stdout!.on('data', (b) => (out += b));
  npm.stderr!.on('data', (b) => (out += b));
  const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
  const listening = await until(
    () => /listening on (http:\/\/\S+)/.exec(out)?.[1],
    60_000,
    () => `npm start did not listen:\n${out}`,
    exited,
  );
  const url = new URL(listening.replace('localhost', '127.0.0.1'));
  // serving: the demo's items on the unified feed
  await until(
    async () =>
      (
        await fetch(new URL('/feeds/all.rss', url)).then(
          (r) => r.text(),
          () => '',
        )
      ).includes('<item>') || undefined,
    30_000,
    () => `no demo items:\n${out}`,
  );
  const hubPid = Number(readFileSync(join(dataDir, 'hub.lock'), 'utf8'));
  return { npm, output: () => out, exited, url, dataDir, hubPid };
}

/** Polls `check` until it gives a value; fails after `ms` (or when `stop` settles first). */
async function until<T>(check: () => T | undefined | Promise<T | undefined>, ms: number, why: () => string, stop?: Promise<unknown>): Promise<T> {
  const end = Date.now() + ms;
  let stopped = false;
  void stop?.then(() => (stopped = true));
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (stopped || Date.now() > end) throw new Error(why());
    await new Promise((r) => setTimeout(r, 50));
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};
const refused = (url: URL) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    socket.once('connect', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(true));
  });
const canListen = (url: URL) =>
  new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(Number(url.port), url.hostname, () => server.close(() => resolve(true)));
  });

/** After the signal: the serving process gone, its port and its data dir free, npm exited 0 — within the deadline. */
async function expectStopped(hub: Started, signalledAt: number): Promise<void> {
  await until(
    async () => (!alive(hub.hubPid) && !existsSync(join(hub.dataDir, 'hub.lock')) && (await refused(hub.url))) || undefined,
    DEADLINE_MS,
    () => `not stopped within ${DEADLINE_MS} ms:\n${hub.output()}`,
  );
  const took = Date.now() - signalledAt;
  expect(took, 'time to stop').to.be.below(DEADLINE_MS);
  expect(await canListen(hub.url), 'port free').to.equal(true);
  // a second hub can open the same data dir
  const { store } = await openBackend(loadConfig({}, { dataDir: hub.dataDir }));
  expect(await store.countItems()).to.be.greaterThan(0);
  await store.close();
  // npm passes on the exit code: 0 is a graceful stop (a forced one exits 1)
  const code = await Promise.race([hub.exited, new Promise((r) => setTimeout(() => r('npm still running'), 2_000))]);
  expect(code, hub.output()).to.equal(0);
  expect(hub.output()).to.match(/SIGTERM: finishing fetches under way/);
  // the log is JSON lines (hub/log.ts)
  expect(hub.output()).to.match(/"msg":"stopped"/);
  expect(hub.output()).not.to.match(/again|exiting/);
}

describe('process / npm start and SIGTERM', function () {
  const started: Started[] = [];

  before(function () {
    // build once, up front, unless dist is already fresh: `npm start` then only checks (prestart)
    this.timeout(300_000);
    return new Promise<void>((resolve, reject) =>
      execFile('npm', ['run', 'prestart'], { cwd: ROOT }, (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stdout}${stderr}`)) : resolve(),
      ),
    );
  });

  afterEach(() => {
    for (const s of started.splice(0)) {
      if (alive(s.hubPid)) process.kill(s.hubPid, 'SIGKILL');
      if (s.npm.exitCode === null) s.npm.kill('SIGKILL');
      rmSync(s.dataDir, { recursive: true, force: true });
    }
  });

  it('serves the demo from node dist/hub/main.js, the child npm execs, and stops on SIGTERM to npm alone', async function () {
    this.timeout(120_000);
    const hub = await npmStart();
    started.push(hub);
    expect(hub.hubPid).to.be.greaterThan(0).and.not.equal(hub.npm.pid);
    if (linux) {
      // npm → sh -c 'exec node …': sh is replaced, so node is npm's own child and gets what npm forwards
      expect(readFileSync(`/proc/${hub.hubPid}/cmdline`, 'utf8').split('\0').slice(0, 2)).to.deep.equal(['node', 'dist/hub/main.js']);
      const ppid = Number(
        readFileSync(`/proc/${hub.hubPid}/stat`, 'utf8')
          .replace(/^.*\) /, '')
          .split(' ')[1],
      );
      expect(ppid).to.equal(hub.npm.pid);
    }
    expect((await fetch(new URL('/embed/v1.js', hub.url))).status).to.equal(200);
    const at = Date.now();
    process.kill(hub.npm.pid!, 'SIGTERM');
    await expectStopped(hub, at);
  });

  it('stops gracefully when the whole process group gets SIGTERM (setsid npm start; kill -TERM -pgid)', async function () {
    this.timeout(120_000);
    const hub = await npmStart({ detached: true });
    started.push(hub);
    const at = Date.now();
    // npm and node both get it, and npm forwards it: node sees it twice, at once — one stop
    process.kill(-hub.npm.pid!, 'SIGTERM');
    await expectStopped(hub, at);
  });
});

describe('process / exitOnSignals', () => {
  const harness = (close: () => Promise<void>, deadlineMs = 60_000) => {
    const exits: number[] = [];
    const lines: string[] = [];
    let clock = 0;
    const onSignal = exitOnSignals(close, { deadlineMs, log: (l) => lines.push(l), exit: (c) => void exits.push(c), now: () => clock });
    return { onSignal, exits, lines, tick: (ms: number) => (clock += ms) };
  };

  it('closes, then exits 0; the same signal again at once (group + npm forwarding) changes nothing', async () => {
    let release!: () => void;
    const h = harness(() => new Promise<void>((r) => (release = r)));
    h.onSignal('SIGINT');
    h.tick(REPEAT_SIGNAL_MS - 1);
    h.onSignal('SIGINT');
    expect(h.exits).to.deep.equal([]);
    release();
    await new Promise((r) => setImmediate(r));
    expect(h.exits).to.deep.equal([0]);
  });

  it('a second signal later exits at once, code 1', () => {
    const h = harness(() => new Promise<void>(() => {}));
    h.onSignal('SIGTERM');
    h.tick(REPEAT_SIGNAL_MS);
    h.onSignal('SIGTERM');
    expect(h.exits).to.deep.equal([1]);
    expect(h.lines.at(-1)).to.match(/SIGTERM again/);
  });

  it('a stop that outlasts the deadline exits, code 1', async () => {
    const h = harness(() => new Promise<void>(() => {}), 30);
    h.onSignal('SIGTERM');
    await new Promise((r) => setTimeout(r, 80));
    expect(h.exits).to.deep.equal([1]);
  });

  it('the deadline is the fetch grace plus a margin', () => {
    expect(stopDeadlineMs({ shutdownGraceMs: 1_000 })).to.be.greaterThan(1_000);
    expect(stopDeadlineMs({})).to.equal(stopDeadlineMs({ shutdownGraceMs: loadConfig({}).shutdownGraceMs }));
  });
});

#!/usr/bin/env node
/**
 * Time from process start to listening, built (node dist/hub/main.js) against the sources through tsx
 * (tsx hub/main.ts), on the demo: each run a fresh data dir (so the demo is loaded, as on a first
 * start), any free port, runs alternated so both see the same machine load.
 * Wall: from spawn to the banner's "listening" line, as seen from outside (includes tsx's own
 * launcher process). Banner: the "started in" the hub prints (performance.now() in the serving process).
 *   node scripts/startup-time.mjs [runs=5]     (needs `npm run build` first)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { distIsFresh } from './dist-fresh.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const runs = Number(process.argv[2] ?? 5);
if (!distIsFresh()) {
  console.error('dist/ is missing or older than the sources: npm run build first');
  process.exit(1);
}
const commands = {
  'node dist/hub/main.js': [process.execPath, ['dist/hub/main.js']],
  'tsx hub/main.ts': [process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'hub/main.ts']],
};

/** CPU time (user + system) of a process and its descendants, in ms; NaN where /proc is not there. */
function cpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
    const own = ((Number(stat[11]) + Number(stat[12])) * 1000) / 100;
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    return own + children.reduce((sum, c) => sum + cpuMs(Number(c)), 0);
  } catch {
    return NaN;
  }
}

function once([cmd, args]) {
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-startup-'));
  const t0 = performance.now();
  const child = spawn(cmd, args, {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', HUB_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (b) => {
      out += b;
      const m = /listening on \S+ \(started in (\d+) ms\)/.exec(out);
      if (m && !child.killed) {
        const wall = performance.now() - t0;
        const cpu = cpuMs(child.pid);
        child.kill('SIGTERM');
        child.once('exit', () => {
          rmSync(dataDir, { recursive: true, force: true });
          resolve({ wall, banner: Number(m[1]), cpu });
        });
      }
    });
    child.once('exit', (code) => (/listening on/.test(out) ? undefined : reject(new Error(`exited ${code} before listening:\n${out}`))));
  });
}

const results = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
for (let i = 0; i < runs; i++) for (const [name, command] of Object.entries(commands)) results[name].push(await once(command));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (xs) => `median ${Math.round(median(xs))} ms (${xs.map((x) => Math.round(x)).join(', ')})`;
for (const [name, rs] of Object.entries(results)) {
  console.log(`${name}\n  wall   ${fmt(rs.map((r) => r.wall))}\n  banner ${fmt(rs.map((r) => r.banner))}\n  cpu    ${fmt(rs.map((r) => r.cpu))}`);
}

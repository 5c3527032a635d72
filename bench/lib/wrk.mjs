// wrk for the guard benchmarks: one run as a parsed result, and CPU pinning with taskset.
import { spawn, spawnSync } from 'node:child_process';
import os from 'node:os';

const UNIT_MS = { us: 1e-3, ms: 1, s: 1000, m: 60_000 };
const toMs = (v, unit) => Number(v) * UNIT_MS[unit];

/**
 * CPU pinning (Linux, `taskset`, 2 or more CPUs; `BENCH_WRK_PIN=0` turns it off): workerd gets the
 * last CPU, wrk and this process (the origin) the others. `null` when not pinning.
 */
export function pinning() {
  const cpus = os.cpus().length;
  if (process.env.BENCH_WRK_PIN === '0' || cpus < 2 || spawnSync('taskset', ['-V']).error) return null;
  return { cpus, workerd: String(cpus - 1), load: `0-${cpus - 2}` };
}

/** Puts every thread of `pid` on `cpus` (taskset's list syntax). */
export function pin(pid, cpus) {
  const r = spawnSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`taskset ${cpus} ${pid}: ${r.stderr}`);
}

/**
 * One wrk run against `url` (on the `cpus` list when given): requests per second, p50 and p99 in
 * ms, request, non-2xx and socket-error counts, and wrk's own output. Asynchronous on purpose: the
 * origin runs in this process's event loop, and side-by-side runs start two at once.
 */
export function runWrk({ url, connections, seconds, headers, threads = 1, cpus }) {
  const h = Object.entries(headers).flatMap(([name, value]) => ['-H', `${name}: ${value}`]);
  const args = [`-t${threads}`, `-c${connections}`, `-d${seconds}s`, '--latency', ...h, url];
  return new Promise((resolve, reject) => {
    const child = cpus
      ? spawn('taskset', ['-c', cpus, 'wrk', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`wrk exited ${code}: ${out}`));
      const pct = (p) => {
        const m = out.match(new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm'));
        return m ? toMs(m[1], m[2]) : NaN;
      };
      const requests = Number(out.match(/(\d+) requests in/)?.[1] ?? NaN);
      const non2xx = Number(out.match(/Non-2xx or 3xx responses: (\d+)/)?.[1] ?? 0);
      const sock = out.match(/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/);
      const errors = sock ? sock.slice(1).reduce((a, b) => a + Number(b), 0) : 0;
      resolve({ rps: Number(out.match(/Requests\/sec:\s+([\d.]+)/)?.[1] ?? NaN), p50: pct(50), p99: pct(99), requests, non2xx, errors, out });
    });
  });
}

/** Throws when a run had non-2xx answers, socket errors or no figures. */
export function checkRun(res, what) {
  if (res.non2xx || res.errors || !Number.isFinite(res.rps) || !Number.isFinite(res.p99)) {
    throw new Error(`${what}: ${res.non2xx} non-2xx, ${res.errors} socket errors\n${res.out}`);
  }
  return res;
}

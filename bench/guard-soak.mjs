// Load soak of the guard Worker (bench/README.md, "guard-soak.mjs"): build/index.js in workerd (one
// Miniflare HTTP server on 127.0.0.1, so one workerd process) in front of a loopback Node origin, under
// concurrent wrk processes, one per request class (bench/lib/soak.lua cycles through the class's requests
// and counts answers per status):
//
//   cached   Bearer, 8 tokens over and over (the verified-token cache)
//   fresh    Bearer, 2000 distinct valid tokens in turn (more than the cache's 1024 entries: each is verified)
//   forged   Bearer, 500 distinct forged tokens (payload swapped under another token's signature, or signed
//            by another RSA key under the demo kid) → 401
//   public   no credentials on CLERK_PUBLIC_ROUTES (/public/**) → 200
//   browser  document navigations on the development instance, in turn: signed in (__session +
//            __client_uat + __clerk_db_jwt) → 200, no session → 307 (sign-in), expired __session → 307 (handshake)
//
// It reports the status counts per class (failing on any status not expected for the class, or any
// socket error), p50/p99 per class, and the workerd process's RSS (VmRSS) sampled every second: idle
// before the load, at its start, middle and end, and idle after it.
// Knobs: BENCH_SOAK_DURATION (s, 60), BENCH_SOAK_CONNECTIONS (100, split over the classes),
// BENCH_SOAK_CLASSES (comma-separated subset, e.g. `cached`, to see which class costs what), and
// BENCH_SOAK_TARGET=pass-through (the control: bench/workers/passthrough.mjs under the same load; every
// answer is then the origin's 200).
import { Miniflare } from 'miniflare';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { createServer } from 'node:http';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { DEMO_PUBLISHABLE_KEY, ensureDemoKey, mintDemoToken } from '../scripts/lib/demo-keys.mjs';
import { fmt, loadOrMintTokens, printTable, verdict, workerdChildren } from './lib/common.mjs';

const DURATION = Number(process.env.BENCH_SOAK_DURATION ?? 60);
const CONNECTIONS = Number(process.env.BENCH_SOAK_CONNECTIONS ?? 100);
const ONLY = process.env.BENCH_SOAK_CLASSES?.split(',').map((s) => s.trim()).filter(Boolean);
const CONTROL = process.env.BENCH_SOAK_TARGET === 'pass-through';
// entry: through Miniflare's HTTP server (its entry Worker, as guard-wrk.mjs); direct: a socket straight to the Worker.
const DIRECT = (process.env.BENCH_SOAK_SOCKET ?? 'entry') === 'direct';
const AZP = 'http://127.0.0.1:8787'; // the azp of mintDemoToken's and loadOrMintTokens' tokens
const root = fileURLToPath(new URL('..', import.meta.url));
const buildDir = `${root}bench/.build`;
const started = performance.now();

if (spawnSync('wrk', ['--version']).error) execFileSync('bash', [`${root}scripts/ensure-wrk.sh`], { stdio: 'inherit' });
if (!existsSync(`${root}build/index.js`) || !existsSync(`${root}build/index_bg.wasm`)) {
  console.error('guard-soak: build/index.js is missing; run `bash scripts/build-worker.sh` first');
  process.exit(1);
}
console.log(`# guard-soak — ${new Date().toISOString()}${CONTROL ? ' — CONTROL: pass-through Worker, not the guard' : ''}`);
console.log(
  `node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu?'} × ${os.cpus().length}, load average ` +
    `${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; wrk ${DURATION} s, ${CONNECTIONS} connections in all`,
);

// 1. Tokens and the request classes.
const key = ensureDemoKey();
const b64url = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
const { tokens: fresh } = loadOrMintTokens(2000);
const cached = Array.from({ length: 8 }, (_, i) => mintDemoToken({ ttlSeconds: 24 * 3600, overrides: { sid: `sess_soak_${i}` } }));
const expired = mintDemoToken({ ttlSeconds: -120, overrides: { iat: Math.floor(Date.now() / 1000) - 600, nbf: Math.floor(Date.now() / 1000) - 600 } });
const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
const forged = [];
for (let i = 0; i < 250; i++) {
  const [h, , s] = fresh[i].split('.');
  forged.push(`${h}.${fresh[i + 1000].split('.')[1]}.${s}`); // another token's payload under this signature
  const [header, payload] = fresh[i + 250].split('.');
  forged.push(`${header}.${payload}.${sign('sha256', Buffer.from(`${header}.${payload}`), otherKey).toString('base64url')}`);
}
const bearer = (path, token) => [path, `Authorization: Bearer ${token}`];
const nav = (cookie) => ['/app/dashboard', `Cookie: ${cookie}`, 'Sec-Fetch-Dest: document', 'Accept: text/html'];
const allClasses = [
  { name: 'cached', share: 0.3, expect: [200], lines: cached.map((t) => bearer('/api/soak?c=cached', t)) },
  { name: 'fresh', share: 0.2, expect: [200], lines: fresh.map((t) => bearer('/api/soak?c=fresh', t)) },
  { name: 'forged', share: 0.15, expect: [401], lines: forged.map((t) => bearer('/api/soak?c=forged', t)) },
  { name: 'public', share: 0.15, expect: [200], lines: ['/public/a', '/public/b/c?x=1', '/public/index.html'].map((p) => [p]) },
  {
    name: 'browser',
    share: 0.2,
    expect: [200, 307],
    lines: [
      ...cached.flatMap((t) => [
        nav(`__session=${t}; __client_uat=1; __clerk_db_jwt=dvb_soak`),
        nav('__clerk_db_jwt=dvb_soak'),
        nav(`__session=${expired}; __client_uat=1; __clerk_db_jwt=dvb_soak`),
      ]),
    ],
  },
];
const classes = allClasses.filter((c) => !ONLY || ONLY.includes(c.name));
if (!classes.length) throw new Error(`BENCH_SOAK_CLASSES matches none of ${allClasses.map((c) => c.name).join(', ')}`);
const shares = classes.reduce((a, c) => a + c.share, 0);
mkdirSync(buildDir, { recursive: true });
for (const c of classes) {
  if (CONTROL) c.expect = [200];
  c.file = `${buildDir}/soak-${c.name}.txt`;
  writeFileSync(c.file, c.lines.map((l) => l.join('\t')).join('\n') + '\n');
  c.connections = Math.max(1, Math.round((CONNECTIONS * c.share) / shares));
}

// 2. The origin (fixed small JSON reply) and the guard.
const REPLY = Buffer.from('{"ok":true,"origin":"guard-soak"}');
let originHits = 0;
const origin = createServer((req, res) => {
  originHits++;
  req.resume();
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': REPLY.length });
  res.end(REPLY);
});
origin.keepAliveTimeout = 60_000;
await new Promise((resolve, reject) => origin.once('error', reject).listen(0, '127.0.0.1', resolve));
// The guard logs one line per refused request (console.log in workerd); the lines are counted, not printed.
let logLines = 0;
const countLines = (stream) => stream.on('data', (chunk) => {
  for (const byte of chunk) if (byte === 10) logLines++;
});
const mf = new Miniflare({
  handleRuntimeStdio: (stdout, stderr) => {
    countLines(stdout);
    countLines(stderr);
  },
  modules: true,
  modulesRules: [
    { type: 'ESModule', include: ['**/*.js', '**/*.mjs'] },
    { type: 'CompiledWasm', include: ['**/*.wasm'] },
  ],
  compatibilityDate: '2026-04-01',
  host: '127.0.0.1',
  port: 0,
  ...(DIRECT ? { unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }] } : {}),
  scriptPath: CONTROL ? `${root}bench/workers/passthrough.mjs` : `${root}build/index.js`,
  modulesRoot: CONTROL ? `${root}bench/workers` : `${root}build`,
  bindings: {
    ORIGIN_URL: `http://127.0.0.1:${origin.address().port}`,
    CLERK_PUBLISHABLE_KEY: DEMO_PUBLISHABLE_KEY,
    CLERK_JWT_KEY: key.jwtKey,
    CLERK_ORIGIN_URL: `http://127.0.0.1:${origin.address().port}`,
    CLERK_AUTHORIZED_PARTIES: AZP,
    CLERK_PUBLIC_ROUTES: '/public/**',
  },
});
const url = (DIRECT ? await mf.unsafeGetDirectURL() : await mf.ready).href.replace(/\/$/, '');
const stop = async () => {
  await mf.dispose().catch(() => {});
  origin.close();
};
process.once('SIGINT', async () => {
  await stop();
  process.exit(130);
});

const workerdPids = workerdChildren();
if (workerdPids.length !== 1) throw new Error(`expected one workerd child process, found ${workerdPids.length}`);
const rssMb = () => Number(readFileSync(`/proc/${workerdPids[0]}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/)[1]) / 1024;

// 3. Sanity: every distinct kind of request answers what its class expects.
const probes = [
  ['cached', bearer('/api/soak', cached[0]), 200],
  ['fresh', bearer('/api/soak', fresh[0]), 200],
  ['forged (payload swapped)', bearer('/api/soak', forged[0]), 401],
  ['forged (other key)', bearer('/api/soak', forged[1]), 401],
  ['public', ['/public/a'], 200],
  ['browser, signed in', allClasses[4].lines[0], 200],
  ['browser, no session', allClasses[4].lines[1], 307],
  ['browser, expired session', allClasses[4].lines[2], 307],
];
for (const [label, [path, ...headerLines], expected] of probes) {
  const status = CONTROL ? 200 : expected;
  const headers = Object.fromEntries(headerLines.map((h) => [h.slice(0, h.indexOf(':')), h.slice(h.indexOf(':') + 1).trim()]));
  const res = await fetch(url + path, { headers, redirect: 'manual' });
  await res.arrayBuffer();
  if (res.status !== status) throw new Error(`${label}: expected ${status}, got ${res.status}`);
}

// 4. The soak: one wrk per class, all at once; RSS sampled every second meanwhile.
function runWrk(c) {
  const args = ['-t1', `-c${c.connections}`, `-d${DURATION}s`, '--timeout', '10s', '-s', `${root}bench/lib/soak.lua`, url, '--', c.file];
  return new Promise((resolve, reject) => {
    // Asynchronous on purpose: the origin runs in this process's event loop.
    const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = out.match(/^SOAK (.*)$/m);
      if (code !== 0 || !line) return reject(new Error(`${c.name}: wrk exited ${code}: ${out}`));
      resolve(JSON.parse(line[1]));
    });
  });
}
const samples = [{ t: 0, rss: rssMb() }];
const idleBefore = samples[0].rss;
const t0 = performance.now();
const sampler = setInterval(() => samples.push({ t: (performance.now() - t0) / 1000, rss: rssMb() }), 1000);
const results = await Promise.all(classes.map(runWrk));
clearInterval(sampler);
const loadEnd = (performance.now() - t0) / 1000;
await new Promise((r) => setTimeout(r, 2000));
const idleAfter = rssMb();
await stop();
const leftover = workerdChildren();
for (const pid of leftover) {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {}
}

// 5. Report.
let unexpected = 0;
let socketErrors = 0;
const rows = [['class', 'connections', 'requests', 'req/s', 'answers (status: count)', 'unexpected', 'socket errors', 'p50 ms', 'p99 ms', 'max ms']];
classes.forEach((c, i) => {
  const r = results[i];
  const bad = Object.entries(r.statuses).filter(([s]) => !c.expect.includes(Number(s))).reduce((a, [, n]) => a + n, 0);
  const errors = Object.values(r.errors).reduce((a, b) => a + b, 0);
  unexpected += bad;
  socketErrors += errors;
  const answers = Object.entries(r.statuses).map(([s, n]) => `${s}: ${n.toLocaleString('en-US')}`).join(', ');
  rows.push([
    c.name,
    c.connections,
    r.requests.toLocaleString('en-US'),
    fmt(r.requests / (r.duration_us / 1e6)),
    answers,
    bad,
    errors ? JSON.stringify(r.errors) : 0,
    fmt(r.p50_us / 1000),
    fmt(r.p99_us / 1000),
    fmt(r.max_us / 1000),
  ]);
});
console.log(`\nclasses (one wrk -t1 each, concurrently, ${DURATION} s):\n`);
printTable(rows);
const total = results.reduce((a, r) => a + r.requests, 0);
const during = samples.filter((s) => s.t > 0 && s.t <= loadEnd);
const at = (frac) => during.reduce((best, s) => (Math.abs(s.t - frac * loadEnd) < Math.abs(best.t - frac * loadEnd) ? s : best), during[0]);
const [first, middle, last] = [during[0], at(0.5), during[during.length - 1]];
const peak = Math.max(...during.map((s) => s.rss));
console.log(`\nworkerd RSS (VmRSS of pid ${workerdPids[0]}, MB):\n`);
printTable([
  ['idle before', `start (t=${fmt(first.t, 2)} s)`, `middle (t=${fmt(middle.t, 2)} s)`, `end (t=${fmt(last.t, 2)} s)`, 'peak', 'idle after'],
  [fmt(idleBefore), fmt(first.rss), fmt(middle.rss), fmt(last.rss), fmt(peak), fmt(idleAfter)],
]);
console.log(`RSS every ~10 s: ${during.filter((_, i) => i % 10 === 0).map((s) => fmt(s.rss)).join(', ')} MB`);
console.log('');
printTable([
  ['check', 'value', 'status'],
  ['answers not expected for their class', unexpected, verdict(unexpected === 0)],
  ['socket errors (connect, read, write, timeout)', socketErrors, verdict(socketErrors === 0)],
  ['RSS end − start', `${fmt(last.rss - first.rss)} MB`, ''],
]);
console.log(
  `\n${total.toLocaleString('en-US')} requests (${fmt(total / loadEnd)} req/s); origin served ${originHits.toLocaleString('en-US')}; ` +
    `workerd wrote ${logLines.toLocaleString('en-US')} log lines (counted, not shown); ` +
    `${leftover.length ? `killed ${leftover.length} leftover workerd process(es)` : 'no workerd process left running'}; ` +
    `total ${fmt((performance.now() - started) / 1000)} s.`,
);
if (unexpected || socketErrors) process.exit(1);

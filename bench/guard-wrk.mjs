// Load benchmark of the guard Worker (bench/README.md, "guard-wrk.mjs"). wrk drives three Workers in
// real workerd (one miniflare HTTP server, so one workerd process, each), all forwarding to the same
// loopback Node origin with a fixed small JSON reply:
//
//   guard          build/index.js (scripts/build-worker.sh) with the demo key (CLERK_JWT_KEY)
//   pass-through   bench/workers/passthrough.mjs: forwards with no authentication (the floor)
//   clerk-backend  bench/workers/clerk-backend-guard.mjs: @clerk/backend authenticateRequest, then forward
//
// Two request classes, each measured separately, each carrying the same token on every request (minted
// with the demo key), so this measures the steady state of one signed-in session:
//   bearer   an API call: `Authorization: Bearer <token>`
//   cookie   a signed-in browser navigation on the development instance: `__session=<token>`,
//            `__client_uat`, the dev browser `__clerk_db_jwt`, `Sec-Fetch-Dest: document`, `Accept: text/html`
// The guard answers from its verified-token cache after the first request; @clerk/backend verifies the
// signature on every request (it keeps no cache).
//
// Also: startup (new Miniflare → ready → first 200 on /__clerk_edge/health → first forwarded 200)
// and the gzip size of the Worker upload (build/index_bg.wasm + build/index.js).
// Knobs: BENCH_WRK_ROUNDS (5), BENCH_WRK_DURATION (s, 5), BENCH_WRK_CONNECTIONS (16),
// BENCH_WRK_LATENCY_DURATION (s, 3; the 1-connection runs), BENCH_WRK_THREADS (1),
// BENCH_WRK_STARTUP_SAMPLES (5), BENCH_WRK_WARMUP (s, 2; per Worker and request class before the
// rounds), BENCH_WRK_PIN (1: see below). Everything listens on 127.0.0.1 only.
//
// Pinning (Linux, `taskset`, 2 or more CPUs; BENCH_WRK_PIN=0 turns it off): for the wrk runs every
// workerd process gets the last CPU to itself, and wrk, this process (the origin) and everything else
// get the others. A Worker's isolate runs on one thread, so the saturated runs then measure what each
// Worker costs that thread, instead of how the scheduler shares two CPUs among wrk, the origin and
// workerd (unpinned, the same build's ratio moved by ±0.1 from run to run on a 2-CPU machine).
// Pinned, the throughput ratios are also measured side by side (step 7): guard and pass-through,
// then guard and @clerk/backend, saturated at the same time on that one CPU, which cancels the
// machine's drift between runs. BENCH_WRK_ROUNDS rounds, BENCH_WRK_DURATION s each.
import { Miniflare } from 'miniflare';
import { build } from 'esbuild';
import { execFileSync, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { DEMO_FRONTEND_API, DEMO_PUBLISHABLE_KEY, ensureDemoKey, mintDemoToken } from '../scripts/lib/demo-keys.mjs';
import { GUARD_BENCH_AZP, fmt, guardRequestClasses, median, printTable, rotate, verdict, workerdChildren } from './lib/common.mjs';
import { checkRun, pin, pinning, runWrk } from './lib/wrk.mjs';

const ROUNDS = Number(process.env.BENCH_WRK_ROUNDS ?? 5);
const DURATION = Number(process.env.BENCH_WRK_DURATION ?? 5);
const LATENCY_DURATION = Number(process.env.BENCH_WRK_LATENCY_DURATION ?? 3);
const CONNECTIONS = Number(process.env.BENCH_WRK_CONNECTIONS ?? 16);
const THREADS = Number(process.env.BENCH_WRK_THREADS ?? 1);
const STARTUP_SAMPLES = Number(process.env.BENCH_WRK_STARTUP_SAMPLES ?? 5);
const WARMUP_SECONDS = Number(process.env.BENCH_WRK_WARMUP ?? 2);
const HEALTH_PATH = '/__clerk_edge/health';
const BENCH_PATH = '/api/bench?x=1';
const AZP = GUARD_BENCH_AZP;
const SUB = 'user_demo2fTqBWk7u9wG5sNq';

const root = fileURLToPath(new URL('..', import.meta.url));
const buildDir = `${root}bench/.build`;
const pkgVersion = (name) => JSON.parse(readFileSync(`${root}node_modules/${name}/package.json`, 'utf8')).version;
const started = performance.now();

if (spawnSync('wrk', ['--version']).error) execFileSync('bash', [`${root}scripts/ensure-wrk.sh`], { stdio: 'inherit' });
if (!existsSync(`${root}build/index.js`) || !existsSync(`${root}build/index_bg.wasm`)) {
  console.error('guard-wrk: build/index.js is missing; run `bash scripts/build-worker.sh` first');
  process.exit(1);
}

const PIN = pinning();

console.log(`# guard-wrk — ${new Date().toISOString()}`);
console.log(
  `node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu?'} × ${os.cpus().length}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; ` +
    `miniflare ${pkgVersion('miniflare')} (workerd ${pkgVersion('workerd')}); @clerk/backend ${pkgVersion('@clerk/backend')}; ` +
    `${spawnSync('wrk', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0].split(' Copyright')[0]}`,
);

// 1. Upload size of the guard, gzip -9 as scripts/build-worker.sh reports it (Node's zlib, the fallback,
//    comes out a few KB larger on the wasm).
const gz = (file) => {
  const r = spawnSync('gzip', ['-9c', file], { maxBuffer: 1 << 26 });
  return r.status === 0 ? r.stdout.length : gzipSync(readFileSync(file), { level: 9 }).length;
};
const size = (file) => ({ raw: statSync(file).size, gz: gz(file) });
const wasm = size(`${root}build/index_bg.wasm`);
const js = size(`${root}build/index.js`);
const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
console.log(
  `\nguard bundle (gzip -9, KB = 1000 bytes): index_bg.wasm ${kb(wasm.raw)} raw / ${kb(wasm.gz)} gzip, ` +
    `index.js ${kb(js.raw)} raw / ${kb(js.gz)} gzip; total ${kb(wasm.raw + js.raw)} raw, **${kb(wasm.gz + js.gz)} gzip**`,
);

// 2. The origin: a fixed small JSON reply; remembers the last identity header it saw.
const REPLY = Buffer.from('{"ok":true,"origin":"guard-wrk"}');
let originHits = 0;
let lastUserId;
const origin = createServer((req, res) => {
  originHits++;
  lastUserId = req.headers['x-clerk-user-id'];
  req.resume();
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': REPLY.length });
  res.end(REPLY);
});
origin.keepAliveTimeout = 60_000;
await new Promise((resolve, reject) => origin.once('error', reject).listen(0, '127.0.0.1', resolve));
const originUrl = `http://127.0.0.1:${origin.address().port}`;

// 3. @clerk/backend worker bundle, token.
mkdirSync(buildDir, { recursive: true });
await build({
  entryPoints: [`${root}bench/workers/clerk-backend-guard.mjs`],
  outfile: `${buildDir}/clerk-backend-guard.mjs`,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  conditions: ['workerd', 'worker', 'browser'],
  logLevel: 'warning',
});
const key = ensureDemoKey();
const token = mintDemoToken({ azp: AZP, ttlSeconds: 24 * 3600 });
/** The load classes: the headers wrk sends on every request of the class. */
const classes = guardRequestClasses(token);
const auth = classes[0].headers;

const modulesRules = [
  { type: 'ESModule', include: ['**/*.js', '**/*.mjs'] },
  { type: 'CompiledWasm', include: ['**/*.wasm'] },
];
// stripCfConnectingIp: false. By default Miniflare sends every subrequest through an extra JS Worker
// of its own that strips CF-Connecting-IP (Cloudflare's edge does that natively). In some workerd
// processes that Worker's handler stays unoptimised, about 7% of the process's CPU, so which
// contender got such a process decided up to 10% of a ratio (bench/README.md, "(night)").
const common = { modules: true, modulesRules, compatibilityDate: '2026-04-01', host: '127.0.0.1', port: 0, stripCfConnectingIp: false };
const contenders = [
  {
    name: 'guard',
    options: {
      ...common,
      scriptPath: `${root}build/index.js`,
      modulesRoot: `${root}build`,
      bindings: {
        CLERK_PUBLISHABLE_KEY: DEMO_PUBLISHABLE_KEY,
        CLERK_JWT_KEY: key.jwtKey,
        CLERK_ORIGIN_URL: originUrl,
        CLERK_AUTHORIZED_PARTIES: AZP,
      },
    },
  },
  {
    name: 'pass-through',
    options: {
      ...common,
      scriptPath: `${root}bench/workers/passthrough.mjs`,
      modulesRoot: `${root}bench/workers`,
      bindings: { ORIGIN_URL: originUrl },
    },
  },
  {
    name: '@clerk/backend',
    options: {
      ...common,
      scriptPath: `${buildDir}/clerk-backend-guard.mjs`,
      modulesRoot: buildDir,
      bindings: {
        CLERK_PUBLISHABLE_KEY: DEMO_PUBLISHABLE_KEY,
        CLERK_SECRET_KEY: 'sk_test_bench',
        CLERK_SIGN_IN_URL: `https://${DEMO_FRONTEND_API}/sign-in`,
        CLERK_JWT_KEY: key.jwtKey,
        CLERK_ORIGIN_URL: originUrl,
        CLERK_AUTHORIZED_PARTIES: AZP,
      },
    },
  },
];
const byName = Object.fromEntries(contenders.map((c) => [c.name, c]));

const running = new Set();
async function disposeAll() {
  for (const mf of running) await mf.dispose().catch(() => {});
  running.clear();
}
process.once('SIGINT', async () => {
  await disposeAll();
  origin.close();
  process.exit(130);
});

// 4. Startup: new Miniflare → ready (workerd up, script compiled) → first 200 on the health path →
//    first forwarded 200 with the token (cold isolate: config parse, key import, first verify).
async function startTimed(c) {
  const t0 = performance.now();
  const mf = new Miniflare(c.options);
  running.add(mf);
  const url = (await mf.ready).href.replace(/\/$/, '');
  const tReady = performance.now();
  const deadline = tReady + 30_000;
  for (;;) {
    const res = await fetch(url + HEALTH_PATH).catch(() => null);
    await res?.arrayBuffer();
    if (res?.status === 200) break;
    if (performance.now() > deadline) throw new Error(`${c.name}: no 200 on ${HEALTH_PATH} within 30 s`);
    await new Promise((r) => setTimeout(r, 5));
  }
  const tHealth = performance.now();
  const first = await fetch(url + BENCH_PATH, { headers: auth });
  await first.arrayBuffer();
  if (first.status !== 200) throw new Error(`${c.name}: first forwarded request answered ${first.status}`);
  const tFirst = performance.now();
  return { mf, url, ready: tReady - t0, health: tHealth - t0, first: tFirst - tHealth };
}

const startup = Object.fromEntries(contenders.map((c) => [c.name, []]));
for (let s = 0; s < STARTUP_SAMPLES; s++) {
  for (const c of rotate(contenders, s)) {
    const r = await startTimed(c);
    startup[c.name].push(r);
    if (s === STARTUP_SAMPLES - 1) {
      c.mf = r.mf;
      c.url = r.url;
    } else {
      await r.mf.dispose();
      running.delete(r.mf);
    }
  }
}
for (const c of contenders) if (!c.mf) throw new Error('no instance kept'); // STARTUP_SAMPLES ≥ 1

// 5. Sanity: each forwards with the token (both classes); the authenticating ones add identity, refuse
//    an API call without a token (401) and send a navigation without a session to the handshake (307).
for (const c of contenders) {
  for (const k of classes) {
    lastUserId = undefined;
    const res = await fetch(c.url + BENCH_PATH, { headers: { ...k.headers, 'x-clerk-user-id': 'user_spoofed' } });
    const body = await res.text();
    if (res.status !== 200 || body !== REPLY.toString()) throw new Error(`${c.name}, ${k.name}: ${res.status} ${body}`);
    if (c.name !== 'pass-through' && lastUserId !== SUB) throw new Error(`${c.name}, ${k.name}: origin saw x-clerk-user-id ${lastUserId}`);
  }
  if (c.name !== 'pass-through') {
    const denied = await fetch(c.url + BENCH_PATH);
    await denied.arrayBuffer();
    if (denied.status !== 401) throw new Error(`${c.name}: no token answered ${denied.status}`);
    const nav = await fetch(c.url + BENCH_PATH, {
      headers: { cookie: '__clerk_db_jwt=dvb_bench', 'sec-fetch-dest': 'document', accept: 'text/html' },
      redirect: 'manual',
    });
    await nav.arrayBuffer();
    if (nav.status !== 307) throw new Error(`${c.name}: a navigation without a session answered ${nav.status}`);
  }
}

// 6. wrk, interleaved: one warm-up run each, then ROUNDS rounds rotating the order; in each round
//    every Worker gets a 1-connection run (latency without queueing) and a CONNECTIONS run (saturated).
const wrk = (url, connections, seconds, headers) =>
  runWrk({ url: url + BENCH_PATH, connections, seconds, headers, threads: THREADS, cpus: PIN?.load });

const loads = [
  { key: 'c1', connections: 1, seconds: LATENCY_DURATION, title: 'one connection (latency without queueing)' },
  { key: 'cN', connections: CONNECTIONS, seconds: DURATION, title: `${CONNECTIONS} connections (saturated: throughput)` },
];
console.log(
  `\nwrk -t${THREADS} --latency, the same token on every request: -c1 -d${LATENCY_DURATION}s and -c${CONNECTIONS} -d${DURATION}s ` +
    `per Worker per request class per round, ${ROUNDS} rounds (order rotated) after a ${WARMUP_SECONDS} s warm-up each; ` +
    `cells are medians [min–max]. ` +
    (PIN
      ? `Pinned: workerd on CPU ${PIN.workerd}, wrk and the Node origin on CPUs ${PIN.load}.`
      : `Not pinned: wrk, workerd and the Node origin share this machine's ${os.cpus().length} CPUs.`),
);
if (PIN) {
  pin(process.pid, PIN.load);
  for (const pid of workerdChildren()) pin(pid, PIN.workerd);
}
for (const c of contenders) for (const k of classes) await wrk(c.url, CONNECTIONS, WARMUP_SECONDS, k.headers);
// runs[class][load][worker] = [one result per round]
const G = 'guard', P = 'pass-through', B = '@clerk/backend';
const runs = Object.fromEntries(
  classes.map((k) => [k.name, Object.fromEntries(loads.map((l) => [l.key, Object.fromEntries(contenders.map((c) => [c.name, []]))]))]),
);
for (let r = 0; r < ROUNDS; r++) {
  for (const k of rotate(classes, r)) {
    for (const c of rotate(contenders, r)) {
      for (const load of loads) {
        const res = checkRun(await wrk(c.url, load.connections, load.seconds, k.headers), `${c.name}, ${k.name}`);
        runs[k.name][load.key][c.name].push(res);
      }
    }
  }
}
// 7. Side by side (pinned only): two Workers saturated at the same time on the one workerd CPU,
//    each by its own wrk; the scheduler gives each half of the CPU, so their req/s ratio is the ratio
//    of their costs per request, measured under the same conditions. This machine's speed drifts by
//    ±20% within seconds, which the sequential runs above take in; two identical pass-throughs
//    measured side by side came out within 0.96–1.06 of each other per round (bench/README.md).
const PAIRS = [[G, P], [G, B]];
const sideBySide = Object.fromEntries(classes.map((k) => [k.name, Object.fromEntries(PAIRS.map(([a, b]) => [`${a}/${b}`, []]))]));
if (PIN) {
  for (let r = 0; r < ROUNDS; r++) {
    for (const k of rotate(classes, r)) {
      for (const [a, b] of PAIRS) {
        const [x, y] = await Promise.all(
          [a, b].map(async (name) => checkRun(await wrk(byName[name].url, CONNECTIONS, DURATION, k.headers), `${name}, ${k.name}, side by side`)),
        );
        sideBySide[k.name][`${a}/${b}`].push(x.rps / y.rps);
      }
    }
  }
}
await disposeAll();
origin.close();
const leftover = workerdChildren();
for (const pid of leftover) {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {}
}

// 8. Report: per class, the raw figures, then the ratios paired per round (the same round, adjacent
//    runs) and their median over rounds.
const summary = [['measure', ...classes.map((k) => k.name), 'target']];
const row = (label, target, f) => summary.push([label, ...classes.map((k) => f(runs[k.name])), target]);
for (const k of classes) {
  for (const load of loads) {
    const span = (name, f) => {
      const v = runs[k.name][load.key][name].map(f);
      return `${fmt(median(v))} [${fmt(Math.min(...v))}–${fmt(Math.max(...v))}]`;
    };
    console.log(`\n${k.title}, ${load.title}:\n`);
    printTable([
      ['Worker', 'p50 ms', 'p99 ms', 'req/s'],
      ...contenders.map((c) => [c.name, span(c.name, (x) => x.p50), span(c.name, (x) => x.p99), span(c.name, (x) => x.rps)]),
    ]);
  }
}
const paired = (set, key, a, b, f) => median(set[key][a].map((x, i) => f(x, set[key][b][i])));
const delta = (key, a, b, k) => (set) => paired(set, key, a, b, (x, y) => x[k] - y[k]);
const quotient = (key, a, b, k) => (set) => paired(set, key, a, b, (x, y) => x[k] / y[k]);
const ms = (f) => (set) => `${fmt(f(set))} ms`;
const times = (f) => (set) => `${fmt(f(set))}×`;
const checked = (f, ok, unit) => (set) => `${fmt(f(set))}${unit} ${verdict(ok(f(set)))}`;
row('guard p50 − pass-through p50, 1 connection', '≤ 0.3 ms', checked(delta('c1', G, P, 'p50'), (v) => v <= 0.3, ' ms'));
row(`guard req/s ÷ pass-through req/s, ${CONNECTIONS} connections`, '≥ 0.85×', checked(quotient('cN', G, P, 'rps'), (v) => v >= 0.85, '×'));
row(`guard req/s ÷ @clerk/backend req/s, ${CONNECTIONS} connections`, '≥ 1.2×', checked(quotient('cN', G, B, 'rps'), (v) => v >= 1.2, '×'));
if (PIN) {
  const side = (pair, min) => (name) => {
    const v = sideBySide[name][pair];
    return `${fmt(median(v))}× [${fmt(Math.min(...v))}–${fmt(Math.max(...v))}] ${verdict(median(v) >= min)}`;
  };
  const sideRow = (label, target, f) => summary.push([label, ...classes.map((k) => f(k.name)), target]);
  sideRow(`guard req/s ÷ pass-through req/s, side by side, ${CONNECTIONS} connections each`, '≥ 0.85×', side(`${G}/${P}`, 0.85));
  sideRow(`guard req/s ÷ @clerk/backend req/s, side by side, ${CONNECTIONS} connections each`, '≥ 1.2×', side(`${G}/${B}`, 1.2));
}
row(`guard p50 − pass-through p50, ${CONNECTIONS} connections`, '—', ms(delta('cN', G, P, 'p50')));
row('guard p99 − pass-through p99, 1 connection', '—', ms(delta('c1', G, P, 'p99')));
row('guard p50 − @clerk/backend p50, 1 connection', '—', ms(delta('c1', G, B, 'p50')));
row('@clerk/backend p50 − pass-through p50, 1 connection', '—', ms(delta('c1', B, P, 'p50')));
row(`@clerk/backend req/s ÷ pass-through req/s, ${CONNECTIONS} connections`, '—', times(quotient('cN', B, P, 'rps')));
console.log('\nratios (paired within each round, median over rounds; side by side: median [min–max] over rounds):\n');
printTable(summary);

const sm = (name, k) => median(startup[name].map((x) => x[k]));
console.log(`\nstartup, median of ${STARTUP_SAMPLES} fresh workerd processes per Worker (ms):\n`);
printTable([
  ['Worker', 'new Miniflare → ready', '→ first 200 on health', 'first forwarded request (cold isolate)'],
  ...contenders.map((c) => [c.name, fmt(sm(c.name, 'ready')), fmt(sm(c.name, 'health')), fmt(sm(c.name, 'first'))]),
]);
console.log(
  `\nguard startup over pass-through: ${fmt(sm('guard', 'health') - sm('pass-through', 'health'))} ms to the first health 200, ` +
    `${fmt(sm('guard', 'first') - sm('pass-through', 'first'))} ms more on the first forwarded request. ` +
    `origin served ${originHits.toLocaleString('en-US')} requests; ` +
    `${leftover.length ? `killed ${leftover.length} leftover workerd process(es)` : 'no workerd process left running'}; ` +
    `total ${fmt((performance.now() - started) / 1000)} s.`,
);

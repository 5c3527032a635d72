// The guard's own cost per request inside its isolate (bench/README.md, "guard-isolate.mjs").
//
// guard-wrk.mjs measures whole requests through Miniflare's HTTP server, where the guard's extra
// 0.1–0.2 ms sits on top of ~1 ms of runtime work per request and the 2-CPU machine's noise is
// ±10%. This benchmark removes the network: a driver module, loaded next to each Worker in workerd,
// calls the Worker's `fetch(request, env, ctx)` N times in one invocation with the global `fetch`
// replaced by a stub that answers at once. What is left is what each Worker does per request in
// JS and wasm (reading the request, deciding, building the forwarded request, the origin timeout),
// plus the driver's own `new Request` per call, the same for every contender.
//
//   guard          build/index.js with the demo key (CLERK_JWT_KEY): a cached token after the first call
//   pass-through   bench/workers/passthrough.mjs
//
// Request classes as in guard-wrk.mjs (both take them from lib/common.mjs): bearer (Authorization)
// and cookie (a signed-in browser navigation on the development instance). Rounds interleave the
// Workers; each cell is µs per call, the median over rounds and the fastest round. Knobs:
// BENCH_ISOLATE_CALLS (4000 per round), BENCH_ISOLATE_ROUNDS (11). BENCH_ISOLATE_BUILDS: extra guard
// builds to compare (comma-separated directories holding index.js + index_bg.wasm, e.g. one built
// with another opt-level).
import { Miniflare } from 'miniflare';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { DEMO_PUBLISHABLE_KEY, ensureDemoKey, mintDemoToken } from '../scripts/lib/demo-keys.mjs';
import { GUARD_BENCH_AZP, fmt, guardRequestClasses, median, printTable } from './lib/common.mjs';

const CALLS = Number(process.env.BENCH_ISOLATE_CALLS ?? 4000);
// Every call the guard forwards arms an AbortSignal.timeout (the origin timeout), which lives until the
// driver's invocation ends, and workerd allows 10,000 active timers per invocation.
if (CALLS > 9000) {
  console.error('guard-isolate: BENCH_ISOLATE_CALLS is at most 9000 (workerd allows 10,000 timers per invocation)');
  process.exit(1);
}
const ROUNDS = Number(process.env.BENCH_ISOLATE_ROUNDS ?? 11);
const AZP = GUARD_BENCH_AZP;
const root = fileURLToPath(new URL('..', import.meta.url));
if (!existsSync(`${root}build/index.js`)) {
  console.error('guard-isolate: build/index.js is missing; run `bash scripts/build-worker.sh` first');
  process.exit(1);
}

// The driver: calls the contender's default export N times with a stubbed global fetch.
const DRIVER = `import worker from './index.js';
export default {
  async fetch(request, env, ctx) {
    const { calls, headers } = await request.json();
    const realFetch = globalThis.fetch;
    globalThis.fetch = () => Promise.resolve(new Response('{"ok":true}', { headers: { 'content-type': 'application/json' } }));
    let status = 0;
    try {
      for (let i = 0; i < calls; i++) {
        const req = new Request('https://guard.example/api/bench?x=1', { headers });
        // A class entry (worker-build's own, before scripts/lib/lean-entry.mjs) is constructed per request, as workerd does.
        const res = await (typeof worker === 'function' ? new worker(ctx, env).fetch(req) : worker.fetch(req, env, ctx));
        status = res.status;
        if (status !== 200) break;
      }
    } finally {
      globalThis.fetch = realFetch;
    }
    return Response.json({ status });
  },
};
`;

const key = ensureDemoKey();
const token = mintDemoToken({ azp: AZP, ttlSeconds: 24 * 3600 });
const classes = Object.fromEntries(guardRequestClasses(token).map((k) => [k.name, k.headers]));
const guardBindings = {
  CLERK_PUBLISHABLE_KEY: DEMO_PUBLISHABLE_KEY,
  CLERK_JWT_KEY: key.jwtKey,
  CLERK_ORIGIN_URL: 'http://127.0.0.1:9',
  CLERK_AUTHORIZED_PARTIES: AZP,
};
const contenders = [
  { name: 'guard', dir: `${root}build`, bindings: guardBindings },
  { name: 'pass-through', file: `${root}bench/workers/passthrough.mjs`, bindings: { ORIGIN_URL: 'http://127.0.0.1:9' } },
  ...(process.env.BENCH_ISOLATE_BUILDS ?? '')
    .split(',')
    .filter(Boolean)
    .map((dir) => ({ name: dir, dir, bindings: guardBindings })),
];

const scratch = mkdtempSync(`${tmpdir()}/guard-isolate-`);
for (const [i, c] of contenders.entries()) {
  const dir = `${scratch}/${i}`;
  if (c.dir) cpSync(c.dir, dir, { recursive: true });
  else cpSync(c.file, `${dir}/index.js`, { recursive: true });
  writeFileSync(`${dir}/driver.mjs`, DRIVER);
  c.mf = new Miniflare({
    modules: true,
    modulesRules: [
      { type: 'ESModule', include: ['**/*.js', '**/*.mjs'] },
      { type: 'CompiledWasm', include: ['**/*.wasm'] },
    ],
    compatibilityDate: '2026-04-01',
    scriptPath: `${dir}/driver.mjs`,
    modulesRoot: dir,
    bindings: c.bindings,
  });
}

async function round(c, headers, calls) {
  const t0 = performance.now();
  const res = await c.mf.dispatchFetch('http://driver.example/', { method: 'POST', body: JSON.stringify({ calls, headers }) });
  const { status } = await res.json();
  const us = (1000 * (performance.now() - t0)) / calls;
  if (status !== 200) throw new Error(`${c.name}: a call answered ${status}`);
  return us;
}

console.log(`# guard-isolate — ${new Date().toISOString()}`);
console.log(`${CALLS} calls per round, ${ROUNDS} rounds after one warm-up round, Workers interleaved; µs per call.\n`);
const results = {};
for (let r = 0; r <= ROUNDS; r++) {
  for (const [k, headers] of Object.entries(classes)) {
    for (const c of contenders) {
      const us = await round(c, headers, CALLS);
      if (r > 0) (results[`${k} ${c.name}`] ??= []).push(us);
    }
  }
}
const rows = [['class', 'Worker', 'median µs', 'fastest round µs', 'median − pass-through µs']];
for (const k of Object.keys(classes)) {
  const base = median(results[`${k} pass-through`]);
  for (const c of contenders) {
    const v = results[`${k} ${c.name}`];
    rows.push([k, c.name, fmt(median(v)), fmt(Math.min(...v)), c.name === 'pass-through' ? '—' : fmt(median(v) - base)]);
  }
}
printTable(rows);
for (const c of contenders) await c.mf.dispose();
rmSync(scratch, { recursive: true, force: true });

// JWKS fetch counts (not times): how often each verifier calls GET {apiUrl}/v1/jwks.
//
// A loopback Backend API on 127.0.0.1 serves the demo key's JWKS and counts requests per secret key,
// so every workload and contender gets its own counter (and its own cache scope).
//
//   (a) 20 fresh isolates × 500 distinct valid tokens. clerk-edge: the built guard Worker (a snapshot of
//       build/), one Miniflare instance (one workerd process, one isolate) per isolate, all on one
//       `kvPersist` directory, driven one after another. @clerk/backend has no shared store; each of its
//       "isolates" is a fresh Node child process (this file in child mode). Fresh `import()`s with a
//       cache-busting query would NOT give fresh instances: the query only re-instantiates
//       dist/index.mjs, while the chunk holding the JWKS cache is imported by a relative specifier
//       without the query, so all such "fresh" imports share one cache (checked: 3 imports, 1 fetch).
//   (b) 1000 tokens with random forged `kid`s (header replaced, payload and signature kept) in one
//       isolate whose keys are already loaded, in two cases: keys fetched a moment ago (inside the 30 s
//       cooldown) and keys 60 s old (past it, so the first forged kid may refetch once). The 60 s age is
//       made by moving back `fetchedAt` in the KV snapshot that a priming isolate wrote, before the
//       measured isolate adopts it. @clerk/backend runs in this process; it refetches for every kid
//       missing from its cache whatever the keys' age, so the two cases are the same for it.
//
// Requests go BENCH_JWKS_BATCH (default 10) at a time, and the first batch reaches a cold isolate as
// one burst, as concurrent traffic would. Neither verifier shares an in-flight fetch between
// concurrent requests of one isolate, so a cold burst of N requests costs up to N fetches; run with
// BENCH_JWKS_BATCH=1 to see the counts without that effect.
//
// Knobs: BENCH_JWKS_ISOLATES (20), BENCH_JWKS_PER_ISOLATE (500), BENCH_JWKS_FORGED (1000),
// BENCH_JWKS_BATCH (10), BENCH_JWKS_PROCS (@clerk/backend child processes at once, 2).
import { spawn } from 'node:child_process';
import { Agent, createServer, request } from 'node:http';
import { createPublicKey, randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';

const ISOLATES = Number(process.env.BENCH_JWKS_ISOLATES ?? 20);
const PER_ISOLATE = Number(process.env.BENCH_JWKS_PER_ISOLATE ?? 500);
const FORGED = Number(process.env.BENCH_JWKS_FORGED ?? 1000);
const BATCH = Number(process.env.BENCH_JWKS_BATCH ?? 10);
const PROCS = Number(process.env.BENCH_JWKS_PROCS ?? 2);
const N_TOKENS = 2000; // the cached token set shared with the other benchmarks (bench/.build/tokens-2000.json)
const AZP = 'http://127.0.0.1:8787'; // azp of the bench tokens (bench/lib/common.mjs)
const SUB = 'user_demo2fTqBWk7u9wG5sNq';
const COOLDOWN_MS = 30_000; // src/jwks/policy.rs COOLDOWN_MS
const AGED_MS = 60_000; // age given to the keys in case (b) "past the cooldown"

const root = fileURLToPath(new URL('..', import.meta.url));
const self = fileURLToPath(import.meta.url);

/** Runs `fn` over `items` with `width` calls in flight, batch by batch. */
async function inBatches(items, width, fn) {
  const out = [];
  for (let i = 0; i < items.length; i += width) out.push(...(await Promise.all(items.slice(i, i + width).map(fn))));
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Child mode (@clerk/backend "fresh isolate"): a fresh Node process that imports @clerk/backend and
// verifies tokens[start .. start+count) against the loopback Backend API, BATCH in flight.
if (process.argv[2] === '--clerk-backend-child') {
  const [, , , apiUrl, secretKey, start, count] = process.argv;
  const { tokens } = JSON.parse(readFileSync(`${root}bench/.build/tokens-${N_TOKENS}.json`, 'utf8'));
  const { verifyToken } = await import('@clerk/backend');
  const slice = Array.from({ length: Number(count) }, (_, i) => tokens[(Number(start) + i) % tokens.length]);
  const results = await inBatches(slice, BATCH, (t) =>
    verifyToken(t, { secretKey, apiUrl }).then((c) => c?.sub === SUB, () => false),
  );
  process.stdout.write(JSON.stringify({ ok: results.filter(Boolean).length }) + '\n');
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------------
const { Miniflare } = await import('miniflare');
const { ensureDemoKey, fmt, loadOrMintTokens, printTable, verdict } = await import('./lib/common.mjs');
const { DEMO_PUBLISHABLE_KEY } = await import('../scripts/lib/demo-keys.mjs');
const clerkBackend = await import('@clerk/backend');

const pkgVersion = (name) => JSON.parse(readFileSync(`${root}node_modules/${name}/package.json`, 'utf8')).version;
if (!existsSync(`${root}build/index.js`)) {
  console.error('bench/jwks-fetches.mjs: build/index.js is missing; run `bash scripts/build-worker.sh` first');
  process.exit(1);
}
const tmpDirs = [];
const tmp = (tag) => {
  const d = mkdtempSync(join(os.tmpdir(), `clerk-edge-bench-${tag}-`));
  tmpDirs.push(d);
  return d;
};
// Every isolate runs the same copy of build/, so a rebuild during the run cannot mix two builds.
// (Node 20 cannot compile this wasm: it uses features only workerd enables; check the header only.)
const guardDir = tmp('guard');
const stamp = () => readdirSync(`${root}build`).map((f) => `${f}:${statSync(`${root}build/${f}`).mtimeMs}:${statSync(`${root}build/${f}`).size}`).join();
const before = stamp();
cpSync(`${root}build`, guardDir, { recursive: true });
const wasmFile = readdirSync(guardDir).find((f) => f.endsWith('.wasm'));
const magic = wasmFile ? readFileSync(join(guardDir, wasmFile)).subarray(0, 4).toString('latin1') : '';
if (magic !== '\0asm' || stamp() !== before) {
  rmSync(guardDir, { recursive: true, force: true });
  console.error('bench/jwks-fetches.mjs: build/ changed while copying or has no wasm (a build in progress?); run it again');
  process.exit(1);
}

console.log(`# jwks-fetches — ${new Date().toISOString()}`);
console.log(
  `node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu?'} × ${os.cpus().length}; miniflare ${pkgVersion('miniflare')} ` +
    `(workerd ${pkgVersion('workerd')}); @clerk/backend ${pkgVersion('@clerk/backend')}; guard: build/index.js`,
);
console.log(
  `(a) ${ISOLATES} fresh isolates × ${PER_ISOLATE} valid tokens; (b) ${FORGED} forged kids in one isolate; ` +
    `${BATCH} requests in flight\n`,
);

// 1. Keys, tokens and the loopback servers.
const key = ensureDemoKey();
const { tokens } = loadOrMintTokens(N_TOKENS);
const jwk = createPublicKey(key.spkiPem).export({ format: 'jwk' });
const jwksBody = JSON.stringify({ keys: [{ ...jwk, kid: key.kid, use: 'sig', alg: 'RS256' }] });
const hits = new Map(); // secret key → JWKS requests
const api = createServer((req, res) => {
  const secret = (req.headers.authorization ?? '').replace(/^Bearer /, '');
  if (req.method !== 'GET' || req.url !== '/v1/jwks') return res.writeHead(404).end();
  hits.set(secret, (hits.get(secret) ?? 0) + 1);
  res.writeHead(200, { 'content-type': 'application/json' }).end(jwksBody);
});
const origin = createServer((req, res) => res.end(JSON.stringify({ user: req.headers['x-clerk-user-id'] ?? null })));
await Promise.all([api, origin].map((s) => new Promise((r) => s.listen(0, '127.0.0.1', r))));
const apiUrl = `http://127.0.0.1:${api.address().port}`;
const originUrl = `http://127.0.0.1:${origin.address().port}`;
const count = (secret) => hits.get(secret) ?? 0;

const forge = (token) => {
  const [, payload, signature] = token.split('.');
  const header = Buffer.from(JSON.stringify({ alg: 'RS256', kid: `ins_${randomBytes(12).toString('hex')}`, typ: 'JWT' })).toString('base64url');
  return `${header}.${payload}.${signature}`;
};
const forgedTokens = Array.from({ length: FORGED }, (_, i) => forge(tokens[i % tokens.length]));

// 2. The guard in workerd. Every instance is tracked so that all workerd processes are disposed.
const live = new Set();
async function startGuard(secretKey, kvPersist) {
  const mf = new Miniflare({
    modules: true,
    scriptPath: join(guardDir, 'index.js'),
    modulesRoot: guardDir,
    modulesRules: [
      { type: 'ESModule', include: ['**/*.js', '**/*.mjs'] },
      { type: 'CompiledWasm', include: ['**/*.wasm'] },
    ],
    compatibilityDate: '2026-04-01',
    bindings: {
      CLERK_PUBLISHABLE_KEY: DEMO_PUBLISHABLE_KEY,
      CLERK_SECRET_KEY: secretKey,
      CLERK_API_URL: apiUrl,
      CLERK_ORIGIN_URL: originUrl,
      CLERK_AUTHORIZED_PARTIES: AZP,
    },
    kvNamespaces: ['CLERK_JWKS_KV'],
    kvPersist,
    // A socket straight to the guard, skipping miniflare's entry worker: about half the cost per
    // request of dispatchFetch, and the same isolate, bindings and KV.
    unsafeDirectSockets: [{ port: 0 }],
  });
  live.add(mf);
  await mf.ready;
  return { mf, url: new URL('/api/me', await mf.unsafeGetDirectURL()) };
}
async function dispose(guard) {
  live.delete(guard.mf);
  await guard.mf.dispose();
}
const agent = new Agent({ keepAlive: true, maxSockets: BATCH });
const send = (guard, token) =>
  new Promise((resolve, reject) => {
    const req = request(guard.url, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode, reason: res.headers['x-clerk-auth-reason'] ?? null, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
const expectOk = (label) => (r) => {
  if (r.status !== 200 || JSON.parse(r.body).user !== SUB) throw new Error(`${label}: HTTP ${r.status} ${r.reason ?? ''} ${r.body.slice(0, 200)}`);
};
const expectKidMismatch = (label) => (r) => {
  if (r.status !== 401 || r.reason !== 'jwk-kid-mismatch') throw new Error(`${label}: HTTP ${r.status} ${r.reason ?? ''}`);
};
/**
 * BATCH valid requests at once (known kid, fresh keys: no fetch), so that the forged burst that follows
 * reaches the isolate over BATCH open connections at the same moment, as live traffic would. Otherwise
 * the first forged request rides the one open connection and is well ahead of the other nine.
 */
const warmConnections = async (guard, label) =>
  (await Promise.all(tokens.slice(10, 10 + BATCH).map((t) => send(guard, t)))).forEach(expectOk(`${label} warm-up`));
const rejectReason = (p) => p.then(() => 'accepted', (e) => e?.reason ?? String(e));

/** Descendant processes of this one whose command name contains "workerd". */
function workerdDescendants() {
  const parent = new Map();
  const names = new Map();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      names.set(pid, stat.slice(stat.indexOf('(') + 1, close));
      parent.set(pid, stat.slice(close + 2).split(' ')[1]);
    } catch {
      // exited meanwhile
    }
  }
  const isDescendant = (pid) => {
    for (let p = parent.get(pid), n = 0; p && n < 64; p = parent.get(p), n++) if (p === String(process.pid)) return true;
    return false;
  };
  return [...names].filter(([pid, name]) => name.includes('workerd') && isDescendant(pid)).map(([pid]) => pid);
}

const rows = [];
const checks = [];
const phases = []; // [label, ms]
let phaseStart = performance.now();
const phase = (label) => {
  const now = performance.now();
  phases.push([label, now - phaseStart]);
  phaseStart = now;
};
const t0 = performance.now();
try {
  // (a) clerk-edge: fresh isolates on one shared KV directory. All of them boot first, one at a time
  // (workerd processes starting at once on one kvPersist directory can fail with SQLITE_BUSY, and a KV
  // write failing that way would be silently skipped by the guard and distort the count), then take
  // traffic one after another. An isolate's JWKS cache stays empty until its first request.
  const edgeA = async () => {
    const secret = 'sk_test_bench_jwks_a_edge';
    const kv = tmp('kv-a');
    const perIsolate = [];
    const guards = [];
    for (let i = 0; i < ISOLATES; i++) guards.push(await startGuard(secret, kv));
    for (let i = 0; i < ISOLATES; i++) {
      const guard = guards[i];
      const before = count(secret);
      const slice = Array.from({ length: PER_ISOLATE }, (_, j) => tokens[(i * PER_ISOLATE + j) % N_TOKENS]);
      (await inBatches(slice, BATCH, (t) => send(guard, t))).forEach(expectOk(`(a) clerk-edge isolate ${i}`));
      perIsolate.push(count(secret) - before);
      await dispose(guard);
    }
    return { total: count(secret), perIsolate };
  };

  // (a) @clerk/backend: a fresh Node process per "isolate", PROCS at a time; own secret per process so
  // each process's fetches are counted separately. Runs alongside clerk-edge's (a) to save wall time:
  // the counters are separate, and only counts are reported.
  const backendA = async () => {
    const perProcess = new Array(ISOLATES).fill(0);
    const child = (i) =>
      new Promise((resolve, reject) => {
        const secret = `sk_test_bench_jwks_a_cb_${i}`;
        const p = spawn(process.execPath, [self, '--clerk-backend-child', apiUrl, secret, String(i * PER_ISOLATE), String(PER_ISOLATE)], {
          cwd: root,
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let out = '';
        p.stdout.on('data', (d) => (out += d));
        p.on('error', reject);
        p.on('close', (code) => {
          if (code !== 0) return reject(new Error(`(a) @clerk/backend child ${i} exited ${code}`));
          const { ok } = JSON.parse(out);
          if (ok !== PER_ISOLATE) return reject(new Error(`(a) @clerk/backend child ${i}: ${ok}/${PER_ISOLATE} verified`));
          perProcess[i] = count(secret);
          resolve();
        });
      });
    await inBatches([...Array(ISOLATES).keys()], PROCS, child);
    return { total: perProcess.reduce((x, y) => x + y, 0), perProcess };
  };

  {
    const [edge, backend] = await Promise.allSettled([edgeA(), backendA()]);
    for (const r of [edge, backend]) if (r.status === 'rejected') throw r.reason;
    rows.push({ id: 'a', edge: edge.value.total, edgeDetail: edge.value.perIsolate, cb: backend.value.total, cbDetail: backend.value.perProcess });
    phase('(a) both contenders');
  }

  // (b) forged kids, keys fetched a moment ago (inside the cooldown).
  {
    const secret = 'sk_test_bench_jwks_b1_edge';
    const guard = await startGuard(secret, tmp('kv-b1'));
    expectOk('(b1) clerk-edge priming')(await send(guard, tokens[0]));
    await warmConnections(guard, '(b1)');
    const priming = count(secret);
    const start = performance.now();
    (await inBatches(forgedTokens, BATCH, (t) => send(guard, t))).forEach(expectKidMismatch('(b1) clerk-edge'));
    const elapsed = performance.now() - start;
    await dispose(guard);
    rows.push({ id: 'b1', edge: count(secret) - priming, edgePriming: priming, edgeMs: elapsed });
  }
  // (b) forged kids, keys 60 s old (past the cooldown): a priming isolate fetches and writes the KV
  // snapshot; its fetchedAt is moved back 60 s; a fresh isolate adopts it with one valid request (no
  // fetch: 60 s < 10 min max age), then takes the forged kids.
  {
    const secret = 'sk_test_bench_jwks_b2_edge';
    const kv = tmp('kv-b2');
    const primer = await startGuard(secret, kv);
    expectOk('(b2) clerk-edge priming')(await send(primer, tokens[1]));
    const ns = await primer.mf.getKVNamespace('CLERK_JWKS_KV');
    const { keys } = await ns.list();
    if (keys.length !== 1) throw new Error(`(b2): expected one KV entry, found ${keys.length}`);
    const snapshot = JSON.parse(await ns.get(keys[0].name));
    if (typeof snapshot.fetchedAt !== 'number') throw new Error('(b2): unexpected KV snapshot shape');
    snapshot.fetchedAt -= AGED_MS;
    await ns.put(keys[0].name, JSON.stringify(snapshot));
    await dispose(primer);
    const guard = await startGuard(secret, kv);
    expectOk('(b2) clerk-edge adopt')(await send(guard, tokens[2]));
    await warmConnections(guard, '(b2)');
    const priming = count(secret);
    if (priming !== 1) throw new Error(`(b2): the measured isolate fetched instead of adopting the KV snapshot (${priming})`);
    const start = performance.now();
    (await inBatches(forgedTokens, BATCH, (t) => send(guard, t))).forEach(expectKidMismatch('(b2) clerk-edge'));
    const elapsed = performance.now() - start;
    await dispose(guard);
    rows.push({ id: 'b2', edge: count(secret) - priming, edgePriming: priming, edgeMs: elapsed });
    phase('(b) clerk-edge');
  }
  // (b) @clerk/backend in this process: one valid token loads the keys, then the forged kids.
  for (const row of rows.filter((r) => r.id.startsWith('b'))) {
    const secret = `sk_test_bench_jwks_${row.id}_cb`;
    const opts = { secretKey: secret, apiUrl };
    const claims = await clerkBackend.verifyToken(tokens[3], opts);
    if (claims?.sub !== SUB) throw new Error(`(${row.id}) @clerk/backend priming failed`);
    const priming = count(secret);
    const reasons = await inBatches(forgedTokens, BATCH, (t) => rejectReason(clerkBackend.verifyToken(t, opts)));
    const bad = reasons.filter((r) => r !== 'jwk-kid-mismatch');
    if (bad.length) throw new Error(`(${row.id}) @clerk/backend: ${bad.length} forged tokens not rejected with jwk-kid-mismatch (${bad[0]})`);
    row.cb = count(secret) - priming;
    row.cbPriming = priming;
  }
  phase('(b) @clerk/backend');
} finally {
  await Promise.allSettled([...live].map((mf) => mf.dispose()));
  live.clear();
  agent.destroy();
  api.close();
  origin.close();
  for (const d of tmpDirs) rmSync(d, { recursive: true, force: true });
}
const totalMs = performance.now() - t0;

// 3. Report.
const [a, b1, b2] = rows;
const detail = (list) => {
  const nonzero = list.map((n, i) => [i, n]).filter(([, n]) => n > 0);
  return nonzero.length ? nonzero.map(([i, n]) => `#${i + 1}: ${n}`).join(', ') : 'none';
};
console.log('## JWKS fetches per workload\n');
printTable([
  ['workload', 'verifications', 'clerk-edge (guard, workerd)', '@clerk/backend', 'clerk-edge expected'],
  [`(a) valid tokens, ${ISOLATES} fresh isolates × ${PER_ISOLATE}, shared KV`, String(ISOLATES * PER_ISOLATE), String(a.edge), String(a.cb), '1'],
  [`(b) ${FORGED} forged kids, keys fetched < 30 s ago`, String(FORGED), String(b1.edge), String(b1.cb), `≤ ${Math.max(1, Math.ceil(b1.edgeMs / COOLDOWN_MS))}`],
  [`(b) ${FORGED} forged kids, keys ${AGED_MS / 1000} s old`, String(FORGED), String(b2.edge), String(b2.cb), `≤ ${Math.max(1, Math.ceil(b2.edgeMs / COOLDOWN_MS))}`],
]);
console.log(
  `\n(a) fetches per isolate, clerk-edge: ${detail(a.edgeDetail)}; @clerk/backend per process: ${detail(a.cbDetail)}.` +
    `\n(b) not counted above: the fetch that loaded the keys before the forged kids (clerk-edge ${b1.edgePriming} and ` +
    `${b2.edgePriming} [the priming isolate], @clerk/backend ${b1.cbPriming} and ${b2.cbPriming}). The forged kids took ` +
    `${fmt(b1.edgeMs / 1000)} s and ${fmt(b2.edgeMs / 1000)} s in the guard.`,
);

checks.push(['(a) clerk-edge: 1 JWKS fetch for all isolates (the first cold start without KV)', a.edge, a.edge === 1]);
checks.push(['(b) keys fetched < 30 s ago: ≤ 1 fetch per 30 s cooldown', b1.edge, b1.edge <= Math.max(1, Math.ceil(b1.edgeMs / COOLDOWN_MS))]);
checks.push(['(b) keys 60 s old: ≤ 1 fetch per 30 s cooldown', b2.edge, b2.edge <= Math.max(1, Math.ceil(b2.edgeMs / COOLDOWN_MS))]);
console.log('\n## Checks\n');
printTable([['check', 'clerk-edge fetches', 'status'], ...checks.map(([c, n, ok]) => [c, String(n), verdict(ok)])]);

const leftovers = workerdDescendants();
console.log(`\nworkerd processes left running: ${leftovers.length ? leftovers.join(', ') : 'none'}; total ${fmt(totalMs / 1000)} s (${phases.map(([l, ms]) => `${l} ${fmt(ms / 1000)} s`).join(', ')})`);
if (leftovers.length) process.exitCode = 1;

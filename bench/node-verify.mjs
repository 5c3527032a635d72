// Node throughput benchmark: clerk-edge vs @clerk/backend vs jose, RS256 session tokens.
//
//   (a) fresh tokens, sequential         — every call a different token (a slice of the pre-minted tokens)
//   (b) fresh tokens, 64 calls in flight — same, with 64 async lanes pulling from a shared index
//   (c) repeated token, sequential       — the same token over and over, for a fixed time slice
//
// A fourth column, "subtle floor", is a bare crypto.subtle.verify loop (key imported once, signature
// only, no claims): every contender verifies through Node's WebCrypto, so this is the ceiling for all.
//
// clerk-edge runs with skipVerifiedTokenCache: true on fresh tokens (the cache cannot help there);
// on the repeated token it runs both with the cache on (what users get by default) and off.
// Runs are short and interleaved (order rotated each round, each fresh run on a different slice of
// tokens) and each cell is the median over the rounds, so load drifting on a shared machine hits
// every contender alike.
// Only the ratios are meant to be compared across machines.
import { verifyToken as clerkEdgeVerify, version as clerkEdgeVersion } from '../js/entry/node.mjs';
import { verifyToken as clerkBackendVerify } from '@clerk/backend';
import { importSPKI, jwtVerify } from 'jose';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { ensureDemoKey, fmt, loadOrMintTokens, median, printTable, ratio, rotate, verdict } from './lib/common.mjs';

const N_TOKENS = Number(process.env.BENCH_TOKENS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 11);
const SEQ_RUN = 400; // calls per sequential fresh run (all distinct tokens)
const C64_RUN = 1000; // calls per 64-in-flight fresh run (all distinct tokens)
const CONCURRENCY = 64;
const REPEAT_SLICE_MS = Number(process.env.BENCH_REPEAT_MS ?? 150);

const pkgVersion = (name) =>
  JSON.parse(readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url), 'utf8')).version;

const key = ensureDemoKey();
const t0 = performance.now();
const { tokens, reused } = loadOrMintTokens(N_TOKENS);
const repeated = tokens[0];
console.log(`# node-verify — ${new Date().toISOString()}`);
console.log(
  `node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu?'} × ${os.cpus().length}; clerk-edge ${clerkEdgeVersion()}, ` +
    `@clerk/backend ${pkgVersion('@clerk/backend')}, jose ${pkgVersion('jose')}`,
);
console.log(
  `${reused ? 'reused' : 'minted'} ${N_TOKENS} distinct RS256 tokens (${fmt(performance.now() - t0)} ms); ` +
    `${ROUNDS} rounds, medians; fresh runs: ${SEQ_RUN} calls sequential, ${C64_RUN} calls ${CONCURRENCY} in flight\n`,
);

const joseKey = await importSPKI(key.spkiPem, 'RS256');
const skipCache = { jwtKey: key.jwtKey, skipVerifiedTokenCache: true };
const withCache = { jwtKey: key.jwtKey };
const backendOpts = { jwtKey: key.jwtKey };

// The floor: what any WebCrypto-based verifier must pay per token (split, base64url-decode, verify).
const subtleKey = await crypto.subtle.importKey(
  'spki',
  Buffer.from(key.jwtKey, 'base64'),
  { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
  false,
  ['verify'],
);
const encoder = new TextEncoder();
async function subtleFloor(t) {
  const dot = t.lastIndexOf('.');
  const ok = await crypto.subtle.verify(
    'RSASSA-PKCS1-v1_5',
    subtleKey,
    Buffer.from(t.slice(dot + 1), 'base64url'),
    encoder.encode(t.slice(0, dot)),
  );
  if (!ok) throw new Error('subtle floor: bad signature');
  return { sub: 'user_demo2fTqBWk7u9wG5sNq' };
}

const verifiers = {
  'subtle floor': subtleFloor,
  'clerk-edge': (t) => clerkEdgeVerify(t, skipCache),
  'clerk-edge (cache on)': (t) => clerkEdgeVerify(t, withCache),
  '@clerk/backend': (t) => clerkBackendVerify(t, backendOpts),
  jose: (t) => jwtVerify(t, joseKey),
};

// Sanity: every contender accepts the token and returns the same subject.
for (const [name, verify] of Object.entries(verifiers)) {
  const out = await verify(repeated);
  const claims = out.payload ?? out;
  if (claims.sub !== 'user_demo2fTqBWk7u9wG5sNq') throw new Error(`${name} returned unexpected claims`);
}

/** `count` distinct tokens starting at round-dependent offset `r` (wrapping around the minted set). */
function slice(count, r) {
  const start = (r * count) % tokens.length;
  const out = tokens.slice(start, start + count);
  return out.length === count ? out : out.concat(tokens.slice(0, count - out.length));
}

/** SEQ_RUN distinct tokens, one call at a time; returns ops/s. */
async function freshSequential(verify, r) {
  const batch = slice(SEQ_RUN, r);
  const start = performance.now();
  for (let i = 0; i < batch.length; i++) await verify(batch[i]);
  return batch.length / ((performance.now() - start) / 1000);
}

/** C64_RUN distinct tokens with CONCURRENCY calls in flight; returns ops/s. */
async function freshConcurrent(verify, r) {
  const batch = slice(C64_RUN, r);
  let next = 0;
  const lane = async () => {
    while (next < batch.length) await verify(batch[next++]);
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  return batch.length / ((performance.now() - start) / 1000);
}

/** The same token for REPEAT_SLICE_MS (checked every 32 calls); returns ops/s. */
async function repeatedSequential(verify) {
  let ops = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    for (let i = 0; i < 32; i++) await verify(repeated);
    ops += 32;
    elapsed = performance.now() - start;
  } while (elapsed < REPEAT_SLICE_MS);
  return ops / (elapsed / 1000);
}

const scenarios = [
  { id: 'fresh-seq', title: 'fresh tokens, sequential', run: freshSequential, contenders: ['clerk-edge', '@clerk/backend', 'jose', 'subtle floor'] },
  {
    id: 'fresh-c64',
    title: `fresh tokens, ${CONCURRENCY} in flight`,
    run: freshConcurrent,
    contenders: ['clerk-edge', '@clerk/backend', 'jose', 'subtle floor'],
  },
  {
    id: 'repeat',
    title: 'repeated token, sequential',
    run: repeatedSequential,
    contenders: ['clerk-edge (cache on)', 'clerk-edge', '@clerk/backend', 'jose'],
  },
];

const results = {};
for (const s of scenarios) {
  // Warm-up pass per contender (JIT, key import, wasm tier-up), not timed.
  for (const name of s.contenders) await s.run(verifiers[name], ROUNDS);
  const samples = Object.fromEntries(s.contenders.map((n) => [n, []]));
  for (let r = 0; r < ROUNDS; r++) {
    for (const name of rotate(s.contenders, r)) samples[name].push(await s.run(verifiers[name], r));
  }
  results[s.id] = Object.fromEntries(s.contenders.map((n) => [n, median(samples[n])]));
  const spread = s.contenders.map((n) => `${n} ${fmt(Math.min(...samples[n]))}–${fmt(Math.max(...samples[n]))}`);
  console.log(`${s.title}: done (ops/s range over rounds: ${spread.join('; ')})`);
}

console.log('\n## Node: ops/s (median of rounds) and ratios\n');
const rows = [
  ['scenario', 'clerk-edge', 'clerk-edge (cache on)', '@clerk/backend', 'jose', 'subtle floor', 'clerk-edge / @clerk/backend', 'clerk-edge / jose', 'clerk-edge / floor'],
];
for (const s of scenarios) {
  const r = results[s.id];
  const ce = r['clerk-edge (cache on)'] ?? r['clerk-edge'];
  rows.push([
    s.title,
    fmt(r['clerk-edge']),
    r['clerk-edge (cache on)'] ? fmt(r['clerk-edge (cache on)']) : '—',
    fmt(r['@clerk/backend']),
    fmt(r.jose),
    r['subtle floor'] ? fmt(r['subtle floor']) : '—',
    ratio(ce, r['@clerk/backend']) + (r['clerk-edge (cache on)'] ? ` (cache off ${ratio(r['clerk-edge'], r['@clerk/backend'])})` : ''),
    ratio(ce, r.jose) + (r['clerk-edge (cache on)'] ? ` (cache off ${ratio(r['clerk-edge'], r.jose)})` : ''),
    r['subtle floor'] ? ratio(r['clerk-edge'], r['subtle floor']) : '—',
  ]);
}
printTable(rows);
console.log('(ratios > 1× mean clerk-edge is faster; on the repeated token the headline ratio uses the cache-on run;');
console.log(' "subtle floor" = bare crypto.subtle.verify loop, key imported once, signature only)');

const freshSeq = results['fresh-seq']['clerk-edge'] / results['fresh-seq']['@clerk/backend'];
const freshC64 = results['fresh-c64']['clerk-edge'] / results['fresh-c64']['@clerk/backend'];
const rep = results.repeat['clerk-edge (cache on)'] / results.repeat['@clerk/backend'];
console.log('\n## Node targets\n');
printTable([
  ['target', 'measured', 'verdict'],
  ['fresh tokens ≥ 2× @clerk/backend (sequential)', ratio(freshSeq, 1), verdict(freshSeq >= 2)],
  [`fresh tokens ≥ 2× @clerk/backend (${CONCURRENCY} in flight)`, ratio(freshC64, 1), verdict(freshC64 >= 2)],
  ['repeated token ≥ 50× @clerk/backend (cache on)', ratio(rep, 1), verdict(rep >= 50)],
]);
console.log('');

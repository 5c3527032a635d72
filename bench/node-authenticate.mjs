// Node benchmark: authenticateRequest on a signed-in browser request (session cookie + __client_uat),
// clerk-edge vs @clerk/backend (createClerkClient(...).authenticateRequest), the same RS256 key
// (jwtKey, networkless) and the same requests, in one run.
//
//   (a) fresh tokens, sequential — every request carries a different session token
//   (b) repeated token, sequential — the same cookie over and over (clerk-edge's verified-token cache
//       answers it; @clerk/backend verifies every time)
//
// Rounds are interleaved with the order rotated; each cell is the median over the rounds. Only the
// ratios are meant to be compared across machines.
import { authenticateRequest as clerkEdgeAuthenticate } from '../js/entry/node.mjs';
import { createClerkClient } from '@clerk/backend';
import { DEMO_PUBLISHABLE_KEY } from '../scripts/lib/demo-keys.mjs';
import { ensureDemoKey, fmt, loadOrMintTokens, median, printTable, ratio, rotate, verdict } from './lib/common.mjs';

const N_TOKENS = Number(process.env.BENCH_TOKENS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const RUN = 300;
const key = ensureDemoKey();
const { tokens } = loadOrMintTokens(N_TOKENS);
const options = { publishableKey: DEMO_PUBLISHABLE_KEY, secretKey: 'sk_test_bench', jwtKey: key.jwtKey };
const clerk = createClerkClient(options);

// Development instance: a signed-in browser carries its dev browser, client_uat and session cookies.
const request = (token) =>
  new Request('http://127.0.0.1:8787/dashboard', {
    headers: { cookie: `__session=${token}; __client_uat=1; __clerk_db_jwt=dvb_bench`, 'sec-fetch-dest': 'document' },
  });

const contenders = {
  'clerk-edge': (req) => clerkEdgeAuthenticate(req, options),
  '@clerk/backend': (req) => clerk.authenticateRequest(req, options),
};

// Both must agree that these requests are signed in, or the comparison means nothing.
for (const [name, run] of Object.entries(contenders)) {
  const state = await run(request(tokens[0]));
  if (state.status !== 'signed-in') throw new Error(`${name}: expected signed-in, got ${state.status} (${state.reason})`);
}

async function timeRun(run, list) {
  const reqs = list.map(request);
  const t = performance.now();
  for (const req of reqs) await run(req);
  return ((performance.now() - t) * 1000) / reqs.length; // µs per request
}

const results = { fresh: {}, repeated: {} };
for (const name of Object.keys(contenders)) {
  results.fresh[name] = [];
  results.repeated[name] = [];
}
for (let round = 0; round < ROUNDS; round++) {
  for (const name of rotate(Object.keys(contenders), round)) {
    const start = (round * RUN) % (N_TOKENS - RUN);
    results.fresh[name].push(await timeRun(contenders[name], tokens.slice(start, start + RUN)));
    results.repeated[name].push(await timeRun(contenders[name], new Array(RUN).fill(tokens[0])));
  }
}

console.log(`# node-authenticate — ${new Date().toISOString()} — ${ROUNDS} rounds of ${RUN} requests, medians (µs per request)\n`);
const m = (kind, name) => median(results[kind][name]);
printTable([
  ['signed-in cookie request', 'clerk-edge µs', '@clerk/backend µs', 'speed-up'],
  ['fresh tokens', fmt(m('fresh', 'clerk-edge')), fmt(m('fresh', '@clerk/backend')), ratio(m('fresh', '@clerk/backend'), m('fresh', 'clerk-edge'))],
  ['repeated token', fmt(m('repeated', 'clerk-edge')), fmt(m('repeated', '@clerk/backend')), ratio(m('repeated', '@clerk/backend'), m('repeated', 'clerk-edge'))],
]);
const freshRatio = m('fresh', '@clerk/backend') / m('fresh', 'clerk-edge');
console.log(`\ntarget ≥ 5× @clerk/backend on fresh tokens: ${verdict(freshRatio >= 5)} (${fmt(freshRatio)}×)`);

// workerd runner of the adapters: bundles with esbuild under the `workerd` condition (what wrangler does;
// the wasm stays a separate CompiledWasm module) and runs in workerd via miniflare
// 1. the adapter cases (js/test/suite-adapters.mjs);
// 2. examples/hono deployed as it is, settings as Worker vars: a demo-key Bearer token's user id comes back.
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEMO_PUBLISHABLE_KEY, ensureDemoKey, mintDemoToken } from '../../scripts/lib/demo-keys.mjs';
import { report } from './harness.mjs';

const WASM = readFileSync(new URL('../pkg/clerk_edge_bg.wasm', import.meta.url));
const DIR = fileURLToPath(new URL('./', import.meta.url));

/** The Worker at `entry` bundled for workerd, as miniflare modules. */
async function workerModules(entry) {
  const wasmExternal = {
    name: 'wasm-external',
    setup(b) {
      b.onResolve({ filter: /\.wasm$/ }, () => ({ path: './clerk_edge_bg.wasm', external: true }));
    },
  };
  const out = await build({
    entryPoints: [fileURLToPath(entry)],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    plugins: [wasmExternal],
    write: false,
    logLevel: 'error',
  });
  return [
    { type: 'ESModule', path: `${DIR}bundle/worker.mjs`, contents: out.outputFiles[0].text },
    { type: 'CompiledWasm', path: `${DIR}bundle/clerk_edge_bg.wasm`, contents: WASM },
  ];
}

let failed = 0;
const suite = new Miniflare({ modules: await workerModules(new URL('./workerd-adapters-worker.mjs', import.meta.url)), compatibilityDate: '2025-09-01' });
try {
  failed += report('workerd adapters', await (await suite.dispatchFetch('http://localhost/')).json());
} finally {
  await suite.dispose();
}

const app = 'http://127.0.0.1:8787';
const hono = new Miniflare({
  modules: await workerModules(new URL('../../examples/hono/src/index.js', import.meta.url)),
  compatibilityDate: '2025-09-01',
  bindings: { CLERK_PUBLISHABLE_KEY: DEMO_PUBLISHABLE_KEY, CLERK_JWT_KEY: ensureDemoKey().jwtKey, CLERK_AUTHORIZED_PARTIES: app },
});
try {
  const results = [];
  const check = async (name, fn) => {
    try {
      await fn();
      results.push({ name, ok: true });
    } catch (err) {
      results.push({ name, ok: false, error: String(err?.stack ?? err) });
    }
  };
  await check('examples/hono as a Worker: a Bearer token’s user id', async () => {
    const res = await hono.dispatchFetch(`${app}/api/me`, { headers: { authorization: `Bearer ${mintDemoToken({ azp: app })}` } });
    const body = await res.json();
    if (res.status !== 200 || body.userId !== 'user_demo2fTqBWk7u9wG5sNq') throw new Error(`got ${res.status} ${JSON.stringify(body)}`);
  });
  await check('examples/hono as a Worker: no token → the route’s 401, a navigation → the 307 handshake', async () => {
    const api = await hono.dispatchFetch(`${app}/api/me`, { headers: { cookie: '__clerk_db_jwt=dvb_1' } });
    if (api.status !== 401) throw new Error(`API: got ${api.status}`);
    await api.arrayBuffer();
    const nav = await hono.dispatchFetch(`${app}/`, { headers: { 'sec-fetch-dest': 'document' }, redirect: 'manual' });
    const location = nav.headers.get('location') ?? '';
    if (nav.status !== 307 || !location.includes('/v1/client/handshake')) throw new Error(`navigation: got ${nav.status} ${location}`);
  });
  failed += report('workerd examples/hono', results);
} finally {
  await hono.dispose();
}
process.exitCode = failed ? 1 : 0;

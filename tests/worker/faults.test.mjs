// The guard's fault matrix in workerd (README "Fault matrix"): a slow or resetting origin, a JWKS
// endpoint that hangs, drips, is empty or refuses the secret key, a KV binding that throws or hangs,
// and a Backend API failing a production handshake nonce. Each fault gets a defined answer within a
// bound, and no secret in the answer. Covered elsewhere (not repeated here): JWKS 500 and garbage
// (outage.test.mjs), an outage with stale keys in KV (jwks.test.mjs), origin down
// (guard.test.mjs), machine tokens with a failing Backend API (machine.test.mjs).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import { createPublicKey } from 'node:crypto';
import { Miniflare } from 'miniflare';
import { guardWorker } from './harness.mjs';
import { DEMO_PUBLISHABLE_KEY, ensureDemoKey, mintDemoToken } from '../../scripts/lib/demo-keys.mjs';

const APP = 'https://app.example.com';
const PK_LIVE = 'pk_live_' + Buffer.from('clerk.example.com$').toString('base64');
const hits = []; // Backend API requests: { path, secret }
const originEvents = []; // what the origin saw: 'closed:<path>' when the guard dropped the connection
let api, origin, jwksBody;

/** The Backend API; the secret key's suffix says how it fails. */
function backend(req, res) {
  const secret = (req.headers.authorization ?? '').replace('Bearer ', '');
  const path = new URL(req.url, 'http://x').pathname;
  hits.push({ path, secret });
  const kind = secret.split('_').pop();
  if (kind === 'hang') return; // never answers
  if (kind === 'drip') {
    // Headers at once, then the (valid) JWKS one byte every 100 ms: far longer than the budget.
    res.writeHead(200, { 'content-type': 'application/json' });
    let i = 0;
    const timer = setInterval(() => (i < jwksBody.length ? res.write(jwksBody[i++]) : (clearInterval(timer), res.end())), 100);
    res.on('close', () => clearInterval(timer));
    return;
  }
  if (kind === 'empty') return res.writeHead(200, { 'content-type': 'application/json' }).end('{"keys":[]}');
  if (kind === 'refused') {
    const body = { errors: [{ code: 'clerk_key_invalid', message: 'Secret key invalid', long_message: 'The provided secret key is invalid' }] };
    return res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }
  if (kind === 'limited') return res.writeHead(429, { 'retry-after': '60', 'content-type': 'application/json' }).end('{"errors":[]}');
  if (kind === 'down') return res.writeHead(503, { 'content-type': 'application/json' }).end('{"errors":[]}');
  if (path === '/v1/jwks') return res.writeHead(200, { 'content-type': 'application/json' }).end(jwksBody);
  res.writeHead(404).end();
}

/** The origin; the path says how it behaves. */
function originServer(req, res) {
  res.on('close', () => !res.writableFinished && originEvents.push(`closed:${req.url}`));
  if (req.url.startsWith('/public/hang')) return;
  if (req.url.startsWith('/public/reset')) {
    // A chunked body, cut by a reset after its first part.
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('first part;');
    setTimeout(() => req.socket.destroy(), 100);
    return;
  }
  if (req.url.startsWith('/public/slow-body')) {
    // Headers at once, the body over 3 s: only the headers are bounded by the timeout.
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('a');
    setTimeout(() => res.write('b'), 1500);
    setTimeout(() => res.end('c'), 3000);
    return;
  }
  res.end(JSON.stringify({ user: req.headers['x-clerk-user-id'] ?? null }));
}

before(async () => {
  const key = ensureDemoKey();
  const jwk = createPublicKey(key.spkiPem).export({ format: 'jwk' });
  jwksBody = JSON.stringify({ keys: [{ ...jwk, kid: key.kid, use: 'sig', alg: 'RS256' }] });
  api = createServer(backend);
  origin = createServer(originServer);
  await Promise.all([api, origin].map((s) => new Promise((r) => s.listen(0, '127.0.0.1', r))));
  await startGuards();
});
after(async () => {
  await mf?.dispose();
  api.closeAllConnections();
  origin.closeAllConnections();
  api.close();
  origin.close();
});

const apiUrl = () => `http://127.0.0.1:${api.address().port}`;
const originUrl = () => `http://127.0.0.1:${origin.address().port}`;

/**
 * Every guard variant the tests use, as `name → [settings, extra worker options]`: they all run as
 * separate workers (own isolates, own settings) of one workerd process, started once, so the
 * timings below are not those of a crowd of runtimes starting at once.
 */
function variants() {
  const jwtKey = ensureDemoKey().jwtKey;
  const kv = { kvNamespaces: ['CLERK_JWKS_KV'] };
  const faultyKv = (mode) => ({ wrappedBindings: { CLERK_JWKS_KV: { scriptName: 'faulty-kv', bindings: { MODE: mode } } } });
  const out = {
    // First: the entry socket (mf.ready) reaches it.
    origin: [{ CLERK_JWT_KEY: jwtKey, CLERK_ORIGIN_TIMEOUT_MS: '2000' }],
    'origin-signed-in': [{ CLERK_JWT_KEY: jwtKey, CLERK_ORIGIN_TIMEOUT_MS: '1000', CLERK_ORIGIN_URL: `${originUrl()}/public/hang-3` }],
  };
  for (const value of ['99', '300001', '1.5', '300000']) out[`timeout-${value}`] = [{ CLERK_JWT_KEY: jwtKey, CLERK_ORIGIN_TIMEOUT_MS: value }];
  for (const kind of ['hang', 'drip', 'empty', 'refused']) out[`jwks-${kind}`] = [{ CLERK_SECRET_KEY: `sk_test_faults_jwks_${kind}` }, kv];
  for (const mode of ['throw', 'hang', 'put-hang']) out[`kv-${mode}`] = [{ CLERK_SECRET_KEY: `sk_test_faults_kv_${mode}_ok` }, faultyKv(mode)];
  for (const kind of ['limited', 'down', 'hang']) {
    out[`nonce-${kind}`] = [{ CLERK_PUBLISHABLE_KEY: PK_LIVE, CLERK_SECRET_KEY: `sk_live_faults_nonce_${kind}`, CLERK_JWT_KEY: jwtKey }];
    out[`machine-${kind}`] = [{ CLERK_SECRET_KEY: `sk_test_faults_machine_${kind}`, CLERK_JWT_KEY: jwtKey, CLERK_PROTECTED_ROUTES: '/api/** accepts=api_key' }];
  }
  return out;
}

let mf;
const warmed = new Map();
/** Starts every variant in one workerd (after the loopback servers listen). */
async function startGuards() {
  const workers = Object.entries(variants()).map(([name, [settings, extra = {}]]) => ({
    name,
    ...guardWorker({
      CLERK_PUBLISHABLE_KEY: DEMO_PUBLISHABLE_KEY,
      CLERK_API_URL: apiUrl(),
      CLERK_ORIGIN_URL: originUrl(),
      CLERK_AUTHORIZED_PARTIES: APP,
      CLERK_PUBLIC_ROUTES: '/public/**',
      ...settings,
    }),
    ...extra,
  }));
  mf = new Miniflare({ workers: [...workers, { name: 'faulty-kv', modules: true, script: FAULTY_KV }] });
  await mf.ready;
}

/**
 * The guard variant `name`, after one request to its health path (so timings exclude compiling
 * it): `dispatchFetch(url, init)` reaches that worker.
 */
async function guard(name) {
  if (!warmed.has(name)) {
    warmed.set(name, (async () => {
      const worker = await mf.getWorker(name);
      await (await worker.fetch('http://guard.test/__clerk_edge/health')).arrayBuffer();
      // `ready`: the entry socket's URL, which reaches the first variant (`origin`) only.
      return { dispatchFetch: (url, init) => worker.fetch(url, init), ready: mf.ready };
    })());
  }
  return warmed.get(name);
}

/** The answer, its text and how long it took (headers and body). */
async function timed(mf, path, init = {}) {
  const started = Date.now();
  const res = await mf.dispatchFetch(`http://guard.test${path}`, { redirect: 'manual', ...init });
  const text = await res.text();
  return { res, text, ms: Date.now() - started };
}

const bearer = (n = 0) => ({ headers: { authorization: `Bearer ${mintDemoToken({ azp: APP, overrides: { n } })}` } });

function assertNoSecret({ res, text }, secret) {
  assert.ok(!text.includes(secret), 'no secret in the body');
  assert.ok(![...res.headers.values()].some((v) => v.includes(secret)), 'no secret in the headers');
}

// A KV binding that fails: a wrapped binding (a JS object with get/put) in place of a namespace.
const FAULTY_KV = `export default function ({ MODE }) {
  const never = () => new Promise(() => {});
  return {
    get: () => (MODE === 'throw' ? Promise.reject(new Error('kv down')) : MODE === 'hang' ? never() : Promise.resolve(null)),
    put: () => (MODE === 'throw' ? Promise.reject(new Error('kv down')) : never()),
  };
}`;

// The groups, and the tests in each, run side by side: most of the time is waiting out budgets.
describe('guard faults', { concurrency: true }, () => {
  describe('origin faults', { concurrency: true }, () => {
    const withKey = () => guard('origin'); // 2 s origin timeout

    test('an origin that never answers: 504 origin-timeout after CLERK_ORIGIN_TIMEOUT_MS, and the fetch is aborted', async () => {
      const mf = await withKey();
      for (const path of ['/public/hang-1', '/public/hang-2']) {
        const answer = await timed(mf, path);
        assert.equal(answer.res.status, 504, path);
        assert.ok(answer.ms >= 1950 && answer.ms < 5000, `${path}: answered in ${answer.ms} ms (budget 2000 ms)`);
        assert.equal(answer.res.headers.get('x-content-type-options'), 'nosniff');
        assert.equal(answer.res.headers.get('content-type'), 'application/json');
        assert.deepEqual(JSON.parse(answer.text), { error: 'origin-timeout', message: 'the origin did not answer in time' });
      }
      // A signed-in request on a protected route (identity headers on the way) times out the same way.
      const signedIn = await guard('origin-signed-in');
      const answer = await timed(signedIn, '/api/me', bearer(2));
      assert.equal(answer.res.status, 504);
      // The guard's abort closes the connection to the origin.
      for (const path of ['/public/hang-1', '/public/hang-2', '/public/hang-3/api/me']) {
        for (let i = 0; i < 40 && !originEvents.includes(`closed:${path}`); i++) await new Promise((r) => setTimeout(r, 50));
        assert.ok(originEvents.includes(`closed:${path}`), `the origin saw ${path} aborted: ${originEvents}`);
      }
    });

    test('the timeout bounds the response headers only: a body slower than it streams through whole', async () => {
      const mf = await withKey();
      const answer = await timed(mf, '/public/slow-body');
      assert.equal(answer.res.status, 200, `${answer.text} after ${answer.ms} ms`);
      assert.equal(answer.text, 'abc');
      assert.ok(answer.ms >= 2900, `the body took ${answer.ms} ms (over the 2 s timeout)`);
    });

    test('an origin that resets mid-body: 200 and the part that arrived, then a clean end (workerd hides the truncation)', async () => {
      // Read off the wire (dispatchFetch's client drops the partial chunk): workerd had relayed the
      // headers, so the status stays 200; when the origin's connection resets it ends the chunked
      // body with its terminator, as if complete. Only a Content-Length (or the origin's own
      // framing) lets the client notice.
      const mf = await withKey();
      const url = new URL(await mf.ready);
      const raw = await new Promise((resolve, reject) => {
        const socket = connect(Number(url.port), url.hostname, () =>
          socket.write(`GET /public/reset HTTP/1.1\r\nHost: ${url.host}\r\nConnection: close\r\n\r\n`),
        );
        let out = '';
        socket.setEncoding('utf8');
        socket.on('data', (d) => (out += d));
        socket.on('close', () => resolve(out));
        socket.on('error', reject);
      });
      const cut = raw.indexOf('\r\n\r\n');
      const [head, body] = [raw.slice(0, cut), raw.slice(cut + 4)];
      assert.match(head, /^HTTP\/1\.1 200 /);
      assert.match(head, /transfer-encoding: chunked/i);
      assert.equal(body, 'b\r\nfirst part;\r\n0\r\n\r\n', 'the first part, then the chunked terminator');
      assert.ok(originEvents.includes('closed:/public/reset'));
    });

    test('CLERK_ORIGIN_TIMEOUT_MS outside 100–300000 or not a whole number: 500 naming the setting', async () => {
      for (const value of ['99', '300001', '1.5']) {
        const mf = await guard(`timeout-${value}`);
        const { res, text } = await timed(mf, '/public/x');
        assert.equal(res.status, 500, value);
        const body = JSON.parse(text);
        assert.equal(body.setting, 'CLERK_ORIGIN_TIMEOUT_MS', value);
        assert.ok(!body.message.includes(value), 'the value is not echoed');
      }
      const ok = await guard('timeout-300000');
      assert.equal((await timed(ok, '/public/x')).res.status, 200);
    });
  });

  describe('JWKS faults, no keys anywhere (500 and garbage: outage.test.mjs)', { concurrency: true }, () => {
    const jwksHits = (secret) => hits.filter((h) => h.secret === secret && h.path === '/v1/jwks').length;

    for (const { kind, reason, attempts, within } of [
      // Measured: one attempt that uses the whole 5 s budget (no time left for a retry); an empty set is not retried.
      { kind: 'hang', reason: 'jwk-remote-failed-to-load', attempts: 1, within: 7500 },
      { kind: 'drip', reason: 'jwk-remote-failed-to-load', attempts: 1, within: 7500 },
      { kind: 'empty', reason: 'jwk-remote-failed-to-load', attempts: 1, within: 4000 },
    ]) {
      test(`JWKS ${kind}: 503 ${reason} with Retry-After within ${within} ms, no secret shown`, async () => {
        const secret = `sk_test_faults_jwks_${kind}`;
        const mf = await guard(`jwks-${secret.split('_').pop()}`);
        const answer = await timed(mf, '/api/me', bearer(10));
        assert.equal(answer.res.status, 503, answer.text);
        assert.ok(answer.ms < within, `answered in ${answer.ms} ms`);
        assert.equal(answer.res.headers.get('retry-after'), '30');
        assert.equal(answer.res.headers.get('x-clerk-auth-reason'), reason);
        assert.equal(JSON.parse(answer.text).reason, reason);
        const n = jwksHits(secret);
        assert.equal(n, attempts, 'attempts');
        assertNoSecret(answer, secret);
        // Within the cooldown the same answer comes from memory, at once.
        const again = await timed(mf, '/api/me', bearer(11));
        assert.equal(again.res.status, 503);
        assert.ok(again.ms < 3000, `again in ${again.ms} ms`);
        assert.equal(jwksHits(secret), n);
        console.log(`# JWKS ${kind}: ${answer.res.status} in ${answer.ms} ms after ${n} attempt(s)`);
      });
    }

    test('JWKS 401 clerk_key_invalid: a defined answer naming secret-key-invalid, no secret shown', async () => {
      const secret = 'sk_test_faults_jwks_refused';
      const mf = await guard(`jwks-${secret.split('_').pop()}`);
      const answer = await timed(mf, '/api/me', bearer(12));
      console.log(`# JWKS 401 clerk_key_invalid: ${answer.res.status} ${answer.res.headers.get('x-clerk-auth-reason')} in ${answer.ms} ms, ${jwksHits(secret)} attempt(s)`);
      assert.equal(answer.res.status, 503, 'a refused secret key is the deployment\'s fault, not the token\'s');
      assert.equal(answer.res.headers.get('retry-after'), '30');
      assert.equal(answer.res.headers.get('x-clerk-auth-reason'), 'secret-key-invalid');
      assert.equal(JSON.parse(answer.text).reason, 'secret-key-invalid');
      assert.ok(answer.ms < 3000, `answered in ${answer.ms} ms`);
      assert.equal(jwksHits(secret), 1, 'a refused key is not retried');
      assertNoSecret(answer, secret);
    });
  });

  describe('KV faults: the keys still come from the network', { concurrency: true }, () => {
    for (const { mode, what, within } of [
      { mode: 'throw', what: 'get and put throw', within: 4000 },
      { mode: 'hang', what: 'get and put hang (get budget 1 s; the put is not waited for)', within: 4000 },
      { mode: 'put-hang', what: 'get misses, put hangs (not waited for)', within: 4000 },
    ]) {
      test(`KV ${what}: 200 via the JWKS fetch`, async () => {
        const secret = `sk_test_faults_kv_${mode}_ok`;
        const mf = await guard(`kv-${mode}`);
        const answer = await timed(mf, '/api/me', bearer(20));
        assert.equal(answer.res.status, 200, answer.text);
        assert.equal(JSON.parse(answer.text).user, 'user_demo2fTqBWk7u9wG5sNq');
        assert.ok(answer.ms < within, `answered in ${answer.ms} ms`);
        if (mode === 'hang') assert.ok(answer.ms >= 900, `the get was waited for up to 1 s (${answer.ms} ms)`);
        assert.equal(hits.filter((h) => h.secret === secret && h.path === '/v1/jwks').length, 1);
        console.log(`# KV ${mode}: 200 in ${answer.ms} ms`);
      });
    }
  });

  describe('Backend API faults on a production handshake nonce', { concurrency: true }, () => {
    for (const { kind, within } of [
      { kind: 'limited', within: 4000 },
      { kind: 'down', within: 4000 },
      { kind: 'hang', within: 7500 }, // the Backend API call's 5 s budget
    ]) {
      test(`handshake_payload ${kind}: signed out (session-token-missing) within ${within} ms, no hang`, async () => {
        const secret = `sk_live_faults_nonce_${kind}`;
        const mf = await guard(`nonce-${kind}`);
        const cookie = '__clerk_handshake_nonce=nonce_faults_1';
        const [api, page] = await Promise.all([
          timed(mf, '/api/me', { headers: { cookie } }),
          timed(mf, '/dashboard', { headers: { cookie: `${cookie}; __client_uat=0`, 'sec-fetch-dest': 'document' } }),
        ]);
        console.log(`# nonce ${kind} (${hits.filter((h) => h.secret === secret).length} calls): api ${api.res.status} ${api.res.headers.get('x-clerk-auth-reason')} in ${api.ms} ms; page ${page.res.status} in ${page.ms} ms`);
        assert.ok(hits.some((h) => h.secret === secret && h.path === '/v1/clients/handshake_payload'));
        for (const answer of [api, page]) {
          assert.ok(answer.ms < within, `answered in ${answer.ms} ms`);
          assertNoSecret(answer, secret);
        }
        assert.equal(api.res.status, 401);
        assert.equal(api.res.headers.get('x-clerk-auth-reason'), 'session-token-missing');
        assert.equal(page.res.status, 307);
        assert.match(page.res.headers.get('location'), /sign-in/);
      });
    }
  });

  describe('Backend API faults on an opaque machine token (502: machine.test.mjs)', { concurrency: true }, () => {
    for (const { kind, within } of [
      { kind: 'limited', within: 4000 },
      { kind: 'down', within: 4000 },
      { kind: 'hang', within: 7500 }, // the Backend API call's 5 s budget
    ]) {
      test(`api_keys/verify ${kind}: 503 unexpected-error with Retry-After: 5 within ${within} ms`, async () => {
        const secret = `sk_test_faults_machine_${kind}`;
        const mf = await guard(`machine-${kind}`);
        const answer = await timed(mf, '/api/items', { headers: { authorization: 'Bearer ak_faults_machine_token' } });
        console.log(`# machine ${kind}: ${answer.res.status} ${JSON.parse(answer.text).reason} in ${answer.ms} ms`);
        assert.equal(answer.res.status, 503, answer.text);
        assert.equal(answer.res.headers.get('retry-after'), '5');
        assert.equal(JSON.parse(answer.text).reason, 'unexpected-error');
        assert.ok(answer.ms < within, `answered in ${answer.ms} ms`);
        assert.equal(hits.filter((h) => h.secret === secret && h.path === '/api_keys/verify').length, 1);
        assertNoSecret(answer, secret);
        assertNoSecret(answer, 'ak_faults_machine_token');
      });
    }
  });
});

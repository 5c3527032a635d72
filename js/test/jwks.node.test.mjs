// verifyToken in JWKS mode (secretKey / publishableKey) against a loopback Backend API in Node.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import * as api from '../entry/node.mjs';
import { keyPair, sessionClaims, signToken } from './tokens.mjs';

let server, apiUrl, jwks, rotatedJwks;
const hits = [];
const aborted = new Map(); // secret key → connections closed by the client before an answer
const modes = new Map(); // secret key → mode

before(async () => {
  const { jwk } = await keyPair('RS256');
  const oldKey = { ...JSON.parse(jwk), kid: 'ins_test', use: 'sig', alg: 'RS256' };
  jwks = JSON.stringify({ keys: [oldKey] });
  // After a rotation: a new key (EC, new kid) first, the old one still published.
  const newKey = { ...JSON.parse((await keyPair('ES256')).jwk), kid: 'ins_rotated', use: 'sig', alg: 'ES256' };
  rotatedJwks = JSON.stringify({ keys: [newKey, oldKey] });
  server = createServer((req, res) => {
    const secret = (req.headers.authorization || '').replace(/^Bearer /, '');
    hits.push({ url: req.url, secret, headers: req.headers });
    res.on('close', () => {
      if (!res.writableFinished) aborted.set(secret, (aborted.get(secret) ?? 0) + 1);
    });
    const mode = modes.get(secret) || 'normal';
    if (mode === 'normal') return res.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
    if (mode === 'rotated') return res.writeHead(200, { 'content-type': 'application/json' }).end(rotatedJwks);
    if (mode === 'hang') return; // never answers: only the client's abort ends the request
    if (mode === 'huge') {
      // Valid JSON, but over the 256 KB cap.
      return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [], pad: 'x'.repeat(300 * 1024) }));
    }
    if (mode === 'error500') return res.writeHead(500).end('oops');
    if (mode === 'garbage') return res.writeHead(200).end('{"keys": [ not json');
    if (mode === 'empty') return res.writeHead(200).end('{"keys":[]}');
    if (mode === 'unauthorized') {
      return res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ code: 'clerk_key_invalid', message: 'Secret Key is invalid' }] }));
    }
    res.writeHead(404).end();
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  apiUrl = `http://127.0.0.1:${server.address().port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

const countFor = (secret) => hits.filter((h) => h.secret === secret).length;

test('secretKey mode fetches GET {apiUrl}/v1/jwks once, with Clerk headers, then serves from memory', async () => {
  const secretKey = 'sk_test_normal_1';
  modes.set(secretKey, 'normal');
  for (let i = 0; i < 20; i++) {
    const token = await signToken(sessionClaims({ n: i }));
    const claims = await api.verifyToken(token, { secretKey, apiUrl });
    assert.equal(claims.n, i);
  }
  assert.equal(countFor(secretKey), 1);
  const hit = hits.find((h) => h.secret === secretKey);
  assert.equal(hit.url, '/v1/jwks');
  assert.match(hit.headers['user-agent'], /^clerk-edge\//);
  assert.ok(hit.headers['clerk-api-version']);
});

test('forged kids fail fast with jwk-kid-mismatch and no extra fetch within the cooldown', async () => {
  const secretKey = 'sk_test_forged_1';
  modes.set(secretKey, 'normal');
  await api.verifyToken(await signToken(sessionClaims()), { secretKey, apiUrl });
  for (let i = 0; i < 50; i++) {
    const forged = await signToken(sessionClaims(), { header: { kid: `forged_${i}` } });
    await assert.rejects(api.verifyToken(forged, { secretKey, apiUrl }), (e) => e.reason === 'jwk-kid-mismatch');
  }
  assert.equal(countFor(secretKey), 1);
});

test('Backend API failures map to Clerk reasons and never leak the secret', async () => {
  const cases = [
    ['sk_test_unauth_1', 'unauthorized', 'secret-key-invalid', 1],
    ['sk_test_garbage_1', 'garbage', 'jwk-remote-invalid', 1],
    ['sk_test_empty_1', 'empty', 'jwk-remote-failed-to-load', 1],
    ['sk_test_error_1', 'error500', 'jwk-remote-failed-to-load', 3],
  ];
  for (const [secretKey, mode, reason, fetches] of cases) {
    modes.set(secretKey, mode);
    const token = await signToken(sessionClaims());
    const err = await api.verifyToken(token, { secretKey, apiUrl }).then(() => null, (e) => e);
    assert.equal(err?.reason, reason, mode);
    assert.ok(!err.message.includes(secretKey), 'no secret in the message');
    assert.equal(countFor(secretKey), fetches, `${mode}: fetch attempts`);
    // Within the cooldown a second call fails fast without a network call.
    await assert.rejects(api.verifyToken(token, { secretKey, apiUrl }), (e) => e.reason === reason);
    assert.equal(countFor(secretKey), fetches, `${mode}: no refetch within the cooldown`);
  }
});

test('a jwksStore shares fetched keys (one fetch serves a fresh cache) and skipJwksCache always fetches', async () => {
  const secretKey = 'sk_test_store_1';
  modes.set(secretKey, 'normal');
  const data = new Map();
  const store = { get: async (k) => data.get(k) ?? null, put: async (k, v) => void data.set(k, v) };
  const token = await signToken(sessionClaims());
  await api.verifyToken(token, { secretKey, apiUrl, jwksStore: store, skipVerifiedTokenCache: true });
  assert.equal(countFor(secretKey), 1);
  assert.equal(data.size, 1);
  const [scope, value] = [...data.entries()][0];
  assert.ok(!scope.includes(secretKey) && !value.includes(secretKey), 'store holds no secret');
  await api.verifyToken(token, { secretKey, apiUrl, skipJwksCache: true, skipVerifiedTokenCache: true });
  await api.verifyToken(token, { secretKey, apiUrl, skipJwksCache: true, skipVerifiedTokenCache: true });
  assert.equal(countFor(secretKey), 3);
});

test('no jwtKey, secretKey or publishableKey → jwk-failed-to-resolve; bad store → options-invalid', async () => {
  const token = await signToken(sessionClaims());
  await assert.rejects(api.verifyToken(token, {}), (e) => e.reason === 'jwk-failed-to-resolve');
  await assert.rejects(api.verifyToken(token, { secretKey: 'sk_x', jwksStore: {} }), (e) => e.reason === 'options-invalid');
});

/** Runs `fn` with console.warn captured; returns `{ result, warnings }`. */
async function capturingWarnings(fn) {
  const warnings = [];
  const original = console.warn;
  console.warn = (...args) => warnings.push(args.map(String).join(' '));
  try {
    return { result: await fn(), warnings };
  } finally {
    console.warn = original;
  }
}

/** A store that answers every key with `snapshot` until something was put under it (like a warm KV). */
function seededStore(snapshot) {
  const data = new Map();
  const asked = [];
  return {
    data,
    asked,
    get: async (k) => (asked.push(k), data.has(k) ? data.get(k) : snapshot),
    put: async (k, v) => void data.set(k, v),
  };
}

test('a jwksStore whose get/put never settle is given up on after ~1 s each; verification goes on via the network', async () => {
  const secretKey = 'sk_test_store_hangs_1';
  modes.set(secretKey, 'normal');
  const never = () => new Promise(() => {});
  const store = { get: never, put: never };
  const token = await signToken(sessionClaims());
  const started = Date.now();
  const { result, warnings } = await capturingWarnings(() => api.verifyToken(token, { secretKey, apiUrl, jwksStore: store }));
  const elapsed = Date.now() - started;
  assert.equal(result.sub, 'user_2fTqBWk7u9wG5sNq');
  assert.equal(countFor(secretKey), 1);
  assert.ok(elapsed >= 1900 && elapsed < 3500, `took ${elapsed} ms (get 1 s + put 1 s bounds)`);
  assert.ok(warnings.some((w) => /jwksStore get took over 1000 ms/.test(w)), warnings.join('\n'));
  assert.ok(warnings.some((w) => /jwksStore put took over 1000 ms/.test(w)), warnings.join('\n'));
  assert.ok(warnings.every((w) => !w.includes(secretKey)));
});

test('a jwksStore whose get/put throw (sync or async) is a miss; verification succeeds at once via the network', async () => {
  const secretKey = 'sk_test_store_throws_1';
  modes.set(secretKey, 'normal');
  const store = {
    get: async () => { throw new TypeError(`store down (${secretKey})`); },
    put: () => { throw new RangeError('quota'); },
  };
  const started = Date.now();
  const { result, warnings } = await capturingWarnings(async () => {
    const first = await api.verifyToken(await signToken(sessionClaims()), { secretKey, apiUrl, jwksStore: store });
    await api.verifyToken(await signToken(sessionClaims({ n: 2 })), { secretKey, apiUrl, jwksStore: store });
    return first;
  });
  assert.equal(result.sub, 'user_2fTqBWk7u9wG5sNq');
  assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
  assert.equal(countFor(secretKey), 1);
  assert.ok(warnings.some((w) => /get failed \(TypeError\)/.test(w)), warnings.join('\n'));
  assert.ok(warnings.every((w) => !w.includes(secretKey)), 'the store error text is not echoed');
});

test('a jwksStore that returns parsed objects (Upstash / Vercel KV) is read as JSON; other non-strings are a miss', async () => {
  // The store already holds keys (as if another isolate fetched them): objects are stringified back.
  const secretKey = 'sk_test_store_objects_1';
  modes.set(secretKey, 'error500'); // any fetch would fail: success proves the store was used
  const store = seededStore({ v: 1, fetchedAt: Date.now() - 1000, jwks });
  const claims = await api.verifyToken(await signToken(sessionClaims()), { secretKey, apiUrl, jwksStore: store });
  assert.equal(claims.sub, 'user_2fTqBWk7u9wG5sNq');
  assert.equal(countFor(secretKey), 0);
  assert.match(store.asked[0], /^clerk-edge:jwks:v1:[0-9a-f]{32}$/);

  const numbers = 'sk_test_store_number_1';
  modes.set(numbers, 'normal');
  const odd = { get: async () => 42, put: async () => {} };
  const out = await capturingWarnings(async () => api.verifyToken(await signToken(sessionClaims({ n: 3 })), { secretKey: numbers, apiUrl, jwksStore: odd }));
  assert.equal(out.result.n, 3);
  assert.equal(countFor(numbers), 1, 'a number is a miss: one fetch');
  assert.ok(out.warnings.some((w) => /get returned a number, not a string/.test(w)), out.warnings.join('\n'));
});

test('key rotation through the loopback server: a token with the new kid costs exactly one more fetch, then verifies', async () => {
  const secretKey = 'sk_test_rotation_1';
  modes.set(secretKey, 'rotated'); // the server has rotated already
  // Keys loaded 60 s ago (past the 30 s cooldown, within the 10 min max age), before the rotation.
  const store = seededStore(JSON.stringify({ v: 1, fetchedAt: Date.now() - 60_000, jwks }));
  const opts = { secretKey, apiUrl, jwksStore: store };
  const oldToken = await signToken(sessionClaims({ n: 1 }));
  assert.equal((await api.verifyToken(oldToken, opts)).n, 1);
  assert.equal(countFor(secretKey), 0, 'the old kid is served from the stored keys');
  const newToken = () => signToken(sessionClaims({ n: 2 }), { alg: 'ES256', header: { kid: 'ins_rotated' } });
  assert.equal((await api.verifyToken(await newToken(), opts)).n, 2);
  assert.equal(countFor(secretKey), 1, 'one fetch picks up the new kid');
  for (let i = 0; i < 10; i++) {
    await api.verifyToken(await newToken(), { ...opts, skipVerifiedTokenCache: true });
    await api.verifyToken(await signToken(sessionClaims({ n: 3 + i })), opts);
  }
  assert.equal(countFor(secretKey), 1, 'no further fetches: both kids are in memory');
  const stored = JSON.parse([...store.data.values()][0]);
  assert.ok(stored.jwks.includes('ins_rotated'), 'the rotated keys were written back to the store');
});

test('a JWKS server slower than the 5 s budget: the fetch is aborted, the call fails with jwk-remote-failed-to-load', async () => {
  const secretKey = 'sk_test_slow_1';
  modes.set(secretKey, 'hang');
  const started = Date.now();
  const err = await api.verifyToken(await signToken(sessionClaims()), { secretKey, apiUrl }).then(() => null, (e) => e);
  const elapsed = Date.now() - started;
  assert.equal(err?.reason, 'jwk-remote-failed-to-load');
  assert.match(err.message, /timed out/);
  assert.ok(!err.message.includes(secretKey));
  assert.ok(elapsed >= 4500 && elapsed < 7000, `failed after ${elapsed} ms (budget 5000 ms)`);
  for (let i = 0; i < 50 && (aborted.get(secretKey) ?? 0) < countFor(secretKey); i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(countFor(secretKey), 1, 'one attempt used the whole budget');
  assert.equal(aborted.get(secretKey), 1, 'the server saw the connection aborted');
  // Within the cooldown the failure is repeated without waiting or calling again.
  const again = Date.now();
  await assert.rejects(api.verifyToken(await signToken(sessionClaims()), { secretKey, apiUrl }), (e) => e.reason === 'jwk-remote-failed-to-load');
  assert.ok(Date.now() - again < 500);
  assert.equal(countFor(secretKey), 1);
});

test('a JWKS body over 256 KB is rejected with a clear reason, not retried, and nothing breaks', async () => {
  const secretKey = 'sk_test_huge_1';
  modes.set(secretKey, 'huge');
  const err = await api.verifyToken(await signToken(sessionClaims()), { secretKey, apiUrl }).then(() => null, (e) => e);
  assert.equal(err?.reason, 'jwk-remote-failed-to-load');
  assert.match(err.message, /larger than 262144 bytes/);
  assert.equal(countFor(secretKey), 1);
  // The module keeps working for other instances.
  modes.set('sk_test_huge_after', 'normal');
  const claims = await api.verifyToken(await signToken(sessionClaims({ n: 5 })), { secretKey: 'sk_test_huge_after', apiUrl });
  assert.equal(claims.n, 5);
});

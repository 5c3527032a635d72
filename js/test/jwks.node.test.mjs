// verifyToken in JWKS mode (secretKey / publishableKey) against a loopback Backend API in Node.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import * as api from '../entry/node.mjs';
import { keyPair, sessionClaims, signToken } from './tokens.mjs';

let server, apiUrl, jwks;
const hits = [];
const modes = new Map(); // secret key → mode

before(async () => {
  const { jwk } = await keyPair('RS256');
  jwks = JSON.stringify({ keys: [{ ...JSON.parse(jwk), kid: 'ins_test', use: 'sig', alg: 'RS256' }] });
  server = createServer((req, res) => {
    const secret = (req.headers.authorization || '').replace(/^Bearer /, '');
    hits.push({ url: req.url, secret, headers: req.headers });
    const mode = modes.get(secret) || 'normal';
    if (mode === 'normal') return res.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
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
after(() => server.close());

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

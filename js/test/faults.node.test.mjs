// The package's part of the fault matrix (README "Fault matrix"), in Node against a loopback Backend
// API: what jwks.node.test.mjs does not cover already (it has JWKS 500 / timeout / garbage / empty /
// 401 / over 256 KB through verifyToken, and jwksStore get/put throwing or hanging). Here: a JWKS body
// dripped slower than the budget, the same JWKS faults seen through authenticateRequest (the state's
// reason is what adapters turn into a 503), and a Backend API failing a production handshake nonce.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import * as api from '../entry/node.mjs';
import { keyPair, sessionClaims, signToken } from './tokens.mjs';

const PK_LIVE = 'pk_live_' + btoa('clerk.example.com$');
const hits = []; // { path, secret }
let server, apiUrl, jwks, pem;

before(async () => {
  const pair = await keyPair('RS256');
  pem = pair.pem;
  jwks = JSON.stringify({ keys: [{ ...JSON.parse(pair.jwk), kid: 'ins_test', use: 'sig', alg: 'RS256' }] });
  server = createServer((req, res) => {
    const secret = (req.headers.authorization || '').replace(/^Bearer /, '');
    const path = new URL(req.url, 'http://x').pathname;
    hits.push({ path, secret });
    const kind = secret.split('_').pop();
    if (kind === 'hang') return;
    if (kind === 'drip') {
      res.writeHead(200, { 'content-type': 'application/json' });
      let i = 0;
      const timer = setInterval(() => (i < jwks.length ? res.write(jwks[i++]) : (clearInterval(timer), res.end())), 100);
      res.on('close', () => clearInterval(timer));
      return;
    }
    if (kind === 'empty') return res.writeHead(200).end('{"keys":[]}');
    if (kind === 'refused') {
      return res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ code: 'clerk_key_invalid', message: 'Secret Key is invalid' }] }));
    }
    if (kind === 'limited') return res.writeHead(429, { 'retry-after': '60' }).end('{"errors":[]}');
    if (kind === 'down') return res.writeHead(503).end('{"errors":[]}');
    if (kind === 'error') return res.writeHead(500).end('oops');
    res.writeHead(404).end();
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  apiUrl = `http://127.0.0.1:${server.address().port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

const hitsFor = (secret, path) => hits.filter((h) => h.secret === secret && h.path === path).length;

async function timed(promise) {
  const started = Date.now();
  const value = await promise.then((v) => v, (e) => e);
  return { value, ms: Date.now() - started };
}

describe('package faults', { concurrency: true }, () => {
  test('a JWKS body dripped slower than the 5 s budget: verifyToken fails with jwk-remote-failed-to-load within it', async () => {
    const secretKey = 'sk_test_pkgfaults_drip';
    const { value: err, ms } = await timed(api.verifyToken(await signToken(sessionClaims()), { secretKey, apiUrl }));
    assert.ok(err instanceof Error, 'rejected');
    assert.equal(err.reason, 'jwk-remote-failed-to-load');
    assert.ok(!err.message.includes(secretKey));
    assert.ok(ms >= 4500 && ms < 7000, `failed after ${ms} ms (budget 5000 ms)`);
    assert.equal(hitsFor(secretKey, '/v1/jwks'), 1, 'one attempt used the whole budget');
  });

  for (const { kind, reason, within } of [
    { kind: 'error', reason: 'jwk-remote-failed-to-load', within: 7500 },
    { kind: 'hang', reason: 'jwk-remote-failed-to-load', within: 7500 },
    { kind: 'empty', reason: 'jwk-remote-failed-to-load', within: 4000 },
    { kind: 'refused', reason: 'secret-key-invalid', within: 4000 },
  ]) {
    test(`authenticateRequest with JWKS ${kind}: signed-out with reason ${reason}, no secret in the state`, async () => {
      const secretKey = `sk_test_pkgfaults_auth_${kind}`;
      const request = new Request('https://app.example.com/api/me', { headers: { authorization: `Bearer ${await signToken(sessionClaims())}` } });
      const { value: state, ms } = await timed(api.authenticateRequest(request, { publishableKey: PK_LIVE, secretKey, apiUrl }));
      assert.ok(!(state instanceof Error), `resolved (${state?.message})`);
      assert.equal(state.status, 'signed-out');
      assert.equal(state.reason, reason);
      assert.equal(state.headers.get('x-clerk-auth-reason'), reason);
      assert.ok(ms < within, `answered in ${ms} ms`);
      assert.ok(!String(state.message).includes(secretKey));
      assert.ok(![...state.headers.values()].some((v) => v.includes(secretKey)));
    });
  }

  for (const { kind, within } of [
    { kind: 'limited', within: 4000 },
    { kind: 'down', within: 4000 },
    { kind: 'hang', within: 12000 }, // authenticateRequest's Backend API budget: 10 s
  ]) {
    test(`a production handshake nonce with the Backend API ${kind}: signed-out session-token-missing, no hang`, async () => {
      const secretKey = `sk_live_pkgfaults_nonce_${kind}`;
      const request = new Request('https://app.example.com/', { headers: { cookie: '__clerk_handshake_nonce=n_1' } });
      const { value: state, ms } = await timed(api.authenticateRequest(request, { publishableKey: PK_LIVE, secretKey, jwtKey: pem, apiUrl }));
      assert.ok(!(state instanceof Error), `resolved (${state?.message})`);
      assert.equal(hitsFor(secretKey, '/v1/clients/handshake_payload'), 1);
      assert.equal(state.status, 'signed-out');
      assert.equal(state.reason, 'session-token-missing');
      assert.ok(ms < within, `answered in ${ms} ms`);
      assert.ok(![...state.headers.values()].some((v) => v.includes(secretKey)));
    });
  }

  for (const { kind, within } of [
    { kind: 'limited', within: 4000 },
    { kind: 'down', within: 4000 },
    { kind: 'hang', within: 12000 }, // authenticateRequest's Backend API budget: 10 s
  ]) {
    test(`an opaque machine token with the Backend API ${kind}: signed-out unexpected-error, no hang`, async () => {
      const secretKey = `sk_test_pkgfaults_machine_${kind}`;
      const request = new Request('https://app.example.com/api', { headers: { authorization: 'Bearer ak_pkgfaults_token' } });
      const { value: state, ms } = await timed(api.authenticateRequest(request, { publishableKey: PK_LIVE, secretKey, jwtKey: pem, apiUrl, acceptsToken: 'api_key' }));
      assert.ok(!(state instanceof Error), `resolved (${state?.message})`);
      assert.equal(hitsFor(secretKey, '/api_keys/verify'), 1);
      assert.equal(state.status, 'signed-out');
      assert.equal(state.reason, 'unexpected-error');
      assert.ok(ms < within, `answered in ${ms} ms`);
      assert.ok(!String(state.message).includes(secretKey));
    });
  }
});

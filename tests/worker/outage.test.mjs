// Key outages in workerd: when the JWKS cannot be had at all (the loopback Backend API answers 500
// or garbage, and no fresh or stale keys exist), a well-formed token gets 503 + Retry-After with the
// reason, not a 401 or a sign-in redirect; tokens that are really bad still get 401.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { startGuard } from './harness.mjs';
import { DEMO_PUBLISHABLE_KEY, mintDemoToken } from '../../scripts/lib/demo-keys.mjs';

const APP = 'https://app.example.com';
const hits = [];
const running = [];
const logs = [];
let api, origin;

before(async () => {
  // Each secret key is its own instance (own JWKS cache scope); the key's suffix says how to fail.
  api = createServer((req, res) => {
    const secret = (req.headers.authorization ?? '').replace('Bearer ', '');
    hits.push(secret);
    if (secret.endsWith('_500')) return res.writeHead(500, { 'content-type': 'application/json' }).end('{"errors":[]}');
    if (secret.endsWith('_garbage')) return res.writeHead(200, { 'content-type': 'text/html' }).end('<html>captive portal</html>');
    res.writeHead(404).end();
  });
  origin = createServer((req, res) => res.end('origin'));
  await Promise.all([api, origin].map((s) => new Promise((r) => s.listen(0, '127.0.0.1', r))));
});
after(async () => {
  await Promise.all(running.map((mf) => mf.dispose()));
  api.close();
  origin.close();
});

function captureLogs(...streams) {
  for (const stream of streams) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => logs.push(...chunk.split('\n')));
  }
}

async function guardFailingWith(secret) {
  const mf = await startGuard(
    {
      CLERK_PUBLISHABLE_KEY: DEMO_PUBLISHABLE_KEY,
      CLERK_SECRET_KEY: secret,
      CLERK_API_URL: `http://127.0.0.1:${api.address().port}`,
      CLERK_ORIGIN_URL: `http://127.0.0.1:${origin.address().port}`,
      CLERK_AUTHORIZED_PARTIES: APP,
    },
    { kvNamespaces: ['CLERK_JWKS_KV'], handleRuntimeStdio: captureLogs },
  );
  running.push(mf);
  return mf;
}

const hitsFor = (secret) => hits.filter((s) => s === secret).length;

test('JWKS answering 500 with no keys anywhere: 503 + Retry-After within the fetch budget, for APIs and pages alike', async () => {
  const secret = 'sk_test_outage_secret_value_500';
  const mf = await guardFailingWith(secret);
  const started = Date.now();
  const res = await mf.dispatchFetch('http://guard.test/api/me', { headers: { authorization: `Bearer ${mintDemoToken({ azp: APP })}` } });
  const elapsed = Date.now() - started;
  const text = await res.text();
  assert.equal(res.status, 503, text);
  assert.ok(elapsed < 6000, `answered in ${elapsed} ms (JWKS budget 5 s)`);
  assert.equal(res.headers.get('retry-after'), '30');
  assert.equal(res.headers.get('cache-control'), 'no-store');
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(res.headers.get('x-clerk-auth-reason'), 'jwk-remote-failed-to-load');
  assert.equal(res.headers.get('x-clerk-auth-status'), null, 'not "signed-out": the session is unknown');
  const body = JSON.parse(text);
  assert.equal(body.error, 'service-unavailable');
  assert.equal(body.reason, 'jwk-remote-failed-to-load');
  assert.equal(hitsFor(secret), 3, 'three attempts reached the failing API');
  assert.ok(!text.includes(secret) && ![...res.headers.values()].some((v) => v.includes(secret)));

  // Within the 30 s cooldown: the same answer at once, from memory, without calling Clerk again.
  const page = await mf.dispatchFetch('http://guard.test/dashboard', {
    headers: { cookie: `__session=${mintDemoToken({ azp: APP, overrides: { n: 2 } })}; __client_uat=1; __clerk_db_jwt=dvb_test`, 'sec-fetch-dest': 'document' },
    redirect: 'manual',
  });
  await page.arrayBuffer();
  assert.equal(page.status, 503, 'a navigation is not sent to sign in for an outage');
  assert.equal(page.headers.get('location'), null);
  assert.equal(page.headers.get('retry-after'), '30');
  assert.equal(hitsFor(secret), 3);

  // Tokens that are bad on their own are still 401, outage or not.
  const [, payload, signature] = mintDemoToken({ azp: APP }).split('.');
  const noKid = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT' })).toString('base64url');
  for (const [t, reason] of [
    ['garbage', 'token-invalid'],
    [`${noKid}.${payload}.${signature}`, 'jwk-kid-mismatch'],
  ]) {
    const bad = await mf.dispatchFetch('http://guard.test/api/me', { headers: { authorization: `Bearer ${t}` } });
    await bad.arrayBuffer();
    assert.equal(bad.status, 401, reason);
    assert.equal(bad.headers.get('x-clerk-auth-reason'), reason);
  }
  const none = await mf.dispatchFetch('http://guard.test/api/me');
  await none.arrayBuffer();
  assert.equal(none.status, 401, 'no token at all');

  assert.ok(logs.some((l) => /signing keys unavailable \(jwk-remote-failed-to-load\)/.test(l)), logs.join('\n'));
  assert.deepEqual(logs.filter((l) => l.includes(secret) || l.includes(payload)), [], 'no secret or token in the logs');
});

test('JWKS answering garbage with no keys anywhere: 503 with reason jwk-remote-invalid', async () => {
  const secret = 'sk_test_outage_secret_value_garbage';
  const mf = await guardFailingWith(secret);
  const res = await mf.dispatchFetch('http://guard.test/api/me', { headers: { authorization: `Bearer ${mintDemoToken({ azp: APP })}` } });
  const body = await res.json();
  assert.equal(res.status, 503);
  assert.equal(res.headers.get('retry-after'), '30');
  assert.equal(body.reason, 'jwk-remote-invalid');
  assert.equal(hitsFor(secret), 1, 'a 200 with garbage is not retried');
});

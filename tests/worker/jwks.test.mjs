// The guard in JWKS mode, end to end in workerd: keys from a loopback Backend API, cached in real KV
// (miniflare's, persisted to disk and shared by separate Miniflare instances = separate isolates).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGuard } from './harness.mjs';
import { DEMO_PUBLISHABLE_KEY, ensureDemoKey, mintDemoToken } from '../../scripts/lib/demo-keys.mjs';

const APP = 'https://app.example.com';
const SECRET = 'sk_test_guard_jwks_secret_value';
let api, origin, kvDir, mode = 'normal';
const jwksHits = [];
const running = [];
const logs = []; // every line workerd printed (console.* of the guard), across isolates
// The instance's next signing key, published by the server in mode 'rotated' (next to the old one).
const rotated = { kid: 'ins_rotated_guard', ...generateKeyPairSync('rsa', { modulusLength: 2048 }) };

before(async () => {
  const key = ensureDemoKey();
  const jwk = createPublicKey(key.spkiPem).export({ format: 'jwk' });
  const oldKey = { ...jwk, kid: key.kid, use: 'sig', alg: 'RS256' };
  const newKey = { ...rotated.publicKey.export({ format: 'jwk' }), kid: rotated.kid, use: 'sig', alg: 'RS256' };
  const body = JSON.stringify({ keys: [oldKey] });
  const rotatedBody = JSON.stringify({ keys: [newKey, oldKey] });
  api = createServer((req, res) => {
    jwksHits.push({ url: req.url, auth: req.headers.authorization });
    if (mode === 'down') return res.writeHead(503).end('down');
    res.writeHead(200, { 'content-type': 'application/json' }).end(mode === 'rotated' ? rotatedBody : body);
  });
  origin = createServer((req, res) => res.end(JSON.stringify({ user: req.headers['x-clerk-user-id'] ?? null })));
  await Promise.all([api, origin].map((s) => new Promise((r) => s.listen(0, '127.0.0.1', r))));
  kvDir = mkdtempSync(join(tmpdir(), 'clerk-edge-kv-'));
});
after(async () => {
  await Promise.all(running.map((mf) => mf.dispose()));
  api.close();
  origin.close();
  rmSync(kvDir, { recursive: true, force: true });
});

/** Collects workerd's stdout/stderr lines into `logs`. */
function captureLogs(...streams) {
  for (const stream of streams) {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop();
      logs.push(...lines);
    });
    stream.on('end', () => rest && logs.push(rest));
  }
}

async function waitFor(check, what, ms = 3000) {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.fail(`timed out waiting for ${what}; logs:\n${logs.join('\n')}`);
}

async function isolate(settings = {}) {
  const mf = await startGuard(
    {
      CLERK_PUBLISHABLE_KEY: DEMO_PUBLISHABLE_KEY,
      CLERK_SECRET_KEY: SECRET,
      CLERK_API_URL: `http://127.0.0.1:${api.address().port}`,
      CLERK_ORIGIN_URL: `http://127.0.0.1:${origin.address().port}`,
      CLERK_AUTHORIZED_PARTIES: APP,
      ...settings,
    },
    { kvNamespaces: ['CLERK_JWKS_KV'], kvPersist: kvDir, handleRuntimeStdio: captureLogs },
  );
  running.push(mf);
  return mf;
}

const get = (mf, token) => mf.dispatchFetch('http://guard.test/api/me', { headers: { authorization: `Bearer ${token}` } });

test('one JWKS fetch serves many requests and a second isolate via KV', async () => {
  const first = await isolate();
  for (let i = 0; i < 10; i++) {
    const res = await get(first, mintDemoToken({ azp: APP, overrides: { n: i } }));
    assert.equal(res.status, 200);
    assert.equal((await res.json()).user, 'user_demo2fTqBWk7u9wG5sNq');
  }
  assert.equal(jwksHits.length, 1);
  assert.equal(jwksHits[0].url, '/v1/jwks');
  assert.equal(jwksHits[0].auth, `Bearer ${SECRET}`);
  const second = await isolate();
  const res = await get(second, mintDemoToken({ azp: APP, overrides: { n: 99 } }));
  assert.equal(res.status, 200);
  assert.equal(jwksHits.length, 1, 'the second isolate read the keys from KV');
  // The KV entry expires on its own (expirationTtl 24 h, longer than the 6 h 10 min it can serve).
  const { keys } = await (await second.getKVNamespace('CLERK_JWKS_KV')).list();
  assert.equal(keys.length, 1);
  const ttl = keys[0].expiration - Date.now() / 1000;
  assert.ok(ttl > 86_400 - 120 && ttl <= 86_400 + 5, `expires in ${ttl} s`);
});

test('a token without kid fails fast with jwk-kid-mismatch and no JWKS fetch', async () => {
  const secret = 'sk_test_guard_jwks_no_kid';
  const mf = await isolate({ CLERK_SECRET_KEY: secret }); // its own scope: nothing in KV or memory
  const [, payload, signature] = mintDemoToken({ azp: APP }).split('.');
  const header = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT' })).toString('base64url');
  const res = await get(mf, `${header}.${payload}.${signature}`);
  assert.equal(res.status, 401);
  assert.equal(res.headers.get('x-clerk-auth-reason'), 'jwk-kid-mismatch');
  assert.equal(jwksHits.filter((h) => h.auth === `Bearer ${secret}`).length, 0);
});

test('forged kids: 200 requests cause no fetch within the cooldown, each answered jwk-kid-mismatch', async () => {
  const mf = await isolate();
  const before = jwksHits.length;
  for (let i = 0; i < 200; i++) {
    const token = mintDemoToken({ azp: APP });
    const [h, p, s] = token.split('.');
    const header = Buffer.from(JSON.stringify({ alg: 'RS256', kid: `forged_${i}`, typ: 'JWT' })).toString('base64url');
    const res = await get(mf, `${header}.${p}.${s}`);
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('x-clerk-auth-reason'), 'jwk-kid-mismatch');
    assert.ok(!(await res.text()).includes(SECRET));
  }
  assert.ok(jwksHits.length - before <= 1, `fetches: ${jwksHits.length - before}`);
});

test('an outage with a KV snapshot past its max age: 3 attempts, stale keys served and logged, no secret shown', async () => {
  // A fresh isolate on the shared KV; the snapshot the first test wrote is made 11 min old (past
  // the 10 min max age, within the 6 h stale grace), so the first request must try to refresh.
  const mf = await isolate();
  const ns = await mf.getKVNamespace('CLERK_JWKS_KV');
  const { keys } = await ns.list();
  assert.equal(keys.length, 1);
  const snapshot = JSON.parse(await ns.get(keys[0].name));
  assert.equal(typeof snapshot.fetchedAt, 'number');
  snapshot.fetchedAt -= 11 * 60 * 1000;
  await ns.put(keys[0].name, JSON.stringify(snapshot));
  mode = 'down';
  try {
    const before = jwksHits.length;
    const res = await get(mf, mintDemoToken({ azp: APP, overrides: { n: 7 } }));
    const text = await res.text();
    assert.equal(res.status, 200, text);
    assert.equal(JSON.parse(text).user, 'user_demo2fTqBWk7u9wG5sNq', 'forwarded with the identity');
    assert.equal(jwksHits.length - before, 3, 'three attempts reached the down server');
    assert.ok(!text.includes(SECRET) && ![...res.headers.values()].some((v) => v.includes(SECRET)));
    await waitFor(() => logs.some((l) => /JWKS refresh failed .*serving cached keys/.test(l)), 'the stale-keys warning');
    // Within the cooldown, further requests are served from memory without calling the server again.
    const again = await get(mf, mintDemoToken({ azp: APP, overrides: { n: 8 } }));
    assert.equal(again.status, 200);
    assert.equal(jwksHits.length - before, 3);
  } finally {
    mode = 'normal';
  }
  const leaked = logs.filter((l) => l.includes(SECRET) || l.includes(SECRET.slice('sk_test_'.length)));
  assert.deepEqual(leaked, [], 'no log line contains the secret key');
});

test('key rotation: a token signed with the new kid costs one fetch in a warm isolate, then verifies', async () => {
  const mf = await isolate();
  // Keys loaded 60 s ago: past the 30 s cooldown, within the 10 min max age.
  const ns = await mf.getKVNamespace('CLERK_JWKS_KV');
  const { keys } = await ns.list();
  const snapshot = JSON.parse(await ns.get(keys[0].name));
  snapshot.fetchedAt = Date.now() - 60_000;
  await ns.put(keys[0].name, JSON.stringify(snapshot));
  const before = jwksHits.length;
  assert.equal((await get(mf, mintDemoToken({ azp: APP, overrides: { n: 20 } }))).status, 200);
  assert.equal(jwksHits.length, before, 'the old kid is served from KV');
  mode = 'rotated';
  try {
    const withNewKey = (n) => {
      const [, payload] = mintDemoToken({ azp: APP, overrides: { n } }).split('.');
      const header = Buffer.from(JSON.stringify({ alg: 'RS256', kid: rotated.kid, typ: 'JWT' })).toString('base64url');
      const signature = sign('sha256', Buffer.from(`${header}.${payload}`), rotated.privateKey).toString('base64url');
      return `${header}.${payload}.${signature}`;
    };
    for (let n = 21; n < 31; n++) {
      const res = await get(mf, withNewKey(n));
      assert.equal(res.status, 200, await res.text());
    }
    assert.equal(jwksHits.length - before, 1, 'exactly one fetch picked up the new kid');
    assert.equal((await get(mf, mintDemoToken({ azp: APP, overrides: { n: 31 } }))).status, 200, 'the old kid still verifies');
    assert.equal(jwksHits.length - before, 1);
  } finally {
    mode = 'normal';
  }
});

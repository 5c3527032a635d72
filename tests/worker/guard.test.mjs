// The guard end to end in workerd: a loopback origin records what it receives.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { startGuard } from './harness.mjs';
import { DEMO_FRONTEND_API, DEMO_PUBLISHABLE_KEY, ensureDemoKey, mintDemoToken, signDemoJwt } from '../../scripts/lib/demo-keys.mjs';

const APP = 'https://app.example.com';
let origin, originUrl, mf;
const STREAM_PARTS = Array.from({ length: 8 }, (_, i) => Buffer.alloc(256 * 1024, 65 + i));
const seen = [];

before(async () => {
  origin = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push({ method: req.method, url: req.url, headers: req.headers, bodySha: createHash('sha256').update(body).digest('hex'), bodyLength: body.length });
      if (req.url === '/stream') {
        // A chunked response written in 8 parts over ~200 ms (no content-length).
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        let part = 0;
        const next = () => {
          if (part === STREAM_PARTS.length) return res.end();
          res.write(STREAM_PARTS[part++]);
          setTimeout(next, 25);
        };
        return next();
      }
      res.setHeader('content-type', 'application/json');
      res.setHeader('x-origin', 'yes');
      res.end(JSON.stringify({ ok: true, url: req.url }));
    });
  });
  await new Promise((r) => origin.listen(0, '127.0.0.1', r));
  originUrl = `http://127.0.0.1:${origin.address().port}`;
  mf = await startGuard({
    CLERK_PUBLISHABLE_KEY: DEMO_PUBLISHABLE_KEY,
    CLERK_JWT_KEY: ensureDemoKey().jwtKey,
    CLERK_ORIGIN_URL: originUrl,
    CLERK_AUTHORIZED_PARTIES: APP,
    CLERK_PUBLIC_ROUTES: '/public/**, OPTIONS /api/**',
  });
});
after(async () => {
  await mf?.dispose();
  origin?.close();
});

const lastSeen = () => seen[seen.length - 1];
/** A development browser cookie: development instances hand every browser one before it signs in. */
const DB = '__clerk_db_jwt=dvb_test';
const token = (overrides) => mintDemoToken({ azp: APP, overrides });

test('no token on a protected route: 401 JSON with reason headers, origin untouched', async () => {
  const before = seen.length;
  // A development instance: without a dev browser the reason says so; with one, no session cookies.
  const res = await mf.dispatchFetch('http://guard.test/api/me');
  assert.equal(res.status, 401);
  assert.equal(res.headers.get('x-clerk-auth-status'), 'signed-out');
  assert.equal(res.headers.get('x-clerk-auth-reason'), 'dev-browser-missing');
  assert.equal((await res.json()).status, 'signed-out');
  const withDevBrowser = await mf.dispatchFetch('http://guard.test/api/me', { headers: { cookie: DB } });
  assert.equal(withDevBrowser.status, 401);
  assert.equal(withDevBrowser.headers.get('x-clerk-auth-reason'), 'session-token-and-uat-missing');
  await withDevBrowser.arrayBuffer();
  assert.equal(seen.length, before);
});

test('a browser navigation without a session goes through the Frontend API handshake (development: no dev browser yet)', async () => {
  const res = await mf.dispatchFetch('http://guard.test/dashboard?tab=1', { headers: { 'sec-fetch-dest': 'document' }, redirect: 'manual' });
  assert.equal(res.status, 307);
  const location = new URL(res.headers.get('location'));
  assert.equal(location.host, DEMO_FRONTEND_API);
  assert.equal(location.pathname, '/v1/client/handshake');
  assert.equal(location.searchParams.get('redirect_url'), 'http://guard.test/dashboard?tab=1');
  assert.equal(location.searchParams.get('__clerk_hs_reason'), 'dev-browser-missing');
  assert.equal(res.headers.get('cache-control'), 'no-store');
  assert.equal(res.headers.get('x-clerk-auth-status'), 'handshake');
  assert.match(res.headers.get('set-cookie'), /^__clerk_redirect_count=1; SameSite=Lax; HttpOnly; Max-Age=2/);
});

test('valid Bearer token: forwarded with identity headers, spoofed x-clerk-* stripped', async () => {
  const res = await mf.dispatchFetch('http://guard.test/api/me?x=1', {
    headers: { authorization: `Bearer ${token()}`, 'x-clerk-user-id': 'user_attacker', 'X-Clerk-Org-Role': 'org:admin' },
  });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('x-origin'), 'yes');
  const got = lastSeen();
  assert.equal(got.url, '/api/me?x=1');
  assert.equal(got.headers['x-clerk-user-id'], 'user_demo2fTqBWk7u9wG5sNq');
  assert.equal(got.headers['x-clerk-session-id'], 'sess_demo2fTqC3xHs1Qb8wYtZ');
  assert.equal(got.headers['x-clerk-org-role'], undefined);
});

test('valid __session cookie and suffixed cookie are accepted', async () => {
  const res = await mf.dispatchFetch('http://guard.test/api/cookie', { headers: { cookie: `theme=dark; __session=${token()}; __client_uat=1; ${DB}` } });
  assert.equal(res.status, 200);
  assert.equal(lastSeen().headers['x-clerk-user-id'], 'user_demo2fTqBWk7u9wG5sNq');
});

test('the suffixed session cookie wins over a stale plain one', async () => {
  const suffix = createHash('sha1').update(DEMO_PUBLISHABLE_KEY).digest('base64url').slice(0, 8);
  const res = await mf.dispatchFetch('http://guard.test/api/suffixed', {
    headers: {
      cookie: `__session=${token({ sub: 'user_plain', iat: Math.floor(Date.now() / 1000) - 100 })}; __client_uat=1; __session_${suffix}=${token()}; __client_uat_${suffix}=1; __clerk_db_jwt_${suffix}=dvb_test`,
    },
  });
  assert.equal(res.status, 200);
  assert.equal(lastSeen().headers['x-clerk-user-id'], 'user_demo2fTqBWk7u9wG5sNq');
});

test('a chunked, slowly written origin response comes back intact', async () => {
  // Note: miniflare's dispatchFetch hands the body over only once workerd has all of it, so
  // incremental delivery cannot be observed here; this checks the streamed body passes unchanged.
  const res = await mf.dispatchFetch('http://guard.test/stream', { headers: { authorization: `Bearer ${token()}` } });
  assert.equal(res.status, 200);
  const body = Buffer.from(await res.arrayBuffer());
  const expected = Buffer.concat(STREAM_PARTS);
  assert.equal(body.length, expected.length);
  assert.ok(body.equals(expected), 'byte-identical');
});

test('expired, forged and wrong-azp tokens are rejected with their reasons', async () => {
  const now = Math.floor(Date.now() / 1000);
  const cases = [
    [token({ exp: now - 60 }), 'session-token-expired-refresh-non-eligible-no-refresh-cookie'],
    [token({ azp: 'https://evil.example.com' }), 'token-invalid-authorized-parties'],
    [token().slice(0, -6) + 'AAAAAA', 'token-invalid-signature'],
    ['garbage', 'token-invalid'],
  ];
  for (const [t, reason] of cases) {
    const res = await mf.dispatchFetch('http://guard.test/api/x', { headers: { authorization: `Bearer ${t}` } });
    assert.equal(res.status, 401, reason);
    assert.equal(res.headers.get('x-clerk-auth-reason'), reason);
  }
});

test('public routes pass without a token but still lose spoofed identity headers', async () => {
  const res = await mf.dispatchFetch('http://guard.test/public/info', { headers: { 'x-clerk-user-id': 'user_attacker' } });
  assert.equal(res.status, 200);
  assert.equal(lastSeen().url, '/public/info');
  assert.equal(lastSeen().headers['x-clerk-user-id'], undefined);
  const sneaky = await mf.dispatchFetch('http://guard.test/public/../admin');
  assert.equal(sneaky.status, 401, 'dot-segments cannot escape a public prefix');
});

test('a method rule makes CORS preflights public while the same path stays protected', async () => {
  const preflight = await mf.dispatchFetch('http://guard.test/api/cors', {
    method: 'OPTIONS',
    headers: { origin: APP, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
  });
  assert.equal(preflight.status, 200);
  assert.equal(lastSeen().method, 'OPTIONS');
  assert.equal(lastSeen().url, '/api/cors');
  const get = await mf.dispatchFetch('http://guard.test/api/cors');
  assert.equal(get.status, 401);
});

test('a 1 MB POST body arrives byte-identical', async () => {
  const body = new Uint8Array(1024 * 1024).map((_, i) => (i * 31) & 0xff);
  const res = await mf.dispatchFetch('http://guard.test/api/upload', { method: 'POST', body, headers: { authorization: `Bearer ${token()}` } });
  assert.equal(res.status, 200);
  assert.equal(lastSeen().method, 'POST');
  assert.equal(lastSeen().bodyLength, body.length);
  assert.equal(lastSeen().bodySha, createHash('sha256').update(body).digest('hex'));
});

test('a pending session (sts: pending) is signed out by default: 401 for APIs, sign-in redirect for pages', async () => {
  const before = seen.length;
  const pending = token({ sts: 'pending' });
  const api = await mf.dispatchFetch('http://guard.test/api/me', { headers: { authorization: `Bearer ${pending}` } });
  assert.equal(api.status, 401);
  assert.equal(api.headers.get('x-clerk-auth-reason'), 'session-pending');
  assert.equal((await api.json()).reason, 'session-pending');
  const page = await mf.dispatchFetch('http://guard.test/dashboard', {
    headers: { cookie: `__session=${pending}; __client_uat=1; ${DB}`, 'sec-fetch-dest': 'document' },
    redirect: 'manual',
  });
  assert.equal(page.status, 307);
  assert.match(page.headers.get('location'), /redirect_url=http%3A%2F%2Fguard\.test%2Fdashboard/);
  await page.arrayBuffer();
  assert.equal(seen.length, before, 'the origin saw nothing');
});

test('a repeated token is answered from the verified-token cache with the same outcome as the first time', async () => {
  const t = token({ sid: 'sess_repeat' });
  for (const round of ['first', 'cached']) {
    const res = await mf.dispatchFetch('http://guard.test/api/repeat', {
      headers: { authorization: `Bearer ${t}`, 'x-clerk-user-id': 'user_attacker', 'x-clerk-session-id': 'sess_attacker' },
    });
    assert.equal(res.status, 200, round);
    const got = lastSeen();
    assert.equal(got.url, '/api/repeat', round);
    assert.equal(got.headers['x-clerk-user-id'], 'user_demo2fTqBWk7u9wG5sNq', round);
    assert.equal(got.headers['x-clerk-session-id'], 'sess_repeat', round);
  }
  const pending = token({ sts: 'pending', sid: 'sess_pending_repeat' });
  for (const round of ['first', 'cached']) {
    const res = await mf.dispatchFetch('http://guard.test/api/me', { headers: { authorization: `Bearer ${pending}` } });
    assert.equal(res.status, 401, `pending, ${round}`);
    assert.equal(res.headers.get('x-clerk-auth-reason'), 'session-pending', `pending, ${round}`);
  }
});

test('origin down: 502 for public routes and for fresh and cached tokens alike', async () => {
  const down = await startGuard({
    CLERK_PUBLISHABLE_KEY: DEMO_PUBLISHABLE_KEY,
    CLERK_JWT_KEY: ensureDemoKey().jwtKey,
    CLERK_ORIGIN_URL: 'http://127.0.0.1:9',
    CLERK_AUTHORIZED_PARTIES: APP,
    CLERK_PUBLIC_ROUTES: '/public/*',
  });
  try {
    const t = token({ sid: 'sess_down' });
    for (const [what, path, headers] of [
      ['public', '/public/x', {}],
      ['fresh token', '/api/x', { authorization: `Bearer ${t}` }],
      ['cached token', '/api/x', { authorization: `Bearer ${t}` }],
    ]) {
      const res = await down.dispatchFetch(`http://guard.test${path}`, { headers });
      assert.equal(res.status, 502, what);
      assert.deepEqual(await res.json(), { error: 'origin-unreachable', message: 'the guard could not reach the origin' }, what);
    }
  } finally {
    await down.dispose();
  }
});

test('an expired session cookie: navigations go through the handshake, fetches get 401', async () => {
  const now = Math.floor(Date.now() / 1000);
  const expired = token({ iat: now - 120, exp: now - 60 });
  const cookie = `__session=${expired}; __client_uat=1; ${DB}`;
  const page = await mf.dispatchFetch('http://guard.test/dashboard', { headers: { cookie, 'sec-fetch-dest': 'document' }, redirect: 'manual' });
  assert.equal(page.status, 307);
  const location = new URL(page.headers.get('location'));
  assert.equal(location.host, DEMO_FRONTEND_API);
  assert.equal(location.searchParams.get('__clerk_hs_reason'), 'session-token-expired-refresh-non-eligible-no-refresh-cookie');
  assert.equal(location.searchParams.get('__clerk_db_jwt'), 'dvb_test');
  assert.equal(page.headers.get('cache-control'), 'no-store');
  const api = await mf.dispatchFetch('http://guard.test/api/me', { headers: { cookie, 'sec-fetch-dest': 'empty' } });
  assert.equal(api.status, 401);
  assert.equal(api.headers.get('x-clerk-auth-reason'), 'session-token-expired-refresh-non-eligible-no-refresh-cookie');
});

test('a signed-out client (__client_uat=0) or a session older than __client_uat is not signed in', async () => {
  const before = seen.length;
  const now = Math.floor(Date.now() / 1000);
  for (const [cookie, reason] of [
    [`__session=${token()}; __client_uat=0; ${DB}`, 'session-token-but-no-client-uat'],
    [`__session=${token({ iat: now - 30 })}; __client_uat=${now - 5}; ${DB}`, 'session-token-iat-before-client-uat'],
  ]) {
    const res = await mf.dispatchFetch('http://guard.test/api/me', { headers: { cookie } });
    assert.equal(res.status, 401, reason);
    assert.equal(res.headers.get('x-clerk-auth-reason'), reason);
    await res.arrayBuffer();
  }
  assert.equal(seen.length, before, 'the origin saw nothing');
});

test('a development handshake token in the query: 307 back to the clean URL with the new cookies; a forged one sets nothing', async () => {
  const session = token();
  const hs = signDemoJwt({ handshake: [`__session=${session}; Path=/; SameSite=Lax`, '__client_uat=1; Path=/'] });
  const res = await mf.dispatchFetch(`http://guard.test/dashboard?x=1&__clerk_handshake=${hs}`, { headers: { 'sec-fetch-dest': 'document' }, redirect: 'manual' });
  assert.equal(res.status, 307);
  assert.equal(res.headers.get('location'), 'http://guard.test/dashboard?x=1');
  assert.deepEqual(res.headers.getSetCookie(), [`__session=${session}; Path=/; SameSite=Lax`, '__client_uat=1; Path=/']);
  const [h, p] = hs.split('.');
  const forged = `${h}.${p}.${Buffer.alloc(256, 1).toString('base64url')}`;
  const bad = await mf.dispatchFetch(`http://guard.test/dashboard?__clerk_handshake=${forged}`, { headers: { 'sec-fetch-dest': 'document' }, redirect: 'manual' });
  assert.equal(bad.headers.getSetCookie().some((c) => c.startsWith('__session=')), false);
  assert.equal(bad.headers.get('x-clerk-auth-reason'), 'token-invalid-signature');
  await bad.arrayBuffer();
});

test('a signed-out form POST navigation is sent to sign-in with 303 (never re-posted)', async () => {
  const res = await mf.dispatchFetch('http://guard.test/settings', {
    method: 'POST',
    body: 'a=1',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-dest': 'document', cookie: DB },
    redirect: 'manual',
  });
  assert.equal(res.status, 303);
  assert.match(res.headers.get('location'), /redirect_url=http%3A%2F%2Fguard\.test%2Fsettings/);
  await res.arrayBuffer();
});

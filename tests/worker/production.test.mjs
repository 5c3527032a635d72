// The guard on a production instance, end to end in workerd: handshake resolution by nonce (the
// loopback Backend API answers the payload) and by cookie token — the request goes on to the origin
// and the origin's response carries the new cookies — the loop guard, a production satellite and
// CLERK_PROXY_URL (browser-session.md §3–§5).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { startGuard } from './harness.mjs';
import { ensureDemoKey, mintDemoToken, signDemoJwt } from '../../scripts/lib/demo-keys.mjs';

const PK_LIVE = 'pk_live_' + Buffer.from('clerk.example.com$').toString('base64');
const SECRET = 'sk_live_production_guard';
const nonces = new Map();
const apiCalls = [];
const seen = [];
let api, origin;
const running = [];

before(async () => {
  api = createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    apiCalls.push({ path: url.pathname, nonce: url.searchParams.get('nonce'), auth: req.headers.authorization });
    const directives = nonces.get(url.searchParams.get('nonce'));
    if (url.pathname === '/v1/clients/handshake_payload' && req.headers.authorization === `Bearer ${SECRET}` && directives) {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ object: 'handshake_payload', directives }));
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"errors":[]}');
  });
  origin = createServer((req, res) => {
    seen.push({ url: req.url, headers: req.headers });
    res.setHeader('set-cookie', 'origin_cookie=1; Path=/');
    res.end('origin');
  });
  await Promise.all([api, origin].map((s) => new Promise((r) => s.listen(0, '127.0.0.1', r))));
});
after(async () => {
  await Promise.all(running.map((mf) => mf.dispose()));
  api.close();
  origin.close();
});

async function guard(extra = {}) {
  const mf = await startGuard({
    CLERK_PUBLISHABLE_KEY: PK_LIVE,
    CLERK_SECRET_KEY: SECRET,
    CLERK_JWT_KEY: ensureDemoKey().spkiPem,
    CLERK_API_URL: `http://127.0.0.1:${api.address().port}`,
    CLERK_ORIGIN_URL: `http://127.0.0.1:${origin.address().port}`,
    ...extra,
  });
  running.push(mf);
  return mf;
}

const nav = (cookie, extra = {}) => ({ headers: { cookie, 'sec-fetch-dest': 'document', accept: 'text/html' }, redirect: 'manual', ...extra });
const now = () => Math.floor(Date.now() / 1000);

test('a handshake nonce is exchanged with the Backend API; the request goes on signed in and the response sets the cookies', async () => {
  const mf = await guard();
  const session = mintDemoToken({ azp: 'https://app.example.com', overrides: { sub: 'user_nonce' } });
  const directives = [`__session=${session}; Path=/; Secure; SameSite=Lax`, `__client_uat=${now()}; Path=/; Secure; SameSite=Lax`];
  nonces.set('nonce_1', directives);
  const res = await mf.dispatchFetch('http://app.example.com/dashboard', nav('__clerk_handshake_nonce=nonce_1'));
  assert.equal(res.status, 200, await res.text());
  assert.equal(seen.at(-1).headers['x-clerk-user-id'], 'user_nonce');
  const cookies = res.headers.getSetCookie();
  assert.ok(cookies.includes('origin_cookie=1; Path=/'), 'the origin\'s own cookie');
  for (const d of directives) assert.ok(cookies.includes(d), `relayed: ${d}`);
  const call = apiCalls.find((c) => c.nonce === 'nonce_1');
  assert.equal(call.auth, `Bearer ${SECRET}`);
});

test('a handshake token in a cookie is verified and resolved the same way; a forged one is ignored', async () => {
  const mf = await guard();
  const session = mintDemoToken({ azp: 'https://app.example.com', overrides: { sub: 'user_token' } });
  const hs = signDemoJwt({ handshake: [`__session=${session}; Path=/`, `__client_uat=${now()}; Path=/`] });
  const res = await mf.dispatchFetch('http://app.example.com/dashboard', nav(`__clerk_handshake=${hs}`));
  assert.equal(res.status, 200);
  await res.text();
  assert.equal(seen.at(-1).headers['x-clerk-user-id'], 'user_token');
  assert.ok(res.headers.getSetCookie().includes(`__session=${session}; Path=/`));
  const [h, p] = hs.split('.');
  const forged = `${h}.${p}.${Buffer.alloc(256, 7).toString('base64url')}`;
  const bad = await mf.dispatchFetch('http://app.example.com/dashboard', nav(`__clerk_handshake=${forged}`));
  assert.notEqual(bad.status, 200, 'a forged handshake token signs nobody in');
  assert.equal(bad.headers.getSetCookie().some((c) => c.startsWith('__session=')), false);
  await bad.arrayBuffer();
});

test('the loop guard: after 3 handshakes in a row the browser is not sent to the Frontend API again', async () => {
  const mf = await guard();
  const expired = mintDemoToken({ overrides: { iat: now() - 120, exp: now() - 60, iss: 'https://clerk.example.com' } });
  const first = await mf.dispatchFetch('http://app.example.com/p', nav(`__session=${expired}; __client_uat=1`));
  assert.equal(first.status, 307);
  assert.equal(new URL(first.headers.get('location')).host, 'clerk.example.com');
  assert.ok(first.headers.getSetCookie().some((c) => c.startsWith('__clerk_redirect_count=1')));
  for (const count of [3, 4, 99]) {
    const res = await mf.dispatchFetch('http://app.example.com/p', nav(`__session=${expired}; __client_uat=1; __clerk_redirect_count=${count}`));
    const location = res.headers.get('location');
    assert.ok(!location || new URL(location).host !== 'clerk.example.com', `count ${count}: ${res.status} ${location}`);
    await res.arrayBuffer();
  }
});

test('a production satellite syncs through clerk.<domain> (with satellite auto-sync) and CLERK_PROXY_URL moves the handshake', async () => {
  const sat = await guard({ CLERK_IS_SATELLITE: 'true', CLERK_DOMAIN: 'sat.example', CLERK_SATELLITE_AUTO_SYNC: 'true' });
  const res = await sat.dispatchFetch('https://sat.example/page', nav(''));
  assert.equal(res.status, 307);
  const location = new URL(res.headers.get('location'));
  assert.equal(location.host, 'clerk.sat.example');
  assert.equal(location.pathname, '/v1/client/handshake');
  assert.equal(location.searchParams.get('__clerk_hs_reason'), 'satellite-needs-syncing');
  const noSync = await guard({ CLERK_IS_SATELLITE: 'true', CLERK_DOMAIN: 'sat2.example' });
  const quiet = await noSync.dispatchFetch('https://sat2.example/page', nav(''));
  assert.notEqual(new URL(quiet.headers.get('location') ?? 'https://none/').host, 'clerk.sat2.example', 'no auto-sync: no handshake');
  await quiet.arrayBuffer();

  const proxied = await guard({ CLERK_PROXY_URL: '/__clerk' });
  const expired = mintDemoToken({ overrides: { iat: now() - 120, exp: now() - 60, iss: 'https://clerk.example.com' } });
  const viaProxy = await proxied.dispatchFetch('https://app.example.com/p', nav(`__session=${expired}; __client_uat=1`));
  assert.equal(viaProxy.status, 307);
  const proxyLocation = new URL(viaProxy.headers.get('location'));
  assert.equal(proxyLocation.origin + proxyLocation.pathname, 'https://app.example.com/__clerk/v1/client/handshake');
});

test('CLERK_ORGANIZATION_PATTERNS: a navigation to another organization goes through a handshake that activates it; a bad pattern is a 500 naming the setting', async () => {
  const mf = await guard({ CLERK_ORGANIZATION_PATTERNS: '/orgs/:slug, /orgs/:slug/(.*)', CLERK_PERSONAL_ACCOUNT_PATTERNS: '/me/(.*)' });
  const session = mintDemoToken({ azp: 'https://app.example.com', overrides: { sub: 'user_org', iss: 'https://clerk.example.com', o: { id: 'org_1', slg: 'acme', rol: 'admin' } } });
  const cookie = `__session=${session}; __client_uat=1`;
  const res = await mf.dispatchFetch('http://app.example.com/orgs/other/settings', nav(cookie));
  assert.equal(res.status, 307);
  const location = new URL(res.headers.get('location'));
  assert.equal(location.pathname, '/v1/client/handshake');
  assert.equal(location.searchParams.get('__clerk_hs_reason'), 'active-organization-mismatch');
  assert.equal(location.searchParams.get('organization_id'), 'other');
  await res.arrayBuffer();
  const same = await mf.dispatchFetch('http://app.example.com/orgs/acme', nav(cookie));
  assert.equal(same.status, 200, 'the active organization goes on to the origin');
  await same.arrayBuffer();
  assert.equal(seen.at(-1).headers['x-clerk-org-slug'], 'acme');
  const personal = await mf.dispatchFetch('http://app.example.com/me/x', nav(cookie));
  assert.equal(new URL(personal.headers.get('location')).searchParams.get('organization_id'), '');
  await personal.arrayBuffer();
  const bad = await guard({ CLERK_PERSONAL_ACCOUNT_PATTERNS: '/me/{x}' });
  const refused = await bad.dispatchFetch('http://app.example.com/', nav(cookie));
  assert.equal(refused.status, 500);
  assert.equal((await refused.json()).setting, 'CLERK_PERSONAL_ACCOUNT_PATTERNS');
});

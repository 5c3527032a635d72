// Origin modes end to end in workerd: CLERK_ORIGIN_SERVICE (a service binding to a second worker),
// neither setting (the request's own URL, reached here as a loopback origin), and the conflicts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { startGuard, startGuardWith } from './harness.mjs';
import { DEMO_PUBLISHABLE_KEY, ensureDemoKey, mintDemoToken } from '../../scripts/lib/demo-keys.mjs';

const APP = 'https://app.example.com';
const USER = 'user_demo2fTqBWk7u9wG5sNq';
const base = () => ({
  CLERK_PUBLISHABLE_KEY: DEMO_PUBLISHABLE_KEY,
  CLERK_JWT_KEY: ensureDemoKey().jwtKey,
  CLERK_AUTHORIZED_PARTIES: APP,
  CLERK_PUBLIC_ROUTES: '/public/**',
});
const bearer = () => ({ authorization: `Bearer ${mintDemoToken({ azp: APP })}` });
const forged = { 'x-clerk-user-id': 'user_attacker', X_Clerk_Org_Role: 'org:admin' };

// The service-binding target: echoes what it received; under /public/slow it first waits 5 s.
const ECHO_WORKER = `export default {
  async fetch(request) {
    if (new URL(request.url).pathname.startsWith('/public/slow')) await new Promise((r) => setTimeout(r, 5000));
    return Response.json({
      method: request.method,
      url: request.url,
      headers: Object.fromEntries(request.headers),
      body: await request.text(),
    }, { headers: { 'x-served-by': 'origin-service' } });
  },
};`;

let loopback, loopbackUrl;
const seen = [];
const running = [];
before(async () => {
  loopback = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString() });
      res.setHeader('x-served-by', 'loopback');
      res.end('from the zone origin');
    });
  });
  await new Promise((r) => loopback.listen(0, '127.0.0.1', r));
  loopbackUrl = `http://127.0.0.1:${loopback.address().port}`;
});
after(async () => {
  await Promise.all(running.map((mf) => mf.dispose()));
  loopback?.close();
});
async function guard(bindings, extra) {
  const mf = extra ? await startGuardWith(bindings, extra.guard, extra.others) : await startGuard(bindings);
  running.push(mf);
  return mf;
}
const withService = (bindings) =>
  guard(bindings, {
    guard: { serviceBindings: { ORIGIN: 'origin' } },
    others: [{ name: 'origin', modules: true, script: ECHO_WORKER, compatibilityDate: '2026-04-01' }],
  });

test('CLERK_ORIGIN_SERVICE: signed-in requests go to the bound worker with identity headers, forged ones stripped', async () => {
  const mf = await withService({ ...base(), CLERK_ORIGIN_SERVICE: 'ORIGIN' });
  const res = await mf.dispatchFetch('https://app.example.com/api/me?x=1#frag', {
    method: 'POST',
    headers: { ...bearer(), ...forged, 'content-type': 'text/plain' },
    body: 'hello origin',
  });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('x-served-by'), 'origin-service');
  const got = await res.json();
  assert.equal(got.method, 'POST');
  assert.equal(got.url, 'https://app.example.com/api/me?x=1');
  assert.equal(got.body, 'hello origin');
  assert.equal(got.headers['x-clerk-user-id'], USER);
  assert.equal(got.headers['x-clerk-org-role'], undefined);
  assert.equal(got.headers['x_clerk_org_role'], undefined);
  assert.match(got.headers.authorization, /^Bearer ey/);

  const unauthenticated = await mf.dispatchFetch('https://app.example.com/api/me');
  assert.equal(unauthenticated.status, 401);
  assert.equal(unauthenticated.headers.get('x-served-by'), null);
  await unauthenticated.arrayBuffer();

  const publicRes = await mf.dispatchFetch('https://app.example.com/public/a', { headers: forged });
  assert.equal(publicRes.status, 200);
  const publicGot = await publicRes.json();
  assert.equal(publicGot.url, 'https://app.example.com/public/a');
  assert.equal(publicGot.headers['x-clerk-user-id'], undefined);
});

test('neither setting: the request goes to its own URL (a Worker on a route), with the same header hygiene', async () => {
  const mf = await guard(base());
  const before = seen.length;
  const res = await mf.dispatchFetch(`${loopbackUrl}/api/me?y=2`, {
    method: 'PUT',
    headers: { ...bearer(), ...forged },
    body: 'put body',
  });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('x-served-by'), 'loopback');
  assert.equal(await res.text(), 'from the zone origin');
  assert.equal(seen.length, before + 1);
  const got = seen[seen.length - 1];
  assert.equal(got.method, 'PUT');
  assert.equal(got.url, '/api/me?y=2');
  assert.equal(got.body, 'put body');
  assert.equal(got.headers.host, new URL(loopbackUrl).host);
  assert.equal(got.headers['x-clerk-user-id'], USER);
  assert.equal(got.headers['x_clerk_org_role'], undefined);

  assert.equal(got.headers['cdn-loop'], 'clerk-edge');
  await (await mf.dispatchFetch(`${loopbackUrl}/public/x`, { headers: { 'cdn-loop': 'cloudflare; loops=1' } })).arrayBuffer();
  assert.equal(seen[seen.length - 1].headers['cdn-loop'], 'cloudflare; loops=1, clerk-edge');

  const unauthenticated = await mf.dispatchFetch(`${loopbackUrl}/api/me`);
  assert.equal(unauthenticated.status, 401);
  await unauthenticated.arrayBuffer();
  assert.equal(seen.length, before + 2, 'a signed-out request never reaches the origin');
});

test('CLERK_ORIGIN_SERVICE: a bound worker slower than CLERK_ORIGIN_TIMEOUT_MS gets the 504, on time', async () => {
  // The guard's timeout aborts the call through its signal (no timer of its own races it), so this
  // proves service bindings honour that signal as the global fetch does (faults.test.mjs).
  const mf = await withService({ ...base(), CLERK_ORIGIN_SERVICE: 'ORIGIN', CLERK_ORIGIN_TIMEOUT_MS: '1000' });
  const t0 = performance.now();
  const res = await mf.dispatchFetch('https://app.example.com/public/slow');
  const ms = performance.now() - t0;
  assert.equal(res.status, 504);
  assert.deepEqual(await res.json(), { error: 'origin-timeout', message: 'the origin did not answer in time' });
  assert.ok(ms >= 950 && ms < 4000, `answered after ${Math.round(ms)} ms (timeout 1000 ms, origin 5000 ms)`);
});

test('neither setting, and no origin behind the URL (the guard itself, as on workers.dev or in wrangler dev): 508, not a loop', async () => {
  const mf = await guard(base());
  const self = await mf.ready;
  const res = await mf.dispatchFetch(new URL('/public/a', self));
  assert.equal(res.status, 508);
  const body = await res.json();
  assert.equal(body.error, 'origin-loop');
  assert.match(body.message, /CLERK_ORIGIN_URL/);
  // The token is only ours when it is a whole entry.
  const other = await mf.dispatchFetch(`${loopbackUrl}/public/b`, { headers: { 'cdn-loop': 'clerk-edge-other' } });
  assert.equal(other.status, 200);
  await other.arrayBuffer();
});

test('both settings, or a service name that is not a service binding: 500 naming the setting', async () => {
  const both = await withService({ ...base(), CLERK_ORIGIN_SERVICE: 'ORIGIN', CLERK_ORIGIN_URL: loopbackUrl });
  let res = await both.dispatchFetch('https://app.example.com/public/a');
  assert.equal(res.status, 500);
  let body = await res.json();
  assert.equal(body.error, 'configuration-error');
  assert.equal(body.setting, 'CLERK_ORIGIN_URL / CLERK_ORIGIN_SERVICE');

  for (const name of ['MISSING', 'CLERK_PUBLISHABLE_KEY']) {
    const mf = await withService({ ...base(), CLERK_ORIGIN_SERVICE: name });
    res = await mf.dispatchFetch('https://app.example.com/public/a');
    assert.equal(res.status, 500);
    body = await res.json();
    assert.equal(body.setting, 'CLERK_ORIGIN_SERVICE');
  }
});

// Header and routing hygiene of the guard, end to end in workerd: spoofed identity headers in any
// spelling (checked against a real WSGI origin, Python's wsgiref), Expect, bodies on GET/HEAD,
// protected-over-public routes, the health path's methods, nosniff and fixed 401 messages.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request as httpRequest } from 'node:http';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { startGuard } from './harness.mjs';
import { DEMO_PUBLISHABLE_KEY, ensureDemoKey, mintDemoToken } from '../../scripts/lib/demo-keys.mjs';

const APP = 'https://app.example.com';
const USER = 'user_demo2fTqBWk7u9wG5sNq';
const SESSION = 'sess_demo2fTqC3xHs1Qb8wYtZ';
const token = (overrides) => mintDemoToken({ azp: APP, overrides });
const seen = [];
const running = [];
let origin, wsgi, wsgiUrl, mf, guardUrl;

// A WSGI app on wsgiref that answers with every HTTP_X_CLERK_* key of its environ. wsgiref, like
// CGI, Rack and PHP, turns `-` into `_`, so `X_Clerk_User_Id` lands in HTTP_X_CLERK_USER_ID.
const WSGI_APP = `
import json, sys
from wsgiref.simple_server import make_server, WSGIRequestHandler

class Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass

def app(environ, start_response):
    clerk = {k: v for k, v in environ.items() if k.startswith('HTTP_X_CLERK_')}
    body = json.dumps(clerk, sort_keys=True).encode()
    start_response('200 OK', [('Content-Type', 'application/json'), ('Content-Length', str(len(body)))])
    return [body]

server = make_server('127.0.0.1', 0, app, handler_class=Quiet)
print(server.server_port, flush=True)
server.serve_forever()
`;

before(async () => {
  origin = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString() });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ok: true }));
    });
  });
  await new Promise((r) => origin.listen(0, '127.0.0.1', r));
  wsgi = spawn('python3', ['-c', WSGI_APP], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = await once(wsgi.stdout, 'data');
  wsgiUrl = `http://127.0.0.1:${Number(String(line).trim())}`;
  mf = await guard({
    CLERK_ORIGIN_URL: `http://127.0.0.1:${origin.address().port}`,
    CLERK_PUBLIC_ROUTES: '/docs/**, /public/**',
    CLERK_PROTECTED_ROUTES: '/docs/internal/**',
  });
  guardUrl = await mf.ready;
});
after(async () => {
  await Promise.all(running.map((m) => m.dispose()));
  origin?.close();
  wsgi?.kill();
});

async function guard(settings) {
  const m = await startGuard({
    CLERK_PUBLISHABLE_KEY: DEMO_PUBLISHABLE_KEY,
    CLERK_JWT_KEY: ensureDemoKey().jwtKey,
    CLERK_AUTHORIZED_PARTIES: APP,
    ...settings,
  });
  running.push(m);
  return m;
}

/**
 * A raw HTTP/1.1 request to the guard (dispatchFetch refuses bodies on GET and `Expect`), on a
 * connection of its own: the guard answers a GET with a body without reading it, after which
 * workerd does not reuse that connection.
 */
function raw(method, path, headers, body) {
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL(path, guardUrl), { method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('a WSGI origin sees only the x-clerk-* variables the guard set, whatever the client spelled', async () => {
  const wsgiGuard = await guard({ CLERK_ORIGIN_URL: wsgiUrl, CLERK_PUBLIC_ROUTES: '/public/**' });
  const spoofs = [
    { X_Clerk_User_Id: 'evil' },
    { x_clerk_user_id: 'evil' },
    { 'X-CLERK-USER-ID': 'evil' },
    { 'x_clerk-org-role': 'org:admin', 'X_CLERK_ORG_ID': 'org_evil' },
    { 'X.Clerk.Actor.Id': 'user_admin' },
  ];
  for (const spoof of spoofs) {
    const what = JSON.stringify(spoof);
    const signedIn = await wsgiGuard.dispatchFetch('http://guard.test/api/me', { headers: { ...spoof, authorization: `Bearer ${token()}` } });
    assert.equal(signedIn.status, 200, what);
    assert.deepEqual(
      await signedIn.json(),
      { HTTP_X_CLERK_SESSION_ID: SESSION, HTTP_X_CLERK_SESSION_STATUS: 'active', HTTP_X_CLERK_TOKEN_TYPE: 'session_token', HTTP_X_CLERK_USER_ID: USER },
      `signed in, ${what}`,
    );
    const publicRoute = await wsgiGuard.dispatchFetch('http://guard.test/public/page', { headers: spoof });
    assert.equal(publicRoute.status, 200, what);
    assert.deepEqual(await publicRoute.json(), {}, `public route, ${what}`);
  }
});

test('Expect: 100-continue is not forwarded: the origin answers the request itself, not with a 100', async () => {
  const before = seen.length;
  const res = await raw('POST', '/api/upload', { authorization: `Bearer ${token()}`, expect: '100-continue', 'content-type': 'text/plain' }, 'hello');
  assert.equal(res.status, 200, res.body);
  assert.deepEqual(JSON.parse(res.body), { ok: true });
  assert.equal(seen.length, before + 1);
  const got = seen[seen.length - 1];
  assert.equal(got.headers.expect, undefined);
  assert.equal(got.body, 'hello');
});

test('a GET or HEAD with a body is a 400 request-invalid, on any route, and never reaches the origin', async () => {
  const before = seen.length;
  for (const [method, path, headers] of [
    ['GET', '/public/x', { 'content-length': '5' }],
    ['GET', '/api/me', { 'content-length': '5', authorization: `Bearer ${token()}` }],
    ['GET', '/public/x', { 'transfer-encoding': 'chunked' }],
    ['HEAD', '/public/x', { 'content-length': '5' }],
  ]) {
    const res = await raw(method, path, headers, 'hello');
    assert.equal(res.status, 400, `${method} ${path} ${JSON.stringify(headers)}`);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    if (method === 'GET') assert.equal(JSON.parse(res.body).error, 'request-invalid');
  }
  assert.equal(seen.length, before, 'the origin saw none of them');
  // Without a body, the same requests pass.
  assert.equal((await raw('GET', '/public/x', {})).status, 200);
  assert.equal((await raw('GET', '/public/x', { 'content-length': '0' })).status, 200, 'an empty body is no body');
  assert.equal((await raw('POST', '/public/x', { 'content-length': '5' }, 'hello')).status, 200);
});

test('protected wins over public: /docs/** public, /docs/internal/** protected', async () => {
  const intro = await mf.dispatchFetch('http://guard.test/docs/intro');
  assert.equal(intro.status, 200);
  for (const path of ['/docs/internal/payroll', '/docs/internal', '/docs/x/../internal/payroll']) {
    const res = await mf.dispatchFetch(`http://guard.test${path}`);
    assert.equal(res.status, 401, path);
  }
  const signedIn = await mf.dispatchFetch('http://guard.test/docs/internal/payroll', { headers: { authorization: `Bearer ${token()}` } });
  assert.equal(signedIn.status, 200);
  assert.equal(seen[seen.length - 1].headers['x-clerk-user-id'], USER);
  // The old "protected /** with public exceptions" setting would shadow every public rule: refused.
  const shadowed = await guard({ CLERK_ORIGIN_URL: 'http://127.0.0.1:9', CLERK_PUBLIC_ROUTES: '/docs/**', CLERK_PROTECTED_ROUTES: '/**' });
  const res = await shadowed.dispatchFetch('http://guard.test/docs/intro');
  assert.equal(res.status, 500);
  const body = await res.json();
  assert.equal(body.error, 'configuration-error');
  assert.match(body.message, /CLERK_PROTECTED_ROUTES rule 1 is `\/\*\*`/);
});

test('the health path answers GET and HEAD; other methods get 405 with Allow', async () => {
  const get = await mf.dispatchFetch('http://guard.test/__clerk_edge/health');
  assert.equal(get.status, 200);
  assert.equal((await get.json()).status, 'ok');
  const head = await mf.dispatchFetch('http://guard.test/__clerk_edge/health', { method: 'HEAD' });
  assert.equal(head.status, 200);
  for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']) {
    const res = await mf.dispatchFetch('http://guard.test/__clerk_edge/health', { method, body: method === 'POST' ? 'x' : undefined });
    assert.equal(res.status, 405, method);
    assert.equal(res.headers.get('allow'), 'GET, HEAD', method);
    assert.equal((await res.json()).error, 'method-not-allowed', method);
  }
});

test('the 401 body never echoes the token: a hostile alg, kid or claim stays out of it', async () => {
  const marker = '<script>alert(1)</script>';
  const [, payload, signature] = token().split('.');
  const b64 = (v) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const cases = [
    [`${b64({ alg: marker, typ: 'JWT' })}.${payload}.${signature}`, 'token-invalid-algorithm'],
    [`${b64({ alg: 'RS256', kid: marker, typ: 'JWT' })}.${payload}.${signature}`, 'token-invalid-signature'],
    [token({ azp: marker }), 'token-invalid-authorized-parties'],
  ];
  for (const [t, reason] of cases) {
    const res = await mf.dispatchFetch('http://guard.test/api/x', { headers: { authorization: `Bearer ${t}` } });
    const text = await res.text();
    assert.equal(res.status, 401, text);
    assert.equal(res.headers.get('x-clerk-auth-reason'), reason);
    assert.ok(!text.includes('script') && !text.includes(marker), text);
    assert.ok(![...res.headers.values()].some((v) => v.includes('script')), 'headers');
    const body = JSON.parse(text);
    assert.deepEqual(Object.keys(body).sort(), ['message', 'reason', 'status']);
  }
  const body = await (await mf.dispatchFetch('http://guard.test/api/x', { headers: { authorization: `Bearer ${cases[0][0]}` } })).json();
  assert.equal(body.message, "the session token's algorithm is not allowed");
});

test('every response the guard writes itself carries X-Content-Type-Options: nosniff', async () => {
  const down = await guard({ CLERK_ORIGIN_URL: 'http://127.0.0.1:9', CLERK_PUBLIC_ROUTES: '/public/**' });
  const broken = await guard({ CLERK_ORIGIN_URL: 'ftp://x' });
  const cases = [
    [mf, 'http://guard.test/api/x', {}, 401],
    [mf, 'http://guard.test/dashboard', { headers: { 'sec-fetch-dest': 'document' }, redirect: 'manual' }, 307],
    [mf, 'http://guard.test/__clerk_edge/health', {}, 200],
    [mf, 'http://guard.test/__clerk_edge/health', { method: 'DELETE' }, 405],
    [broken, 'http://guard.test/x', {}, 500],
    [down, 'http://guard.test/public/x', {}, 502],
  ];
  for (const [m, url, init, status] of cases) {
    const res = await m.dispatchFetch(url, init);
    await res.arrayBuffer();
    assert.equal(res.status, status, url);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff', `${status} ${url}`);
  }
  // The origin's own responses pass unchanged (no header added).
  const proxied = await mf.dispatchFetch('http://guard.test/public/x');
  assert.equal(proxied.status, 200);
  assert.equal(proxied.headers.get('x-content-type-options'), null);
});

test('CLERK_JWT_KEY pasted as a one-line PEM, with literal \\n or in quotes verifies like the original', async () => {
  const pem = ensureDemoKey().spkiPem.trim();
  const lines = pem.split('\n');
  for (const jwtKey of [lines.join(''), lines.join(' '), lines.join('\\n'), `"${lines.join('\\r\\n')}"`, ` '${pem}' `]) {
    const m = await startGuard({
      CLERK_PUBLISHABLE_KEY: DEMO_PUBLISHABLE_KEY,
      CLERK_ORIGIN_URL: `http://127.0.0.1:${origin.address().port}`,
      CLERK_JWT_KEY: jwtKey,
    });
    try {
      const res = await m.dispatchFetch('http://guard.test/api/me', { headers: { authorization: `Bearer ${token()}` } });
      assert.equal(res.status, 200, JSON.stringify(jwtKey.slice(0, 40)));
      await res.arrayBuffer();
    } finally {
      await m.dispose();
    }
  }
});

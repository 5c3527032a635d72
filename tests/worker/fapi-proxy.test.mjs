// CLERK_FRONTEND_API_PROXY end to end in workerd, against a loopback stand-in for the Frontend API
// that records what it receives and answers a redirect with cookies.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
import { startGuard } from './harness.mjs';
import { DEMO_PUBLISHABLE_KEY, ensureDemoKey } from '../../scripts/lib/demo-keys.mjs';

const SECRET = 'sk_test_fapi_proxy_secret';
let fapi, fapiUrl, origin, originUrl;
const fapiSeen = [];
const originSeen = [];
const running = [];

before(async () => {
  fapi = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      fapiSeen.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString() });
      if (req.url === '/v1/gzipped') {
        // Compressed although the proxy asked for identity: the runtime decodes it, so the
        // answer must not claim an encoding or the compressed length.
        const body = gzipSync(Buffer.from(JSON.stringify({ object: 'environment', pad: 'x'.repeat(2000) })));
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': body.length });
        return res.end(body);
      }
      res.setHeader('set-cookie', ['__client=abc; Path=/; HttpOnly', '__client_uat=1; Path=/']);
      res.setHeader('location', `${fapiUrl}/v1/client/sign_ins/next?x=1#f`);
      res.setHeader('x-fapi', 'stand-in');
      res.statusCode = 307;
      res.end('redirecting');
    });
  });
  await new Promise((r) => fapi.listen(0, '127.0.0.1', r));
  fapiUrl = `http://127.0.0.1:${fapi.address().port}`;
  origin = createServer((req, res) => {
    originSeen.push(req.url);
    res.end('origin');
  });
  await new Promise((r) => origin.listen(0, '127.0.0.1', r));
  originUrl = `http://127.0.0.1:${origin.address().port}`;
});
after(async () => {
  await Promise.all(running.map((mf) => mf.dispose()));
  fapi?.close();
  origin?.close();
});

const settings = (extra = {}) => ({
  CLERK_PUBLISHABLE_KEY: DEMO_PUBLISHABLE_KEY,
  CLERK_JWT_KEY: ensureDemoKey().jwtKey,
  CLERK_ORIGIN_URL: originUrl,
  CLERK_SECRET_KEY: SECRET,
  CLERK_FRONTEND_API_PROXY: '/__clerk',
  CLERK_FAPI_URL: fapiUrl,
  ...extra,
});
async function guard(bindings) {
  const mf = await startGuard(bindings);
  running.push(mf);
  return mf;
}

test('requests under the proxy path go to the Frontend API before auth, with the proxy headers; the answer comes back rewritten', async () => {
  const mf = await guard(settings());
  const before = originSeen.length;
  const res = await mf.dispatchFetch('https://app.example.com/__clerk/v1/client?_clerk_js_version=5&a=b', {
    method: 'POST',
    redirect: 'manual',
    headers: {
      cookie: '__client=old',
      'content-type': 'application/x-www-form-urlencoded',
      'cf-connecting-ip': '203.0.113.9',
      'x-forwarded-host': 'evil.example',
      'clerk-secret-key': 'sk_forged',
      'clerk-proxy-url': 'https://evil.example/__clerk',
      'accept-encoding': 'gzip, br',
    },
    body: 'strategy=password',
  });
  assert.equal(res.status, 307);
  assert.equal(await res.text(), 'redirecting');
  assert.equal(res.headers.get('location'), 'https://app.example.com/__clerk/v1/client/sign_ins/next?x=1#f');
  assert.deepEqual(res.headers.getSetCookie(), ['__client=abc; Path=/; HttpOnly', '__client_uat=1; Path=/']);
  assert.equal(res.headers.get('x-fapi'), 'stand-in');
  assert.equal(originSeen.length, before, 'the origin is not involved');

  const got = fapiSeen[fapiSeen.length - 1];
  assert.equal(got.method, 'POST');
  assert.equal(got.url, '/v1/client?_clerk_js_version=5&a=b');
  assert.equal(got.body, 'strategy=password');
  assert.equal(got.headers['clerk-proxy-url'], 'https://app.example.com/__clerk');
  assert.equal(got.headers['clerk-secret-key'], SECRET);
  assert.equal(got.headers['x-forwarded-for'], '203.0.113.9');
  assert.equal(got.headers['x-forwarded-host'], 'app.example.com');
  assert.equal(got.headers['x-forwarded-proto'], 'https');
  assert.equal(got.headers['accept-encoding'], 'identity');
  assert.equal(got.headers.cookie, '__client=old');
  assert.equal(got.headers.host, new URL(fapiUrl).host);
});

test('a compressed answer is re-streamed decoded, without Content-Encoding or the compressed Content-Length', async () => {
  const res = await (await guard(settings())).dispatchFetch('https://app.example.com/__clerk/v1/gzipped');
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-encoding'), null);
  const length = res.headers.get('content-length');
  const body = await res.text();
  assert.ok(length === null || Number(length) === Buffer.byteLength(body), `content-length ${length} for ${Buffer.byteLength(body)} bytes`);
  assert.equal(JSON.parse(body).object, 'environment');
});

test('with the proxy on, handshakes go through it (CLERK_PROXY_URL unset); an absolute CLERK_PROXY_URL wins', async () => {
  const nav = { headers: { 'sec-fetch-dest': 'document' }, redirect: 'manual' };
  let res = await (await guard(settings())).dispatchFetch('https://app.example.com/dashboard', nav);
  assert.equal(res.status, 307);
  let location = new URL(res.headers.get('location'));
  assert.equal(location.origin + location.pathname, 'https://app.example.com/__clerk/v1/client/handshake');
  await res.arrayBuffer();

  const mf = await guard(settings({ CLERK_PROXY_URL: 'https://www.example.com/__clerk' }));
  res = await mf.dispatchFetch('https://app.example.com/dashboard', nav);
  location = new URL(res.headers.get('location'));
  assert.equal(location.origin + location.pathname, 'https://www.example.com/__clerk/v1/client/handshake');
  await res.arrayBuffer();
  res = await mf.dispatchFetch('https://app.example.com/__clerk/v1/environment', { redirect: 'manual' });
  assert.equal(res.headers.get('location'), 'https://www.example.com/__clerk/v1/client/sign_ins/next?x=1#f');
  await res.arrayBuffer();
  assert.equal(fapiSeen[fapiSeen.length - 1].headers['clerk-proxy-url'], 'https://www.example.com/__clerk');
});

test('off by default: the proxy path is an ordinary protected route', async () => {
  const { CLERK_FRONTEND_API_PROXY, ...off } = settings();
  const before = fapiSeen.length;
  const res = await (await guard(off)).dispatchFetch('https://app.example.com/__clerk/v1/client', { redirect: 'manual' });
  assert.equal(res.status, 401);
  await res.arrayBuffer();
  assert.equal(fapiSeen.length, before);
});

test('misconfiguration is a 500 naming the setting; an unreachable Frontend API is a 502', async () => {
  const cases = [
    [{ CLERK_SECRET_KEY: undefined }, 'CLERK_SECRET_KEY'],
    [{ CLERK_FAPI_URL: 'http://fapi.example.com' }, 'CLERK_FAPI_URL'],
    [{ CLERK_FRONTEND_API_PROXY: '/' }, 'CLERK_FRONTEND_API_PROXY'],
  ];
  for (const [extra, setting] of cases) {
    const bindings = settings(extra);
    for (const [k, v] of Object.entries(bindings)) if (v === undefined) delete bindings[k];
    const res = await (await guard(bindings)).dispatchFetch('https://app.example.com/__clerk/v1/client', { redirect: 'manual' });
    assert.equal(res.status, 500, setting);
    const text = await res.text();
    assert.equal(JSON.parse(text).setting, setting);
    assert.ok(!text.includes(SECRET));
  }
  const res = await (await guard(settings({ CLERK_FAPI_URL: 'http://127.0.0.1:9' }))).dispatchFetch('https://app.example.com/__clerk/v1/client', { redirect: 'manual' });
  assert.equal(res.status, 502);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  assert.equal((await res.json()).errors[0].code, 'proxy_request_failed');
});

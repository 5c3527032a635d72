// clerkFrontendApiProxy in Node against a loopback stand-in for the Frontend API, and the same
// requests through @clerk/backend's clerkFrontendApiProxy (same upstream): what the upstream
// receives and what the caller gets back must agree, except the documented difference.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
import { clerkFrontendApiProxy as clerkProxy } from '@clerk/backend/proxy';
import { clerkFrontendApiProxy } from '../entry/node.mjs';

const PK = 'pk_live_' + Buffer.from('clerk.example.com$').toString('base64');
const SECRET = 'sk_live_proxy_test_secret';
let fapi, fapiUrl;
const seen = [];

before(async () => {
  fapi = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString() });
      if (req.url === '/v1/gzipped') {
        const body = gzipSync(Buffer.from('{"object":"environment"}'));
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': body.length });
        return res.end(body);
      }
      if (req.url.startsWith('/v1/environment')) {
        res.setHeader('content-type', 'application/json');
        return res.end('{"auth_config":{}}');
      }
      res.setHeader('set-cookie', ['__client=abc; Path=/; HttpOnly', '__client_uat=1; Path=/']);
      res.setHeader('location', `${fapiUrl}/v1/client/sign_ins/next?x=1`);
      res.setHeader('x-fapi', 'stand-in');
      res.statusCode = 302;
      res.end('redirecting');
    });
  });
  await new Promise((r) => fapi.listen(0, '127.0.0.1', r));
  fapiUrl = `http://127.0.0.1:${fapi.address().port}`;
});
after(() => fapi?.close());

const options = () => ({ publishableKey: PK, secretKey: SECRET, fapiUrl });
const request = (path, init = {}) => new Request(`https://app.example.com${path}`, init);

/** What the upstream got and what the caller got, for one proxy implementation. */
async function through(proxy, req, opts = options()) {
  const before = seen.length;
  const res = await proxy(req, opts);
  const body = await res.text();
  assert.equal(seen.length, before + 1, 'one upstream request');
  const got = seen[seen.length - 1];
  const pick = (h) => Object.fromEntries(
    ['clerk-proxy-url', 'clerk-secret-key', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'accept-encoding', 'cookie', 'content-type', 'connection', 'x-private', 'host']
      .map((n) => [n, h[n]]),
  );
  return {
    upstream: { method: got.method, url: got.url, body: got.body, headers: pick(got.headers) },
    answer: { status: res.status, body, location: res.headers.get('location'), cookies: res.headers.getSetCookie(), fapi: res.headers.get('x-fapi'), encoding: res.headers.get('content-encoding') },
  };
}

test('a redirect with cookies: the upstream request and the answer match @clerk/backend', async () => {
  const make = () => request('/__clerk/v1/client/sign_ins?_clerk_js_version=5', {
    method: 'POST',
    headers: { cookie: '__client=old', 'content-type': 'application/x-www-form-urlencoded', 'x-real-ip': '198.51.100.4', 'clerk-secret-key': 'sk_forged', 'accept-encoding': 'gzip' },
    body: 'identifier=ada',
  });
  const ours = await through(clerkFrontendApiProxy, make());
  const theirs = await through(clerkProxy, make());
  assert.deepEqual(ours, theirs);
  assert.equal(ours.upstream.url, '/v1/client/sign_ins?_clerk_js_version=5');
  assert.equal(ours.upstream.body, 'identifier=ada');
  assert.equal(ours.upstream.headers['clerk-proxy-url'], 'https://app.example.com/__clerk');
  assert.equal(ours.upstream.headers['clerk-secret-key'], SECRET);
  assert.equal(ours.upstream.headers['x-forwarded-for'], '198.51.100.4');
  assert.equal(ours.upstream.headers['x-forwarded-host'], 'app.example.com');
  assert.equal(ours.upstream.headers['x-forwarded-proto'], 'https');
  assert.equal(ours.upstream.headers['accept-encoding'], 'identity');
  assert.equal(ours.answer.status, 302);
  assert.equal(ours.answer.location, 'https://app.example.com/__clerk/v1/client/sign_ins/next?x=1');
  assert.deepEqual(ours.answer.cookies, ['__client=abc; Path=/; HttpOnly', '__client_uat=1; Path=/']);
});

test('a GET with a custom proxy path and hop-by-hop headers: same as @clerk/backend', async () => {
  const make = () => request('/auth/clerk/v1/environment?a=1&b=2', { headers: { connection: 'x-private', 'x-private': 'drop me', 'cf-connecting-ip': '203.0.113.5' } });
  const opts = { ...options(), proxyPath: '/auth/clerk/' };
  const ours = await through(clerkFrontendApiProxy, make(), opts);
  const theirs = await through(clerkProxy, make(), opts);
  assert.deepEqual(ours, theirs);
  assert.equal(ours.upstream.url, '/v1/environment?a=1&b=2');
  assert.equal(ours.upstream.headers['x-private'], undefined);
  assert.equal(ours.upstream.headers['x-forwarded-for'], '203.0.113.5');
  assert.equal(ours.answer.body, '{"auth_config":{}}');
});

test('a compressed answer comes back decoded, without Content-Encoding / Content-Length, as from @clerk/backend', async () => {
  const ours = await through(clerkFrontendApiProxy, request('/__clerk/v1/gzipped'));
  const theirs = await through(clerkProxy, request('/__clerk/v1/gzipped'));
  assert.deepEqual(ours, theirs);
  assert.equal(ours.answer.body, '{"object":"environment"}');
  assert.equal(ours.answer.encoding, null);
});

test('documented difference: X-Forwarded-Host/-Proto are trusted only with trustForwardedHeaders', async () => {
  const make = () => request('/__clerk/v1/environment', { headers: { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'http' } });
  const ours = await through(clerkFrontendApiProxy, make());
  const theirs = await through(clerkProxy, make());
  assert.equal(theirs.upstream.headers['clerk-proxy-url'], 'http://evil.example/__clerk');
  assert.equal(ours.upstream.headers['clerk-proxy-url'], 'https://app.example.com/__clerk');
  assert.equal(ours.upstream.headers['x-forwarded-host'], 'app.example.com');
  const trusted = await through(clerkFrontendApiProxy, make(), { ...options(), trustForwardedHeaders: true });
  assert.deepEqual(trusted, theirs);
});

test('options from the environment; errors', async () => {
  process.env.CLERK_PUBLISHABLE_KEY = PK;
  process.env.CLERK_SECRET_KEY = SECRET;
  process.env.CLERK_FAPI_URL = fapiUrl;
  try {
    const res = await clerkFrontendApiProxy(request('/__clerk/v1/environment'));
    assert.equal(res.status, 200);
    assert.equal(seen[seen.length - 1].headers['clerk-secret-key'], SECRET);
  } finally {
    delete process.env.CLERK_PUBLISHABLE_KEY;
    delete process.env.CLERK_SECRET_KEY;
    delete process.env.CLERK_FAPI_URL;
  }
  const mismatch = await clerkFrontendApiProxy(request('/api/x'), options());
  assert.equal(mismatch.status, 400);
  assert.equal((await mismatch.json()).errors[0].code, 'proxy_path_mismatch');
  const down = await clerkFrontendApiProxy(request('/__clerk/v1/x'), { ...options(), fapiUrl: 'http://127.0.0.1:9' });
  assert.equal(down.status, 502);
  assert.equal((await down.json()).errors[0].code, 'proxy_request_failed');
  for (const bad of [{ secretKey: undefined }, { fapiUrl: 'http://fapi.example.com' }, { proxyPath: '/' }, { clientIp: 5 }]) {
    await assert.rejects(clerkFrontendApiProxy(request('/__clerk/v1/x'), { ...options(), ...bad }), (err) => {
      assert.equal(err.name, 'ClerkEdgeError');
      assert.equal(err.reason, 'options-invalid');
      assert.ok(!err.message.includes(SECRET));
      return true;
    });
  }
});

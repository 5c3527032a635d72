// clerkFrontendApiProxy from the package's workerd entry, inside a real workerd isolate (miniflare),
// against a loopback stand-in for the Frontend API.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { Miniflare } from 'miniflare';

const PK = 'pk_live_' + Buffer.from('clerk.example.com$').toString('base64');
const SECRET = 'sk_live_workerd_proxy_secret';
const seen = [];
let fapi, mf;

before(async () => {
  fapi = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString() });
      res.setHeader('set-cookie', ['__client=abc; Path=/', '__client_uat=1; Path=/']);
      res.setHeader('location', `http://127.0.0.1:${fapi.address().port}/v1/next`);
      res.statusCode = 303;
      res.end('see other');
    });
  });
  await new Promise((r) => fapi.listen(0, '127.0.0.1', r));
  mf = new Miniflare({
    modules: true,
    scriptPath: fileURLToPath(new URL('./proxy-worker.mjs', import.meta.url)),
    modulesRoot: fileURLToPath(new URL('..', import.meta.url)),
    modulesRules: [
      { type: 'ESModule', include: ['**/*.js', '**/*.mjs'] },
      { type: 'CompiledWasm', include: ['**/*.wasm'] },
    ],
    compatibilityDate: '2025-09-01',
    bindings: { PK, SK: SECRET, FAPI: `http://127.0.0.1:${fapi.address().port}` },
  });
  await mf.ready;
});
after(async () => {
  fapi?.close();
  await mf?.dispose();
});

test('workerd: the request goes upstream with the proxy headers and the body; the redirect comes back through the proxy', async () => {
  const res = await mf.dispatchFetch('https://app.example.com/__clerk/v1/client/sign_ins?a=1', {
    method: 'POST',
    redirect: 'manual',
    headers: { 'cf-connecting-ip': '203.0.113.8', 'content-type': 'text/plain', 'clerk-secret-key': 'sk_forged' },
    body: 'posted',
  });
  assert.equal(res.status, 303);
  assert.equal(await res.text(), 'see other');
  assert.equal(res.headers.get('location'), 'https://app.example.com/__clerk/v1/next');
  assert.deepEqual(res.headers.getSetCookie(), ['__client=abc; Path=/', '__client_uat=1; Path=/']);
  const got = seen[seen.length - 1];
  assert.equal(got.method, 'POST');
  assert.equal(got.url, '/v1/client/sign_ins?a=1');
  assert.equal(got.body, 'posted');
  assert.equal(got.headers['clerk-secret-key'], SECRET);
  assert.equal(got.headers['clerk-proxy-url'], 'https://app.example.com/__clerk');
  assert.equal(got.headers['x-forwarded-for'], '203.0.113.8');
  assert.equal(got.headers['accept-encoding'], 'identity');
});

test('workerd: a path outside the proxy path is a 400 that never goes upstream', async () => {
  const before = seen.length;
  const res = await mf.dispatchFetch('https://app.example.com/api/x', { redirect: 'manual' });
  assert.equal(res.status, 400);
  assert.equal((await res.json()).errors[0].code, 'proxy_path_mismatch');
  assert.equal(seen.length, before);
});

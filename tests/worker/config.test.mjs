// The guard's configuration handling, end to end in workerd.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { startGuard } from './harness.mjs';
import { DEMO_PUBLISHABLE_KEY, ensureDemoKey } from '../../scripts/lib/demo-keys.mjs';

const running = [];
after(() => Promise.all(running.map((mf) => mf.dispose())));
async function guard(bindings) {
  const mf = await startGuard(bindings);
  running.push(mf);
  return mf;
}

test('health endpoint reports the configured instance', async () => {
  const mf = await guard({ CLERK_PUBLISHABLE_KEY: DEMO_PUBLISHABLE_KEY, CLERK_ORIGIN_URL: 'http://127.0.0.1:9', CLERK_JWT_KEY: ensureDemoKey().jwtKey });
  const res = await mf.dispatchFetch('http://guard.test/__clerk_edge/health');
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.status, 'ok');
  assert.equal(body.frontendApi, 'clerk-edge-demo.clerk.accounts.dev');
  assert.equal(body.instanceType, 'development');
});

test('missing publishable key is a 500 naming the setting', async () => {
  const mf = await guard({});
  const res = await mf.dispatchFetch('http://guard.test/anything');
  assert.equal(res.status, 500);
  const body = await res.json();
  assert.equal(body.error, 'configuration-error');
  assert.equal(body.setting, 'CLERK_PUBLISHABLE_KEY');
});

test('invalid publishable key is a 500 that does not echo the value', async () => {
  const secretish = 'pk_live_bm90LWEtaG9zdA';
  const mf = await guard({ CLERK_PUBLISHABLE_KEY: secretish });
  const res = await mf.dispatchFetch('http://guard.test/');
  assert.equal(res.status, 500);
  const text = await res.text();
  assert.match(text, /CLERK_PUBLISHABLE_KEY/);
  assert.ok(!text.includes('bm90LWEtaG9zdA'), 'the key value must not appear in the response');
});

test('invalid origin URL and JWT key are 500s naming the setting', async () => {
  const base = { CLERK_PUBLISHABLE_KEY: DEMO_PUBLISHABLE_KEY, CLERK_ORIGIN_URL: 'http://127.0.0.1:9', CLERK_JWT_KEY: ensureDemoKey().jwtKey };
  for (const [setting, value] of [['CLERK_ORIGIN_URL', 'ftp://x'], ['CLERK_JWT_KEY', 'MIIBIjANnot-a-key']]) {
    const mf = await guard({ ...base, [setting]: value });
    const res = await mf.dispatchFetch('http://guard.test/');
    assert.equal(res.status, 500);
    const text = await res.text();
    assert.equal(JSON.parse(text).setting, setting);
    assert.ok(!text.includes(value), 'the value must not appear');
  }
});

test('invalid CLERK_API_URL / CLERK_API_VERSION are 500s naming that setting, never the secret key', async () => {
  const base = { CLERK_PUBLISHABLE_KEY: DEMO_PUBLISHABLE_KEY, CLERK_ORIGIN_URL: 'http://127.0.0.1:9', CLERK_SECRET_KEY: 'sk_test_config_secret_value' };
  const cases = [
    ['CLERK_API_URL', 'ftp://api.clerk.com'],
    ['CLERK_API_URL', 'https://user:pw@api.clerk.com'],
    ['CLERK_API_URL', 'https://api.clerk.com/?tenant=x'],
    ['CLERK_API_URL', 'http://api.clerk.com'],
    ['CLERK_API_VERSION', 'v1/../admin'],
  ];
  for (const [setting, value] of cases) {
    const mf = await guard({ ...base, [setting]: value });
    const res = await mf.dispatchFetch('http://guard.test/');
    assert.equal(res.status, 500, value);
    const text = await res.text();
    assert.equal(JSON.parse(text).setting, setting, value);
    assert.ok(!text.includes(value) && !text.includes('sk_test_config_secret_value'), text);
  }
  // http:// is fine for loopback (local development and these tests).
  const ok = await guard({ ...base, CLERK_API_URL: 'http://127.0.0.1:9' });
  assert.equal((await ok.dispatchFetch('http://guard.test/__clerk_edge/health')).status, 200);
});

test('CLERK_TREAT_PENDING_AS_SIGNED_OUT=false forwards pending sessions with their status; other values are refused', async () => {
  const { createServer } = await import('node:http');
  const { mintDemoToken } = await import('../../scripts/lib/demo-keys.mjs');
  const received = [];
  const origin = createServer((req, res) => {
    received.push(req.headers);
    res.end('ok');
  });
  await new Promise((r) => origin.listen(0, '127.0.0.1', r));
  try {
    const base = { CLERK_PUBLISHABLE_KEY: DEMO_PUBLISHABLE_KEY, CLERK_ORIGIN_URL: `http://127.0.0.1:${origin.address().port}`, CLERK_JWT_KEY: ensureDemoKey().jwtKey };
    const pending = mintDemoToken({ overrides: { sts: 'pending' } });
    const mf = await guard({ ...base, CLERK_TREAT_PENDING_AS_SIGNED_OUT: 'false' });
    const res = await mf.dispatchFetch('http://guard.test/api', { headers: { authorization: `Bearer ${pending}` } });
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'ok');
    assert.equal(received.at(-1)['x-clerk-session-status'], 'pending');
    assert.equal(received.at(-1)['x-clerk-user-id'], 'user_demo2fTqBWk7u9wG5sNq');
    const bad = await guard({ ...base, CLERK_TREAT_PENDING_AS_SIGNED_OUT: 'maybe' });
    const refused = await bad.dispatchFetch('http://guard.test/api');
    assert.equal(refused.status, 500);
    assert.equal((await refused.json()).setting, 'CLERK_TREAT_PENDING_AS_SIGNED_OUT');
  } finally {
    origin.close();
  }
});

// Webhook routes in the guard (CLERK_WEBHOOK_ROUTES), end to end in workerd: requests signed by an
// independent implementation (the standardwebhooks npm package) reach the origin byte for byte with
// x-clerk-webhook-id / -event; bad signatures, stale timestamps, missing headers and other methods
// are answered by the guard and never reach the origin.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { startGuard } from './harness.mjs';
import { DEMO_PUBLISHABLE_KEY, ensureDemoKey } from '../../scripts/lib/demo-keys.mjs';

const SECRET = 'whsec_' + randomBytes(32).toString('base64');
const received = [];
let origin, mf;

before(async () => {
  origin = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      received.push({ path: req.url, headers: req.headers, sha: createHash('sha256').update(body).digest('hex') });
      res.end('ok');
    });
  });
  await new Promise((r) => origin.listen(0, '127.0.0.1', r));
  mf = await startGuard({
    CLERK_PUBLISHABLE_KEY: DEMO_PUBLISHABLE_KEY,
    CLERK_JWT_KEY: ensureDemoKey().spkiPem,
    CLERK_ORIGIN_URL: `http://127.0.0.1:${origin.address().port}`,
    CLERK_WEBHOOK_ROUTES: '/webhooks/clerk',
    CLERK_WEBHOOK_SIGNING_SECRET: SECRET,
  });
});
after(async () => {
  await mf?.dispose();
  origin.close();
});

function signed(body, { id = 'msg_' + randomBytes(6).toString('hex'), at = new Date(), secret = SECRET } = {}) {
  const signature = new Webhook(secret).sign(id, at, body);
  return { 'svix-id': id, 'svix-timestamp': String(Math.floor(at.getTime() / 1000)), 'svix-signature': signature, 'content-type': 'application/json' };
}

const post = (body, headers, path = '/webhooks/clerk', method = 'POST') =>
  mf.dispatchFetch(`http://guard.test${path}`, { method, headers, body: method === 'POST' ? body : undefined });

test('a signed webhook reaches the origin with the same bytes and the verified id and type', async () => {
  const body = '{"type":"user.created",  "object":"event","data":{"id":"user_1","name":"Zoë \\u00e9"}}\n';
  const headers = signed(body);
  const res = await post(body, { ...headers, 'x-clerk-webhook-event': 'spoofed' });
  assert.equal(res.status, 200, await res.text());
  const got = received.at(-1);
  assert.equal(got.sha, createHash('sha256').update(body).digest('hex'), 'byte-identical body');
  assert.equal(got.headers['x-clerk-webhook-id'], headers['svix-id']);
  assert.equal(got.headers['x-clerk-webhook-event'], 'user.created');
  assert.equal(got.headers['svix-signature'], headers['svix-signature'], 'signature headers pass through');
});

test('refused webhooks get 400 with the reason and never reach the origin', async () => {
  const before = received.length;
  const body = '{"type":"user.deleted","object":"event","data":{"id":"user_1"}}';
  const wrongSecret = 'whsec_' + randomBytes(32).toString('base64');
  const cases = [
    [signed(body, { secret: wrongSecret }), 'webhook-invalid-signature'],
    [signed(body, { at: new Date(Date.now() - 10 * 60_000) }), 'webhook-timestamp-too-old'],
    [signed(body, { at: new Date(Date.now() + 10 * 60_000) }), 'webhook-timestamp-too-new'],
    [{ 'content-type': 'application/json' }, 'webhook-missing-headers'],
  ];
  for (const [headers, reason] of cases) {
    const res = await post(body, headers);
    const text = await res.text();
    assert.equal(res.status, 400, `${reason}: ${text}`);
    assert.equal(JSON.parse(text).reason, reason);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  }
  const tampered = signed(body);
  const res = await post(body.replace('user_1', 'user_2'), tampered);
  assert.equal(JSON.parse(await res.text()).reason, 'webhook-invalid-signature');
  const get = await post(null, {}, '/webhooks/clerk', 'GET');
  assert.equal(get.status, 405);
  assert.equal(get.headers.get('allow'), 'POST');
  await get.text();
  const huge = await post('x'.repeat(2 * 1024 * 1024), signed('x'));
  assert.equal(JSON.parse(await huge.text()).reason, 'webhook-body-too-large');
  assert.equal(received.length, before, 'nothing reached the origin');
});

test('other paths are guarded as usual', async () => {
  const res = await post('{}', signed('{}'), '/webhooks/other');
  assert.equal(res.status, 401);
  await res.text();
});

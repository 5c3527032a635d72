// Webhook vectors signed by an independent implementation: the `standardwebhooks` npm package (the
// Standard Webhooks reference, which @clerk/backend also uses). Made fresh at test time, because the
// signature covers the timestamp and verifyWebhook checks it against the real clock. Node and Deno
// import this module; the edge-runtime and workerd runners make the vectors in Node and pass them in.
import { Webhook } from 'standardwebhooks';

const b64 = (bytes) => btoa(String.fromCharCode(...bytes));
/** A `whsec_` secret of `len` bytes (deterministic, so failures are reproducible). */
export const secretOf = (len, seed = 1) => 'whsec_' + b64(Array.from({ length: len }, (_, i) => (i * 31 + seed * 7) & 255));

export const SECRET = secretOf(24);
const OTHER_SECRET = secretOf(24, 2);

/** A Clerk-shaped event body (non-ASCII included, so text and bytes must agree). */
export const eventBody = (type = 'user.created', data = {}) =>
  JSON.stringify({
    data: { id: 'user_29w83sxmDNGwOuEthce5gg56FcC', object: 'user', first_name: 'Zoë', last_name: 'Łukasz 🚀', ...data },
    event_attributes: { http_request: { client_ip: '0.0.0.0', user_agent: 'test' } },
    instance_id: 'ins_123',
    object: 'event',
    timestamp: 1716883200,
    type,
  });

const sigOf = (secret, id, ts, body) => new Webhook(secret).sign(id, new Date(ts * 1000), body);

/**
 * `[{ name, headers: [[name, value]], body, secret, expect, clerk }]`: `expect` is `'ok'` or our reason;
 * `clerk` is `'same'`, or `'accepts'` / `'rejects'` where @clerk/backend decides otherwise (documented).
 */
export function makeWebhookVectors(nowSecs = Math.floor(Date.now() / 1000)) {
  const vectors = [];
  const add = (name, { id = 'msg_2g7np7Hrk0SN6kj5EDMLDaKNL0S', ts = nowSecs, body = eventBody(), secret = SECRET, sign = SECRET, sig, names = 'svix', drop, expect, clerk = 'same' }) => {
    const signature = sig ?? sigOf(sign, id, ts, body);
    const headers = [[`${names}-id`, id], [`${names}-timestamp`, String(ts)], [`${names}-signature`, signature]].filter(([n]) => n !== drop);
    vectors.push({ name, headers, body, secret, expect, clerk });
  };
  const good = (ts = nowSecs, body = eventBody()) => sigOf(SECRET, 'msg_2g7np7Hrk0SN6kj5EDMLDaKNL0S', ts, body);
  const bad = sigOf(OTHER_SECRET, 'msg_2g7np7Hrk0SN6kj5EDMLDaKNL0S', nowSecs, eventBody());
  add('valid user.created', { expect: 'ok' });
  add('valid organization.created with a 32-byte secret', { secret: secretOf(32), sign: secretOf(32), body: eventBody('organization.created', { object: 'organization' }), expect: 'ok' });
  add('an unknown event type still verifies', { body: eventBody('future.thing'), expect: 'ok' });
  add('several signatures, the second one valid', { sig: `${bad} ${good()}`, expect: 'ok' });
  add('several signatures, the first one valid', { sig: `${good()} ${bad}`, expect: 'ok' });
  add('a valid v2 entry is ignored', { sig: good().replace('v1,', 'v2,'), expect: 'webhook-invalid-signature' });
  add('v2 entries ignored, a valid v1 accepted', { sig: `${good().replace('v1,', 'v2,')} ${good()}`, expect: 'ok' });
  add('signed with another secret', { sign: OTHER_SECRET, expect: 'webhook-invalid-signature' });
  add('tampered body', { sig: good(nowSecs, eventBody()), body: eventBody().replace('Zoë', 'Zoe'), expect: 'webhook-invalid-signature' });
  add('tampered id', { sig: good(), id: 'msg_other', expect: 'webhook-invalid-signature' });
  add('missing svix-id', { drop: 'svix-id', expect: 'webhook-missing-headers' });
  add('missing svix-timestamp', { drop: 'svix-timestamp', expect: 'webhook-missing-headers' });
  add('missing svix-signature', { drop: 'svix-signature', expect: 'webhook-missing-headers' });
  add('290 s old', { ts: nowSecs - 290, expect: 'ok' });
  add('290 s ahead', { ts: nowSecs + 290, expect: 'ok' });
  add('310 s old', { ts: nowSecs - 310, expect: 'webhook-timestamp-too-old' });
  add('310 s ahead', { ts: nowSecs + 310, expect: 'webhook-timestamp-too-new' });
  add('a timestamp that is not a number', { ts: 'soon', sig: good(), expect: 'webhook-invalid-timestamp' });
  add('a huge signature header', { sig: `v1,${'A'.repeat(43)}= `.repeat(100) + good(), expect: 'webhook-headers-invalid', clerk: 'accepts' });
  add('Standard Webhooks header names (webhook-*)', { names: 'webhook', expect: 'ok', clerk: 'rejects' });
  add('a secret without the whsec_ prefix', { secret: SECRET.slice('whsec_'.length), expect: 'webhook-secret-invalid', clerk: 'accepts' });
  add('a signed body that is not an event', { body: '{"hello":"world"}', expect: 'webhook-body-invalid', clerk: 'accepts' });
  return vectors;
}

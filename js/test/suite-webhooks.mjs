// verifyWebhook cases for all four runtimes. The vectors come from webhook-vectors.mjs (signed with the
// standardwebhooks package at test time); runners that cannot import it get them from Node.
import { equal, ok, rejectsWithReason } from './assert.mjs';

const request = (v, init = {}) =>
  new Request('https://app.example.com/api/webhooks', { method: 'POST', headers: v.headers, body: v.body, ...init });

/** The shared cases over `vectors` (see makeWebhookVectors). */
export function webhookCases(vectors) {
  const find = (name) => vectors.find((v) => v.name === name);
  return [
    {
      name: `verifyWebhook: ${vectors.length} standardwebhooks-signed vectors (valid, several signatures, v2 ignored, wrong secret, tampered, missing headers, ±5 min)`,
      async run(api) {
        ok(vectors.length >= 20, 'vectors present');
        for (const v of vectors) {
          if (v.expect === 'ok') {
            const event = await api.verifyWebhook(request(v), { signingSecret: v.secret });
            equal(event.type, JSON.parse(v.body).type, `${v.name}: type`);
            equal(JSON.stringify(event), JSON.stringify(JSON.parse(v.body)), `${v.name}: the whole event`);
          } else {
            const err = await rejectsWithReason(() => api.verifyWebhook(request(v), { signingSecret: v.secret }), v.expect, v.name);
            equal(err.name, 'ClerkEdgeError', `${v.name}: error name`);
            ok(!err.message.includes(v.secret.replace('whsec_', '')), `${v.name}: message does not echo the secret`);
          }
        }
      },
    },
    {
      name: 'verifyWebhook: the event keeps non-ASCII text and every envelope field',
      async run(api) {
        const event = await api.verifyWebhook(request(find('valid user.created')), { signingSecret: find('valid user.created').secret });
        equal(event.object, 'event', 'object');
        equal(event.instance_id, 'ins_123', 'instance_id');
        equal(event.data.first_name, 'Zoë', 'first_name');
        equal(event.data.last_name, 'Łukasz 🚀', 'last_name');
        equal(event.event_attributes.http_request.client_ip, '0.0.0.0', 'event_attributes');
      },
    },
    {
      name: 'verifyWebhook: the body is verified as bytes (a Uint8Array body works the same)',
      async run(api) {
        const v = find('valid user.created');
        const event = await api.verifyWebhook(request(v, { body: new TextEncoder().encode(v.body) }), { signingSecret: v.secret });
        equal(event.data.id, 'user_29w83sxmDNGwOuEthce5gg56FcC', 'data.id');
      },
    },
    {
      name: 'verifyWebhook: a missing or malformed secret is webhook-secret-invalid; bad arguments are options-invalid',
      async run(api) {
        const v = find('valid user.created');
        await rejectsWithReason(() => api.verifyWebhook(request(v), { signingSecret: '' }), 'webhook-secret-invalid', 'empty secret');
        await rejectsWithReason(() => api.verifyWebhook(request(v), { signingSecret: 'whsec_short' }), 'webhook-secret-invalid', 'short secret');
        await rejectsWithReason(() => api.verifyWebhook(request(v), { signingSecret: 42 }), 'options-invalid', 'number secret');
        await rejectsWithReason(() => api.verifyWebhook('not a request', { signingSecret: v.secret }), 'options-invalid', 'not a Request');
      },
    },
    {
      name: 'verifyWebhook: a body over 1 MiB is webhook-body-too-large',
      async run(api) {
        const v = find('valid user.created');
        const big = new Uint8Array(1024 * 1024 + 1).fill(32);
        await rejectsWithReason(() => api.verifyWebhook(request(v, { body: big }), { signingSecret: v.secret }), 'webhook-body-too-large', 'big body');
      },
    },
  ];
}

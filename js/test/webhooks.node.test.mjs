// Differential: the same standardwebhooks-signed vectors through @clerk/backend's verifyWebhook and
// ours. Verdicts must agree, except on the vectors marked as documented differences (README, "Webhooks"),
// where each side must decide as the mark says, so the documentation stays true.
import { test } from 'node:test';
import { verifyWebhook as clerkVerifyWebhook } from '@clerk/backend/webhooks';
import * as api from '../entry/node.mjs';
import { deepEqual, equal } from './assert.mjs';
import { eventBody, makeWebhookVectors, SECRET } from './webhook-vectors.mjs';
import { Webhook } from 'standardwebhooks';

const request = (v) => new Request('https://app.example.com/api/webhooks', { method: 'POST', headers: v.headers, body: v.body });

async function verdicts(v) {
  const ours = await api.verifyWebhook(request(v), { signingSecret: v.secret }).then((event) => ({ ok: true, event }), (err) => ({ ok: false, reason: err.reason }));
  const clerk = await clerkVerifyWebhook(request(v), { signingSecret: v.secret }).then((event) => ({ ok: true, event }), (err) => ({ ok: false, message: String(err?.message ?? err) }));
  return { ours, clerk };
}

/** Node only: a signed body over our 1 MiB cap (@clerk/backend has no cap). */
function bigBodyVector() {
  const now = Math.floor(Date.now() / 1000);
  const body = eventBody('email.created', { body: 'x'.repeat(1024 * 1024) });
  const sig = new Webhook(SECRET).sign('msg_big', new Date(now * 1000), body);
  const headers = [['svix-id', 'msg_big'], ['svix-timestamp', String(now)], ['svix-signature', sig]];
  return { name: 'a signed body over 1 MiB', headers, body, secret: SECRET, expect: 'webhook-body-too-large', clerk: 'accepts' };
}

test('verifyWebhook agrees with @clerk/backend on every vector, except the documented differences', async () => {
  const vectors = [...makeWebhookVectors(), bigBodyVector()];
  let same = 0;
  for (const v of vectors) {
    const { ours, clerk } = await verdicts(v);
    equal(ours.ok ? 'ok' : ours.reason, v.expect, `${v.name}: our verdict`);
    const clerkExpected = v.clerk === 'same' ? ours.ok : v.clerk === 'accepts';
    equal(clerk.ok, clerkExpected, `${v.name}: @clerk/backend accepts (${clerk.message ?? 'ok'})`);
    if (ours.ok && clerk.ok) {
      // @clerk/backend returns the envelope's known fields; ours returns the whole event, so compare those.
      for (const key of ['type', 'object', 'data', 'event_attributes', 'timestamp', 'instance_id']) {
        deepEqual(ours.event[key], clerk.event[key], `${v.name}: ${key}`);
      }
    }
    if (v.clerk === 'same') same += 1;
  }
  equal(same >= 17, true, `most vectors are not differences (${same} of ${vectors.length})`);
});

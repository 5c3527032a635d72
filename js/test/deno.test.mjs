// Deno runner: `deno test --allow-read js/test/deno.test.mjs`.
import * as api from '../entry/node.mjs';
import { cases } from './suite.mjs';
import { webhookCases } from './suite-webhooks.mjs';
import { makeWebhookVectors } from './webhook-vectors.mjs';

for (const c of cases) Deno.test(c.name, () => c.run(api));
for (const c of webhookCases(makeWebhookVectors())) Deno.test(c.name, () => c.run(api));

// Deno runs these tests without --allow-env: reading the default secret must not throw a permission error.
Deno.test('verifyWebhook: without --allow-env the secret is simply absent', async () => {
  const v = makeWebhookVectors().find((x) => x.name === 'valid user.created');
  const err = await api.verifyWebhook(new Request('https://x.test/wh', { method: 'POST', headers: v.headers, body: v.body })).catch((e) => e);
  if (err?.reason !== 'webhook-secret-invalid') throw new Error(`expected webhook-secret-invalid, got ${err?.reason ?? err}`);
});

// Node runner: `node --test js/test/node.test.mjs`.
import { test } from 'node:test';
import * as nodeCrypto from 'node:crypto';
import * as api from '../entry/node.mjs';
import { Verifier, wasmMemory } from '../pkg/clerk_edge.js';
import { checkToken } from '../src/check.mjs';
import { nodeCryptoVerifier } from '../src/node-verify.mjs';
import { useSyncVerifier } from '../src/signature.mjs';
import { equal } from './assert.mjs';
import { cases } from './suite.mjs';
import { webhookCases } from './suite-webhooks.mjs';
import { makeWebhookVectors, secretOf } from './webhook-vectors.mjs';
import { keyPair, sessionClaims, signToken } from './tokens.mjs';

for (const c of cases) test(c.name, () => c.run(api));
for (const c of webhookCases(makeWebhookVectors())) test(c.name, () => c.run(api));

// Node only: the signing secret defaults to CLERK_WEBHOOK_SIGNING_SECRET from process.env.
test('verifyWebhook: signingSecret defaults to CLERK_WEBHOOK_SIGNING_SECRET', async () => {
  const v = makeWebhookVectors().find((x) => x.name === 'valid user.created');
  const req = () => new Request('https://x.test/wh', { method: 'POST', headers: v.headers, body: v.body });
  const saved = process.env.CLERK_WEBHOOK_SIGNING_SECRET;
  try {
    delete process.env.CLERK_WEBHOOK_SIGNING_SECRET;
    equal((await api.verifyWebhook(req()).catch((e) => e)).reason, 'webhook-secret-invalid', 'no secret anywhere');
    process.env.CLERK_WEBHOOK_SIGNING_SECRET = v.secret;
    equal((await api.verifyWebhook(req())).type, 'user.created', 'secret from the environment');
    equal((await api.verifyWebhook(req(), { signingSecret: secretOf(24, 9) }).catch((e) => e)).reason, 'webhook-invalid-signature', 'the option wins over the environment');
  } finally {
    if (saved === undefined) delete process.env.CLERK_WEBHOOK_SIGNING_SECRET;
    else process.env.CLERK_WEBHOOK_SIGNING_SECRET = saved;
  }
});

// Node only: the fast path reads the check's answer through views of wasm memory. When the memory
// grows, those views detach; the next check must notice and rebuild them (via node:crypto and WebCrypto).
test('verifyToken: still correct after wasm memory grows between calls', async () => {
  const { pem } = await keyPair('RS256');
  const options = { jwtKey: pem, skipVerifiedTokenCache: true };
  try {
    for (const sync of [true, false]) {
      useSyncVerifier(sync ? nodeCryptoVerifier(nodeCrypto) : null);
      for (let i = 0; i < 3; i++) {
        const before = wasmMemory().buffer.byteLength;
        wasmMemory().grow(1);
        equal(wasmMemory().buffer.byteLength, before + 65536, 'memory grew');
        const token = await signToken(sessionClaims({ sub: `user_grow${i}` }));
        equal((await api.verifyToken(token, options)).sub, `user_grow${i}`, `sync=${sync} round ${i}`);
        const [h, p] = token.split('.');
        const other = (await signToken(sessionClaims({ sub: 'x' }))).split('.')[2];
        wasmMemory().grow(1);
        const err = await api.verifyToken(`${h}.${p}.${other}`, options).catch((e) => e);
        equal(err.reason, 'token-invalid-signature', `sync=${sync} round ${i}: forged after growth`);
      }
    }
  } finally {
    useSyncVerifier(nodeCryptoVerifier(nodeCrypto));
  }
});

// Node only: when node:crypto cannot answer on a key's first use, the views of wasm memory the caller
// holds may be stale (loading the key allocates there), so the verifier says "start over" (undefined)
// instead of "ask WebCrypto" (null); verifyToken then takes the async path and still gets it right.
test('node:crypto verifier: a key it cannot use restarts the first call and defers later ones', async () => {
  const { pem } = await keyPair('RS256', 'node-verifier');
  const token = await signToken(sessionClaims({ sub: 'user_nodeverifier' }), { key: 'node-verifier' });
  const verifier = new Verifier({ jwtKey: pem });
  try {
    const cannotLoad = nodeCryptoVerifier({ createPublicKey() { throw new Error('unsupported key'); }, verify() { throw new Error('not reached'); } });
    equal(cannotLoad(checkToken(verifier, token, Date.now())), undefined, 'key fails to load: first call starts over');
    equal(cannotLoad(checkToken(verifier, token, Date.now())), null, 'then: defer to WebCrypto');
    const cannotVerify = nodeCryptoVerifier({ createPublicKey: nodeCrypto.createPublicKey, verify() { throw new Error('cannot verify'); } });
    equal(cannotVerify(checkToken(verifier, token, Date.now())), undefined, 'verify throws on first use: start over');
    equal(cannotVerify(checkToken(verifier, token, Date.now())), null, 'verify throws later: defer to WebCrypto');
    for (const sync of [cannotLoad, cannotVerify]) {
      useSyncVerifier(sync);
      const claims = await api.verifyToken(token, { jwtKey: pem, skipVerifiedTokenCache: true });
      equal(claims.sub, 'user_nodeverifier', 'verifyToken answers through the fallback');
      const [h, p] = token.split('.');
      const forged = `${h}.${p}.${(await signToken(sessionClaims(), { key: 'node-verifier' })).split('.')[2]}`;
      const err = await api.verifyToken(forged, { jwtKey: pem, skipVerifiedTokenCache: true }).catch((e) => e);
      equal(err.reason, 'token-invalid-signature', 'and still rejects a forged signature');
    }
  } finally {
    useSyncVerifier(nodeCryptoVerifier(nodeCrypto));
    verifier.free();
  }
});

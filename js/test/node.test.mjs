// Node runner: `node --test js/test/node.test.mjs`.
import { test } from 'node:test';
import * as api from '../entry/node.mjs';
import { cases } from './suite.mjs';

for (const c of cases) test(c.name, () => c.run(api));

// Node only: the fast path reads the check's answer through views of wasm memory. When the memory
// grows, those views detach; the next check must notice and rebuild them (via node:crypto and WebCrypto).
test('verifyToken: still correct after wasm memory grows between calls', async () => {
  const { wasmMemory } = await import('../pkg/clerk_edge.js');
  const { useSyncVerifier } = await import('../src/signature.mjs');
  const { nodeCryptoVerifier } = await import('../src/node-verify.mjs');
  const nodeCrypto = await import('node:crypto');
  const { equal } = await import('./assert.mjs');
  const { keyPair, sessionClaims, signToken } = await import('./tokens.mjs');
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

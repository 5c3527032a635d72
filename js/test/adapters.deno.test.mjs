// Deno runner of the adapter cases:
// `deno test --allow-read --allow-env --allow-net=127.0.0.1:9 js/test/adapters.deno.test.mjs`
// (127.0.0.1:9: the unreachable JWKS of the outage case). Also: settings from Deno.env.
import * as api from '../entry/node.mjs';
import denoServer from '../../examples/deno/main.js';
import { adapterCases } from './suite-adapters.mjs';
import { keyPair, sessionClaims, signToken } from './tokens.mjs';

for (const c of adapterCases) Deno.test(c.name, () => c.run(api));

Deno.test('examples/deno: settings come from Deno.env', async () => {
  Deno.env.set('CLERK_PUBLISHABLE_KEY', 'pk_test_' + btoa('clerk.example.com$'));
  Deno.env.set('CLERK_JWT_KEY', (await keyPair('RS256')).pem);
  try {
    const token = await signToken(sessionClaims({ sub: 'user_deno_env' }));
    const info = { remoteAddr: { transport: 'tcp', hostname: '127.0.0.1', port: 1 } };
    const res = await denoServer.fetch(new Request('https://x.test/api/me', { headers: { authorization: `Bearer ${token}` } }), info);
    const body = await res.json();
    if (body.userId !== 'user_deno_env') throw new Error(`expected user_deno_env, got ${JSON.stringify(body)}`);
  } finally {
    Deno.env.delete('CLERK_PUBLISHABLE_KEY');
    Deno.env.delete('CLERK_JWT_KEY');
  }
});

// verifyToken cases for the shared suite (run in Node, Deno, edge-runtime and workerd).
import { equal, ok, rejectsWithReason } from './assert.mjs';
import { keyPair, rawToken, sessionClaims, signToken } from './tokens.mjs';

const now = () => Math.floor(Date.now() / 1000);
const APP = 'https://app.example.com';

async function expectReason(api, token, options, reason, what) {
  const { pem } = await keyPair('RS256');
  return rejectsWithReason(() => api.verifyToken(token, { jwtKey: pem, ...options }), reason, what);
}

export const verifyCases = [
  {
    name: 'verifyToken: valid RS256 session token (PEM, bare body and JWK key forms)',
    async run(api) {
      const { pem, bare, jwk } = await keyPair('RS256');
      const token = await signToken(sessionClaims());
      for (const jwtKey of [pem, bare, jwk]) {
        const claims = await api.verifyToken(token, { jwtKey, authorizedParties: [APP] });
        equal(claims.sub, 'user_2fTqBWk7u9wG5sNq', 'sub');
        equal(claims.sid, 'sess_2fTqC3xHs1Qb8wYtZ', 'sid');
        equal(claims.azp, APP, 'azp');
      }
    },
  },
  {
    name: 'verifyToken: a jwtKey pasted on one line, with literal \\n / \\r\\n, quotes or whitespace is the same key',
    async run(api) {
      const { pem } = await keyPair('RS256');
      const lines = pem.trim().split('\n');
      const token = await signToken(sessionClaims());
      const shapes = [
        lines.join(''), lines.join(' '), `  ${lines.join('')}\n`, `"${lines.join('')}"`, `'${lines.join(' ')}'`,
        lines.join('\\n'), `${lines.join('\\r\\n')}\\r\\n`, `"${lines.join('\\n')}"`, ` '${lines.join('\r\n')}' `,
      ];
      for (const jwtKey of shapes) {
        const claims = await api.verifyToken(token, { jwtKey, skipVerifiedTokenCache: true });
        equal(claims.sub, 'user_2fTqBWk7u9wG5sNq', `accepted: ${JSON.stringify(jwtKey.slice(0, 40))}`);
      }
      const broken = lines.join('').replace('MII', 'M!I');
      await rejectsWithReason(() => api.verifyToken(token, { jwtKey: broken }), 'jwk-failed-to-resolve', 'damaged one-line pem');
      await rejectsWithReason(() => api.verifyToken(token, { jwtKey: `"${lines.join('')}'` }), 'jwk-failed-to-resolve', 'mismatched quotes');
    },
  },
  {
    name: 'verifyToken: ES256 and EdDSA template tokens, custom claims kept',
    async run(api) {
      for (const alg of ['ES256', 'EdDSA']) {
        const { pem } = await keyPair(alg);
        const token = await signToken(sessionClaims({ plan: 'pro', roles: ['a', 'b'] }), { alg });
        const claims = await api.verifyToken(token, { jwtKey: pem });
        equal(claims.plan, 'pro', `${alg} custom claim`);
        equal(claims.roles.length, 2, `${alg} array claim`);
      }
    },
  },
  {
    name: 'verifyToken: time claims (exp, nbf, iat) with clock skew',
    async run(api) {
      const t = now();
      await expectReason(api, await signToken(sessionClaims({ exp: t - 10 })), {}, 'token-expired', 'expired');
      await expectReason(api, await signToken(sessionClaims({ nbf: t + 60 })), {}, 'token-not-active-yet', 'nbf');
      await expectReason(api, await signToken(sessionClaims({ iat: t + 60 })), {}, 'token-iat-in-the-future', 'iat');
      const { pem } = await keyPair('RS256');
      const slightlyExpired = await signToken(sessionClaims({ exp: t - 2 }));
      ok((await api.verifyToken(slightlyExpired, { jwtKey: pem })).sub, 'within the default 5 s skew');
      await expectReason(api, slightlyExpired, { clockSkewInMs: 0 }, 'token-expired', 'no skew');
      for (const exp of ['9999999999', null, { n: 1 }, true, 1e300]) {
        await expectReason(api, await signToken(sessionClaims({ exp })), {}, 'token-verification-failed', `exp ${JSON.stringify(exp)}`);
      }
      await expectReason(api, await signToken(sessionClaims({ exp: -1e20 })), {}, 'token-expired', 'exp -1e20');
      await expectReason(api, await signToken(sessionClaims({ exp: undefined })), {}, 'token-verification-failed', 'no exp');
    },
  },
  {
    name: 'verifyToken: authorized parties and audience',
    async run(api) {
      const token = await signToken(sessionClaims());
      await expectReason(api, token, { authorizedParties: ['https://evil.example.com'] }, 'token-invalid-authorized-parties', 'azp mismatch');
      await expectReason(api, await signToken(sessionClaims({ azp: undefined })), { authorizedParties: [APP] }, 'token-invalid-authorized-parties', 'azp missing');
      await expectReason(api, token, { audience: 'api' }, 'token-verification-failed', 'aud missing');
      const { pem } = await keyPair('RS256');
      const withAud = await signToken(sessionClaims({ aud: ['x', 'api'] }));
      equal((await api.verifyToken(withAud, { jwtKey: pem, audience: ['api'] })).sub, 'user_2fTqBWk7u9wG5sNq', 'aud match');
      // One options object reused and changed in place: every call sees its current values.
      const options = { jwtKey: pem, authorizedParties: [APP], skipVerifiedTokenCache: true };
      equal((await api.verifyToken(token, options)).azp, APP, 'reused options');
      options.authorizedParties[0] = 'https://evil.example.com';
      await rejectsWithReason(() => api.verifyToken(token, options), 'token-invalid-authorized-parties', 'array changed in place');
      options.authorizedParties = [APP];
      equal((await api.verifyToken(token, options)).azp, APP, 'array replaced');
      options.audience = 'api';
      await rejectsWithReason(() => api.verifyToken(token, options), 'token-verification-failed', 'audience added');
    },
  },
  {
    name: 'verifyToken: algorithm confusion and forged signatures are rejected',
    async run(api) {
      const claims = sessionClaims();
      await expectReason(api, rawToken({ alg: 'none', typ: 'JWT' }, claims), {}, 'token-invalid', 'alg none, empty signature');
      await expectReason(api, rawToken({ alg: 'none', typ: 'JWT' }, claims, 'c2ln'), {}, 'token-invalid-algorithm', 'alg none');
      await expectReason(api, rawToken({ alg: 'HS256', typ: 'JWT' }, claims, 'c2ln'), {}, 'token-invalid-algorithm', 'HS256');
      await expectReason(api, await signToken(claims, { alg: 'ES256' }), {}, 'token-invalid-algorithm', 'ES256 token, RSA key');
      const token = await signToken(claims);
      const [h, p, s] = token.split('.');
      const forgedPayload = btoa(JSON.stringify({ ...claims, sub: 'user_admin' })).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
      await expectReason(api, `${h}.${forgedPayload}.${s}`, {}, 'token-invalid-signature', 'tampered payload');
      await expectReason(api, `${h}.${p}.${s.slice(0, -4)}AAAA`, {}, 'token-invalid-signature', 'tampered signature');
    },
  },
  {
    name: 'verifyToken: malformed tokens, bad keys and bad options have clear reasons',
    async run(api) {
      for (const bad of ['', 'abc', 'a.b', 'a.b.c.d', 'e30.e30.e30=', 'x'.repeat(20000)]) {
        await expectReason(api, bad, {}, 'token-invalid', `token ${bad.slice(0, 12)}`);
      }
      await rejectsWithReason(() => api.verifyToken(undefined, {}), 'token-invalid', 'undefined token');
      const token = await signToken(sessionClaims());
      const err = await rejectsWithReason(() => api.verifyToken(token, { jwtKey: 'not a key' }), 'jwk-failed-to-resolve', 'garbage key');
      ok(!err.message.includes(token.split('.')[2]), 'message does not echo the signature');
      await rejectsWithReason(() => api.verifyToken(token, {}), 'jwk-failed-to-resolve', 'no key');
      await rejectsWithReason(() => api.verifyToken(token, { jwtKey: 'x', clockSkewInMs: -1 }), 'options-invalid', 'negative skew');
    },
  },
  {
    name: 'verifyToken: tokens in flight together, on keys not imported yet, each get their own verdict',
    async run(api) {
      for (const alg of ['RS256', 'ES256']) {
        const { pem } = await keyPair(alg, 'in-flight');
        const tokens = [];
        for (let i = 0; i < 24; i++) {
          const kind = ['valid', 'forged', 'expired'][i % 3];
          const claims = sessionClaims({ sub: `user_${i}`, exp: now() + (kind === 'expired' ? -60 : 60) });
          const token = await signToken(claims, { alg, key: 'in-flight' });
          const [h, p] = token.split('.');
          // A forged token carries another token's valid signature (same length, same key).
          tokens.push({ kind, i, token: kind === 'forged' ? `${h}.${p}.${tokens[0].token.split('.')[2]}` : token });
        }
        // First round: every token needs the key imported (each call awaits it); second: key cached.
        for (const round of ['cold', 'warm']) {
          const settled = await Promise.allSettled(
            tokens.map((t) => api.verifyToken(t.token, { jwtKey: pem, skipVerifiedTokenCache: true })),
          );
          settled.forEach((r, n) => {
            const { kind, i } = tokens[n];
            const what = `${alg} ${round} #${i} (${kind})`;
            if (kind === 'valid') equal(r.status === 'fulfilled' && r.value.sub, `user_${i}`, what);
            else equal(r.reason?.reason, kind === 'forged' ? 'token-invalid-signature' : 'token-expired', what);
          });
        }
      }
    },
  },
  {
    name: 'verifyToken: non-ASCII, lone-surrogate and over-long tokens are token-invalid, valid tokens still pass after them',
    async run(api) {
      const { pem } = await keyPair('RS256');
      const token = await signToken(sessionClaims());
      const [h, p, s] = token.split('.');
      const bad = [`${h}.${p}.${s}é`, `${h}é.${p}.${s}`, `${h}.${p}\ud800.${s}`, '€'.repeat(6000), `${h}.${p}.${s}${'A'.repeat(16384)}`];
      for (const t of bad) {
        await expectReason(api, t, { skipVerifiedTokenCache: true }, 'token-invalid', `token ${JSON.stringify(t.slice(-12))}`);
        const claims = await api.verifyToken(token, { jwtKey: pem, skipVerifiedTokenCache: true });
        equal(claims.sub, 'user_2fTqBWk7u9wG5sNq', 'a valid token after a bad one');
      }
    },
  },
  {
    name: 'verifyToken: a repeated token is answered from the cache with identical claims',
    async run(api) {
      const { pem } = await keyPair('RS256');
      const token = await signToken(sessionClaims({ n: 7 }));
      const first = await api.verifyToken(token, { jwtKey: pem });
      const second = await api.verifyToken(token, { jwtKey: pem });
      const uncached = await api.verifyToken(token, { jwtKey: pem, skipVerifiedTokenCache: true });
      equal(JSON.stringify(second), JSON.stringify(first), 'cached claims');
      equal(JSON.stringify(uncached), JSON.stringify(first), 'uncached claims');
      second.n = 8;
      equal((await api.verifyToken(token, { jwtKey: pem })).n, 7, 'callers cannot mutate the cache');
      await expectReason(api, token, { authorizedParties: ['https://other.example.com'] }, 'token-invalid-authorized-parties', 'cache is keyed by options');
    },
  },
];

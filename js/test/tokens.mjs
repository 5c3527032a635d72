// Signs test tokens with the host's WebCrypto (independent of clerk-edge's own code) in any runtime.

const enc = new TextEncoder();
const b64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const b64urlJson = (value) => b64url(enc.encode(typeof value === 'string' ? value : JSON.stringify(value)));

const PARAMS = {
  RS256: { gen: { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, sign: { name: 'RSASSA-PKCS1-v1_5' } },
  ES256: { gen: { name: 'ECDSA', namedCurve: 'P-256' }, sign: { name: 'ECDSA', hash: 'SHA-256' } },
  EdDSA: { gen: { name: 'Ed25519' }, sign: { name: 'Ed25519' } },
};

const pairs = new Map();

/** A key pair for `alg` (memoised per runtime and `label`): `{ alg, privateKey, pem, bare, jwk }`. */
export function keyPair(alg = 'RS256', label = '') {
  const id = `${alg}/${label}`;
  if (!pairs.has(id)) pairs.set(id, generate(alg));
  return pairs.get(id);
}

async function generate(alg) {
  const { privateKey, publicKey } = await crypto.subtle.generateKey(PARAMS[alg].gen, true, ['sign', 'verify']);
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', publicKey));
  const bare = btoa(String.fromCharCode(...spki));
  const pem = `-----BEGIN PUBLIC KEY-----\n${bare.match(/.{1,64}/g).join('\n')}\n-----END PUBLIC KEY-----\n`;
  const jwk = await crypto.subtle.exportKey('jwk', publicKey);
  return { alg, privateKey, pem, bare, jwk: JSON.stringify({ kty: jwk.kty, n: jwk.n, e: jwk.e, crv: jwk.crv, x: jwk.x, y: jwk.y }) };
}

/** Clerk-shaped session claims valid now, with `overrides` applied (a value of `undefined` deletes the claim). */
export function sessionClaims(overrides = {}) {
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    azp: 'https://app.example.com', exp: now + 60, iat: now - 5, iss: 'https://clerk.example.com', nbf: now - 10,
    sid: 'sess_2fTqC3xHs1Qb8wYtZ', sub: 'user_2fTqBWk7u9wG5sNq', v: 2, sts: 'active', fva: [3, -1],
  };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete claims[k];
    else claims[k] = v;
  }
  return claims;
}

/** Signs `payload` (object or raw JSON string) with the `alg` test key (`key`: its label); `header` overrides header fields. */
export async function signToken(payload, { alg = 'RS256', header = {}, key = '' } = {}) {
  const { privateKey } = await keyPair(alg, key);
  const input = `${b64urlJson({ alg, typ: 'JWT', kid: 'ins_test', ...header })}.${b64urlJson(payload)}`;
  const sig = await crypto.subtle.sign(PARAMS[alg].sign, privateKey, enc.encode(input));
  return `${input}.${b64url(sig)}`;
}

/** An unsigned token with arbitrary header/payload and signature bytes. */
export function rawToken(header, payload, signature = '') {
  return `${b64urlJson(header)}.${b64urlJson(payload)}.${signature}`;
}

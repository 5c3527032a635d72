// The floor: a bare crypto.subtle.verify per token (key imported once per isolate; split,
// base64url-decode the signature, verify; no header or claim checks, no claims object).
import { benchHandler } from './harness.mjs';

const SUB = { sub: 'user_demo2fTqBWk7u9wG5sNq' };
const encoder = new TextEncoder();
let keyPromise;

function importKey(jwtKey) {
  const der = Uint8Array.from(atob(jwtKey), (c) => c.charCodeAt(0));
  return crypto.subtle.importKey('spki', der, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']);
}

function base64urlDecode(s) {
  const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export default benchHandler(async (token, jwtKey) => {
  keyPromise ??= importKey(jwtKey);
  const key = await keyPromise;
  const dot = token.lastIndexOf('.');
  const ok = await crypto.subtle.verify('RSASSA-PKCS1-v1_5', key, base64urlDecode(token.slice(dot + 1)), encoder.encode(token.slice(0, dot)));
  if (!ok) throw new Error('bad signature');
  return SUB;
});

// verifyToken over the wasm Verifier: one Verifier per distinct options, and the verified-token
// cache on this side of the boundary so a repeated token never enters wasm.
import { Verifier, invalidSignatureError } from '../pkg/clerk_edge.js';
import { reasonError } from './errors.mjs';
import { checkToken } from './check.mjs';
import { signatureCheck } from './signature.mjs';

/** Most distinct option sets kept (each holds a parsed key). */
const MAX_VERIFIERS = 16;
/** Most verified tokens kept per realm. */
const MAX_VERIFIED = 1024;

/** jwtKey → (other verdict-affecting options, serialised) → Verifier. */
const verifiers = new Map();
let verifierCount = 0;
/** token → Map(Verifier → { text, validUntil }). */
const verified = new Map();

const storeIds = new WeakMap();
let nextStoreId = 1;

/** A stable number per store object (stores are compared by identity). */
function storeId(store) {
  if (store == null || (typeof store !== 'object' && typeof store !== 'function')) return store;
  let id = storeIds.get(store);
  if (id === undefined) storeIds.set(store, (id = nextStoreId++));
  return `store#${id}`;
}

/** The option fields that select a Verifier, read once per call. */
function optionFields(options) {
  return [
    options?.jwtKey, options?.authorizedParties, options?.audience, options?.clockSkewInMs,
    options?.secretKey, options?.publishableKey, options?.apiUrl, options?.apiVersion,
    options?.skipJwksCache, options?.jwksStore,
  ];
}

/** Field lists equal by identity, arrays compared element by element (they may be mutated in place). */
function sameFields(a, b) {
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y && !Array.isArray(x)) continue;
    if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
    for (let j = 0; j < x.length; j++) if (x[j] !== y[j]) return false;
  }
  return true;
}

/** The fields of the last options seen (arrays copied) and their Verifier. */
let last = null;

/**
 * The Verifier for these options: the last one when the fields are the same as last time (the usual
 * case: one configuration, often a fresh object literal per call), else looked up by value.
 */
function verifierFor(options) {
  const isObject = options != null && typeof options === 'object';
  if (isObject && last !== null && sameFields(optionFields(options), last.fields)) return last.verifier;
  const verifier = verifierByValue(options);
  if (isObject) {
    const fields = optionFields(options).map((f) => (Array.isArray(f) ? [...f] : f));
    last = { fields, verifier };
  }
  return verifier;
}

/** The Verifier for these options, created on first use (throws ClerkEdgeError for bad keys/options). */
function verifierByValue(options) {
  if (options != null && typeof options !== 'object') {
    throw reasonError('options-invalid', 'options must be an object');
  }
  const jwtKey = options?.jwtKey;
  let rest;
  try {
    rest = JSON.stringify([
      options?.authorizedParties, options?.audience, options?.clockSkewInMs,
      options?.secretKey, options?.publishableKey, options?.apiUrl, options?.apiVersion,
      options?.skipJwksCache, storeId(options?.jwksStore),
    ]);
  } catch {
    throw reasonError('options-invalid', 'options could not be read');
  }
  let byRest = verifiers.get(jwtKey);
  let verifier = byRest?.get(rest);
  if (verifier !== undefined) return verifier;
  verifier = new Verifier(options);
  if (verifierCount >= MAX_VERIFIERS) {
    last = null;
    for (const m of verifiers.values()) for (const v of m.values()) v.free();
    verifiers.clear();
    verified.clear();
    verifierCount = 0;
    byRest = undefined;
  }
  if (byRest === undefined) verifiers.set(jwtKey, (byRest = new Map()));
  byRest.set(rest, verifier);
  verifierCount += 1;
  return verifier;
}

function remember(token, verifier, text, claims, now) {
  const validUntil = claims.exp * 1000 + verifier.clockSkewInMs;
  if (!(validUntil > now)) return;
  if (verified.size >= MAX_VERIFIED && !verified.has(token)) {
    for (const [t, byVerifier] of verified) {
      for (const [v, entry] of byVerifier) if (!(now < entry.validUntil)) byVerifier.delete(v);
      if (byVerifier.size === 0) verified.delete(t);
    }
    if (verified.size >= MAX_VERIFIED) verified.clear();
  }
  let byVerifier = verified.get(token);
  if (byVerifier === undefined) verified.set(token, (byVerifier = new Map()));
  byVerifier.set(verifier, { text, validUntil });
}

/**
 * Verifies a Clerk session token like @clerk/backend's `verifyToken(token, options)`.
 * Resolves to the token's claims; rejects with an Error carrying `.reason` and `.message`.
 * Verified tokens are cached per realm until `exp` + clock skew (`skipVerifiedTokenCache: true` bypasses it).
 */
export async function verifyToken(token, options) {
  if (typeof token !== 'string' || token === '') {
    throw reasonError('token-invalid', 'no session token was provided');
  }
  const verifier = verifierFor(options);
  const useCache = options?.skipVerifiedTokenCache !== true;
  if (useCache) {
    const hit = verified.get(token)?.get(verifier);
    if (hit !== undefined && Date.now() < hit.validUntil) return JSON.parse(hit.text);
  }
  // Fast path: the core checks everything but the signature synchronously, and the signature is
  // checked from here. The core's async `verify` handles tokens whose keys are not in memory yet
  // (JWKS fetch or store read), over-long tokens, and the rare key forgotten in between.
  const checked = checkToken(verifier, token, Date.now());
  let text;
  if (checked === undefined) {
    text = await verifier.verify(token);
  } else {
    let valid = signatureCheck(checked);
    if (typeof valid === 'object' && valid !== null) valid = await valid;
    if (valid === undefined) text = await verifier.verify(token);
    else if (!valid) throw invalidSignatureError();
    else if (checked.claimsError !== undefined) throw checked.claimsError;
    else text = checked.payload;
  }
  const claims = JSON.parse(text);
  if (useCache) remember(token, verifier, text, claims, Date.now());
  return claims;
}

// Signature checks for tokens the wasm core has already parsed and checked (./check.mjs): the
// host's WebCrypto with one imported CryptoKey per key and algorithm, or the core's pure-Rust
// verifier when the host cannot import the key (an algorithm it lacks).
//
// `checked.signature` and `checked.signingInput` are views into wasm memory, valid until the next
// call into wasm: they are used at once (WebCrypto copies its inputs when called) or copied first.
import { keySpki, verifySignatureInRust } from '../pkg/clerk_edge.js';
import { ALG_STRIDE as ALGS, IMPORT_PARAMS, LAST_RSA, VERIFY_PARAMS } from '../generated/contract.mjs';

/** Most imported keys kept; cleared when full (keys rotate rarely). */
const MAX_CRYPTO_KEYS = 64;

/**
 * keyId * ALGS + alg → CryptoKey, or null when the host cannot import it.
 * Only settled values are kept, never promises: workerd forbids sharing a pending promise
 * between requests, so two concurrent first uses of a key each import it once.
 */
const cryptoKeys = new Map();
const subtle = globalThis.crypto?.subtle;
/** A synchronous verifier the entry may install (Node: node:crypto); `null` answers defer to WebCrypto. */
let syncVerifier = null;

/**
 * Whether the signature is valid: `true`/`false`, `undefined` when the core forgot the key meanwhile
 * (start over), or a promise of one of those when WebCrypto must answer. Synchronous whenever it can
 * be (Node's verifier, the pure-Rust fallback), and a bare `subtle.verify` promise for a known key.
 */
export function signatureCheck(checked) {
  if (syncVerifier !== null) {
    const valid = syncVerifier(checked);
    if (valid !== null) return valid;
  }
  const key = cryptoKeys.get(checked.keyId * ALGS + checked.alg);
  if (key === null) return inRust(checked);
  if (key === undefined) return signatureValid(copied(checked));
  if (checked.alg <= LAST_RSA) {
    // A rejection here is a host failure, not a verdict: `undefined` makes the caller start over.
    return subtle.verify(VERIFY_PARAMS[checked.alg], key, checked.signature, checked.signingInput).catch(() => undefined);
  }
  // Some hosts reject instead of answering false (e.g. an ECDSA signature of the wrong length);
  // the pure-Rust verifier then answers, from copies taken now.
  const own = copied(checked);
  return subtle.verify(VERIFY_PARAMS[own.alg], key, own.signature, own.signingInput).catch(() => inRust(own));
}

/** `checked` with its byte views copied out of wasm memory (for use after other wasm calls or an await). */
export function copied(checked) {
  return { ...checked, signature: checked.signature.slice(), signingInput: checked.signingInput.slice() };
}

/** Installs (or, with `null`, removes) a synchronous signature verifier tried before WebCrypto. */
export function useSyncVerifier(verifier) {
  syncVerifier = verifier;
}

async function importKey(keyId, alg) {
  const spki = keySpki(keyId);
  if (spki === undefined) return undefined;
  let key = null;
  if (subtle !== undefined) {
    try {
      key = await subtle.importKey('spki', spki, IMPORT_PARAMS[alg], false, ['verify']);
    } catch {
      key = null;
    }
  }
  if (cryptoKeys.size >= MAX_CRYPTO_KEYS) cryptoKeys.clear();
  cryptoKeys.set(keyId * ALGS + alg, key);
  return key;
}

/** The pure-Rust verdict (copies the views first: passing them in allocates in wasm memory). */
function inRust(checked) {
  const { keyId, alg, signature, signingInput } = copied(checked);
  return verifySignatureInRust(keyId, alg, signature, signingInput);
}

/**
 * The WebCrypto answer for a key not imported yet (imports it first); `undefined` in the
 * rare case the core forgot the key meanwhile (more than 256 keys seen), so the caller starts over.
 * `checked` must own its bytes (see `copied`): they are used after an await.
 */
async function signatureValid(checked) {
  let key = cryptoKeys.get(checked.keyId * ALGS + checked.alg);
  if (key === undefined) {
    key = await importKey(checked.keyId, checked.alg);
    if (key === undefined) return undefined;
  }
  if (key === null) return inRust(checked);
  try {
    return await subtle.verify(VERIFY_PARAMS[checked.alg], key, checked.signature, checked.signingInput);
  } catch {
    // Some hosts throw instead of answering false (e.g. an ECDSA signature of the wrong length).
    return inRust(checked);
  }
}

// Node's synchronous node:crypto verification for tokens the wasm core has already checked
// (./check.mjs). In Node, WebCrypto's `subtle.verify` runs on the libuv thread pool, and that
// hop costs more than the RSA verification itself; node:crypto's `verify` answers on the spot.
// Used by the Node entry only (Deno, workerd and edge runtimes keep WebCrypto).
import { keySpki } from '../pkg/clerk_edge.js';
import { copied } from './signature.mjs';
import { ES256, NODE_HASHES as HASHES } from '../generated/contract.mjs';

/** Most key objects kept; cleared when full (keys rotate rarely). */
const MAX_KEYS = 64;

/**
 * A synchronous verifier over Node's `crypto` module: `true`/`false` for the signature, `undefined`
 * when the caller must start over (the core forgot the key meanwhile, or node:crypto cannot answer on
 * a key's first use), `null` when node:crypto cannot answer (the caller then uses WebCrypto or the
 * core's pure-Rust verifier).
 */
export function nodeCryptoVerifier(crypto) {
  const keys = new Map(); // keyId → KeyObject, or null when node:crypto cannot load it
  return (checked) => {
    let key = keys.get(checked.keyId);
    // When node:crypto cannot answer, the caller goes on to WebCrypto with its own views of wasm
    // memory; after keySpki (which allocates there) those may be stale, so it starts over instead.
    let cannotAnswer = null;
    if (key === undefined) {
      checked = copied(checked);
      cannotAnswer = undefined;
      const spki = keySpki(checked.keyId);
      if (spki === undefined) return undefined;
      try {
        key = crypto.createPublicKey({ key: spki, format: 'der', type: 'spki' });
      } catch {
        key = null;
      }
      if (keys.size >= MAX_KEYS) keys.clear();
      keys.set(checked.keyId, key);
    }
    if (key === null) return cannotAnswer;
    try {
      const keyInput = checked.alg === ES256 ? { key, dsaEncoding: 'ieee-p1363' } : key;
      return crypto.verify(HASHES[checked.alg], checked.signingInput, keyInput, checked.signature);
    } catch {
      return cannotAnswer;
    }
  };
}

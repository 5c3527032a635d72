// Instantiates the wasm module once per realm from a WebAssembly.Module or its bytes.
import { initSync, setSignatureDriver } from '../pkg/clerk_edge.js';
import { signatureCheck } from './signature.mjs';

let initialized = false;

/** Instantiates clerk-edge's wasm from a `WebAssembly.Module`, an `ArrayBuffer` or a `Uint8Array` (idempotent). */
export function initClerkEdge(moduleOrBytes) {
  if (initialized) return;
  if (moduleOrBytes == null) {
    throw new TypeError('initClerkEdge: pass the WebAssembly.Module or bytes of clerk_edge_bg.wasm');
  }
  initSync({ module: moduleOrBytes });
  // Every signature the core asks about goes through the package's one driver and key cache.
  setSignatureDriver((keyId, alg, signature, signingInput) => signatureCheck({ keyId, alg, signature, signingInput }));
  initialized = true;
}

// The wasm core's synchronous check (everything but the signature), called through buffers in wasm
// memory: the token goes in with TextEncoder.encodeInto and the answer comes back as fixed words,
// so a check allocates no JS strings or byte copies on the way in and only the payload text on the
// way out. The status codes and the word layout come from the generated contract (src/js_contract.rs).
import { checkBuffer, checkOutput, takeCheckError, wasmMemory } from '../pkg/clerk_edge.js';
import {
  FAILED, NEEDS_KEYS, OUTPUT_WORDS, READY_CLAIMS_FAILED, WORD_ALG, WORD_KEY_ID, WORD_PAYLOAD_LEN, WORD_PAYLOAD_PTR,
  WORD_SIGNATURE_LEN, WORD_SIGNATURE_PTR, WORD_SIGNING_INPUT_LEN, WORD_SIGNING_INPUT_PTR,
} from '../generated/contract.mjs';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

let memory = null;
/** Views over wasm memory; a detached view (memory grew) has byteLength 0 and is rebuilt. */
let bytes = new Uint8Array(0);
let words = new Uint32Array(0);
let input = new Uint8Array(0);
let inputAddress = 0;
let inputCapacity = 0;

function refreshViews() {
  memory ??= wasmMemory();
  bytes = new Uint8Array(memory.buffer);
  words = new Uint32Array(memory.buffer, checkOutput(), OUTPUT_WORDS);
  input = bytes.subarray(inputAddress, inputAddress + inputCapacity);
}

/**
 * Checks `token` with `verifier` at `now` up to its signature. Returns
 * `{ keyId, alg, signature, signingInput, payload, claimsError }` — `signature` and `signingInput`
 * are views into wasm memory, valid only until the next call into wasm — or `undefined` when the
 * keys are not in memory or the token is too long for the buffer (then use the async `verify`).
 * Throws the core's error (with `.reason`) for tokens rejected before the signature check.
 */
export function checkToken(verifier, token, now) {
  const needed = token.length * 3;
  if (needed > inputCapacity) {
    const address = checkBuffer(needed);
    if (address === 0) return undefined;
    inputAddress = address;
    inputCapacity = needed;
    refreshViews();
  } else if (input.byteLength === 0) {
    refreshViews();
  }
  const { written } = encoder.encodeInto(token, input);
  const status = verifier.checkBuffered(written, now);
  if (status === NEEDS_KEYS) return undefined;
  if (status === FAILED) throw takeCheckError();
  const claimsError = status === READY_CLAIMS_FAILED ? takeCheckError() : undefined;
  if (words.byteLength === 0) refreshViews();
  const w = words;
  return {
    keyId: w[WORD_KEY_ID],
    alg: w[WORD_ALG],
    signature: bytes.subarray(w[WORD_SIGNATURE_PTR], w[WORD_SIGNATURE_PTR] + w[WORD_SIGNATURE_LEN]),
    signingInput: bytes.subarray(w[WORD_SIGNING_INPUT_PTR], w[WORD_SIGNING_INPUT_PTR] + w[WORD_SIGNING_INPUT_LEN]),
    payload: decoder.decode(bytes.subarray(w[WORD_PAYLOAD_PTR], w[WORD_PAYLOAD_PTR] + w[WORD_PAYLOAD_LEN])),
    claimsError,
  };
}

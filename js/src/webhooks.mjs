// verifyWebhook, @clerk/backend-style: the checks are one wasm call (src/webhooks in the Rust core).
import * as wasm from '../pkg/clerk_edge.js';
import { reasonError } from './errors.mjs';

const ENV_NAME = 'CLERK_WEBHOOK_SIGNING_SECRET';

/** `CLERK_WEBHOOK_SIGNING_SECRET` from `process.env` or `Deno.env`, when the runtime exposes and allows it. */
function secretFromEnv() {
  try {
    const value = globalThis.process?.env?.[ENV_NAME];
    if (typeof value === 'string') return value;
  } catch {
    // process.env may be a throwing proxy; treat it as unset.
  }
  try {
    const value = globalThis.Deno?.env?.get(ENV_NAME);
    if (typeof value === 'string') return value;
  } catch {
    // Deno without --allow-env throws; treat it as unset.
  }
  return undefined;
}

/**
 * Verifies a Clerk (Svix / Standard Webhooks) webhook request and resolves to its parsed event
 * (`{ type, object, data, timestamp, instance_id, … }`). Reads the body once, as raw bytes.
 * Rejects with a `ClerkEdgeError` whose `.reason` is a `webhook-*` code.
 */
export async function verifyWebhook(request, options = {}) {
  if (!request || typeof request.headers?.entries !== 'function' || typeof request.arrayBuffer !== 'function') {
    throw reasonError('options-invalid', 'verifyWebhook expects a Request');
  }
  const signingSecret = options?.signingSecret ?? secretFromEnv();
  if (signingSecret !== undefined && typeof signingSecret !== 'string') {
    throw reasonError('options-invalid', 'signingSecret must be a string');
  }
  const body = new Uint8Array(await request.arrayBuffer());
  return wasm.verifyWebhook([...request.headers], body, signingSecret);
}

// verifyWebhook, @clerk/backend-style: the checks are one wasm call (src/webhooks in the Rust core).
import * as wasm from '../pkg/clerk_edge.js';
import { readEnv } from './env.mjs';
import { reasonError } from './errors.mjs';

const ENV_NAME = 'CLERK_WEBHOOK_SIGNING_SECRET';

/**
 * Verifies a Clerk (Svix / Standard Webhooks) webhook request and resolves to its parsed event
 * (`{ type, object, data, timestamp, instance_id, … }`). Reads the body once, as raw bytes.
 * Rejects with a `ClerkEdgeError` whose `.reason` is a `webhook-*` code.
 */
export async function verifyWebhook(request, options = {}) {
  if (!request || typeof request.headers?.entries !== 'function' || typeof request.arrayBuffer !== 'function') {
    throw reasonError('options-invalid', 'verifyWebhook expects a Request');
  }
  const signingSecret = options?.signingSecret ?? readEnv(ENV_NAME);
  if (signingSecret !== undefined && typeof signingSecret !== 'string') {
    throw reasonError('options-invalid', 'signingSecret must be a string');
  }
  const body = new Uint8Array(await request.arrayBuffer());
  return wasm.verifyWebhook([...request.headers], body, signingSecret);
}

// The package's public API over the wasm exports. Every entry re-exports this module
// after it has instantiated the wasm module for its runtime.
import * as wasm from '../pkg/clerk_edge.js';
import { reasonError } from './errors.mjs';

export { verifyToken } from './verify.mjs';
export { authenticateRequest } from './request.mjs';
export { withAuth, requireAuth } from './adapters.mjs';
export { createClerkClient, paginate } from './backend.mjs';
export { verifyWebhook } from './webhooks.mjs';
export { clerkFrontendApiProxy } from './proxy.mjs';

/** Parses a Clerk publishable key into `{ frontendApi, instanceType }`; throws an Error with `.reason`. */
export function parsePublishableKey(publishableKey) {
  if (typeof publishableKey !== 'string') {
    throw reasonError('publishable-key-missing', 'publishable key must be a string');
  }
  return wasm.parsePublishableKey(publishableKey);
}

/** Clerk's cookie-name suffix for a publishable key (cookies are named `__session_<suffix>`). */
export function cookieSuffix(publishableKey) {
  return wasm.cookieSuffix(String(publishableKey));
}

/** The version of the Rust core compiled into the wasm module. */
export function version() {
  return wasm.version();
}


// clerk-edge/hono: @clerk/hono's clerkMiddleware() and getAuth(c), on the package's core. Hono itself
// is not imported: the middleware only uses the context it is handed (c.req.raw, c.env, c.set, c.res).
import { authenticateAndDecide, withHeaders } from './adapters.mjs';
import { createClerkClient } from './backend.mjs';
import { reasonError } from './errors.mjs';

/** The decided state and pending default of each request context the middleware saw. */
const CONTEXTS = new WeakMap();
/** The Backend API client of the last secret key, API URL and version. */
let client = { key: undefined, value: undefined };

/** `createClerkClient` for these options (one per configuration in a row); `undefined` without a secret key. */
function clientFor({ secretKey, apiUrl, apiVersion }) {
  if (!secretKey) return undefined;
  const key = JSON.stringify([secretKey, apiUrl, apiVersion]);
  if (client.key !== key) client = { key, value: createClerkClient({ secretKey, apiUrl, apiVersion }) };
  return client.value;
}

/**
 * Authenticates every request (options from `c.env`, then the process environment, official names);
 * answers handshakes (307) and key outages (503) as the guard does and never blocks otherwise.
 * Sets `c.get('clerkAuth')` and, with a secret key, `c.get('clerk')` (createClerkClient), as @clerk/hono does.
 */
export function clerkMiddleware(options) {
  if (options != null && typeof options !== 'object') throw reasonError('options-invalid', 'options must be an object');
  return async function clerkEdgeMiddleware(c, next) {
    const outcome = await authenticateAndDecide(c.req.raw, options, c.env, false);
    if (outcome.response) return outcome.response;
    CONTEXTS.set(c, outcome);
    c.set('clerkAuth', outcome.auth);
    c.set('clerk', clientFor(outcome.options));
    await next();
    // A resolved handshake's cookies go on whatever answered (an immutable response is copied; the
    // copy replaces it without Hono's header merge, which would duplicate its Set-Cookie).
    const res = withHeaders(c.res, outcome.headers);
    if (res !== c.res) {
      c.res = undefined;
      c.res = res;
    }
  };
}

/**
 * The auth object of the request (`userId: null` when signed out); `treatPendingAsSignedOut`
 * overrides the middleware's setting. Throws when clerkMiddleware() did not run for this request.
 */
export function getAuth(c, options) {
  const outcome = CONTEXTS.get(c);
  if (outcome === undefined) throw reasonError('clerk-middleware-missing', 'getAuth(c) needs app.use(clerkMiddleware()) before this route');
  if (options?.treatPendingAsSignedOut === undefined) return outcome.auth;
  return outcome.state.toAuth({ treatPendingAsSignedOut: options.treatPendingAsSignedOut });
}

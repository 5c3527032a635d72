// The guard's job written with @clerk/backend, for bench/guard-wrk.mjs (bundled by esbuild into
// bench/.build/clerk-backend-guard.mjs): `authenticateRequest(request, { publishableKey, jwtKey,
// authorizedParties })` (Bearer header or the browser's cookies), then strip incoming x-clerk-* headers
// and forward to the origin with x-clerk-user-id / x-clerk-session-id. A handshake is answered 307 with
// the state's headers; signed-out is a 307 to the sign-in page for a page navigation (as the guard does)
// and a 401 JSON otherwise. GET /__clerk_edge/health is answered here. Telemetry is off (loopback only).
import { createClerkClient } from '@clerk/backend';

const HEALTH_PATH = '/__clerk_edge/health';
let clerk;
let options;

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === HEALTH_PATH) return Response.json({ status: 'ok' });
    if (!clerk) {
      // Once per isolate, as an app would (the client and its options outlive requests).
      options = {
        publishableKey: env.CLERK_PUBLISHABLE_KEY,
        secretKey: env.CLERK_SECRET_KEY, // required by authenticateRequest; unused on these paths (jwtKey is networkless)
        jwtKey: env.CLERK_JWT_KEY,
        authorizedParties: env.CLERK_AUTHORIZED_PARTIES.split(',').map((s) => s.trim()).filter(Boolean),
      };
      clerk = createClerkClient({ ...options, telemetry: { disabled: true } });
    }
    const state = await clerk.authenticateRequest(request, options);
    if (state.status === 'handshake') return new Response(null, { status: 307, headers: state.headers });
    const auth = state.isAuthenticated ? state.toAuth() : null;
    if (!auth?.userId && isNavigation(request)) {
      const signIn = `${env.CLERK_SIGN_IN_URL}?redirect_url=${encodeURIComponent(request.url)}`;
      return new Response(null, { status: 307, headers: { location: signIn, 'cache-control': 'no-store' } });
    }
    if (!auth?.userId) {
      return Response.json({ status: 'signed-out', reason: state.reason, message: state.message }, { status: 401 });
    }
    const headers = new Headers();
    for (const [name, value] of request.headers) {
      if (name === 'host' || name.startsWith('x-clerk-')) continue;
      headers.append(name, value);
    }
    headers.set('x-clerk-user-id', auth.userId);
    if (auth.sessionId) headers.set('x-clerk-session-id', auth.sessionId);
    return fetch(env.CLERK_ORIGIN_URL + url.pathname + url.search, {
      method: request.method,
      headers,
      body: request.body,
      redirect: 'manual',
    });
  },
};

/** A page navigation: `Sec-Fetch-Dest: document`/`iframe`, or without it an `Accept` starting with text/html. */
function isNavigation(request) {
  const dest = request.headers.get('sec-fetch-dest');
  if (dest) return dest === 'document' || dest === 'iframe';
  return (request.headers.get('accept') ?? '').startsWith('text/html');
}

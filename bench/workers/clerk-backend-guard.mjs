// The guard's job written with @clerk/backend, for bench/guard-wrk.mjs (bundled by esbuild into
// bench/.build/clerk-backend-guard.mjs): take the Bearer token, `verifyToken(token, { jwtKey,
// authorizedParties })`, strip incoming x-clerk-* headers and forward to the origin with
// x-clerk-user-id / x-clerk-session-id; 401 JSON otherwise. GET /__clerk_edge/health is answered here.
import { verifyToken } from '@clerk/backend';

const HEALTH_PATH = '/__clerk_edge/health';

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === HEALTH_PATH) return Response.json({ status: 'ok' });
    const authorization = request.headers.get('authorization') ?? '';
    const token = authorization.startsWith('Bearer ') ? authorization.slice(7).trim() : '';
    let claims;
    try {
      if (!token) throw new Error('session token missing');
      claims = await verifyToken(token, {
        jwtKey: env.CLERK_JWT_KEY,
        authorizedParties: env.CLERK_AUTHORIZED_PARTIES.split(',').map((s) => s.trim()).filter(Boolean),
      });
    } catch (err) {
      return Response.json(
        { status: 'signed-out', reason: err?.reason ?? 'token-invalid', message: String(err?.message ?? err) },
        { status: 401 },
      );
    }
    const headers = new Headers();
    for (const [name, value] of request.headers) {
      if (name === 'host' || name.startsWith('x-clerk-')) continue;
      headers.append(name, value);
    }
    headers.set('x-clerk-user-id', claims.sub);
    if (claims.sid) headers.set('x-clerk-session-id', claims.sid);
    return fetch(env.CLERK_ORIGIN_URL + url.pathname + url.search, {
      method: request.method,
      headers,
      body: request.body,
      redirect: 'manual',
    });
  },
};

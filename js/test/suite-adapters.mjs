// withAuth / requireAuth / clerk-edge/hono cases, run unchanged in Node, Deno, edge-runtime and workerd,
// through the examples in examples/ (the very files the README's recipes show). Settings are handed
// over as a Workers-style `env` argument; each runner also checks its runtime's own environment.
import { deepEqual, equal, ok } from './assert.mjs';
import { keyPair, sessionClaims, signToken } from './tokens.mjs';
import vercelMe from '../../examples/vercel-edge/api/me.js';
import denoServer from '../../examples/deno/main.js';
import honoApp from '../../examples/hono/src/index.js';

const APP = 'https://app.example.com';
const PK = 'pk_test_' + btoa('clerk.example.com$');
const PK_LIVE = 'pk_live_' + btoa('clerk.example.com$');
const USER = 'user_2fTqBWk7u9wG5sNq';
const DB = '__clerk_db_jwt=dvb_1';
const now = () => Math.floor(Date.now() / 1000);

/** The settings of a development instance verified with the test key, as a Worker's `env`. */
async function env(extra = {}) {
  return { CLERK_PUBLISHABLE_KEY: PK, CLERK_JWT_KEY: (await keyPair('RS256')).pem, CLERK_AUTHORIZED_PARTIES: APP, ...extra };
}

const bearer = async (claims = {}) => ({ authorization: `Bearer ${await signToken(sessionClaims(claims))}` });

/** A handler that records its calls and answers with what it saw. */
function recorder() {
  const calls = [];
  const handler = (request, auth, ...rest) => {
    calls.push({ auth, rest });
    return Response.json({ userId: auth.userId, sessionStatus: auth.sessionStatus });
  };
  return { calls, handler };
}

export const adapterCases = [
  {
    name: 'withAuth: a Bearer token reaches the handler with its userId; the extra arguments pass through',
    async run(api) {
      const { calls, handler } = recorder();
      const settings = await env();
      const res = await api.withAuth(handler)(new Request(`${APP}/api/me`, { headers: await bearer() }), settings, 'ctx');
      equal(res.status, 200, 'status');
      deepEqual(await res.json(), { userId: USER, sessionStatus: 'active' }, 'body');
      equal(calls[0].rest[0], settings, 'env');
      equal(calls[0].rest[1], 'ctx', 'ctx');
      ok(calls[0].auth.has({ role: 'org:admin' }) === false, 'has()');
    },
  },
  {
    name: 'requireAuth: an API request without a token gets the guard’s 401 JSON; the handler is not called',
    async run(api) {
      const { calls, handler } = recorder();
      const res = await api.requireAuth(handler)(new Request(`${APP}/api/me`, { headers: { 'sec-fetch-dest': 'empty', cookie: DB } }), await env());
      equal(res.status, 401, 'status');
      const body = await res.json();
      deepEqual(Object.keys(body).sort(), ['message', 'reason', 'status'], 'body members');
      equal(body.status, 'signed-out', 'body.status');
      equal(body.reason, 'session-token-and-uat-missing', 'body.reason');
      equal(body.message, 'no session token was provided', 'body.message');
      equal(res.headers.get('x-clerk-auth-status'), 'signed-out', 'x-clerk-auth-status');
      equal(res.headers.get('x-content-type-options'), 'nosniff', 'nosniff');
      equal(res.headers.get('cache-control'), 'no-store', 'no-store');
      equal(calls.length, 0, 'handler not called');
    },
  },
  {
    name: 'requireAuth: a bad token’s 401 never echoes it; a signed-out page goes to sign-in (307, 303 for a form)',
    async run(api) {
      const { calls, handler } = recorder();
      const guarded = api.requireAuth(handler, { signInUrl: 'https://app.example.com/sign-in' });
      const forged = `${(await signToken(sessionClaims())).slice(0, -8)}AAAAAAAA`;
      const bad = await guarded(new Request(`${APP}/api/me`, { headers: { authorization: `Bearer ${forged}` } }), await env());
      equal(bad.status, 401, 'forged token');
      const text = await bad.text();
      ok(!text.includes(forged.slice(0, 20)), 'no echo');
      equal(JSON.parse(text).reason, 'token-invalid-signature', 'reason');
      const nav = await guarded(new Request(`${APP}/dashboard?tab=1`, { headers: { 'sec-fetch-dest': 'document', cookie: DB } }), await env());
      equal(nav.status, 307, 'navigation');
      equal(nav.headers.get('location'), 'https://app.example.com/sign-in?redirect_url=https%3A%2F%2Fapp.example.com%2Fdashboard%3Ftab%3D1', 'Location');
      const form = await guarded(new Request(`${APP}/settings`, { method: 'POST', body: 'a=1', headers: { 'sec-fetch-dest': 'document', cookie: DB } }), await env());
      equal(form.status, 303, 'form POST');
      const portal = await api.requireAuth(handler)(new Request(`${APP}/`, { headers: { accept: 'text/html', cookie: DB } }), await env());
      ok(portal.headers.get('location').startsWith('https://accounts.example.com/sign-in?redirect_url='), 'default: the Account Portal');
      equal(calls.length, 0, 'handler not called');
    },
  },
  {
    name: 'withAuth: a navigation with an expired session cookie gets the 307 handshake; a fetch goes on signed out',
    async run(api) {
      const { calls, handler } = recorder();
      const wrapped = api.withAuth(handler);
      const settings = await env({ CLERK_PUBLISHABLE_KEY: PK_LIVE });
      const expired = await signToken(sessionClaims({ iat: now() - 120, exp: now() - 60 }));
      const cookie = `__session=${expired}; __client_uat=1`;
      const nav = await wrapped(new Request(`${APP}/dashboard`, { headers: { cookie, 'sec-fetch-dest': 'document' } }), settings);
      equal(nav.status, 307, 'status');
      const location = new URL(nav.headers.get('location'));
      equal(`${location.origin}${location.pathname}`, 'https://clerk.example.com/v1/client/handshake', 'Location');
      equal(location.searchParams.get('redirect_url'), `${APP}/dashboard`, 'redirect_url');
      equal(nav.headers.get('cache-control'), 'no-store', 'no-store');
      ok(nav.headers.getSetCookie().some((c) => c.startsWith('__clerk_redirect_count=1')), 'loop counter');
      equal(nav.headers.get('x-clerk-auth-status'), 'handshake', 'x-clerk-auth-status');
      equal(calls.length, 0, 'handler not called for the handshake');
      const fetched = await wrapped(new Request(`${APP}/api/me`, { headers: { cookie, 'sec-fetch-dest': 'empty' } }), settings);
      equal(fetched.status, 200, 'fetch reaches the handler');
      equal((await fetched.json()).userId, null, 'signed out');
    },
  },
  {
    name: 'withAuth: handshake resolutions — development: 307 to the clean URL; production: the handler’s response carries the cookies',
    async run(api) {
      const { calls, handler } = recorder();
      const session = await signToken(sessionClaims());
      const directives = [`__session=${session}; Path=/`, '__client_uat=1; Path=/'];
      const hs = await signToken({ handshake: directives });
      const dev = await api.withAuth(handler)(new Request(`${APP}/p?x=1&__clerk_handshake=${hs}`, { headers: { 'sec-fetch-dest': 'document' } }), await env());
      equal(dev.status, 307, 'development status');
      equal(dev.headers.get('location'), `${APP}/p?x=1`, 'clean URL');
      deepEqual(dev.headers.getSetCookie(), directives, 'development cookies');
      equal(calls.length, 0, 'handler not called in development');
      // Production: the token comes in a cookie and the request goes on; Response.redirect's headers are
      // immutable, so the adapter copies the response to add the cookies.
      const prod = await api.withAuth(() => Response.redirect(`${APP}/home`, 302))(
        new Request(`${APP}/p`, { headers: { cookie: `__clerk_handshake=${hs}`, 'sec-fetch-dest': 'document' } }),
        await env({ CLERK_PUBLISHABLE_KEY: PK_LIVE }),
      );
      equal(prod.status, 302, 'the handler’s status');
      equal(prod.headers.get('location'), `${APP}/home`, 'the handler’s Location');
      deepEqual(prod.headers.getSetCookie(), directives, 'production cookies');
    },
  },
  {
    name: 'adapters: a session with pending tasks — requireAuth 401 session-pending; withAuth passes it signed out unless told otherwise',
    async run(api) {
      const headers = await bearer({ sts: 'pending' });
      const req = () => new Request(`${APP}/api/me`, { headers });
      const { calls, handler } = recorder();
      const blocked = await api.requireAuth(handler)(req(), await env());
      equal(blocked.status, 401, 'requireAuth');
      equal((await blocked.json()).reason, 'session-pending', 'reason');
      deepEqual(await (await api.withAuth(handler)(req(), await env())).json(), { userId: null, sessionStatus: 'pending' }, 'withAuth');
      const lenient = await api.requireAuth(handler, { treatPendingAsSignedOut: false })(req(), await env());
      deepEqual(await lenient.json(), { userId: USER, sessionStatus: 'pending' }, 'treatPendingAsSignedOut: false');
      const fromEnv = await api.requireAuth(handler)(req(), await env({ CLERK_TREAT_PENDING_AS_SIGNED_OUT: 'false' }));
      equal(fromEnv.status, 200, 'CLERK_TREAT_PENDING_AS_SIGNED_OUT=false');
      equal(calls.length, 3, 'handler calls');
    },
  },
  {
    name: 'adapters: options fall back to the env argument’s official names; explicit options win; bad flags are refused',
    async run(api) {
      const { handler } = recorder();
      const other = await env({ CLERK_AUTHORIZED_PARTIES: 'https://other.example.com, https://third.example.com' });
      const req = async () => new Request(`${APP}/api/me`, { headers: await bearer() });
      const refused = await api.requireAuth(handler)(await req(), other);
      equal((await refused.json()).reason, 'token-invalid-authorized-parties', 'CLERK_AUTHORIZED_PARTIES from env');
      const allowed = await api.requireAuth(handler, { authorizedParties: [APP] })(await req(), other);
      equal(allowed.status, 200, 'the option wins');
      const err = await api.withAuth(handler)(await req(), await env({ CLERK_IS_SATELLITE: 'maybe' })).catch((e) => e);
      equal(err.reason, 'options-invalid', 'CLERK_IS_SATELLITE=maybe');
      ok(err.message.includes('CLERK_IS_SATELLITE'), 'names the setting');
      const missing = await api.withAuth(handler)(await req(), {}).catch((e) => e);
      equal(missing.reason, 'publishable-key-missing', 'no publishable key anywhere');
    },
  },
  {
    name: 'adapters: signing keys that cannot be loaded → 503 with Retry-After, in withAuth too',
    async run(api) {
      const { calls, handler } = recorder();
      const options = { publishableKey: PK_LIVE, secretKey: 'sk_test_adapters_outage', apiUrl: 'http://127.0.0.1:9' };
      const res = await api.withAuth(handler, options)(new Request(`${APP}/api/me`, { headers: await bearer() }), {});
      equal(res.status, 503, 'status');
      equal(res.headers.get('retry-after'), '30', 'Retry-After');
      const body = await res.json();
      equal(body.error, 'service-unavailable', 'error');
      equal(body.reason, 'jwk-remote-failed-to-load', 'reason');
      equal(calls.length, 0, 'handler not called');
    },
  },
  {
    name: 'examples/vercel-edge: requireAuth answers the signed-in user and refuses the rest',
    async run() {
      const settings = await env();
      const me = await vercelMe(new Request(`${APP}/api/me`, { headers: await bearer({ o: { id: 'org_1', rol: 'admin' } }) }), settings);
      deepEqual(await me.json(), { userId: USER, orgId: 'org_1' }, 'signed in');
      equal((await vercelMe(new Request(`${APP}/api/me`), settings)).status, 401, 'no token');
    },
  },
  {
    name: 'examples/deno: withAuth lets the handler decide per route',
    async run() {
      const settings = await env();
      const me = await denoServer.fetch(new Request(`${APP}/api/me`, { headers: await bearer() }), settings);
      deepEqual(await me.json(), { userId: USER }, 'signed in');
      equal((await denoServer.fetch(new Request(`${APP}/api/me`, { headers: { cookie: DB } }), settings)).status, 401, 'the handler’s 401');
      equal(await (await denoServer.fetch(new Request(`${APP}/`, { headers: { cookie: DB } }), settings)).text(), 'Hello, stranger', 'public page');
    },
  },
  {
    name: 'examples/hono: clerkMiddleware() + getAuth(c) see a Bearer token’s user; handshakes are answered 307',
    async run() {
      const settings = await env();
      const me = await honoApp.fetch(new Request(`${APP}/api/me`, { headers: await bearer() }), settings);
      equal(me.status, 200, 'status');
      deepEqual(await me.json(), { userId: USER, orgId: null }, 'signed in');
      const out = await honoApp.fetch(new Request(`${APP}/`, { headers: { cookie: DB } }), settings);
      equal(await out.text(), 'signed out', 'the middleware does not block');
      equal((await honoApp.fetch(new Request(`${APP}/api/me`, { headers: { cookie: DB } }), settings)).status, 401, 'the route’s own 401');
      const nav = await honoApp.fetch(new Request(`${APP}/`, { headers: { 'sec-fetch-dest': 'document' } }), settings);
      equal(nav.status, 307, 'no dev browser: handshake');
      equal(nav.headers.get('x-clerk-auth-reason'), 'dev-browser-missing', 'reason');
    },
  },
];

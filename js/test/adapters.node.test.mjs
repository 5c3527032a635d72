// Node runner of the adapter cases (`node --test js/test/adapters.node.test.mjs`), plus what only Node
// shows: settings from process.env, and getAuth(c) without the middleware.
import { test } from 'node:test';
import { Hono } from 'hono';
import * as api from '../entry/node.mjs';
import { clerkMiddleware, getAuth } from '../entry/hono/node.mjs';
import { equal } from './assert.mjs';
import { adapterCases } from './suite-adapters.mjs';
import { keyPair, sessionClaims, signToken } from './tokens.mjs';

for (const c of adapterCases) test(c.name, () => c.run(api));

const PK = 'pk_test_' + btoa('clerk.example.com$');

test('withAuth and clerkMiddleware read the official names from process.env', async () => {
  const saved = { ...process.env };
  try {
    process.env.CLERK_PUBLISHABLE_KEY = PK;
    process.env.CLERK_JWT_KEY = ` ${(await keyPair('RS256')).pem} `;
    const token = await signToken(sessionClaims({ sub: 'user_from_env' }));
    const headers = { authorization: `Bearer ${token}` };
    const res = await api.withAuth((_req, auth) => new Response(auth.userId))(new Request('https://x.test/', { headers }));
    equal(await res.text(), 'user_from_env', 'withAuth');
    const app = new Hono().use(clerkMiddleware()).get('/', (c) => c.text(getAuth(c).userId ?? 'none'));
    equal(await (await app.request('/', { headers })).text(), 'user_from_env', 'clerkMiddleware');
    process.env.CLERK_AUTHORIZED_PARTIES = 'https://elsewhere.example.com';
    equal(await (await app.request('/', { headers })).text(), 'none', 'a changed setting is read again');
  } finally {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  }
});

test('getAuth(c) without clerkMiddleware() is a clear error', async () => {
  const app = new Hono().get('/', (c) => c.text(getAuth(c).userId));
  app.onError((err, c) => c.text(`${err.name}:${err.reason}`, 500));
  equal(await (await app.request('/')).text(), 'ClerkEdgeError:clerk-middleware-missing');
});

test('a CLERK_JWKS_KV binding in env becomes the jwksStore', async () => {
  const keys = [];
  const store = { get: async (key) => (keys.push(key), null), put: async () => {} };
  const env = { CLERK_PUBLISHABLE_KEY: PK, CLERK_SECRET_KEY: 'sk_test_adapters_kv', CLERK_API_URL: 'http://127.0.0.1:9', CLERK_JWKS_KV: store };
  const token = await signToken(sessionClaims());
  const res = await api.withAuth(() => new Response('reached'))(new Request('https://x.test/', { headers: { authorization: `Bearer ${token}` } }), env);
  equal(res.status, 503, 'no keys anywhere');
  equal(keys.length >= 1 && keys[0].startsWith('clerk-edge:jwks:v1:'), true, 'the store was asked first');
});

test('clerkMiddleware: a production handshake resolved on the way adds its cookies once, to any response', async () => {
  const PK_LIVE = 'pk_live_' + btoa('clerk.example.com$');
  const session = await signToken(sessionClaims({ sub: 'user_hono_hs' }));
  const directives = [`__session=${session}; Path=/`, '__client_uat=1; Path=/'];
  const hs = await signToken({ handshake: directives });
  const env = { CLERK_PUBLISHABLE_KEY: PK_LIVE, CLERK_JWT_KEY: (await keyPair('RS256')).pem };
  const app = new Hono()
    .use(clerkMiddleware())
    .get('/json', (c) => c.json({ userId: getAuth(c).userId }))
    .get('/raw', () => Response.redirect('https://app.example.com/home', 302));
  const headers = { cookie: `__clerk_handshake=${hs}`, 'sec-fetch-dest': 'document' };
  const json = await app.request('/json', { headers }, env);
  equal((await json.json()).userId, 'user_hono_hs', 'signed in by the handshake');
  equal(JSON.stringify(json.headers.getSetCookie()), JSON.stringify(directives), 'c.json() response');
  const raw = await app.request('/raw', { headers }, env);
  equal(raw.status, 302, 'the handler’s own status');
  equal(JSON.stringify(raw.headers.getSetCookie()), JSON.stringify(directives), 'immutable response, copied');
});

test('clerkMiddleware: c.get("clerk") is a Backend API client when a secret key is configured', async () => {
  const env = { CLERK_PUBLISHABLE_KEY: PK, CLERK_JWT_KEY: (await keyPair('RS256')).pem, CLERK_SECRET_KEY: 'sk_test_hono_client' };
  const app = new Hono().use(clerkMiddleware()).get('/', (c) => c.text(typeof c.get('clerk')?.users?.getUser));
  equal(await (await app.request('/', {}, env)).text(), 'function', 'with CLERK_SECRET_KEY');
  const { CLERK_SECRET_KEY: _unused, ...withoutSecret } = env;
  equal(await (await app.request('/', {}, withoutSecret)).text(), 'undefined', 'without');
});

// The Hono example from the packed npm package (argv[2]: a copy of examples/hono with clerk-edge
// installed from the tarball): clerkMiddleware() + getAuth(c) see the user id of a Bearer token,
// and a request without one is signed out. Exits non-zero on any failure.
import assert from 'node:assert/strict';
import { DEMO_PUBLISHABLE_KEY, ensureDemoKey, mintDemoToken } from './lib/demo-keys.mjs';

const appDir = process.argv[2];
const { default: app } = await import(`${appDir}/src/index.js`);
const env = { CLERK_PUBLISHABLE_KEY: DEMO_PUBLISHABLE_KEY, CLERK_JWT_KEY: ensureDemoKey().jwtKey };
const token = mintDemoToken({ azp: 'http://hono.test', overrides: { sub: 'user_from_tarball' } });
const signedIn = await app.fetch(new Request('http://hono.test/api/me', { headers: { authorization: `Bearer ${token}` } }), env);
assert.equal(signedIn.status, 200, await signedIn.clone().text());
assert.equal((await signedIn.json()).userId, 'user_from_tarball');
const signedOut = await app.fetch(new Request('http://hono.test/api/me'), env);
assert.equal(signedOut.status, 401);
console.log('hono package: clerkMiddleware()/getAuth(c) from the packed tarball see the Bearer token\'s user id');

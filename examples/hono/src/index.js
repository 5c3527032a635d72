// A Hono app on Cloudflare Workers: clerkMiddleware() authenticates every request (settings from the
// Worker's vars and secrets: CLERK_PUBLISHABLE_KEY, CLERK_SECRET_KEY, …) and answers Clerk's handshakes;
// routes read the user with getAuth(c) and decide themselves.
import { Hono } from 'hono';
import { clerkMiddleware, getAuth } from 'clerk-edge/hono';

const app = new Hono();

app.use('*', clerkMiddleware());

app.get('/api/me', (c) => {
  const auth = getAuth(c);
  if (!auth.userId) return c.json({ error: 'signed-out' }, 401);
  return c.json({ userId: auth.userId, orgId: auth.orgId });
});

app.get('/', (c) => c.text(getAuth(c).userId ? 'signed in' : 'signed out'));

export default app;

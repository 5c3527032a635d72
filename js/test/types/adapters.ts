// Type-level test of the adapters: withAuth / requireAuth keep the handler's extra arguments, and
// clerk-edge/hono's middleware and getAuth fit a Hono app without Hono being a dependency of the package.
import { requireAuth, withAuth, type AuthObject } from 'clerk-edge';
import { clerkMiddleware, getAuth } from 'clerk-edge/hono';

interface Env {
  CLERK_PUBLISHABLE_KEY: string;
}

export const worker = {
  fetch: withAuth((request: Request, auth: AuthObject, env: Env, ctx: { waitUntil(p: Promise<unknown>): void }) => {
    const user: string | null = auth.userId;
    ctx.waitUntil(Promise.resolve(env.CLERK_PUBLISHABLE_KEY));
    return Response.json({ user, url: request.url });
  }),
};

export const edge = requireAuth(async (_request, auth) => Response.json({ userId: auth.userId }), { signInUrl: '/sign-in' });

export const middleware = clerkMiddleware({ authorizedParties: ['https://app.example.com'] });
export function route(c: object): string | null {
  return getAuth(c, { treatPendingAsSignedOut: false }).userId;
}

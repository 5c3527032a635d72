// clerk-edge/hono: @clerk/hono's clerkMiddleware() and getAuth(c). Typed structurally, so Hono is not
// a dependency of clerk-edge: any Hono context (`c.req.raw`, `c.env`, `c.set`, `c.res`) fits.
import type { AuthObject, ClerkAdapterOptions, ClerkClient } from './index.js';

/** The part of a Hono context the middleware uses. */
export interface ClerkHonoContext {
  req: { raw: Request };
  env?: unknown;
  set(key: 'clerkAuth', value: AuthObject): void;
  set(key: 'clerk', value: ClerkClient | undefined): void;
  res: Response;
}

/**
 * Authenticates every request (options from `c.env`, then the process environment, official names);
 * answers handshakes (307) and key outages (503) as the guard does; never blocks otherwise.
 * Sets `c.get('clerkAuth')` and, when a secret key is configured, `c.get('clerk')` (a {@link ClerkClient}).
 */
export function clerkMiddleware(
  options?: ClerkAdapterOptions,
): (c: any, next: () => Promise<void>) => Promise<Response | void>;

/** The request's auth object (`userId: null` when signed out); throws `clerk-middleware-missing` without the middleware. */
export function getAuth(c: object, options?: { treatPendingAsSignedOut?: boolean }): AuthObject;

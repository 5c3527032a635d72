// A Vercel Edge Function: GET /api/me answers the signed-in user's id. Signed-out requests never
// reach the handler: API calls get 401 JSON, page navigations a redirect to sign-in, and browsers
// whose session cookie expired go through Clerk's handshake first. Settings come from the
// project's environment variables (CLERK_PUBLISHABLE_KEY, CLERK_SECRET_KEY, …).
import { requireAuth } from 'clerk-edge';

export const config = { runtime: 'edge' };

export default requireAuth(async (request, auth) => {
  return Response.json({ userId: auth.userId, orgId: auth.orgId });
});

// A Deno (Deno Deploy) server: `deno serve --allow-env --allow-read --allow-net main.js`.
// Every request is authenticated; signed-out ones reach the handler with auth.userId === null, so
// the handler decides per route. Settings come from Deno.env (CLERK_PUBLISHABLE_KEY, …).
import { withAuth } from 'clerk-edge';

export default {
  fetch: withAuth(async (request, auth) => {
    if (new URL(request.url).pathname === '/api/me') {
      if (!auth.userId) return Response.json({ error: 'signed-out' }, { status: 401 });
      return Response.json({ userId: auth.userId });
    }
    return new Response(auth.userId ? `Hello, ${auth.userId}` : 'Hello, stranger');
  }),
};

// withAuth / requireAuth for fetch handlers (Workers, Deno.serve, Vercel Edge), and the step the
// Hono middleware shares: authenticateRequest decides the request, the guard's answer policy (one
// wasm call, src/guard/answer_policy.rs) decides the response; this file only does the I/O.
import { decideAnswer } from '../pkg/clerk_edge.js';
import { clerkOptions } from './env.mjs';
import { reasonError } from './errors.mjs';
import { authenticateRequest, stateTextOf } from './request.mjs';

/**
 * Authenticates `request` with `options` completed from `env` and the process environment.
 * Resolves to `{ response }` when the guard's policy answers it (handshake, sign-in redirect, 401,
 * 503), else to `{ state, auth, headers, options }` (`headers`: to add to whatever answers the request;
 * `options`: those authenticateRequest used).
 */
export async function authenticateAndDecide(request, options, env, requireSession) {
  const resolved = clerkOptions(options, env);
  const state = await authenticateRequest(request, resolved.request);
  const decision = JSON.parse(
    decideAnswer(
      stateTextOf(state),
      request.method,
      request.url,
      [...request.headers],
      resolved.signInUrl,
      resolved.request.publishableKey ?? '',
      resolved.treatPendingAsSignedOut !== false,
      requireSession,
    ),
  );
  if (decision.action === 'respond') {
    if (decision.log) console[decision.log.level === 'warn' ? 'warn' : 'log'](`clerk-edge: ${decision.log.text}`);
    return { response: new Response(decision.body, { status: decision.status, headers: decision.headers }) };
  }
  const auth = state.toAuth({ treatPendingAsSignedOut: resolved.treatPendingAsSignedOut !== false });
  return { state, auth, headers: decision.headers, options: resolved.request };
}

/** `response` with `headers` appended (copied first when its headers are immutable, e.g. a `fetch` answer). */
export function withHeaders(response, headers) {
  if (!headers.length || !(response instanceof Response)) return response;
  try {
    for (const [name, value] of headers) response.headers.append(name, value);
    return response;
  } catch {
    const copy = new Response(response.body, response);
    for (const [name, value] of headers) copy.headers.append(name, value);
    return copy;
  }
}

function adapt(handler, options, requireSession) {
  if (typeof handler !== 'function') throw reasonError('options-invalid', 'the handler must be a function');
  if (options != null && typeof options !== 'object') throw reasonError('options-invalid', 'options must be an object');
  return async function clerkHandler(request, ...rest) {
    const outcome = await authenticateAndDecide(request, options, rest[0], requireSession);
    if (outcome.response) return outcome.response;
    return withHeaders(await handler.call(this, request, outcome.auth, ...rest), outcome.headers);
  };
}

/**
 * Wraps a fetch handler `(request, auth, ...rest)`: handshakes and key outages are answered as the
 * guard answers them; every other request reaches the handler, signed-out ones with `auth.userId === null`.
 */
export function withAuth(handler, options) {
  return adapt(handler, options, false);
}

/** Like {@link withAuth}, but signed-out requests get the guard's 401 JSON or sign-in redirect. */
export function requireAuth(handler, options) {
  return adapt(handler, options, true);
}

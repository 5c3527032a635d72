// authenticateRequest, @clerk/backend-style: find the session token in a Request, verify it, report the state.
import * as wasm from '../pkg/clerk_edge.js';
import { reasonError } from './errors.mjs';
import { verifyToken } from './verify.mjs';

const SIGNED_OUT_AUTH = Object.freeze({
  userId: null, sessionId: null, sessionStatus: null, actor: null, orgId: null, orgSlug: null,
  orgRole: null, orgPermissions: null, factorVerificationAge: null, sessionClaims: null,
});

/** The auth object of a signed-out request (`sessionStatus` is `'pending'` for a pending session). */
function signedOutAuth(sessionStatus) {
  return { ...SIGNED_OUT_AUTH, sessionStatus, isAuthenticated: false, tokenType: 'session_token', has: () => false, getToken: async () => null };
}

function signedOut(reason, message, tokenCarrier) {
  return {
    status: 'signed-out',
    reason,
    message,
    isSignedIn: false,
    isAuthenticated: false,
    token: null,
    tokenCarrier: tokenCarrier ?? null,
    headers: new Headers({ 'x-clerk-auth-status': 'signed-out', 'x-clerk-auth-reason': reason }),
    toAuth: () => signedOutAuth(null),
  };
}

function signedIn(claims, token, tokenCarrier) {
  const payload = JSON.stringify(claims);
  return {
    status: 'signed-in',
    reason: null,
    message: null,
    isSignedIn: true,
    isAuthenticated: true,
    token,
    tokenCarrier,
    headers: new Headers({ 'x-clerk-auth-status': 'signed-in' }),
    toAuth({ treatPendingAsSignedOut = true } = {}) {
      // As @clerk/backend: a session with pending tasks is signed out unless the caller opts in.
      if (treatPendingAsSignedOut && claims.sts === 'pending') return signedOutAuth('pending');
      const auth = JSON.parse(wasm.authObjectJson(payload));
      auth.isAuthenticated = true;
      auth.tokenType = 'session_token';
      auth.has = (check) => {
        try {
          return wasm.authHas(payload, JSON.stringify(check ?? {}));
        } catch {
          return false;
        }
      };
      auth.getToken = async () => token;
      return auth;
    },
  };
}

/**
 * Authenticates a Fetch API `Request`: the token from `Authorization: Bearer …` or the `__session`
 * cookie (`__session_<suffix>` preferred when `publishableKey` is given), verified with `verifyToken`'s options.
 * Resolves to `{ status, reason, message, isSignedIn, token, toAuth() }`; never rejects for a bad token.
 */
export async function authenticateRequest(request, options = {}) {
  if (!request || typeof request.headers?.entries !== 'function') {
    throw reasonError('options-invalid', 'authenticateRequest expects a Request');
  }
  let found;
  try {
    found = wasm.findSessionToken([...request.headers], options?.publishableKey ?? undefined);
  } catch (err) {
    return signedOut(err.reason ?? 'token-invalid', err.message);
  }
  if (!found) return signedOut('session-token-and-uat-missing', 'no Bearer token and no session cookie');
  try {
    return signedIn(await verifyToken(found.token, options), found.token, found.carrier);
  } catch (err) {
    if (!err || typeof err.reason !== 'string') throw err;
    return signedOut(err.reason, err.message, found.carrier);
  }
}

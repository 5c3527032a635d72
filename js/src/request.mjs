// authenticateRequest, @clerk/backend-style: the wasm core decides the request (browser-session
// protocol, handshakes, satellites, proxy URL); this file only hands it the request and turns its
// answer into a RequestState with a Headers object and toAuth().
import { RequestAuthenticator, authHas, scopesHave } from '../pkg/clerk_edge.js';
import { reasonError } from './errors.mjs';

/** Most configurations kept; cleared when full. */
const MAX_AUTHENTICATORS = 32;
const authenticators = new Map();
let lastOptions = null;
let lastAuthenticator = null;
/** The core's JSON of each state, for the adapters' answer policy (js/src/adapters.mjs). */
const STATE_TEXT = new WeakMap();

/** The RequestAuthenticator for these options, created once per distinct options value. */
function authenticatorFor(options) {
  if (options === lastOptions && lastAuthenticator !== null) return lastAuthenticator;
  if (options != null && typeof options !== 'object') throw reasonError('options-invalid', 'options must be an object');
  let key;
  try {
    const { jwksStore, machineTokenStore, ...rest } = options ?? {};
    key = JSON.stringify(rest) + (jwksStore === undefined ? '' : '#store') + (machineTokenStore === undefined ? '' : '#verdicts');
  } catch {
    throw reasonError('options-invalid', 'options could not be read');
  }
  let found = authenticators.get(key);
  const storeChanged = (name) => options?.[name] !== undefined && found[name] !== options[name];
  if (found === undefined || storeChanged('jwksStore') || storeChanged('machineTokenStore')) {
    if (authenticators.size >= MAX_AUTHENTICATORS) {
      for (const entry of authenticators.values()) entry.authenticator.free();
      authenticators.clear();
    }
    found = {
      authenticator: new RequestAuthenticator(options ?? {}),
      jwksStore: options?.jwksStore,
      machineTokenStore: options?.machineTokenStore,
    };
    authenticators.set(key, found);
  }
  lastOptions = options;
  lastAuthenticator = found.authenticator;
  return found.authenticator;
}

/** The auth object of a decided state (its data from the core), with @clerk/backend's methods. */
function authObject(data, claims, state) {
  if (data === null) return null;
  const auth = { ...data };
  const signedIn = data.isAuthenticated === true;
  const machine = data.tokenType !== 'session_token';
  let checkedText;
  auth.has = (check) => {
    if (!signedIn) return false;
    try {
      checkedText ??= JSON.stringify(machine ? data.scopes : claims);
      const checkText = JSON.stringify(check ?? {});
      return machine ? scopesHave(checkedText, checkText) : authHas(checkedText, checkText);
    } catch {
      return false;
    }
  };
  auth.getToken = async () => (signedIn ? state.token : null);
  return auth;
}

/**
 * Authenticates a Fetch API `Request` like @clerk/backend's `authenticateRequest(request, options)`.
 * Resolves to `{ status, reason, message, headers, token, tokenType, isAuthenticated, isSignedIn, toAuth() }`;
 * never rejects for a bad token (options errors reject with `.reason`).
 */
export async function authenticateRequest(request, options = {}) {
  if (!request || typeof request.headers?.entries !== 'function' || typeof request.url !== 'string') {
    throw reasonError('options-invalid', 'authenticateRequest expects a Request');
  }
  const authenticator = authenticatorFor(options);
  const text = await authenticator.authenticate(request.method, request.url, [...request.headers]);
  const data = JSON.parse(text);
  const state = {
    status: data.status,
    reason: data.reason,
    message: data.message,
    isSignedIn: data.isAuthenticated,
    isAuthenticated: data.isAuthenticated,
    headers: new Headers(data.headers),
    token: data.token,
    tokenType: data.tokenType,
    publishableKey: options?.publishableKey ?? '',
    isSatellite: options?.isSatellite ?? false,
    domain: options?.domain ?? '',
    proxyUrl: options?.proxyUrl ?? '',
    signInUrl: options?.signInUrl ?? '',
    signUpUrl: options?.signUpUrl ?? '',
  };
  STATE_TEXT.set(state, text);
  let withPending;
  let withoutPending;
  state.toAuth = ({ treatPendingAsSignedOut = true } = {}) => {
    if (treatPendingAsSignedOut) return (withPending ??= authObject(data.auth, data.claims, state));
    return (withoutPending ??= authObject(data.authWithPending, data.claims, state));
  };
  return state;
}

/** The core's JSON text of a state `authenticateRequest` returned (`undefined` for any other object). */
export function stateTextOf(state) {
  return STATE_TEXT.get(state);
}

/** Kind of Clerk instance a key belongs to, as @clerk/backend names it. */
export type InstanceType = 'development' | 'production';

/** A parsed publishable key. */
export interface PublishableKey {
  /** Frontend API host, e.g. `clerk.example.com`. */
  frontendApi: string;
  /** `development` for `pk_test_…`, `production` for `pk_live_…`. */
  instanceType: InstanceType;
}

/** Errors thrown by clerk-edge carry a stable machine-readable `reason`. */
export interface ClerkEdgeError extends Error {
  name: 'ClerkEdgeError';
  /** Stable reason code, e.g. `publishable-key-invalid`. */
  reason: string;
}

/** Parses a Clerk publishable key; throws a {@link ClerkEdgeError} when malformed. */
export function parsePublishableKey(publishableKey: string): PublishableKey;

/** The version of the Rust core compiled into the wasm module. */
export function version(): string;

/** Options of {@link verifyToken}; names and defaults follow @clerk/backend. */
export interface VerifyTokenOptions {
  /** The instance's public key: SPKI PEM, the bare base64 body Clerk's dashboard shows, PKCS#1 PEM, or a JWK JSON string. */
  jwtKey?: string;
  /** When non-empty, the token's `azp` must be present and equal one of these origins. */
  authorizedParties?: string[];
  /** When set, the token's `aud` must contain one of these. */
  audience?: string | string[];
  /** Tolerance for `exp`, `nbf` and `iat`, in milliseconds (default 5000). */
  clockSkewInMs?: number;
  /** Bypass the per-isolate verified-token cache for this call (default false). */
  skipVerifiedTokenCache?: boolean;
  /** Without `jwtKey`: fetch the instance's JWKS from the Backend API with this secret key. */
  secretKey?: string;
  /** Without `jwtKey` and `secretKey`: fetch the JWKS from the Frontend API this key names. */
  publishableKey?: string;
  /** Backend API origin (default `https://api.clerk.com`). */
  apiUrl?: string;
  /** Backend API version path (default `v1`). */
  apiVersion?: string;
  /** Fetch the JWKS on every call, bypassing memory and `jwksStore` (default false; also drops the forged-kid protection). */
  skipJwksCache?: boolean;
  /**
   * A store shared across isolates (Workers KV, Upstash, Vercel KV, Deno KV wrapper…): async `get`/`put` of strings.
   * Objects returned by `get` are JSON-stringified; calls over 1 s or that throw count as a miss / skipped write.
   * Whoever can write to it can plant keys: use a namespace only this app writes to.
   */
  jwksStore?: { get(key: string): Promise<string | object | null | undefined>; put(key: string, value: string): Promise<unknown> };
}

/** Claims of a verified Clerk session token (custom template claims included). */
export interface JwtPayload {
  sub: string;
  sid?: string;
  azp?: string;
  iss?: string;
  exp: number;
  iat?: number;
  nbf?: number;
  v?: number;
  [claim: string]: unknown;
}

/** Reasons a token is rejected (@clerk/backend's TokenVerificationErrorReason, plus `options-invalid`). */
export type TokenVerificationErrorReason =
  | 'token-expired'
  | 'token-invalid'
  | 'token-invalid-algorithm'
  | 'token-invalid-authorized-parties'
  | 'token-invalid-signature'
  | 'token-not-active-yet'
  | 'token-iat-in-the-future'
  | 'token-verification-failed'
  | 'jwk-local-missing'
  | 'jwk-failed-to-resolve'
  | 'jwk-kid-mismatch'
  | 'jwk-remote-failed-to-load'
  | 'jwk-remote-invalid'
  | 'secret-key-invalid'
  | 'options-invalid';

/** Verifies a Clerk session token; resolves to its claims or rejects with a {@link ClerkEdgeError}. */
export function verifyToken(token: string, options: VerifyTokenOptions): Promise<JwtPayload>;

/** Options of {@link authenticateRequest}: {@link VerifyTokenOptions} plus @clerk/backend's request options. */
export interface AuthenticateRequestOptions extends VerifyTokenOptions {
  /** Required: the instance, its Frontend API (handshakes) and its cookie suffix. */
  publishableKey: string;
  /** A satellite application's domain. */
  domain?: string;
  /** Whether this application is a satellite (needs `domain` or `proxyUrl`; development also `signInUrl`). */
  isSatellite?: boolean;
  /** The Frontend API proxy: an absolute URL or a path such as `/__clerk` (resolved against the request's origin). */
  proxyUrl?: string;
  /** The sign-in page (a satellite's development sync goes there). */
  signInUrl?: string;
  /** The sign-up page. */
  signUpUrl?: string;
  /** A satellite without cookies syncs on its first navigation (default `false`). */
  satelliteAutoSync?: boolean;
  /**
   * Which tokens authenticate the request (default `'session_token'`). Machine tokens are read only from
   * `Authorization: Bearer`; a token of another type is signed-out `token-type-mismatch`.
   */
  acceptsToken?: TokenType | 'any' | TokenType[];
  /** Authenticates opaque M2M-token verification (`ak_…`) instead of `secretKey` (env `CLERK_MACHINE_SECRET_KEY`). */
  machineSecretKey?: string;
  /**
   * Opaque machine-token verdicts are remembered by a SHA-256 of the token: valid ones at most `positiveTtlMs`
   * (default 60 000, never past the token's expiration), unknown/revoked/expired ones `negativeTtlMs` (default 30 000).
   * A revocation therefore takes effect within `positiveTtlMs`. `false` turns the cache off.
   */
  machineTokenCache?: false | { positiveTtlMs?: number; negativeTtlMs?: number };
  /** Shares machine-token verdicts across isolates: async `get(key)` / `put(key, value, { expirationTtl })`. */
  machineTokenStore?: { get(key: string): Promise<string | null | undefined>; put(key: string, value: string, options?: { expirationTtl: number }): Promise<unknown> };
  /**
   * URLs that name an organization (`:id` or `:slug`) or the personal account: a signed-in browser navigation whose
   * active organization differs goes through a handshake (`active-organization-mismatch`) that switches it.
   * Patterns as @clerk/backend's (`/orgs/:slug`, `/orgs/:slug/(.*)`, `/me/(.*)`); `{…}` groups, `*`/`+` repeats
   * and custom patterns other than `(.*)` are refused (`options-invalid`).
   */
  organizationSyncOptions?: { organizationPatterns?: string[]; personalAccountPatterns?: string[] };
}

/** The token types of {@link AuthenticateRequestOptions.acceptsToken}. */
export type TokenType = 'session_token' | 'm2m_token' | 'oauth_token' | 'api_key';

/** A `has()` check, as in @clerk/backend. */
export type CheckAuthorizationParams = { permission?: string; role?: string; feature?: string; plan?: string };

/** The auth object of a request (`userId` etc. are `null` when signed out). */
export interface AuthObject {
  userId: string | null;
  sessionId: string | null;
  sessionStatus: string | null;
  actor: Record<string, unknown> | null;
  orgId: string | null;
  orgSlug: string | null;
  orgRole: string | null;
  orgPermissions: string[] | null;
  factorVerificationAge: [number, number] | null;
  sessionClaims: JwtPayload | null;
  isAuthenticated: boolean;
  tokenType: 'session_token';
  has(check: CheckAuthorizationParams): boolean;
  getToken(): Promise<string | null>;
}

/** The auth object of a machine token (`id` etc. are `null` when not authenticated). */
export interface MachineAuthObject {
  tokenType: 'm2m_token' | 'oauth_token' | 'api_key';
  id: string | null;
  subject: string | null;
  scopes: string[] | null;
  /** Custom claims (M2M tokens and API keys). */
  claims?: Record<string, unknown> | null;
  /** M2M tokens: the machine (`mch_…`). */
  machineId?: string | null;
  /** OAuth tokens, and API keys issued to a user. */
  userId?: string | null;
  /** API keys issued to an organization. */
  orgId?: string | null;
  /** API keys: the key's name. */
  name?: string | null;
  /** OAuth tokens: the OAuth application's client id. */
  clientId?: string | null;
  isAuthenticated: boolean;
  /** `has({ scope })`: whether the token was granted the scope. */
  has(check: { scope: string }): boolean;
  getToken(): Promise<string | null>;
}

/** The auth object of a token whose type was not accepted (`acceptsToken` given as an array). */
export interface InvalidTokenAuthObject {
  tokenType: null;
  isAuthenticated: false;
  has(check: unknown): false;
  getToken(): Promise<null>;
}

/** The outcome of {@link authenticateRequest}. */
export interface RequestState {
  /** `handshake`: answer with a 307 carrying every header of `headers` (Location, Set-Cookie, Cache-Control). */
  status: 'signed-in' | 'signed-out' | 'handshake';
  reason: string | null;
  message: string | null;
  isSignedIn: boolean;
  isAuthenticated: boolean;
  token: string | null;
  /** `null` when the token's type is not among an `acceptsToken` array. */
  tokenType: TokenType | null;
  /** Headers for the response: Location, Set-Cookie, Cache-Control and `x-clerk-auth-*` (signed-out, handshake). */
  headers: Headers;
  publishableKey: string;
  isSatellite: boolean;
  domain: string;
  proxyUrl: string;
  signInUrl: string;
  signUpUrl: string;
  /**
   * The request's auth object (`null` for a handshake). As in @clerk/backend, a session with pending tasks
   * (`sts: "pending"`) gives a signed-out auth object (`sessionStatus: 'pending'`) unless `treatPendingAsSignedOut` is `false`.
   */
  toAuth(options?: { treatPendingAsSignedOut?: boolean }): AuthObject | MachineAuthObject | InvalidTokenAuthObject | null;
}

/** Authenticates a Fetch API Request like @clerk/backend's `authenticateRequest`; never rejects for a bad token. */
export function authenticateRequest(request: Request, options: AuthenticateRequestOptions): Promise<RequestState>;

/**
 * Options of {@link withAuth}, {@link requireAuth} and `clerk-edge/hono`'s `clerkMiddleware`: every option
 * falls back to its official environment name (`CLERK_PUBLISHABLE_KEY`, `CLERK_SECRET_KEY`, `CLERK_JWT_KEY`,
 * `CLERK_API_URL`, `CLERK_API_VERSION`, `CLERK_DOMAIN`, `CLERK_IS_SATELLITE`, `CLERK_PROXY_URL`,
 * `CLERK_SIGN_IN_URL`, `CLERK_SIGN_UP_URL`, `CLERK_AUTHORIZED_PARTIES` (comma-separated),
 * `CLERK_SATELLITE_AUTO_SYNC`, `CLERK_TREAT_PENDING_AS_SIGNED_OUT`) read from the Worker/Hono `env`, then
 * `process.env`, then `Deno.env`; a Workers KV binding `CLERK_JWKS_KV` becomes `jwksStore`.
 */
export interface ClerkAdapterOptions extends Partial<AuthenticateRequestOptions> {
  /** Whether a session with pending tasks counts as signed out (default `true`, as @clerk/backend's `toAuth()`). */
  treatPendingAsSignedOut?: boolean;
}

/** A fetch handler that receives the request's auth object after the request. */
export type AuthHandler<Rest extends unknown[] = unknown[]> = (
  request: Request,
  auth: AuthObject,
  ...rest: Rest
) => Response | Promise<Response>;

/**
 * Wraps a fetch handler (Workers `fetch(request, env, ctx)`, `Deno.serve`, Vercel Edge): handshakes (307) and
 * key outages (503) are answered as the guard does; every other request reaches the handler, signed-out ones
 * with `auth.userId === null`. A resolved handshake's `Set-Cookie`s are added to the handler's response.
 */
export function withAuth<Rest extends unknown[]>(
  handler: AuthHandler<Rest>,
  options?: ClerkAdapterOptions,
): (request: Request, ...rest: Rest) => Promise<Response>;

/** Like {@link withAuth}, but signed-out requests get the guard's `401` JSON, or for page navigations a redirect to sign-in. */
export function requireAuth<Rest extends unknown[]>(
  handler: AuthHandler<Rest>,
  options?: ClerkAdapterOptions,
): (request: Request, ...rest: Rest) => Promise<Response>;

/** Clerk's cookie-name suffix for a publishable key (`__session_<suffix>`). */
export function cookieSuffix(publishableKey: string): string;

/** Options of {@link clerkFrontendApiProxy} (@clerk/backend's names). */
export interface FrontendApiProxyOptions {
  /** The path prefix proxied (default `/__clerk`). */
  proxyPath?: string;
  /** Defaults to `CLERK_PUBLISHABLE_KEY` from `process.env` / `Deno.env`. */
  publishableKey?: string;
  /** Sent as `Clerk-Secret-Key`; defaults to `CLERK_SECRET_KEY`. */
  secretKey?: string;
  /** The Frontend API to forward to (default `https://frontend-api.clerk.dev`, or `CLERK_FAPI_URL`; `http://` only for loopback hosts). */
  fapiUrl?: string;
  /** The public proxy URL sent as `Clerk-Proxy-Url` (default: the request's origin + `proxyPath`). */
  proxyUrl?: string;
  /** Take the public origin from `X-Forwarded-Proto`/`-Host` and keep incoming ones (default `false`). */
  trustForwardedHeaders?: boolean;
  /** The client's IP for `X-Forwarded-For` (default: `CF-Connecting-IP`, `X-Real-IP`, then the first `X-Forwarded-For`). */
  clientIp?: string;
}

/**
 * Proxies a request under `proxyPath` to Clerk's Frontend API (@clerk/backend's `clerkFrontendApiProxy`).
 * Bad options reject with a `ClerkEdgeError`; a path outside `proxyPath` resolves to a 400, an unreachable
 * Frontend API to a 502 (`{ errors: [{ code, message }] }`).
 */
export function clerkFrontendApiProxy(request: Request, options?: FrontendApiProxyOptions): Promise<Response>;

export type { WebhookApi, WebhookEvent, WebhookEventEnvelope, WebhookEventType, UnknownWebhookEvent } from './generated/webhooks.js';
import type { WebhookEvent } from './generated/webhooks.js';

/** Options of {@link verifyWebhook}. */
export interface VerifyWebhookOptions {
  /** The endpoint's `whsec_…` signing secret; defaults to `CLERK_WEBHOOK_SIGNING_SECRET` from `process.env` / `Deno.env`. */
  signingSecret?: string;
}

/** `.reason` of a rejected {@link verifyWebhook} (`options-invalid` for arguments that are not a Request / string). */
export type WebhookVerificationErrorReason =
  | 'webhook-secret-invalid'
  | 'webhook-missing-headers'
  | 'webhook-headers-invalid'
  | 'webhook-invalid-timestamp'
  | 'webhook-timestamp-too-old'
  | 'webhook-timestamp-too-new'
  | 'webhook-body-too-large'
  | 'webhook-invalid-signature'
  | 'webhook-body-invalid'
  | 'options-invalid';

/**
 * Verifies a Clerk webhook request (Svix / Standard Webhooks signature over the raw body, 5-minute
 * timestamp tolerance) and resolves to its parsed event; rejects with a {@link ClerkEdgeError} whose
 * `.reason` is a {@link WebhookVerificationErrorReason}. Consumes the request body.
 */
export function verifyWebhook(request: Request, options?: VerifyWebhookOptions): Promise<WebhookEvent>;

export type { BackendApi, BinaryInput, ClerkClient } from './generated/backend.js';
import type { ClerkClient } from './generated/backend.js';

/** Options of {@link createClerkClient}; the first three as in @clerk/backend. */
export interface ClerkClientOptions {
  /** The instance's secret key (`sk_test_…` / `sk_live_…`), sent as `Authorization: Bearer`; never in errors. */
  secretKey: string;
  /** Backend API origin (default `https://api.clerk.com`). */
  apiUrl?: string;
  /** Backend API version path (default `v1`). */
  apiVersion?: string;
  /** Per-attempt timeout in milliseconds (default 10000); the request is aborted after it. */
  timeoutInMs?: number;
  /** `false` for one attempt per call, or the retry policy (defaults: 4 attempts, 300 ms base, 5 s cap per wait, 30 s in total, `Retry-After` up to 20 s). */
  retry?: false | { maxAttempts?: number; baseDelayInMs?: number; maxDelayInMs?: number; maxElapsedInMs?: number; maxRetryAfterInMs?: number };
}

/** One entry of a Backend API error answer (`errors[]`), with @clerk/backend's `longMessage` spelling. */
export interface ClerkAPIErrorEntry {
  code: string;
  message: string;
  longMessage?: string;
  /** As the API sent it (snake_case keys, e.g. `param_name`); `{}` when absent. */
  meta: Record<string, unknown>;
}

/** Why a Backend API call failed (`reason`), with the answer's details when there was one. */
export interface ClerkBackendApiError extends ClerkEdgeError {
  reason:
    | 'backend-api-error'
    | 'backend-api-rate-limited'
    | 'secret-key-invalid'
    | 'backend-api-unreachable'
    | 'backend-api-invalid-response'
    | 'options-invalid';
  /** HTTP status (absent for network errors and timeouts). */
  status?: number;
  /** The answer's `errors[]` (API errors only; empty when the body was not Clerk's error JSON). */
  errors?: ClerkAPIErrorEntry[];
  /** `clerk_trace_id` of the answer, else its `cf-ray` header. */
  clerkTraceId?: string;
  /** `Retry-After` in seconds, when sent. */
  retryAfter?: number;
  /** Undecodable answers: the start of the body, secrets redacted. */
  bodyExcerpt?: string;
}

/**
 * A Backend API client with @clerk/backend's group and method names (`client.users.getUser(id)`);
 * every operation of the spec. Answers are plain objects in the API's JSON shape (snake_case);
 * failures reject with a {@link ClerkBackendApiError}.
 */
export function createClerkClient(options: ClerkClientOptions): ClerkClient;

/**
 * Walks every page of a list call (`paginate(clerk.users.getUserList, { orderBy: '-created_at' })`),
 * yielding the items; `limit`/`offset` are set for each page. Bare-array and `{ data, total_count }` answers.
 */
export function paginate<T>(
  list: (params: Record<string, unknown>) => Promise<T[] | { data: T[]; total_count?: number }>,
  params?: Record<string, unknown>,
  options?: { pageSize?: number },
): AsyncGenerator<T, void, undefined>;

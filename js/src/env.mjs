// Clerk's official environment names, read wherever the runtime exposes them: the `env` object a
// Worker or Hono app is handed, then `process.env`, then `Deno.env` (absent without --allow-env).

import { reasonError } from './errors.mjs';

/** Options read from string settings, by their official names. */
const STRINGS = [
  ['publishableKey', 'CLERK_PUBLISHABLE_KEY'],
  ['secretKey', 'CLERK_SECRET_KEY'],
  ['jwtKey', 'CLERK_JWT_KEY'],
  ['machineSecretKey', 'CLERK_MACHINE_SECRET_KEY'],
  ['apiUrl', 'CLERK_API_URL'],
  ['apiVersion', 'CLERK_API_VERSION'],
  ['domain', 'CLERK_DOMAIN'],
  ['proxyUrl', 'CLERK_PROXY_URL'],
  ['signInUrl', 'CLERK_SIGN_IN_URL'],
  ['signUpUrl', 'CLERK_SIGN_UP_URL'],
];
/** Options read from `true` / `false` settings. */
const FLAGS = [
  ['isSatellite', 'CLERK_IS_SATELLITE'],
  ['satelliteAutoSync', 'CLERK_SATELLITE_AUTO_SYNC'],
  ['treatPendingAsSignedOut', 'CLERK_TREAT_PENDING_AS_SIGNED_OUT'],
];
/** The Workers KV binding that caches the JWKS, as the guard names it. */
const JWKS_KV = 'CLERK_JWKS_KV';

/** The value of setting `name`: `env[name]`, else `process.env`, else `Deno.env`; trimmed, empty is unset. */
export function readEnv(name, env) {
  const sources = [
    () => env?.[name],
    () => globalThis.process?.env?.[name],
    // Deno without --allow-env throws; process.env may be a throwing proxy: both count as unset.
    () => globalThis.Deno?.env?.get(name),
  ];
  for (const source of sources) {
    let value;
    try {
      value = source();
    } catch {
      continue;
    }
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
}

function flag(name, env) {
  const value = readEnv(name, env);
  if (value === undefined) return undefined;
  if (/^true$/i.test(value)) return true;
  if (/^false$/i.test(value)) return false;
  throw reasonError('options-invalid', `${name} must be true or false`);
}

let last = null;

/**
 * `options` completed from the environment (explicit options win; `undefined` counts as unset):
 * `{ request }` for authenticateRequest, plus the adapters' `signInUrl` and `treatPendingAsSignedOut`.
 * The same object comes back while options and settings are unchanged, so authenticateRequest
 * reuses its configuration without re-reading it.
 */
export function clerkOptions(options, env) {
  const fromEnv = {};
  for (const [key, name] of STRINGS) fromEnv[key] = readEnv(name, env);
  for (const [key, name] of FLAGS) fromEnv[key] = flag(name, env);
  const parties = readEnv('CLERK_AUTHORIZED_PARTIES', env);
  fromEnv.authorizedParties = parties?.split(',').map((p) => p.trim()).filter(Boolean);
  let store;
  try {
    store = env?.[JWKS_KV];
  } catch {
    store = undefined;
  }
  if (typeof store?.get !== 'function' || typeof store?.put !== 'function') store = undefined;
  const signature = JSON.stringify(fromEnv);
  if (last && last.options === options && last.signature === signature && last.store === store) return last.resolved;
  const merged = { ...fromEnv, jwksStore: store };
  for (const [key, value] of Object.entries(options ?? {})) if (value !== undefined) merged[key] = value;
  const { treatPendingAsSignedOut = true, ...request } = merged;
  for (const key of Object.keys(request)) if (request[key] === undefined) delete request[key];
  const resolved = { request, signInUrl: request.signInUrl, treatPendingAsSignedOut };
  last = { options, signature, store, resolved };
  return resolved;
}

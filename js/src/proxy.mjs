// clerkFrontendApiProxy, @clerk/backend-style: what to send upstream and how to rewrite the answer
// is decided by the wasm core (src/fapi_proxy); this file only reads options, sends and re-streams.
import * as wasm from '../pkg/clerk_edge.js';
import { reasonError } from './errors.mjs';

/** An official env name from `process.env` or `Deno.env`, when the runtime exposes and allows it. */
function fromEnv(name) {
  try {
    const value = globalThis.process?.env?.[name];
    if (typeof value === 'string' && value !== '') return value;
  } catch {
    // process.env may be a throwing proxy; treat it as unset.
  }
  try {
    const value = globalThis.Deno?.env?.get(name);
    if (typeof value === 'string' && value !== '') return value;
  } catch {
    // Deno without --allow-env throws; treat it as unset.
  }
  return undefined;
}

/** @clerk/backend's proxy error answer. */
function proxyError(status, code, message) {
  return Response.json({ errors: [{ code, message }] }, { status, headers: { 'cache-control': 'no-store' } });
}

/**
 * Proxies a request under `proxyPath` (default `/__clerk`) to Clerk's Frontend API and resolves to
 * the answer, as @clerk/backend's `clerkFrontendApiProxy`. Options fall back to
 * `CLERK_PUBLISHABLE_KEY`, `CLERK_SECRET_KEY` and `CLERK_FAPI_URL`. Rejects with a `ClerkEdgeError`
 * (`options-invalid`, `publishable-key-*`) for bad options; a path outside `proxyPath` resolves
 * to a 400 and an unreachable Frontend API to a 502 (`{ errors: [{ code, message }] }`).
 */
export async function clerkFrontendApiProxy(request, options = {}) {
  if (!request || typeof request.headers?.entries !== 'function' || typeof request.url !== 'string') {
    throw reasonError('options-invalid', 'clerkFrontendApiProxy expects a Request');
  }
  if (options === null || typeof options !== 'object') throw reasonError('options-invalid', 'options must be an object');
  const resolved = {
    ...options,
    publishableKey: options.publishableKey ?? fromEnv('CLERK_PUBLISHABLE_KEY'),
    secretKey: options.secretKey ?? fromEnv('CLERK_SECRET_KEY'),
    fapiUrl: options.fapiUrl ?? fromEnv('CLERK_FAPI_URL'),
  };
  if (options.clientIp !== undefined && typeof options.clientIp !== 'string') {
    throw reasonError('options-invalid', 'clientIp must be a string');
  }
  let plan;
  try {
    plan = wasm.frontendApiProxyRequest(resolved, request.method, request.url, [...request.headers], options.clientIp);
  } catch (err) {
    if (err?.reason === 'proxy-path-mismatch') return proxyError(400, 'proxy_path_mismatch', err.message);
    if (err?.reason === 'request-invalid') return proxyError(400, 'proxy_request_failed', err.message);
    throw err;
  }
  const init = { method: request.method, headers: plan.headers, redirect: 'manual' };
  if (request.body !== null && request.method !== 'GET' && request.method !== 'HEAD') {
    init.body = request.body;
    init.duplex = 'half';
  }
  let upstream;
  try {
    upstream = await fetch(plan.url, init);
  } catch (err) {
    return proxyError(502, 'proxy_request_failed', `could not reach the Frontend API (${err?.name ?? 'Error'})`);
  }
  const headers = new Headers();
  for (const [name, value] of wasm.frontendApiProxyResponseHeaders(plan.upstream, plan.proxyUrl, [...upstream.headers])) {
    headers.append(name, value);
  }
  return new Response(upstream.body, { status: upstream.status, statusText: upstream.statusText, headers });
}

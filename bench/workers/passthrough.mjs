// Baseline for bench/guard-wrk.mjs: forwards every request to the origin with no authentication
// (method, path, query, streamed body, headers minus Host), like the guard does after it has
// authenticated. GET /__clerk_edge/health is answered here, as the guard answers it, so startup
// is measured on the same path.
const HEALTH_PATH = '/__clerk_edge/health';

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === HEALTH_PATH) return Response.json({ status: 'ok' });
    const headers = new Headers(request.headers);
    headers.delete('host');
    return fetch(env.ORIGIN_URL + url.pathname + url.search, {
      method: request.method,
      headers,
      body: request.body,
      redirect: 'manual',
    });
  },
};

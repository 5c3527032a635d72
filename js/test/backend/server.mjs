// A loopback Backend API on 127.0.0.1 for the JS tests (a port of tests/support/loopback.rs): it
// checks every request against the facts of Clerk's spec in the committed fixture (operation,
// auth header, Clerk-API-Version, User-Agent, required query parameters, body shape) and answers
// schema-shaped JSON, or the next queued fault. Tests in any runtime drive it over HTTP:
//   POST /__control/faults  [{ kind: 'too-many', retryAfter } | { kind: 'server-error' } | { kind: 'answer', body } |
//                            { kind: 'malformed' } | { kind: 'slow', ms } | { kind: 'error', status, traceId, ray }]
//   GET  /__control/seen    the requests seen since the last call (and forgets them)
import { createServer } from 'node:http';
import { loadSpec } from './spec.mjs';

/** The secret key the server expects. */
export const SECRET = 'sk_test_loopback';

const json = (v) => Buffer.from(JSON.stringify(v));

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': body.length, connection: 'close', ...headers });
  res.end(body);
}

function answerFault(fault, res) {
  switch (fault.kind) {
    case 'too-many':
      return send(res, 429, json({ errors: [{ code: 'too_many_requests', message: 'Too many requests', long_message: 'Slow down' }] }),
        fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.retryAfter) });
    case 'server-error':
      return send(res, 500, json({ errors: [{ code: 'internal_clerk_error', message: 'Oops', long_message: 'Something went wrong' }], clerk_trace_id: 'trace_500' }));
    case 'answer':
      return send(res, 200, json(fault.body));
    case 'malformed':
      return send(res, 200, Buffer.from('{"id": "user_1", oops sk_live_SECRETVALUE'));
    case 'error': {
      const body = { errors: [{ code: 'form_param_invalid', message: 'is invalid', long_message: 'That is invalid', meta: { param_name: 'x' } }] };
      if (fault.traceId) body.clerk_trace_id = fault.traceId;
      return send(res, fault.status, json(body), fault.ray ? { 'cf-ray': fault.ray } : {});
    }
    default:
      return send(res, 599, json({ errors: [{ code: 'bad_fault', message: String(fault.kind) }] }));
  }
}

/** Starts the server on an ephemeral port; resolves to `{ base, spec, close() }`. */
export async function startBackendServer() {
  const spec = loadSpec();
  const faults = [];
  let seen = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url, 'http://127.0.0.1');
      if (url.pathname === '/__control/faults') {
        faults.push(...JSON.parse(body.toString('utf8')));
        return send(res, 200, json({ queued: faults.length }));
      }
      if (url.pathname === '/__control/seen') {
        const out = seen;
        seen = [];
        return send(res, 200, json(out));
      }
      const path = url.pathname.replace(/^\/v1(?=\/)/, '');
      const query = [...url.searchParams];
      const contentType = req.headers['content-type'] ?? '';
      const record = {
        operationId: '', method: req.method, path, rawPath: url.pathname, query, headers: req.headers,
        contentType, body: contentType.startsWith('multipart/') ? body.toString('latin1') : body.toString('utf8'),
        problems: [], answer: null,
      };
      const fault = faults.shift();
      if (fault && fault.kind !== 'slow') {
        seen.push(record);
        return answerFault(fault, res);
      }
      if (fault) await new Promise((r) => setTimeout(r, fault.ms));
      const op = spec.find(req.method, path);
      if (!op) {
        record.problems.push('no such operation');
        seen.push(record);
        return send(res, 404, json({ errors: [] }));
      }
      record.operationId = op.id;
      if (req.headers.authorization !== `Bearer ${SECRET}`) record.problems.push('bad authorization');
      if (req.headers['clerk-api-version'] !== '2026-05-12') record.problems.push('bad clerk-api-version');
      if (!(req.headers['user-agent'] ?? '').startsWith('clerk-edge/')) record.problems.push('bad user-agent');
      record.problems.push(...spec.checkRequest(op, query, contentType, body));
      if (record.problems.length) {
        seen.push(record);
        return send(res, 400, json({ errors: [{ code: 'spec_mismatch', message: record.problems.join('; ') }] }));
      }
      const [status, answer] = spec.sampleResponse(op);
      record.answer = answer ?? null;
      seen.push(record);
      send(res, status, answer === undefined ? Buffer.alloc(0) : json(answer));
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  server.unref();
  return {
    base: `http://127.0.0.1:${server.address().port}`,
    spec,
    close: () => new Promise((r) => server.close(r)),
  };
}

// createClerkClient's failure paths against the loopback Backend API: API errors, 429 with
// Retry-After, 5xx, malformed JSON, slow answers, an unreachable API. Secrets never in errors.
import { deepEqual, equal, ok, rejects } from './assert.mjs';

const client = (api, ctx, extra = {}) =>
  api.createClerkClient({ secretKey: ctx.secret, apiUrl: ctx.base, retry: { baseDelayInMs: 20 }, ...extra });

/** Fails if `err` (message, properties, stack) mentions the secret key. */
function noSecret(err, secret) {
  const text = [err.message, String(err), err.stack, JSON.stringify(err)].join('\n');
  ok(!text.includes(secret) && !text.includes('sk_live_SECRET'), 'error never contains a secret');
}

export const faultCases = [
  {
    name: 'API errors reject with status, errors[], clerkTraceId (body, else cf-ray) and a reason',
    async run(api, ctx) {
      const c = client(api, ctx);
      await ctx.fault({ kind: 'error', status: 422, traceId: 'trace_body', ray: 'ray_header' }, { kind: 'error', status: 404, ray: 'ray_header' });
      const e = await rejects(() => c.users.getUser('user_1'), '422');
      equal(e.name, 'ClerkEdgeError');
      ok(e instanceof Error, 'an Error');
      deepEqual([e.reason, e.status, e.clerkTraceId, e.retryAfter], ['backend-api-error', 422, 'trace_body', undefined]);
      deepEqual(e.errors, [{ code: 'form_param_invalid', message: 'is invalid', longMessage: 'That is invalid', meta: { param_name: 'x' } }]);
      ok(e.message.includes('422') && e.message.includes('is invalid'), `message: ${e.message}`);
      noSecret(e, ctx.secret);
      const e404 = await rejects(() => c.users.getUser('user_1'), '404');
      deepEqual([e404.status, e404.clerkTraceId], [404, 'ray_header']);
      equal((await ctx.seen()).length, 2, 'no retries for 4xx');
    },
  },
  {
    name: '429 with Retry-After is waited for and retried (any method); too long a Retry-After is not',
    async run(api, ctx) {
      const c = client(api, ctx);
      await ctx.fault({ kind: 'too-many', retryAfter: 1 });
      const started = Date.now();
      const user = await c.users.banUser('user_1');
      const waited = Date.now() - started;
      equal(user.object, 'user', 'the retried answer');
      ok(waited >= 900, `waited Retry-After (1 s): ${waited} ms`);
      deepEqual((await ctx.seen()).map((s) => s.operationId), ['', 'BanUser'], 'two attempts');
      await ctx.fault({ kind: 'too-many', retryAfter: 120 });
      const e = await rejects(() => c.users.banUser('user_1'), '429');
      deepEqual([e.reason, e.status, e.retryAfter, e.errors[0].code, e.errors[0].longMessage],
        ['backend-api-rate-limited', 429, 120, 'too_many_requests', 'Slow down']);
      equal((await ctx.seen()).length, 1, 'not retried');
    },
  },
  {
    name: '500 is retried for GET, returned at once for POST; attempts are bounded',
    async run(api, ctx) {
      const c = client(api, ctx);
      await ctx.fault({ kind: 'server-error' }, { kind: 'server-error' });
      equal((await c.users.getUser('user_1')).object, 'user');
      equal((await ctx.seen()).length, 3, 'two retries');
      await ctx.fault({ kind: 'server-error' });
      const e = await rejects(() => c.users.banUser('user_1'), 'POST 500');
      deepEqual([e.reason, e.status, e.clerkTraceId, e.errors[0].code], ['backend-api-error', 500, 'trace_500', 'internal_clerk_error']);
      await ctx.fault(...Array(2).fill({ kind: 'server-error' }));
      const bounded = await rejects(() => client(api, ctx, { retry: { maxAttempts: 2, baseDelayInMs: 1 } }).users.getUser('u'), 'bounded');
      equal(bounded.status, 500);
      equal((await ctx.seen()).length, 1 + 2, 'POST once, then maxAttempts');
      await ctx.fault({ kind: 'server-error' });
      await rejects(() => client(api, ctx, { retry: false }).users.getUser('u'), 'retry: false');
      await ctx.seen();
      await c.users.getUser('u'); // the queued fault was consumed by the single attempt
      equal((await ctx.seen()).length, 1);
    },
  },
  {
    name: 'malformed JSON is backend-api-invalid-response with a redacted excerpt',
    async run(api, ctx) {
      const c = client(api, ctx);
      await ctx.fault({ kind: 'malformed' });
      const e = await rejects(() => c.users.getUser('user_1'), 'malformed');
      deepEqual([e.reason, e.status], ['backend-api-invalid-response', 200]);
      ok(e.bodyExcerpt.startsWith('{"id": "user_1"') && e.bodyExcerpt.includes('[redacted]'), `excerpt: ${e.bodyExcerpt}`);
      noSecret(e, ctx.secret);
      ok(!e.message.includes('SECRETVALUE'), 'message redacted');
      await ctx.seen();
    },
  },
  {
    name: 'slow answers time out (backend-api-unreachable); idempotent calls retry and succeed',
    async run(api, ctx) {
      const c = client(api, ctx, { timeoutInMs: 300 });
      await ctx.fault({ kind: 'slow', ms: 1200 });
      const e = await rejects(() => c.users.lockUser('user_1'), 'slow POST');
      deepEqual([e.reason, e.status], ['backend-api-unreachable', undefined]);
      ok(/timed out/.test(e.message), e.message);
      noSecret(e, ctx.secret);
      await ctx.fault({ kind: 'slow', ms: 1200 });
      equal((await c.users.getUser('user_1')).object, 'user', 'GET retried after the timeout');
      await new Promise((r) => setTimeout(r, 1000)); // let the slow answers finish before the log is read
      equal((await ctx.seen()).length, 3);
    },
  },
  {
    name: 'unreachable API and bad options: distinct reasons, no secret in messages',
    async run(api, ctx) {
      const down = api.createClerkClient({ secretKey: ctx.secret, apiUrl: 'http://127.0.0.1:9', retry: false });
      const e = await rejects(() => down.users.getUser('user_1'), 'connection refused');
      deepEqual([e.reason, e.status], ['backend-api-unreachable', undefined]);
      noSecret(e, ctx.secret);
      for (const [opts, what] of [[{}, 'no secretKey'], [{ secretKey: ctx.secret, apiUrl: 'ftp://x' }, 'bad apiUrl'], [{ secretKey: 42 }, 'number']]) {
        const bad = await rejects(() => api.createClerkClient(opts), what);
        equal(bad.reason, 'options-invalid', what);
        noSecret(bad, ctx.secret);
      }
      const c = client(api, ctx);
      equal((await rejects(() => c.users.getUser(), 'missing id')).reason, 'options-invalid');
      equal((await rejects(() => c.users.getUser(''), 'empty id')).reason, 'options-invalid');
      equal((await ctx.seen()).length, 0, 'invalid calls never reach the network');
    },
  },
  {
    name: '401 is secret-key-invalid',
    async run(api, ctx) {
      const c = api.createClerkClient({ secretKey: 'sk_test_wrong_key_value', apiUrl: ctx.base, retry: false });
      const e = await rejects(() => c.users.getUser('user_1'), 'wrong key');
      // The loopback answers 400 spec_mismatch for a wrong key; a queued 401 shows the mapping.
      equal(e.status, 400);
      await ctx.fault({ kind: 'error', status: 401 });
      const e401 = await rejects(() => c.users.getUser('user_1'), '401');
      deepEqual([e401.reason, e401.status], ['secret-key-invalid', 401]);
      ok(!e401.message.includes('sk_test_wrong_key_value'), 'no secret');
      const seen = await ctx.seen();
      deepEqual(seen[0].problems, ['bad authorization']);
    },
  },
];

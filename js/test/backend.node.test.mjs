// createClerkClient in Node against the loopback Backend API: the shared backend suite, then all
// 249 operations with spec-shaped parameters (from the committed fixture; nothing needs ../shared).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as api from '../entry/node.mjs';
import { OPERATIONS, OPERATION_COUNT } from '../generated/backend-ops.mjs';
import { startBackendServer, SECRET } from './backend/server.mjs';
import { control } from './backend/control.mjs';
import { backendCases, clientFor } from './suite-backend.mjs';

const server = await startBackendServer();
const ctx = { ...control(server.base), secret: SECRET };
after(() => server.close());

for (const c of backendCases) test(c.name, () => c.run(api, ctx));

test(`all ${OPERATION_COUNT} operations are reachable from JS and answer the spec's JSON`, async () => {
  const client = clientFor(api, ctx);
  const failures = [];
  let calls = 0;
  for (const [group, methods] of Object.entries(OPERATIONS)) {
    for (const [method, entry] of Object.entries(methods)) {
      for (const d of typeof entry[0] === 'string' ? [entry] : entry) {
        const [id, , path] = d;
        const op = server.spec.ops.find((o) => o.id === id);
        const pathArgs = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => `${m[1]}-1`);
        const body = server.spec.sampleRequest(op);
        const params = Array.isArray(body) ? body : { ...server.spec.sampleQuery(op), ...(body ?? {}) };
        let result;
        try {
          result = await client[group][method](...pathArgs, params);
        } catch (e) {
          failures.push(`${group}.${method} (${id}): ${e.reason} ${e.message}`);
        }
        calls++;
        const [seen] = await ctx.seen();
        if (seen?.operationId !== id || seen.problems.length) {
          failures.push(`${group}.${method}: routed to ${seen?.operationId}, ${JSON.stringify(seen?.problems)}`);
        } else if (JSON.stringify(result) !== JSON.stringify(seen.answer)) {
          failures.push(`${group}.${method}: answer changed on the way`);
        }
      }
    }
  }
  assert.equal(calls, OPERATION_COUNT);
  assert.deepEqual(failures, []);
});

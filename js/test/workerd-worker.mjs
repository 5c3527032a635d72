// Worker run inside workerd by run-workerd.mjs: executes the shared suite against the workerd entry,
// and the Backend API suite when the runner passes a loopback server (env.BAPI_BASE).
import * as api from '../entry/workerd.mjs';
import { cases } from './suite.mjs';
import { webhookCases } from './suite-webhooks.mjs';
import { backendCases } from './suite-backend.mjs';
import { control } from './backend/control.mjs';
import { runCases } from './harness.mjs';

export default {
  async fetch(request, env) {
    if (new URL(request.url).pathname === '/backend') {
      const ctx = { ...control(env.BAPI_BASE), secret: env.BAPI_SECRET };
      const bound = backendCases.map((c) => ({ name: c.name, run: (a) => c.run(a, ctx) }));
      return Response.json(await runCases(api, bound));
    }
    return Response.json(await runCases(api, [...cases, ...webhookCases(JSON.parse(env.WEBHOOK_VECTORS))]));
  },
};

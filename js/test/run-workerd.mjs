// workerd runner: runs the shared suite inside a real workerd isolate via miniflare, then the
// Backend API suite against a loopback server in this process.
import { Miniflare } from 'miniflare';
import { fileURLToPath } from 'node:url';
import { report } from './harness.mjs';
import { makeWebhookVectors } from './webhook-vectors.mjs';
import { startBackendServer, SECRET } from './backend/server.mjs';

const server = await startBackendServer();
const mf = new Miniflare({
  modules: true,
  scriptPath: fileURLToPath(new URL('./workerd-worker.mjs', import.meta.url)),
  modulesRoot: fileURLToPath(new URL('..', import.meta.url)),
  modulesRules: [
    { type: 'ESModule', include: ['**/*.js', '**/*.mjs'] },
    { type: 'CompiledWasm', include: ['**/*.wasm'] },
  ],
  compatibilityDate: '2025-09-01',
  bindings: { BAPI_BASE: server.base, BAPI_SECRET: SECRET, WEBHOOK_VECTORS: JSON.stringify(makeWebhookVectors()) },
});
try {
  let failed = report('workerd', await (await mf.dispatchFetch('http://localhost/')).json());
  failed += report('workerd backend', await (await mf.dispatchFetch('http://localhost/backend')).json());
  process.exitCode = failed ? 1 : 0;
} finally {
  await mf.dispose();
  await server.close();
}

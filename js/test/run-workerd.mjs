// workerd runner: runs the shared suite inside a real workerd isolate via miniflare.
import { Miniflare } from 'miniflare';
import { fileURLToPath } from 'node:url';
import { report } from './harness.mjs';

const mf = new Miniflare({
  modules: true,
  scriptPath: fileURLToPath(new URL('./workerd-worker.mjs', import.meta.url)),
  modulesRoot: fileURLToPath(new URL('..', import.meta.url)),
  modulesRules: [
    { type: 'ESModule', include: ['**/*.js', '**/*.mjs'] },
    { type: 'CompiledWasm', include: ['**/*.wasm'] },
  ],
  compatibilityDate: '2025-09-01',
});
try {
  const res = await mf.dispatchFetch('http://localhost/');
  const results = await res.json();
  process.exitCode = report('workerd', results) ? 1 : 0;
} finally {
  await mf.dispose();
}

// Starts the built guard Worker (build/index.js) in a real workerd isolate through miniflare.
import { Miniflare } from 'miniflare';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Starts the guard with the given `[vars]`; returns the Miniflare instance (dispose it when done). */
export async function startGuard(bindings = {}, extra = {}) {
  const mf = new Miniflare({
    modules: true,
    scriptPath: `${root}/build/index.js`,
    modulesRoot: `${root}/build`,
    modulesRules: [
      { type: 'ESModule', include: ['**/*.js', '**/*.mjs'] },
      { type: 'CompiledWasm', include: ['**/*.wasm'] },
    ],
    compatibilityDate: '2026-04-01',
    bindings,
    ...extra,
  });
  await mf.ready;
  return mf;
}

/** The guard's worker options (the built module, its rules and compatibility date) with `bindings`, for a miniflare `workers` entry. */
export function guardWorker(bindings) {
  return {
    modules: true,
    scriptPath: `${root}/build/index.js`,
    modulesRoot: `${root}/build`,
    modulesRules: [
      { type: 'ESModule', include: ['**/*.js', '**/*.mjs'] },
      { type: 'CompiledWasm', include: ['**/*.wasm'] },
    ],
    compatibilityDate: '2026-04-01',
    bindings,
  };
}

/**
 * Starts the guard (named `guard`, first, so `dispatchFetch` reaches it) next to other workers
 * (miniflare `workers` entries, e.g. a service-binding target); `guardExtra` adds guard options
 * such as `serviceBindings`.
 */
export async function startGuardWith(bindings, guardExtra, others) {
  const mf = new Miniflare({
    workers: [
      {
        name: 'guard',
        modules: true,
        scriptPath: `${root}/build/index.js`,
        modulesRoot: `${root}/build`,
        modulesRules: [
          { type: 'ESModule', include: ['**/*.js', '**/*.mjs'] },
          { type: 'CompiledWasm', include: ['**/*.wasm'] },
        ],
        compatibilityDate: '2026-04-01',
        bindings,
        ...guardExtra,
      },
      ...others,
    ],
  });
  await mf.ready;
  return mf;
}

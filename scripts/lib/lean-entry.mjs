// Replaces worker-build's per-request entry with a plain module handler, then minifies the bundle.
//
// worker-build (0.8.7) exports a `Proxy` of a `WorkerEntrypoint` class: workerd constructs it for
// every request, and each `fetch` goes through a second `Proxy` and a wrapper. Measured in workerd
// (bench/README.md, "Guard Worker, 2026-11-30 (evening)"), this entry and the origin timeout's race
// were together about half of the guard's own cost per cached request. The guard needs none of
// it: one `fetch(request, env, ctx)` handler, with worker-build's own panic recovery kept as it is
// (`checkReinitialize` before the call: a trapped instance is rebuilt with `__wbg_reset_state`;
// `handleMaybeCritical` on a synchronous throw: a `WebAssembly.RuntimeError` marks it trapped).
// A call that throws (a Rust panic traps the instance) is answered with the guard's own JSON 500,
// the body src/worker/mod.rs `internal_error` sends, instead of the runtime's error page; the next
// request runs on a fresh instance.
//
// The input is worker-build's bundle built with NO_MINIFY=1, so the names below are the shim's
// own. When one is missing (a different worker-build), the build fails here instead of shipping
// an entry nobody checked.
//
// Usage: node scripts/lib/lean-entry.mjs build/index.js
import { readFileSync, writeFileSync } from 'node:fs';
import { transformSync } from 'esbuild';

const file = process.argv[2];
if (!file) throw new Error('usage: lean-entry.mjs <worker-build index.js>');
const source = readFileSync(file, 'utf8');

const ENTRY = 'var shim_default = new Proxy(Entrypoint, classProxyHooks);';
const REQUIRED = [
  ENTRY,
  'function checkReinitialize() {',
  'function handleMaybeCritical(e) {',
  'Entrypoint.prototype.fetch = function',
  'shim_default as default',
];
const missing = REQUIRED.filter((anchor) => !source.includes(anchor));
if (missing.length > 0) {
  console.error(`[lean-entry] ${file} is not worker-build 0.8.7's unminified bundle; missing:`);
  for (const anchor of missing) console.error(`  ${anchor}`);
  process.exit(1);
}
if (source.indexOf(ENTRY) !== source.lastIndexOf(ENTRY)) {
  console.error(`[lean-entry] ${file}: the entry declaration appears twice`);
  process.exit(1);
}

const LEAN = `var shim_default = {
  fetch(request, env, ctx) {
    checkReinitialize();
    try {
      return Entrypoint.prototype.fetch.call({ env, ctx }, request);
    } catch (e) {
      handleMaybeCritical(e);
      console.error("clerk-edge: internal error: " + String((e && e.name) || "Error"));
      return Response.json(
        { error: "guard-error", message: "the guard failed to handle the request" },
        { status: 500, headers: { "x-content-type-options": "nosniff" } }
      );
    }
  }
};`;

const patched = source.replace(ENTRY, LEAN);
const { code } = transformSync(patched, { format: 'esm', minify: true, target: 'esnext' });
writeFileSync(file, code);
console.log(`[lean-entry] ${file}: plain module handler; ${source.length} → ${code.length} bytes`);

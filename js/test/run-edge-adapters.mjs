// edge-runtime runner of the adapter cases: bundles them (and the examples) with esbuild under the
// `edge-light` condition, as Vercel does, and runs them inside Vercel's EdgeVM. Vercel's bundler turns
// `clerk_edge_bg.wasm?module` into a WebAssembly.Module; here a plugin hands over one compiled in the VM.
import { build } from 'esbuild';
import edgeRuntime from 'edge-runtime';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { report } from './harness.mjs';

const wasmModulePlugin = {
  name: 'wasm-module',
  setup(b) {
    b.onResolve({ filter: /\.wasm\?module$/ }, (args) => ({ path: args.path, namespace: 'wasm-module' }));
    b.onLoad({ filter: /.*/, namespace: 'wasm-module' }, () => ({ contents: 'export default globalThis.__clerkEdgeWasm;' }));
  },
};
const bundle = await build({
  entryPoints: [fileURLToPath(new URL('./edge-adapters-entry.mjs', import.meta.url))],
  bundle: true,
  format: 'iife',
  platform: 'neutral',
  conditions: ['edge-light', 'worker', 'browser'],
  mainFields: ['module', 'main'],
  plugins: [wasmModulePlugin],
  write: false,
  logLevel: 'error',
});
const vm = new edgeRuntime.EdgeRuntime();
const VmWebAssembly = vm.evaluate('WebAssembly');
vm.context.__clerkEdgeWasm = new VmWebAssembly.Module(readFileSync(new URL('../pkg/clerk_edge_bg.wasm', import.meta.url)));
vm.evaluate(bundle.outputFiles[0].text);
const results = JSON.parse(await vm.context.__clerkEdgeRunAdapters());
process.exitCode = report('edge-runtime adapters', results) ? 1 : 0;

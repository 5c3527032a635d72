// edge-runtime runner: bundles the suite with esbuild and runs it inside Vercel's EdgeVM.
import { build } from 'esbuild';
import edgeRuntime from 'edge-runtime';

const { EdgeRuntime } = edgeRuntime;
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { report } from './harness.mjs';
import { makeWebhookVectors } from './webhook-vectors.mjs';

const bundle = await build({
  entryPoints: [fileURLToPath(new URL('./edge-entry.mjs', import.meta.url))],
  bundle: true,
  format: 'iife',
  platform: 'neutral',
  write: false,
  logLevel: 'error',
});
const vm = new EdgeRuntime();
vm.evaluate(bundle.outputFiles[0].text);
// Compile with the VM's own WebAssembly so instanceof checks inside the VM hold.
const bytes = readFileSync(new URL('../pkg/clerk_edge_bg.wasm', import.meta.url));
const VmWebAssembly = vm.evaluate('WebAssembly');
const wasmModule = new VmWebAssembly.Module(bytes);
const results = JSON.parse(await vm.context.__clerkEdgeRun(wasmModule, JSON.stringify(makeWebhookVectors())));
process.exitCode = report('edge-runtime', results) ? 1 : 0;

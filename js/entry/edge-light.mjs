// Vercel Edge entry: Vercel's bundler turns `*.wasm?module` imports into a WebAssembly.Module.
import wasmModule from '../pkg/clerk_edge_bg.wasm?module';
import { initClerkEdge } from '../src/init.mjs';

initClerkEdge(wasmModule);

export * from '../src/api.mjs';

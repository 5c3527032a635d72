// Cloudflare Workers (workerd) entry: wrangler and miniflare import .wasm as a compiled WebAssembly.Module.
import wasmModule from '../pkg/clerk_edge_bg.wasm';
import { initClerkEdge } from '../src/init.mjs';

initClerkEdge(wasmModule);

export * from '../src/api.mjs';

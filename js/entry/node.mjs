// Node.js and Deno entry: reads the wasm next to this package and instantiates it synchronously.
import { readFileSync } from 'node:fs';
import { initClerkEdge } from '../src/init.mjs';

initClerkEdge(readFileSync(new URL('../pkg/clerk_edge_bg.wasm', import.meta.url)));

export * from '../src/api.mjs';

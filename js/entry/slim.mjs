// Bring-your-own-wasm entry for any other host: call initClerkEdge(module) once, then use the API.
export { initClerkEdge } from '../src/init.mjs';
export * from '../src/api.mjs';

export * from './index.js';

/** Instantiates the wasm (a `WebAssembly.Module` or the bytes of `clerk_edge_bg.wasm`) once; call before any other export. */
export function initClerkEdge(moduleOrBytes: WebAssembly.Module | ArrayBuffer | Uint8Array): void;

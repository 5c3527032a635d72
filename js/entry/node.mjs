// Node.js and Deno entry: reads the wasm next to this package and instantiates it synchronously.
// Under Node, signatures are verified with node:crypto (synchronous); Deno keeps WebCrypto.
import * as nodeCrypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { initClerkEdge } from '../src/init.mjs';
import { nodeCryptoVerifier } from '../src/node-verify.mjs';
import { useSyncVerifier } from '../src/signature.mjs';

initClerkEdge(readFileSync(new URL('../pkg/clerk_edge_bg.wasm', import.meta.url)));
// In Node, node:crypto verifies synchronously, without WebCrypto's thread-pool round trip.
if (typeof Deno === 'undefined') useSyncVerifier(nodeCryptoVerifier(nodeCrypto));

export * from '../src/api.mjs';

// clerk-edge/hono for the node entry: the package's wasm is instantiated by that entry first.
import '../node.mjs';

export { clerkMiddleware, getAuth } from '../../src/hono.mjs';

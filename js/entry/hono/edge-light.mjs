// clerk-edge/hono for the edge-light entry: the package's wasm is instantiated by that entry first.
import '../edge-light.mjs';

export { clerkMiddleware, getAuth } from '../../src/hono.mjs';

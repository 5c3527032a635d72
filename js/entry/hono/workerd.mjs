// clerk-edge/hono for the workerd entry: the package's wasm is instantiated by that entry first.
import '../workerd.mjs';

export { clerkMiddleware, getAuth } from '../../src/hono.mjs';

// esbuild entry: @clerk/backend's verifyToken, bundled for workerd into bench/.build/clerk-backend.mjs.
export { verifyToken } from '@clerk/backend';

// @clerk/backend's verifyToken(token, { jwtKey }), from the esbuild bundle.
import { verifyToken } from '../.build/clerk-backend.mjs';
import { benchHandler } from './harness.mjs';

export default benchHandler((token, jwtKey) => verifyToken(token, { jwtKey }));

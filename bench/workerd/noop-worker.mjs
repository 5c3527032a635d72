// Baseline: same request handling and token access as the others, no verification.
import { benchHandler } from './harness.mjs';

const SUB = { sub: 'user_demo2fTqBWk7u9wG5sNq' };
export default benchHandler(async (token) => (token.length > 0 ? SUB : {}));

// Bundled by run-edge-adapters.mjs for Vercel's edge-runtime VM with the `edge-light` condition, so the
// examples' `import … from 'clerk-edge'` loads the package's real Vercel Edge entry.
import * as api from 'clerk-edge';
import { adapterCases } from './suite-adapters.mjs';
import { runCases } from './harness.mjs';

globalThis.__clerkEdgeRunAdapters = async () => JSON.stringify(await runCases(api, adapterCases));

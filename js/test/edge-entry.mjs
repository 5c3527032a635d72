// Bundled by run-edge.mjs into one script for Vercel's edge-runtime VM; the host passes the compiled wasm in.
import * as api from '../entry/slim.mjs';
import { cases } from './suite.mjs';
import { webhookCases } from './suite-webhooks.mjs';
import { runCases } from './harness.mjs';

globalThis.__clerkEdgeRun = async (wasmModule, webhookVectorsJson) => {
  api.initClerkEdge(wasmModule);
  return JSON.stringify(await runCases(api, [...cases, ...webhookCases(JSON.parse(webhookVectorsJson))]));
};

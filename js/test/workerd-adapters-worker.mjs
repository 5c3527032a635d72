// Worker bundled by run-workerd-adapters.mjs (the `workerd` condition, as wrangler bundles): runs the
// adapter cases inside workerd against the package's Workers entry.
import * as api from 'clerk-edge';
import { adapterCases } from './suite-adapters.mjs';
import { runCases } from './harness.mjs';

export default {
  async fetch() {
    return Response.json(await runCases(api, adapterCases));
  },
};

// Worker run inside workerd by proxy.workerd.test.mjs: clerkFrontendApiProxy from the package's
// workerd entry, with its options from the bindings.
import { clerkFrontendApiProxy } from '../entry/workerd.mjs';

export default {
  fetch(request, env) {
    return clerkFrontendApiProxy(request, { publishableKey: env.PK, secretKey: env.SK, fapiUrl: env.FAPI });
  },
};

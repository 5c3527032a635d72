// Worker run inside workerd by run-workerd.mjs: executes the shared suite against the workerd entry.
import * as api from '../entry/workerd.mjs';
import { cases } from './suite.mjs';
import { runCases } from './harness.mjs';

export default {
  async fetch() {
    return Response.json(await runCases(api, cases));
  },
};

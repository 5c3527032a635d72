// Deno runner: `deno test --allow-read js/test/deno.test.mjs`.
import * as api from '../entry/node.mjs';
import { cases } from './suite.mjs';

for (const c of cases) Deno.test(c.name, () => c.run(api));

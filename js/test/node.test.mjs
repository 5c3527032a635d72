// Node runner: `node --test js/test/node.test.mjs`.
import { test } from 'node:test';
import * as api from '../entry/node.mjs';
import { cases } from './suite.mjs';

for (const c of cases) test(c.name, () => c.run(api));

// The one JS test suite, run unchanged in Node, Deno, edge-runtime and workerd.
// Each case receives the package's API object (whatever entry the runtime uses).
import { deepEqual, equal, ok, rejectsWithReason } from './assert.mjs';
import { verifyCases } from './suite-verify.mjs';
import { requestCases } from './suite-request.mjs';
import { OPERATIONS, OPERATION_COUNT } from '../generated/backend-ops.mjs';

const b64 = (s) => btoa(s);

export const cases = [
  {
    name: 'parsePublishableKey: development key',
    run(api) {
      const key = 'pk_test_' + b64('clerk.example.com$');
      deepEqual(api.parsePublishableKey(key), { frontendApi: 'clerk.example.com', instanceType: 'development' });
    },
  },
  {
    name: 'parsePublishableKey: production key, unpadded body, surrounding whitespace',
    run(api) {
      const body = b64('clerk.acme-inc.io$').replace(/=+$/, '');
      const parsed = api.parsePublishableKey(`  pk_live_${body}\n`);
      equal(parsed.frontendApi, 'clerk.acme-inc.io');
      equal(parsed.instanceType, 'production');
    },
  },
  {
    name: 'parsePublishableKey: real-shaped dev instance host',
    run(api) {
      const parsed = api.parsePublishableKey('pk_test_' + b64('glad-gull-42.clerk.accounts.dev$'));
      equal(parsed.frontendApi, 'glad-gull-42.clerk.accounts.dev');
    },
  },
  {
    name: 'parsePublishableKey: malformed keys reject with reasons and never echo the key',
    async run(api) {
      const bad = [
        ['', 'publishable-key-missing'],
        ['sk_test_' + b64('clerk.example.com$'), 'publishable-key-invalid'],
        ['pk_test_***', 'publishable-key-invalid'],
        ['pk_test_' + b64('clerk.example.com'), 'publishable-key-invalid'],
        ['pk_test_' + b64('clerk example.com$'), 'publishable-key-invalid'],
        ['pk_test_' + b64('$'), 'publishable-key-invalid'],
        ['pk_test_' + b64('https://clerk.example.com$'), 'publishable-key-invalid'],
      ];
      for (const [key, reason] of bad) {
        const err = await rejectsWithReason(() => api.parsePublishableKey(key), reason, `key ${JSON.stringify(key)}`);
        equal(err.name, 'ClerkEdgeError', 'error name');
        ok(err instanceof Error, 'is an Error');
        ok(key.length < 9 || !err.message.includes(key.slice(8)), 'message does not echo the key');
      }
    },
  },
  {
    name: 'parsePublishableKey: non-string input is a clear error',
    async run(api) {
      await rejectsWithReason(() => api.parsePublishableKey(undefined), 'publishable-key-missing', 'undefined');
      await rejectsWithReason(() => api.parsePublishableKey(42), 'publishable-key-missing', 'number');
    },
  },
  {
    name: 'version() reports the crate version',
    run(api) {
      ok(/^\d+\.\d+\.\d+/.test(api.version()), 'semver');
    },
  },
  {
    name: 'createClerkClient: every operation of the table is a method; options are validated',
    async run(api) {
      const client = api.createClerkClient({ secretKey: 'sk_test_x', apiUrl: 'http://127.0.0.1:9' });
      let operations = 0;
      for (const [group, methods] of Object.entries(OPERATIONS)) {
        for (const [method, entry] of Object.entries(methods)) {
          equal(typeof client[group][method], 'function', `${group}.${method}`);
          operations += typeof entry[0] === 'string' ? 1 : entry.length;
        }
      }
      equal(operations, OPERATION_COUNT, 'operations');
      equal(OPERATION_COUNT, 249, 'the 2026-05-12 spec');
      ok(Object.isFrozen(client) && Object.isFrozen(client.users), 'frozen');
      await rejectsWithReason(() => api.createClerkClient({ apiUrl: 'https://api.clerk.com' }), 'options-invalid', 'no secretKey');
      await rejectsWithReason(() => client.users.getUser(), 'options-invalid', 'missing path parameter');
    },
  },
  ...verifyCases,
  ...requestCases,
];

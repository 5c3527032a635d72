// The 256 jose-signed token vectors (tests/fixtures/tokens/vectors.json) through the npm package's
// verifyToken in Node: the same verdicts and reasons the Rust core gives natively. JWKS vectors are
// served by a loopback Backend API, one secret key per vector so no cache is shared between them.
// Each vector runs twice per signature backend (node:crypto, which the Node entry installs, and
// WebCrypto): the first call imports the key (and fetches the JWKS), the second takes the warm path.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import * as api from '../entry/node.mjs';
import { nodeCryptoVerifier } from '../src/node-verify.mjs';
import { useSyncVerifier } from '../src/signature.mjs';
import * as nodeCrypto from 'node:crypto';

const vectors = JSON.parse(readFileSync(new URL('../../tests/fixtures/tokens/vectors.json', import.meta.url), 'utf8'));
const jwksBySecret = new Map();
let server, apiUrl;

before(async () => {
  server = createServer((req, res) => {
    const secret = (req.headers.authorization || '').replace(/^Bearer /, '');
    const jwks = jwksBySecret.get(secret);
    if (req.url !== '/v1/jwks' || jwks === undefined) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  apiUrl = `http://127.0.0.1:${server.address().port}`;
});
after(() => server.close());

function optionsFor(v, index) {
  const options = { ...v.options, skipVerifiedTokenCache: true };
  if (v.keyFormat === 'jwks') {
    const secretKey = `sk_test_vector_${index}`;
    jwksBySecret.set(secretKey, v.key);
    Object.assign(options, { secretKey, apiUrl });
  } else {
    options.jwtKey = v.key;
  }
  return options;
}

/** `ok` or the rejection's reason, with Date.now pinned to the vector's clock. */
async function verdict(v, options) {
  const realNow = Date.now;
  Date.now = () => v.nowMs;
  try {
    const claims = await api.verifyToken(v.token, options);
    return { ok: true, sub: claims.sub };
  } catch (err) {
    assert.ok(typeof err.message === 'string' && err.message.length > 0, `${v.name}: error without a message`);
    return { ok: false, reason: err.reason ?? `threw without a reason: ${err}` };
  } finally {
    Date.now = realNow;
  }
}

async function runAll(backend) {
  assert.equal(vectors.length, 256);
  const mismatches = [];
  for (const [index, v] of vectors.entries()) {
    const options = optionsFor(v, `${backend}_${index}`);
    for (const pass of ['cold', 'warm']) {
      const got = await verdict(v, options);
      const want = v.expect.ok ? { ok: true, sub: v.expect.sub } : { ok: false, reason: v.expect.reason };
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        mismatches.push(`${v.name} (${backend}, ${pass}): got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
      }
    }
  }
  assert.deepEqual(mismatches, []);
}

test('all token vectors through node:crypto (the Node entry): same verdicts and reasons as the Rust core', () =>
  runAll('node-crypto'));

test('all token vectors through WebCrypto: same verdicts and reasons as the Rust core', async () => {
  useSyncVerifier(null);
  try {
    await runAll('webcrypto');
  } finally {
    useSyncVerifier(nodeCryptoVerifier(nodeCrypto));
  }
});

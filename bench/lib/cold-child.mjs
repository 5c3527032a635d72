// One cold-start sample, run in a fresh Node process by bench/cold-start.mjs:
// import the contender, verify one token, report timings (ms) as one JSON line on stdout.
// performance.now() counts from this process's time origin (process start), so `sinceStart`
// also includes Node's own boot; `importVerify` is what the package adds.
const t0 = performance.now();
const [contender] = process.argv.slice(2);
const { BENCH_TOKEN: token, BENCH_JWT_KEY: jwtKey, BENCH_SPKI_PEM: spkiPem } = process.env;

let tImported;
let claims;
switch (contender) {
  case 'clerk-edge': {
    const m = await import('../../js/entry/node.mjs');
    tImported = performance.now();
    claims = await m.verifyToken(token, { jwtKey });
    break;
  }
  case '@clerk/backend': {
    const m = await import('@clerk/backend');
    tImported = performance.now();
    claims = await m.verifyToken(token, { jwtKey });
    break;
  }
  case 'jose': {
    const m = await import('jose');
    tImported = performance.now();
    const key = await m.importSPKI(spkiPem, 'RS256');
    claims = (await m.jwtVerify(token, key)).payload;
    break;
  }
  default:
    throw new Error(`unknown contender ${contender}`);
}
const t1 = performance.now();
if (claims?.sub !== 'user_demo2fTqBWk7u9wG5sNq') throw new Error(`${contender}: unexpected claims`);
process.stdout.write(
  JSON.stringify({ importMs: tImported - t0, firstVerifyMs: t1 - tImported, importVerifyMs: t1 - t0, sinceStartMs: t1 }) + '\n',
);

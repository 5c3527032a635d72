// Runs the example guard (argv[2], with clerk-edge installed from the tarball) under
// `wrangler dev --local` in front of a loopback origin: 401 without a token, identity headers
// with one, forged identity headers stripped. Exits non-zero on any failure.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { DEMO_PUBLISHABLE_KEY, ensureDemoKey, mintDemoToken } from './lib/demo-keys.mjs';

const app = process.argv[2];
const root = fileURLToPath(new URL('..', import.meta.url));
const started = Date.now();

const seen = [];
const origin = createServer((req, res) => {
  seen.push({ url: req.url, headers: req.headers });
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ ok: true }));
});
await new Promise((r) => origin.listen(0, '127.0.0.1', r));
const free = createServer();
await new Promise((r) => free.listen(0, '127.0.0.1', r));
const port = free.address().port;
await new Promise((r) => free.close(r));
const guardUrl = `http://127.0.0.1:${port}`;

const vars = {
  CLERK_PUBLISHABLE_KEY: DEMO_PUBLISHABLE_KEY,
  CLERK_JWT_KEY: ensureDemoKey().jwtKey,
  CLERK_AUTHORIZED_PARTIES: guardUrl,
  CLERK_ORIGIN_URL: `http://127.0.0.1:${origin.address().port}`,
};
const args = ['dev', '--local', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', '0', '--show-interactive-dev-session=false'];
for (const [k, v] of Object.entries(vars)) args.push('--var', `${k}:${v}`);
let output = '';
// No banner: wrangler's banner asks the npm registry for a newer version; tests stay on loopback.
const env = { ...process.env, WRANGLER_HIDE_BANNER: 'true', WRANGLER_SEND_METRICS: 'false' };
const wrangler = spawn(`${root}/node_modules/.bin/wrangler`, args, { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
wrangler.stdout.on('data', (d) => { output += d; });
wrangler.stderr.on('data', (d) => { output += d; });

function stop() {
  try { process.kill(-wrangler.pid, 'SIGTERM'); } catch {}
  origin.close();
}

async function waitUntilUp(deadline) {
  while (Date.now() < deadline) {
    if (wrangler.exitCode !== null) return false;
    try {
      const res = await fetch(`${guardUrl}/__clerk_edge/health`);
      if (res.ok) return true;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

try {
  assert.ok(await waitUntilUp(Date.now() + 45_000), 'wrangler dev did not come up within 45 s');
  const health = await (await fetch(`${guardUrl}/__clerk_edge/health`)).json();
  assert.equal(health.frontendApi, 'clerk-edge-demo.clerk.accounts.dev');

  const anonymous = await fetch(`${guardUrl}/api/me`, { headers: { cookie: '__clerk_db_jwt=dvb_x' } });
  assert.equal(anonymous.status, 401);
  assert.equal(anonymous.headers.get('x-clerk-auth-reason'), 'session-token-and-uat-missing');
  assert.equal(seen.length, 0, 'a signed-out request must not reach the origin');

  const token = mintDemoToken({ azp: guardUrl });
  const signedIn = await fetch(`${guardUrl}/api/me?q=1`, { headers: { authorization: `Bearer ${token}`, 'x-clerk-user-id': 'user_attacker' } });
  assert.equal(signedIn.status, 200);
  assert.deepEqual(await signedIn.json(), { ok: true });
  assert.equal(seen.length, 1);
  assert.equal(seen[0].url, '/api/me?q=1');
  assert.equal(seen[0].headers['x-clerk-user-id'], 'user_demo2fTqBWk7u9wG5sNq');
  assert.equal(seen[0].headers['x-clerk-session-id'] !== undefined, true);
  console.log(`guard package: the packed clerk-edge/guard runs under wrangler dev (401 without a token, identity headers with one) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (err) {
  console.error(output.slice(-4000));
  console.error(err);
  process.exitCode = 1;
} finally {
  stop();
  if (wrangler.exitCode === null) await new Promise((r) => { wrangler.once('exit', r); setTimeout(r, 5000); });
  try { process.kill(-wrangler.pid, 'SIGKILL'); } catch {}
  process.exit(process.exitCode ?? 0);
}

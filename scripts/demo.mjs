// `make run`: starts a loopback demo origin and the guard Worker in workerd (wrangler dev --local),
// prints how to try it, and stops both (whole process group) on Ctrl-C.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { DEMO_PUBLISHABLE_KEY, ensureDemoKey, mintDemoToken } from './lib/demo-keys.mjs';

const GUARD_PORT = Number(process.env.CLERK_EDGE_DEMO_PORT || 8787);
const ORIGIN_PORT = Number(process.env.CLERK_EDGE_DEMO_ORIGIN_PORT || 8788);
const guardUrl = `http://127.0.0.1:${GUARD_PORT}`;

// The demo origin: echoes what it received, so the identity headers the guard adds are visible.
const origin = createServer((req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ origin: 'clerk-edge demo origin', method: req.method, url: req.url, headers: req.headers }, null, 2) + '\n');
});
await new Promise((resolve, reject) => origin.once('error', reject).listen(ORIGIN_PORT, '127.0.0.1', resolve));

const key = ensureDemoKey();
const vars = {
  CLERK_PUBLISHABLE_KEY: DEMO_PUBLISHABLE_KEY,
  CLERK_JWT_KEY: key.jwtKey,
  CLERK_AUTHORIZED_PARTIES: guardUrl,
  CLERK_ORIGIN_URL: `http://127.0.0.1:${ORIGIN_PORT}`,
};
const args = ['dev', '--local', '--ip', '127.0.0.1', '--port', String(GUARD_PORT), '--show-interactive-dev-session=false'];
for (const [k, v] of Object.entries(vars)) args.push('--var', `${k}:${v}`);
// Own process group, so the workerd children go down with wrangler.
const wrangler = spawn('wrangler', args, { stdio: ['ignore', 'inherit', 'inherit'], detached: true });

let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  try { process.kill(-wrangler.pid, 'SIGTERM'); } catch {}
  origin.close();
  const force = setTimeout(() => { try { process.kill(-wrangler.pid, 'SIGKILL'); } catch {} process.exit(code); }, 5000);
  wrangler.once('exit', () => { clearTimeout(force); process.exit(code); });
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
wrangler.on('exit', (code) => { if (!stopping) { origin.close(); process.exit(code ?? 1); } });

async function waitUntilUp(deadline) {
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${guardUrl}/__clerk_edge/health`);
      if (res.ok) return true;
    } catch {}
    await new Promise((r) => setTimeout(r, 300));
  }
  return false;
}

if (!(await waitUntilUp(Date.now() + 180_000))) {
  console.error('clerk-edge demo: the guard did not come up within 3 minutes');
  stop(1);
} else {
  const token = mintDemoToken({ azp: guardUrl });
  console.log(`
clerk-edge demo — the guard Worker runs in workerd at ${guardUrl}, guarding the demo origin at http://127.0.0.1:${ORIGIN_PORT}

  # health (answered by the guard itself)
  curl -s ${guardUrl}/__clerk_edge/health

  # an API request without a session -> 401 signed-out (reason dev-browser-missing: a development
  # instance gives every browser a dev-browser cookie first)
  curl -si ${guardUrl}/api/me

  # a browser navigation without a session -> 307 to the demo Frontend API's handshake
  curl -si -H 'Sec-Fetch-Dest: document' -H 'Accept: text/html' ${guardUrl}/dashboard

  # a signed-in browser: session cookie + __client_uat + dev browser -> forwarded
  curl -s -H 'Cookie: __session=${token}; __client_uat=1; __clerk_db_jwt=dvb_demo' ${guardUrl}/api/me

  # demo session token (valid 1 hour) -> forwarded, the origin echoes the x-clerk-* identity headers
  curl -s -H 'Authorization: Bearer ${token}' ${guardUrl}/api/me

  # spoofed identity header -> stripped before it reaches the origin
  curl -s -H 'x-clerk-user-id: user_attacker' -H 'Authorization: Bearer ${token}' ${guardUrl}/api/me

Press Ctrl-C to stop.
`);
}

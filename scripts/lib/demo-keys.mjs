// The demo configuration: a dev RSA key pair generated on first use (kept in .dev/, out of git)
// and Clerk-shaped session tokens minted with it.
import { createPrivateKey, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const keyFile = `${root}/.dev/demo-key.json`;

/** Frontend API host of the demo instance (not a real Clerk instance). */
export const DEMO_FRONTEND_API = 'clerk-edge-demo.clerk.accounts.dev';
/** The demo publishable key: pk_test_ + base64("<host>$"). */
export const DEMO_PUBLISHABLE_KEY = 'pk_test_' + Buffer.from(`${DEMO_FRONTEND_API}$`).toString('base64');

/** Loads the demo key pair, generating it (RSA-2048) on first use. */
export function ensureDemoKey() {
  if (existsSync(keyFile)) return JSON.parse(readFileSync(keyFile, 'utf8'));
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const spkiPem = publicKey.export({ type: 'spki', format: 'pem' });
  const key = {
    kid: `ins_demo_${randomUUID().slice(0, 8)}`,
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }),
    spkiPem,
    // The one-line form Clerk's dashboard shows for CLERK_JWT_KEY (PEM body without header/footer).
    jwtKey: spkiPem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''),
  };
  mkdirSync(`${root}/.dev`, { recursive: true });
  writeFileSync(keyFile, JSON.stringify(key, null, 2), { mode: 0o600 });
  return key;
}

const b64url = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** Mints an RS256 Clerk session token (v2 shape) signed with the demo key; `overrides` replace claims. */
export function mintDemoToken({ azp = 'http://127.0.0.1:8787', ttlSeconds = 3600, overrides = {} } = {}) {
  const key = ensureDemoKey();
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    azp,
    exp: now + ttlSeconds,
    fva: [0, -1],
    iat: now,
    iss: `https://${DEMO_FRONTEND_API}`,
    nbf: now - 10,
    sid: 'sess_demo2fTqC3xHs1Qb8wYtZ',
    sts: 'active',
    sub: 'user_demo2fTqBWk7u9wG5sNq',
    v: 2,
    ...overrides,
  };
  return signDemoJwt(claims);
}

/** Signs any payload as an RS256 JWT with the demo key (e.g. a handshake token `{ handshake: [...] }`). */
export function signDemoJwt(payload) {
  const key = ensureDemoKey();
  const header = { alg: 'RS256', kid: key.kid, typ: 'JWT' };
  const input = `${b64url(header)}.${b64url(payload)}`;
  const signature = sign('sha256', Buffer.from(input), createPrivateKey(key.privatePem));
  return `${input}.${signature.toString('base64url')}`;
}

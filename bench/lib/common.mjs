// Shared helpers for the benchmarks: token minting, statistics and table printing.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ensureDemoKey, mintDemoToken } from '../../scripts/lib/demo-keys.mjs';

export { ensureDemoKey };

/** Token lifetime: far ahead so nothing expires mid-run (or inside workerd's frozen clock). */
export const TOKEN_TTL_SECONDS = 365 * 24 * 3600;

/**
 * Mints `n` distinct RS256 Clerk-shaped session tokens, all signed by the demo key.
 * Each differs by its `sid` (RSASSA-PKCS1-v1_5 is deterministic, so equal claims would give equal tokens).
 */
export function mintTokens(n, tag = 'bench') {
  const tokens = new Array(n);
  for (let i = 0; i < n; i++) {
    tokens[i] = mintDemoToken({
      ttlSeconds: TOKEN_TTL_SECONDS,
      overrides: { sid: `sess_${tag}_${process.pid}_${i}` },
    });
  }
  return tokens;
}

const buildDir = fileURLToPath(new URL('../.build', import.meta.url));

/**
 * `n` distinct tokens like {@link mintTokens}, reused from bench/.build/ when a previous run minted
 * them with the same demo key and they stay valid for at least 30 more days (RSA signing is slow:
 * minting 2000 takes seconds). Nothing caches verification results across processes, so reusing
 * the set between runs does not help any contender.
 */
export function loadOrMintTokens(n) {
  const file = `${buildDir}/tokens-${n}.json`;
  const { kid } = ensureDemoKey();
  const minExp = Math.floor(Date.now() / 1000) + 30 * 24 * 3600;
  if (existsSync(file)) {
    try {
      const saved = JSON.parse(readFileSync(file, 'utf8'));
      if (saved.kid === kid && saved.exp > minExp && saved.tokens?.length === n) return { tokens: saved.tokens, reused: true };
    } catch {
      // fall through and mint again
    }
  }
  const tokens = mintTokens(n, 'bench');
  const exp = Math.floor(Date.now() / 1000) + TOKEN_TTL_SECONDS - 60;
  mkdirSync(buildDir, { recursive: true });
  writeFileSync(file, JSON.stringify({ kid, exp, tokens }));
  return { tokens, reused: false };
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Formats a number with a sensible number of significant digits. */
export function fmt(x, digits = 3) {
  if (x == null || !Number.isFinite(x)) return 'n/a';
  if (Math.abs(x) >= 10 ** digits) return Math.round(x).toLocaleString('en-US');
  return Number(x.toPrecision(digits)).toLocaleString('en-US', { maximumSignificantDigits: digits });
}

export function ratio(a, b) {
  return `${fmt(a / b, 3)}×`;
}

/** Prints rows (arrays of strings) as a Markdown table, first row the header. */
export function printTable(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  const line = (r) => `| ${r.map((cell, c) => String(cell).padEnd(widths[c])).join(' | ')} |`;
  console.log(line(rows[0]));
  console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`);
  for (const r of rows.slice(1)) console.log(line(r));
}

/** Rotates `list` by `k` so each round starts with a different contender. */
export function rotate(list, k) {
  const n = k % list.length;
  return [...list.slice(n), ...list.slice(0, n)];
}

export function verdict(ok) {
  return ok ? 'MET' : 'NOT MET';
}

/** workerd processes that are children of this process (miniflare spawns them directly). */
export function workerdChildren() {
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && comm.startsWith('workerd')) pids.push(Number(entry));
    } catch {}
  }
  return pids;
}

/** The `azp` of the guard benchmarks' tokens, which their Workers list in `CLERK_AUTHORIZED_PARTIES`. */
export const GUARD_BENCH_AZP = 'https://app.bench.example';

/**
 * The request classes of the guard benchmarks (guard-wrk.mjs, guard-isolate.mjs), each carrying `token`:
 * an API call with a Bearer token, and a signed-in browser navigation on the development instance.
 */
export function guardRequestClasses(token) {
  return [
    { name: 'bearer', title: 'Bearer token (API call)', headers: { authorization: `Bearer ${token}` } },
    {
      name: 'cookie',
      title: 'signed-in browser navigation (__session + __client_uat + __clerk_db_jwt cookies)',
      headers: {
        cookie: `__session=${token}; __client_uat=1; __clerk_db_jwt=dvb_bench`,
        'sec-fetch-dest': 'document',
        accept: 'text/html',
      },
    },
  ];
}

// Cold start: a fresh Node process per sample imports the package and verifies one token.
// Measured inside the child with performance.now() (import + first verify), plus the time since the
// child's process start and the parent-side spawn→exit wall time. SAMPLES per contender, interleaved
// (order rotated per round), medians; one untimed warm-up spawn each so the OS file cache is warm.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { ensureDemoKey, fmt, median, mintTokens, printTable, ratio, rotate, verdict } from './lib/common.mjs';

const SAMPLES = Number(process.env.BENCH_COLD_SAMPLES ?? 10);
const child = fileURLToPath(new URL('./lib/cold-child.mjs', import.meta.url));
const contenders = ['clerk-edge', '@clerk/backend', 'jose'];

const key = ensureDemoKey();
const tokens = mintTokens(SAMPLES + 1, 'cold');

function sample(contender, token) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const p = spawn(process.execPath, [child, contender], {
      env: { ...process.env, BENCH_TOKEN: token, BENCH_JWT_KEY: key.jwtKey, BENCH_SPKI_PEM: key.spkiPem },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('error', reject);
    p.on('close', (code) => {
      const wallMs = performance.now() - start;
      if (code !== 0) return reject(new Error(`${contender} child exited ${code}`));
      resolve({ ...JSON.parse(out), wallMs });
    });
  });
}

console.log(`# cold-start — ${new Date().toISOString()}`);
console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu?'} × ${os.cpus().length}; ${SAMPLES} fresh processes per contender, median\n`);

for (const c of contenders) await sample(c, tokens[SAMPLES]); // warm-up (file cache), untimed
const samples = Object.fromEntries(contenders.map((c) => [c, []]));
for (let i = 0; i < SAMPLES; i++) {
  for (const c of rotate(contenders, i)) samples[c].push(await sample(c, tokens[i]));
}

const med = (c, field) => median(samples[c].map((s) => s[field]));
const rows = [['contender', 'import (ms)', 'first verify (ms)', 'import + first verify (ms)', 'since process start (ms)', 'spawn→exit wall (ms)']];
for (const c of contenders) {
  rows.push([c, fmt(med(c, 'importMs')), fmt(med(c, 'firstVerifyMs')), fmt(med(c, 'importVerifyMs')), fmt(med(c, 'sinceStartMs')), fmt(med(c, 'wallMs'))]);
}
console.log('## Cold start: medians\n');
printTable(rows);

const ce = med('clerk-edge', 'importVerifyMs');
const cb = med('@clerk/backend', 'importVerifyMs');
const jo = med('jose', 'importVerifyMs');
console.log('\n## Cold start: ratios (time; < 1× means clerk-edge starts faster)\n');
printTable([
  ['measure', 'clerk-edge / @clerk/backend', 'clerk-edge / jose'],
  ['import + first verify', ratio(ce, cb), ratio(ce, jo)],
  ['since process start', ratio(med('clerk-edge', 'sinceStartMs'), med('@clerk/backend', 'sinceStartMs')), ratio(med('clerk-edge', 'sinceStartMs'), med('jose', 'sinceStartMs'))],
  ['spawn→exit wall', ratio(med('clerk-edge', 'wallMs'), med('@clerk/backend', 'wallMs')), ratio(med('clerk-edge', 'wallMs'), med('jose', 'wallMs'))],
]);
console.log('\n## Cold-start target\n');
printTable([
  ['target', 'measured', 'verdict'],
  ['import + first verify ≤ @clerk/backend', `${fmt(ce)} ms vs ${fmt(cb)} ms (${ratio(ce, cb)})`, verdict(ce <= cb)],
]);
console.log('');

#!/usr/bin/env bash
# Runs the benchmarks (bench/README.md): Node throughput, cold start, workerd throughput, and the
# guard Worker under wrk load. Output is printed and saved to bench/results/latest.txt. Builds js/pkg
# and the Worker (build/) first only if they are missing (`make bench` has already run `make build`).
# Installs wrk (a Debian package) if it is missing; benchmarks are not part of `make test`.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$root"
if [ ! -f js/pkg/clerk_edge_bg.wasm ]; then
  bash scripts/build-js.sh
fi
if [ ! -f build/index.js ] || [ ! -f build/index_bg.wasm ]; then
  bash scripts/build-worker.sh
fi
bash scripts/ensure-wrk.sh
mkdir -p bench/results
out=bench/results/latest.txt
{
  echo "clerk-edge benchmarks — $(date -u +%Y-%m-%dT%H:%M:%SZ) — $(uname -srm), $(nproc) CPU(s), load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "git: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (working tree modified)')"
  echo
  node bench/node-verify.mjs
  node bench/node-authenticate.mjs
  node bench/cold-start.mjs
  node bench/workerd-verify.mjs
  node bench/guard-wrk.mjs
  [ -f build/index.js ] || bash scripts/build-worker.sh; node bench/jwks-fetches.mjs
} 2>&1 | tee "$out"
echo "[bench] saved to $out"

#!/usr/bin/env bash
# The guard's load soak (bench/README.md, "guard-soak.mjs"): installs wrk if missing, builds the Worker
# (build/) if missing, then runs bench/guard-soak.mjs and saves its output in bench/results/soak-latest.txt.
# Not part of `make test`. BENCH_SOAK_DURATION (s, 60) and BENCH_SOAK_CONNECTIONS (100) shorten it.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$root"
bash scripts/ensure-wrk.sh
if [ ! -f build/index.js ] || [ ! -f build/index_bg.wasm ]; then
  bash scripts/build-worker.sh
fi
mkdir -p bench/results
out=bench/results/soak-latest.txt
status=0
{
  echo "clerk-edge guard soak — $(date -u +%Y-%m-%dT%H:%M:%SZ) — $(uname -srm), $(nproc) CPU(s), load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "git: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (working tree modified)')"
  node bench/guard-soak.mjs
} 2>&1 | tee "$out" || status=$?
echo "[bench-soak] saved to $out"
exit "$status"

#!/usr/bin/env bash
# Builds the guard Worker into build/ (wrangler's [build] command). Offline-safe: tool paths come from env.sh.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$root"
# The guard is built for speed: opt-level 2 instead of the crate's "z" (the npm package keeps "z").
# Measured in workerd, the cached path's in-isolate time drops by about a quarter for ~43 KB more
# gzip upload (bench/README.md, "Guard Worker, 2026-11-30 (evening)"). CARGO_PROFILE_RELEASE_OPT_LEVEL overrides it.
export CARGO_PROFILE_RELEASE_OPT_LEVEL="${CARGO_PROFILE_RELEASE_OPT_LEVEL:-2}"
# Unminified, so that lean-entry.mjs can find the shim's names; it minifies afterwards.
NO_MINIFY=1 worker-build --release --features worker
node scripts/lib/lean-entry.mjs build/index.js
wasm=$(ls build/*.wasm build/worker/*.wasm 2>/dev/null | head -n1 || true)
if [ -n "$wasm" ] && [ -n "${WASM_OPT_BIN:-}" ]; then
  # worker-build leaves the module unoptimised here; shrink it (exports are unchanged).
  # Only features workerd runs; worker-build emits exception-handling instructions.
  "$WASM_OPT_BIN" -Oz --strip-debug --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue --enable-exception-handling "$wasm" -o "$wasm"
fi
if [ -n "$wasm" ]; then
  echo "[build-worker] ${wasm}: $(wc -c <"$wasm") bytes raw, $(gzip -9c "$wasm" | wc -c) bytes gzip"
fi
# The same module, prebuilt into the npm package as `clerk-edge/guard` (js/guard/, out of git).
if [ -f build/index.js ] && [ -n "$wasm" ]; then
  mkdir -p js/guard
  cp build/index.js js/guard/index.js
  cp "$wasm" js/guard/index_bg.wasm
  echo "[build-worker] copied into js/guard/ (clerk-edge/guard)"
fi

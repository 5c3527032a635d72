#!/usr/bin/env bash
# Builds the npm package's wasm (js/pkg: verification + the Backend API client) with wasm-pack, then shrinks it with npm binaryen's wasm-opt.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$root"
CARGO_PROFILE_RELEASE_OPT_LEVEL="${CLERK_EDGE_JS_OPT_LEVEL:-3}" wasm-pack build --release --target web --no-pack --out-dir js/pkg --out-name clerk_edge -- --features js,backend
rm -f js/pkg/.gitignore
if [ -n "${WASM_OPT_BIN:-}" ]; then
  "$WASM_OPT_BIN" -O3 js/pkg/clerk_edge_bg.wasm -o js/pkg/clerk_edge_bg.wasm
fi
raw=$(wc -c <js/pkg/clerk_edge_bg.wasm)
gz=$(gzip -9c js/pkg/clerk_edge_bg.wasm | wc -c)
echo "[build-js] js/pkg/clerk_edge_bg.wasm: ${raw} bytes raw, ${gz} bytes gzip"

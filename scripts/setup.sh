#!/usr/bin/env bash
# Idempotent tool set-up for clerk-edge: installs only what is missing or at the wrong version.
# Called by `make setup` (and so by `make run`, `make test`, `make build`).
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=0.2.130
WASM_PACK_VERSION=0.15.1
WORKER_BUILD_VERSION=0.8.7
# One target dir for the three tool builds so shared dependencies compile once.
export CARGO_TARGET_DIR="${CLERK_EDGE_TOOLS_TARGET:-${HOME}/.cache/clerk-edge-tools-target}"

log() { printf '[setup] %s\n' "$*"; }

has_version() { # has_version <cmd> <version>
  command -v "$1" >/dev/null 2>&1 && "$1" --version 2>/dev/null | grep -q -- "$2"
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
for comp in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^${comp}"; then
    rustup component add "$comp"
  fi
done

if ! has_version wasm-bindgen "$WASM_BINDGEN_VERSION"; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (~4 min)"
  # Not --locked: one locked dependency of this release is missing from the registry.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi
if ! has_version wasm-pack "$WASM_PACK_VERSION"; then
  log "installing wasm-pack $WASM_PACK_VERSION (~3 min)"
  cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked --force
fi
if ! has_version worker-build "$WORKER_BUILD_VERSION"; then
  log "installing worker-build $WORKER_BUILD_VERSION (~6 min)"
  cargo install worker-build --version "$WORKER_BUILD_VERSION" --locked --force
fi

# JS side: only re-run npm ci when the lockfile changed since the last install.
stamp=node_modules/.clerk-edge-lock-stamp
if [ -f package-lock.json ]; then
  want=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    log "npm ci"
    npm ci --no-audit --no-fund
    echo "$want" >"$stamp"
  fi
fi
log "tools ready"

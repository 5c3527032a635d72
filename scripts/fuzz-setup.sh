#!/usr/bin/env bash
# Idempotent set-up for `make fuzz`: the nightly toolchain (cargo-fuzz needs it) and cargo-fuzz itself.
# Not part of `make setup` / `make test`: only the fuzz targets call it.
set -euo pipefail
source "$(dirname "$0")/env.sh"

FUZZ_TOOLCHAIN="${FUZZ_TOOLCHAIN:-nightly}"
CARGO_FUZZ_VERSION=0.13.2
log() { printf '[fuzz-setup] %s\n' "$*"; }

if ! rustup run "$FUZZ_TOOLCHAIN" rustc --version >/dev/null 2>&1; then
  log "installing the $FUZZ_TOOLCHAIN toolchain (minimal profile)"
  rustup toolchain install "$FUZZ_TOOLCHAIN" --profile minimal
fi
if ! { command -v cargo-fuzz >/dev/null 2>&1 && cargo-fuzz --version 2>/dev/null | grep -q -- " $CARGO_FUZZ_VERSION"; }; then
  log "installing cargo-fuzz $CARGO_FUZZ_VERSION (~3 min)"
  CARGO_TARGET_DIR="${CLERK_EDGE_TOOLS_TARGET:-${HOME}/.cache/clerk-edge-tools-target}" \
    cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked --force
fi
log "$(rustup run "$FUZZ_TOOLCHAIN" rustc --version), $(cargo-fuzz --version)"

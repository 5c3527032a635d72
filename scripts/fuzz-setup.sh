#!/usr/bin/env bash
# Idempotent set-up for the fuzz runs: the toolchain (FUZZ_TOOLCHAIN, nightly by default; `active` is
# the project's own toolchain, nothing to install, which cargo-fuzz supports with `--sanitizer none`:
# `make test`'s smoke uses it) and cargo-fuzz itself.
set -euo pipefail
source "$(dirname "$0")/env.sh"

FUZZ_TOOLCHAIN="${FUZZ_TOOLCHAIN:-nightly}"
CARGO_FUZZ_VERSION=0.13.2
log() { printf '[fuzz-setup] %s\n' "$*"; }

if [ "$FUZZ_TOOLCHAIN" != active ] && ! rustup run "$FUZZ_TOOLCHAIN" rustc --version >/dev/null 2>&1; then
  log "installing the $FUZZ_TOOLCHAIN toolchain (minimal profile)"
  rustup toolchain install "$FUZZ_TOOLCHAIN" --profile minimal
fi
if ! { command -v cargo-fuzz >/dev/null 2>&1 && cargo-fuzz --version 2>/dev/null | grep -q -- " $CARGO_FUZZ_VERSION"; }; then
  log "installing cargo-fuzz $CARGO_FUZZ_VERSION (~3 min)"
  CARGO_TARGET_DIR="${CLERK_EDGE_TOOLS_TARGET:-${HOME}/.cache/clerk-edge-tools-target}" \
    cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked --force
fi
if [ "$FUZZ_TOOLCHAIN" = active ]; then log "$(rustc --version), $(cargo-fuzz --version)"; else
  log "$(rustup run "$FUZZ_TOOLCHAIN" rustc --version), $(cargo-fuzz --version)"; fi

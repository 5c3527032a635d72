#!/usr/bin/env bash
# Idempotent set-up for the fuzz runs: the toolchain (FUZZ_TOOLCHAIN: `active`, the project's own, when
# no sanitizer is asked for, since cargo-fuzz runs on stable with `--sanitizer none`; nightly, installed
# when missing, for FUZZ_SANITIZER=address) and cargo-fuzz itself.
set -euo pipefail
source "$(dirname "$0")/env.sh"

if [ "${FUZZ_SANITIZER:-none}" = none ]; then FUZZ_TOOLCHAIN="${FUZZ_TOOLCHAIN:-active}"; else FUZZ_TOOLCHAIN="${FUZZ_TOOLCHAIN:-nightly}"; fi
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

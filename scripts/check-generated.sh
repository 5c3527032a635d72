#!/usr/bin/env bash
# Regenerates the Backend API client into a temp dir and fails if src/backend/generated/ (Rust) or
# js/generated/ (the npm package's operation table and .d.ts) differ.
# Skips (exit 0) when Clerk's spec is not checked out next to the repo.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
spec="${BAPI_SPEC:-$root/../shared/clerk-openapi/bapi-2026-05-12.yml}"
if [ ! -f "$spec" ]; then
  echo "[check-generated] $spec not found; skipping the up-to-date check"
  exit 0
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cargo run -q --locked --manifest-path "$root/tools/bapi-gen/Cargo.toml" -- "$spec" "$tmp/generated" "$tmp/js" 2>/dev/null
if diff -ru "$root/src/backend/generated" "$tmp/generated" && diff -ru "$root/js/generated" "$tmp/js"; then
  echo "[check-generated] src/backend/generated and js/generated are up to date with $(basename "$spec")"
else
  echo "[check-generated] generated code is stale: run" >&2
  echo "  cargo run --manifest-path tools/bapi-gen/Cargo.toml -- $spec src/backend/generated js/generated" >&2
  exit 1
fi

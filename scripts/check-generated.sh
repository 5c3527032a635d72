#!/usr/bin/env bash
# Regenerates the Backend API client into a temp dir and fails if src/backend/generated/ differs.
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
cargo run -q --locked --manifest-path "$root/tools/bapi-gen/Cargo.toml" -- "$spec" "$tmp/generated"
if diff -ru "$root/src/backend/generated" "$tmp/generated"; then
  echo "[check-generated] src/backend/generated is up to date with $(basename "$spec")"
else
  echo "[check-generated] src/backend/generated is stale: run" >&2
  echo "  cargo run --manifest-path tools/bapi-gen/Cargo.toml -- $spec src/backend/generated" >&2
  exit 1
fi

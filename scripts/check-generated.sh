#!/usr/bin/env bash
# Regenerates the Backend API client and the tests' fixture into a temp dir and fails if
# src/backend/generated/ (Rust), js/generated/ (the npm package's operation table and .d.ts) or
# tests/fixtures/bapi/ (the facts of the spec the Backend API tests check) differ.
# Skips (exit 0) when Clerk's spec is not checked out next to the repo; the tests themselves
# read only the committed fixture, so they run either way.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
spec="${BAPI_SPEC:-$root/../shared/clerk-openapi/bapi-2026-05-12.yml}"
fixture="tests/fixtures/bapi/$(basename "$spec" .yml).facts.json"
if [ ! -f "$spec" ]; then
  echo "[check-generated] $spec not found; skipping the up-to-date check"
  exit 0
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cargo run -q --locked --manifest-path "$root/tools/bapi-gen/Cargo.toml" -- "$spec" "$tmp/generated" "$tmp/js" "$tmp/fixture.json" 2>/dev/null
if diff -ru "$root/src/backend/generated" "$tmp/generated" && diff -ru "$root/js/generated" "$tmp/js" &&
  diff -u "$root/$fixture" "$tmp/fixture.json"; then
  echo "[check-generated] src/backend/generated, js/generated and $fixture are up to date with $(basename "$spec")"
else
  echo "[check-generated] generated code or fixture is stale: run" >&2
  echo "  cargo run --manifest-path tools/bapi-gen/Cargo.toml -- $spec src/backend/generated js/generated $fixture" >&2
  exit 1
fi

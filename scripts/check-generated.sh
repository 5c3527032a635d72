#!/usr/bin/env bash
# Regenerates the Backend API client, the tests' Backend API fixture and the webhook event types into
# a temp dir and fails if src/backend/generated/, src/webhooks/generated/ (Rust), js/generated/ (the
# npm package's operation table and .d.ts files) or tests/fixtures/bapi/ (the facts of the spec the
# Backend API tests check) differ. Each part skips when its spec is not next to the repo; the tests
# themselves read only committed files, so they run either way.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
spec="${BAPI_SPEC:-$root/../shared/clerk-openapi/bapi-2026-05-12.yml}"
webhooks_spec="${WEBHOOKS_SPEC:-$root/../shared/clerk-openapi/webhooks-2025-04-15.yml}"
fixture="tests/fixtures/bapi/$(basename "$spec" .yml).facts.json"
gen() { cargo run -q --locked --manifest-path "$root/tools/bapi-gen/Cargo.toml" -- "$@" 2>/dev/null; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/js"
checked=()
if [ -f "$spec" ]; then
  gen "$spec" "$tmp/generated" "$tmp/js" "$tmp/fixture.json"
  if ! diff -ru "$root/src/backend/generated" "$tmp/generated" || ! diff -u "$root/$fixture" "$tmp/fixture.json"; then
    echo "[check-generated] src/backend/generated or $fixture is stale: run" >&2
    echo "  cargo run --manifest-path tools/bapi-gen/Cargo.toml -- $spec src/backend/generated js/generated $fixture" >&2
    exit 1
  fi
  checked+=("$(basename "$spec")")
else
  echo "[check-generated] $spec not found; skipping the Backend API check"
  cp "$root"/js/generated/backend* "$tmp/js/"
fi
if [ -f "$webhooks_spec" ]; then
  gen --webhooks "$webhooks_spec" "$tmp/webhooks" "$tmp/js"
  diff -ru "$root/src/webhooks/generated" "$tmp/webhooks" || {
    echo "[check-generated] src/webhooks/generated is stale: run" >&2
    echo "  cargo run --manifest-path tools/bapi-gen/Cargo.toml -- --webhooks $webhooks_spec src/webhooks/generated js/generated" >&2
    exit 1
  }
  checked+=("$(basename "$webhooks_spec")")
else
  echo "[check-generated] $webhooks_spec not found; skipping the webhook events check"
  cp "$root/js/generated/webhooks.d.ts" "$tmp/js/"
fi
# contract.mjs is rendered from src/js_contract.rs and checked by `cargo test` (js_contract).
if ! diff -ru -x contract.mjs "$root/js/generated" "$tmp/js"; then
  echo "[check-generated] js/generated is stale: rerun the commands above" >&2
  exit 1
fi
echo "[check-generated] generated code is up to date with: ${checked[*]:-nothing (no specs found)}"

#!/usr/bin/env bash
# `make test`: every check, in order, each with its runner's own closing line. Stops at the first failure.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$root"
started=$SECONDS
step() { printf '\n==> %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --check && echo "fmt: ok"

step "cargo clippy (native: default and all features; wasm32: worker,js / js / js,backend / worker,backend) -D warnings"
cargo clippy --all-targets -q -- -D warnings
cargo clippy --all-targets --all-features -q -- -D warnings
cargo clippy --target wasm32-unknown-unknown --features worker,js --lib -q -- -D warnings
cargo clippy --target wasm32-unknown-unknown --features js --all-targets -q -- -D warnings
cargo clippy --target wasm32-unknown-unknown --features js,backend --all-targets -q -- -D warnings
cargo clippy --target wasm32-unknown-unknown --features worker,backend --lib -q -- -D warnings
echo "clippy: ok"

step "generated Backend API code and test fixture are up to date with the spec (skipped when ../shared is absent)"
bash scripts/check-generated.sh

step "cargo test (native)"
cargo test --all-features

# cargo-fuzz runs on stable with `--sanitizer none` (the crate forbids `unsafe`), so every target
# gets a few seconds here: a target whose own invariants went stale fails the run, not a later session.
step "fuzz smoke: every cargo-fuzz target for ${FUZZ_SMOKE_SECONDS:-3} s on the project's stable toolchain (libFuzzer, no sanitizer)"
FUZZ_TOOLCHAIN=active FUZZ_SECONDS="${FUZZ_SMOKE_SECONDS:-3}" bash scripts/fuzz.sh

step "differential: the same 256 token vectors through @clerk/backend (oracle)"
node tests/fixtures/tokens/clerk-diff.mjs | tail -n 1

step "wasm-pack test --node (features js,backend: the Backend API client through the host fetch, loopback server)"
wasm-pack test --node -- --features js,backend

step "build the npm package (js/) and the Worker (build/)"
bash scripts/build-js.sh
bash scripts/build-worker.sh

step "TypeScript declarations (generated backend.d.ts + index.d.ts) type-check"
tsc -p js/test/types && echo "tsc: ok"

step "JS suite in Node (+ webhooks, authenticateRequest, machine-token and clerkFrontendApiProxy differentials against @clerk/backend, all 256 token vectors, createClerkClient against the loopback Backend API, all 249 operations)"
node --test js/test/node.test.mjs js/test/webhooks.node.test.mjs js/test/request-diff.node.test.mjs js/test/machine-diff.node.test.mjs js/test/jwks.node.test.mjs js/test/faults.node.test.mjs js/test/vectors.node.test.mjs js/test/backend.node.test.mjs js/test/proxy.node.test.mjs

step "JS suite in Deno"
deno test --quiet --no-check --allow-read js/test/deno.test.mjs

step "JS suite in Vercel edge-runtime"
node js/test/run-edge.mjs

step "JS suite in workerd (miniflare; + createClerkClient against the loopback Backend API, clerkFrontendApiProxy against a loopback Frontend API)"
node js/test/run-workerd.mjs
node --test js/test/proxy.workerd.test.mjs

step "adapters (withAuth, requireAuth, clerk-edge/hono and the examples/) in Node, Deno, edge-runtime and workerd"
node --test js/test/adapters.node.test.mjs
deno test --quiet --no-check --allow-read --allow-env --allow-net=127.0.0.1:9 js/test/adapters.deno.test.mjs
node js/test/run-edge-adapters.mjs
node js/test/run-workerd-adapters.mjs

step "Worker end-to-end in workerd"
node --test tests/worker/*.test.mjs

step "npm install ./js in a scratch project, import by name from Node"
bash scripts/check-package.sh

step "the guard from the packed package: npm pack, install the tarball into a copy of examples/guard, wrangler dev --local"
bash scripts/check-guard-package.sh

printf '\nmake test: all checks passed in %ss\n' "$((SECONDS - started))"

#!/usr/bin/env bash
# The guard from the packed npm package: `npm pack` js/, install the tarball (offline) into a
# scratch copy of examples/guard, run it under `wrangler dev --local` against a loopback origin,
# and bundle it with `wrangler deploy --dry-run`; then the Hono example from the same tarball.
set -euo pipefail
source "$(dirname "$0")/env.sh"
if [ ! -f "$root/js/guard/index.js" ]; then
  echo "check-guard-package: build first (scripts/build-js.sh and scripts/build-worker.sh)" >&2
  exit 1
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
tarball=$(cd "$root/js" && npm pack --silent --pack-destination "$scratch" | tail -n 1)
cp -r "$root/examples/guard" "$scratch/app"
cd "$scratch/app"
# Offline: clerk-edge comes from the tarball (it has no dependencies of its own) and wrangler
# from the checkout, so the example's dependency list is pointed at the tarball alone.
node -e '
const fs = require("fs");
const pkg = JSON.parse(fs.readFileSync("package.json", "utf8"));
pkg.dependencies = { "clerk-edge": "file:" + process.argv[1] };
delete pkg.devDependencies;
fs.writeFileSync("package.json", JSON.stringify(pkg, null, 2));
' "$scratch/$tarball"
npm install --offline --no-audit --no-fund --loglevel=error
node "$root/scripts/check-guard-package.mjs" "$scratch/app"
# `wrangler deploy` bundles the same module (dry run: nothing is uploaded, no account needed).
WRANGLER_HIDE_BANNER=true "$root/node_modules/.bin/wrangler" deploy --dry-run --outdir "$scratch/out" >/dev/null
ls "$scratch"/out/*.wasm >/dev/null
echo "guard package: wrangler deploy --dry-run bundles it ($(du -k "$scratch"/out/*.wasm | cut -f1) KB of wasm)"

# The Hono example from the same tarball (hono from the npm cache the checkout's install filled).
cp -r "$root/examples/hono" "$scratch/hono"
cd "$scratch/hono"
node -e '
const fs = require("fs");
const pkg = JSON.parse(fs.readFileSync("package.json", "utf8"));
pkg.dependencies["clerk-edge"] = "file:" + process.argv[1];
delete pkg.devDependencies;
fs.writeFileSync("package.json", JSON.stringify(pkg, null, 2));
' "$scratch/$tarball"
npm install --offline --no-audit --no-fund --loglevel=error
node "$root/scripts/check-hono-package.mjs" "$scratch/hono"

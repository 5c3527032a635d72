#!/usr/bin/env bash
# `make run`: the guard Worker in workerd (wrangler dev --local) in front of a loopback demo origin.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$root"
exec node scripts/demo.mjs "$@"

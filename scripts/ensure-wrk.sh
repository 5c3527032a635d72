#!/usr/bin/env bash
# Installs wrk (the Debian package) if it is missing; idempotent. Used by the benchmarks
# (scripts/bench.sh, make bench-soak), never by `make test`.
set -euo pipefail
if command -v wrk >/dev/null 2>&1; then exit 0; fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "[bench] installing wrk (apt-get install -y wrk)" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get install -y -qq wrk >/dev/null 2>&1 || { $sudo apt-get update -qq && $sudo apt-get install -y -qq wrk; }
command -v wrk >/dev/null 2>&1 || { echo "[bench] wrk could not be installed" >&2; exit 1; }

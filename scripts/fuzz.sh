#!/usr/bin/env bash
# `make fuzz` / `make fuzz-smoke`: runs each cargo-fuzz target in turn (one job, one process) for
# FUZZ_SECONDS and prints the executions per target. Stops with a failure when a target crashes.
#   scripts/fuzz.sh [target ...]        default: every target listed by `cargo fuzz list`
#   FUZZ_SECONDS=60                     time per target
#   FUZZ_SANITIZER=none                 none | address (the crate has no unsafe code; ASan halves the speed)
#   FUZZ_RSS_MB=2048                    libFuzzer's memory limit (an input above it is a failure)
#   FUZZ_TIMEOUT=10                     seconds one input may take (above it is a failure)
#   FUZZ_TOOLCHAIN=active               active (the project's own toolchain; sanitizer none only) |
#                                       nightly (the default with a sanitizer; installed when missing)
# New inputs go to fuzz/corpus/<target> (not committed); the committed seeds in fuzz/seeds/<target>
# are read only. Crashing inputs land in fuzz/artifacts/<target>/ (reproduce: cargo fuzz
# run -s none <target> <file>). Logs: fuzz/logs/<target>.log.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$root"

seconds="${FUZZ_SECONDS:-60}"
sanitizer="${FUZZ_SANITIZER:-none}"
# A sanitizer needs nightly (`-Zsanitizer`); without one cargo-fuzz runs on the project's own toolchain.
if [ "$sanitizer" = none ]; then export FUZZ_TOOLCHAIN="${FUZZ_TOOLCHAIN:-active}"; else export FUZZ_TOOLCHAIN="${FUZZ_TOOLCHAIN:-nightly}"; fi
bash scripts/fuzz-setup.sh
# `active`: the toolchain cargo picks by itself (stable here), no `+toolchain`.
if [ "$FUZZ_TOOLCHAIN" = active ]; then fuzz=(cargo fuzz); else fuzz=(cargo "+$FUZZ_TOOLCHAIN" fuzz); fi
build_flags=(--sanitizer "$sanitizer" --debug-assertions)

started=$SECONDS
echo "==> building the fuzz targets (sanitizer: $sanitizer, debug assertions on)"
"${fuzz[@]}" build "${build_flags[@]}"
if [ "$#" -gt 0 ]; then targets=("$@"); else mapfile -t targets < <("${fuzz[@]}" list); fi

mkdir -p fuzz/logs
summary=()
failed=0
total=0
for target in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$target" "fuzz/seeds/$target"
  log="fuzz/logs/$target.log"
  echo "==> $target: ${seconds}s"
  status=ok
  if ! "${fuzz[@]}" run "${build_flags[@]}" "$target" "fuzz/corpus/$target" "fuzz/seeds/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb="${FUZZ_RSS_MB:-2048}" -timeout="${FUZZ_TIMEOUT:-10}" \
    -print_final_stats=1 >"$log" 2>&1; then
    status=FAILED
    failed=1
    grep -E 'panicked at|ERROR: libFuzzer|SUMMARY|Test unit written' "$log" | head -n 8 || true
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  runs=${runs:-0}
  total=$((total + runs))
  entries=$(find "fuzz/corpus/$target" -type f | wc -l)
  summary+=("$(printf '%-18s %12s runs %9s/s %6s corpus  %s' "$target" "$runs" "$((runs / (seconds > 0 ? seconds : 1)))" "$entries" "$status")")
done

printf '\n'; printf '%s\n' "${summary[@]}"
printf 'total: %s executions in %ss\n' "$total" "$((SECONDS - started))"
exit "$failed"

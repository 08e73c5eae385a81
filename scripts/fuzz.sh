#!/usr/bin/env bash
# libFuzzer over the three readers (fuzz/): the scenario reader + validation,
# the roster reader + validation, and plan reading + rules::check.
#
#   scripts/fuzz.sh              a long run: 1 hour per target
#   scripts/fuzz.sh SECONDS      SECONDS per target (CI: .ci/run uses 20, 60 s in all)
#
# Builds build-san/ (clang, ASan + UBSan, libFuzzer) through scripts/sanitize.sh.
# First replays every seed (fuzz/corpus/TARGET/) and every past finding
# (fuzz/regressions/TARGET/), then fuzzes from the seeds plus the corpus grown
# by earlier runs on this machine (build-san/fuzz/corpus/TARGET/, kept).
# A finding stops the run: the input is saved under build-san/fuzz/artifacts/;
# fix it at its root, then copy the input into fuzz/regressions/TARGET/ so it
# is replayed by every later run. Prints executions and seconds per target.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BUILD=${CADREPLAN_SAN_BUILD_DIR:-$ROOT/build-san}
SECONDS_PER_TARGET=${1:-3600}
TARGETS=(scenario roster plan)

CADREPLAN_SAN_BUILD_DIR="$BUILD" scripts/sanitize.sh --build

work="$BUILD/fuzz"
mkdir -p "$work/artifacts" "$work/logs"
# Findings are the fuzzer's; leaks are checked at exit of each input by libFuzzer itself.
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:strict_string_checks=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
total_execs=0
total_seconds=0
status=0
for t in "${TARGETS[@]}"; do
  bin="$BUILD/fuzz/fuzz_$t"
  seeds="fuzz/corpus/$t"
  regress="fuzz/regressions/$t"
  grown="$work/corpus/$t"
  mkdir -p "$grown"
  # 1. Replay: every seed and every past finding, one by one.
  replay=()
  for d in "$seeds" "$regress"; do
    [ -d "$d" ] && while IFS= read -r f; do replay+=("$f"); done < <(find "$d" -type f | sort)
  done
  if [ ${#replay[@]} -gt 0 ]; then
    if ! "$bin" -timeout=20 -rss_limit_mb=2048 "${replay[@]}" > "$work/logs/$t.replay.log" 2>&1; then
      echo "fuzz: $t: a seed or a regression input fails:" >&2
      tail -n 60 "$work/logs/$t.replay.log" >&2
      status=1
      continue
    fi
  fi
  # 2. Fuzz.
  start=$(date +%s)
  rc=0
  "$bin" -max_total_time="$SECONDS_PER_TARGET" -timeout=20 -rss_limit_mb=2048 -max_len=16384 \
    -print_final_stats=1 -artifact_prefix="$work/artifacts/$t-" "$grown" "$seeds" \
    > "$work/logs/$t.log" 2>&1 || rc=$?
  secs=$(( $(date +%s) - start ))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/logs/$t.log" | tail -n 1)
  execs=${execs:-0}
  total_execs=$((total_execs + execs))
  total_seconds=$((total_seconds + secs))
  echo "fuzz: $t: ${#replay[@]} seeds and regressions replayed; $execs executions in $secs s; corpus $(find "$grown" -type f | wc -l) inputs"
  if [ "$rc" != 0 ]; then
    echo "fuzz: $t: FINDING (exit $rc); input in $work/artifacts/ — log:" >&2
    grep -v '^#' "$work/logs/$t.log" | tail -n 80 >&2
    status=1
  fi
done
echo "fuzz: $total_execs executions in $total_seconds s over ${#TARGETS[@]} targets"
exit $status

#!/usr/bin/env bash
# Regenerates benchmarks/RESULTS.md (README.md, "Benchmarks"):
#   0. runs scripts/install-deps.sh (the set-up: Debian packages, .venv with highspy);
#   1. builds cadreplan and the Google Benchmark suites in Release (build-bench/);
#   2. runs bench_io and bench_model with --benchmark_repetitions (medians),
#      bench_strategies (each long solve once), and `optimal` on 1,000,000
#      cadres alone in its own process under /usr/bin/time -v (peak memory) and,
#      when `perf` works, perf record (the profile of where the time goes);
#   3. times `cadreplan plan` on hagiang-2022 as a process;
#   4. runs benchmarks/compare_highs.py (optimal against the HiGHS individual MIP);
#   5. writes benchmarks/RESULTS.md (benchmarks/report.py).
# Everything measured goes to $OUT (default build-bench/bench-out).
#
# Settings (environment):
#   BENCH_BUILD=build-bench   BENCH_JOBS=2         build folder and parallel jobs
#   BENCH_REPS=5                                   repetitions of the short benchmarks
#   BENCH_OPTIMAL_LIMIT=120                        seconds for `optimal` on the national cases (its --time-limit)
#   BENCH_OPTIMAL_GAP=0.001                        `optimal.gap` on the national cases: the solve stops once S is
#                                                  certified within 0.1% of its bound (issue 5's goal); empty: prove S
#   BENCH_OPTIMAL_KILL=900                         seconds after which the 1M `optimal` process is killed
#                                                  (it does not honour its time limit at 1M cadres: RESULTS.md)
#   BENCH_CASES=hagiang-2022,national-100k,national-1m
#   BENCH_COMPARE_BUDGET=120                       seconds per phase, tool and instance in compare_highs.py
#   BENCH_COMPARE_INSTANCES=1000:11:1:0:1,5000:14:1:0:1,5000:15:2:2:0.7
#                                                  N:SEED:MAXCONC:MINSERV:BUDGETSCALE,... ("all": its 8)
# With these defaults the whole run takes 10-20 minutes on the shared 2-core
# machine; RESULTS.md states its own total, each phase's start time and the
# load average then.
#   BENCH_SKIP=                                    comma list of steps to skip: io,model,strategies,
#                                                  optimal1m,cli,compare (their old results are kept)
#   BENCH_PERF=1                                   0 to skip perf record
#   PYTHON=                                        interpreter with highspy (default .venv/bin/python, else python3)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BUILD=${BENCH_BUILD:-$ROOT/build-bench}
JOBS=${BENCH_JOBS:-2}
REPS=${BENCH_REPS:-5}
OUT=${BENCH_OUT:-$BUILD/bench-out}
SKIP=",${BENCH_SKIP:-},"
export CADREPLAN_BENCH_OPTIMAL_LIMIT=${BENCH_OPTIMAL_LIMIT:-120}
export CADREPLAN_BENCH_OPTIMAL_GAP=${BENCH_OPTIMAL_GAP-0.001}
KILL_AFTER=${BENCH_OPTIMAL_KILL:-900}
COMPARE_INSTANCES=${BENCH_COMPARE_INSTANCES:-1000:11:1:0:1,5000:14:1:0:1,5000:15:2:2:0.7}
T_START=$(date +%s)
export CADREPLAN_BENCH_CASES=${BENCH_CASES:-hagiang-2022,national-100k,national-1m}
# The set-up, as the README's commands run it: the Debian packages and .venv
# with highspy for the HiGHS comparison (quick when everything is there).
echo "== dependencies (scripts/install-deps.sh)"
scripts/install-deps.sh
if [ -z "${PYTHON:-}" ]; then
  if [ -x .venv/bin/python ]; then PYTHON=.venv/bin/python; else PYTHON=python3; fi
fi
skip() { [[ "$SKIP" == *",$1,"* ]]; }
note_load() { echo "$(date +%H:%M:%S) $1: load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/load.txt"; }

echo "== build ($BUILD, Release, -j$JOBS)"
gen=()
command -v ninja >/dev/null && [ ! -f "$BUILD/CMakeCache.txt" ] && gen=(-G Ninja)
cmake -S . -B "$BUILD" "${gen[@]}" -DCMAKE_BUILD_TYPE=Release -DCADREPLAN_BUILD_BENCHMARKS=ON >/dev/null
cmake --build "$BUILD" -j "$JOBS" --target cadreplan_cli bench_io bench_model bench_strategies
mkdir -p "$OUT"
[ "$SKIP" = ",," ] && : > "$OUT/load.txt"
B="$BUILD/benchmarks"
gb=(--benchmark_out_format=json --benchmark_counters_tabular=false)

if ! skip io; then
  note_load "bench_io"
  "$B/bench_io" --benchmark_repetitions="$REPS" --benchmark_out="$OUT/io.json" "${gb[@]}"
fi
if ! skip model; then
  note_load "bench_model"
  "$B/bench_model" --benchmark_repetitions="$REPS" --benchmark_out="$OUT/model.json" "${gb[@]}"
fi
if ! skip strategies; then
  note_load "bench_strategies"
  # Everything but optimal on 1M cadres, which runs alone below.
  "$B/bench_strategies" --benchmark_repetitions="$REPS" --benchmark_filter=-solve/optimal/national-1m \
    --benchmark_out="$OUT/strategies.json" "${gb[@]}"
fi
if ! skip optimal1m && [[ ",$CADREPLAN_BENCH_CASES," == *",national-1m,"* ]]; then
  note_load "optimal 1M"
  rm -f "$OUT/optimal-1m.json"
  # timeout: a bound on this phase whatever the solver does with its limit.
  cmd=(timeout -k 30 "$KILL_AFTER" "$B/bench_strategies" --benchmark_filter=^solve/optimal/national-1m/
       --benchmark_out="$OUT/optimal-1m.json" "${gb[@]}")
  t0=$(date +%s.%N)
  set +e
  if [ "${BENCH_PERF:-1}" != 0 ] && command -v perf >/dev/null && perf stat -e task-clock true >/dev/null 2>&1; then
    CADREPLAN_BENCH_VERBOSE=1 perf record -F 99 -o "$OUT/perf-1m.data" -- /usr/bin/time -v -o "$OUT/optimal-1m.time" "${cmd[@]}" \
      2> "$OUT/optimal-1m.report.txt"
    rc=$?
    perf report -i "$OUT/perf-1m.data" --stdio --no-children --sort dso,symbol --percent-limit 0.5 > "$OUT/perf-1m.txt" 2>/dev/null || true
  else
    CADREPLAN_BENCH_VERBOSE=1 /usr/bin/time -v -o "$OUT/optimal-1m.time" "${cmd[@]}" 2> "$OUT/optimal-1m.report.txt"
    rc=$?
  fi
  set -e
  t1=$(date +%s.%N)
  printf '{"exit": %d, "wall": %s, "kill_after": %s}\n' "$rc" "$(awk "BEGIN{printf \"%.1f\", $t1 - $t0}")" "$KILL_AFTER" > "$OUT/optimal-1m.status.json"
  [ "$rc" = 0 ] || echo "optimal on 1M cadres: exit $rc (124 or 137 = killed by timeout after $KILL_AFTER s)"
fi
if ! skip cli; then
  note_load "cadreplan plan hagiang-2022"
  "$PYTHON" - "$BUILD/cadreplan" "$REPS" "$OUT/cli-hagiang.json" <<'EOF'
import json, subprocess, sys, time
cli, reps, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
res = {}
for key, extra in (("plan", []), ("plan_no_explain", ["--no-explain"])):
    walls = []
    for _ in range(reps):
        t0 = time.perf_counter()
        subprocess.run([cli, "plan", "--quiet", *extra], check=True, stdout=subprocess.DEVNULL)
        walls.append(time.perf_counter() - t0)
    res[key] = walls
    print(f"cadreplan {' '.join(['plan', *extra])} (hagiang-2022, optimal):", ", ".join(f"{w:.2f} s" for w in walls))
json.dump(res, open(out, "w"))
EOF
fi
if ! skip compare; then
  note_load "compare_highs"
  args=(--cli "$BUILD/cadreplan" --python "$PYTHON" --out "$OUT/compare" --time-budget "${BENCH_COMPARE_BUDGET:-120}")
  [ "$COMPARE_INSTANCES" != all ] && args+=(--instances "$COMPARE_INSTANCES")
  "$PYTHON" benchmarks/compare_highs.py "${args[@]}"
fi
note_load "report"
echo "$(date +%H:%M:%S) total: $(( $(date +%s) - T_START )) s from the start of the build" | tee -a "$OUT/load.txt"
"$PYTHON" benchmarks/report.py "$OUT" --build "$BUILD" --reps "$REPS" --output benchmarks/RESULTS.md
echo "wrote benchmarks/RESULTS.md (raw results in $OUT)"

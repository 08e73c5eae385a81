#!/usr/bin/env bash
# The whole C++ test suite under AddressSanitizer + UndefinedBehaviorSanitizer
# (and LeakSanitizer), built with clang in build-san/ (CADREPLAN_SANITIZE=ON;
# CADREPLAN_FUZZ=ON too, so scripts/fuzz.sh reuses the same build).
#
#   scripts/sanitize.sh            build, run every test, fail on any report
#   scripts/sanitize.sh --build    only build (scripts/fuzz.sh calls this)
#
# Every report goes to a file (log_path), not only to stderr: the CLI the tests
# start writes there too, and so does the child process in which `optimal`
# runs CBC (src/optimize/isolate.cpp), whose stderr is /dev/null. The stage
# fails when any test fails or any report file exists, so a report in a child
# whose failure the parent tolerates (a CBC crash is retried) still fails it.
# The child leaves with _exit, so LeakSanitizer does not look at it (by design
# it abandons CBC's heap); the parent processes are leak-checked.
#
# Left out: Embed.FindPackageBuildAndRun, which builds examples/embed against
# the installed library with plain flags (an uninstrumented program cannot link
# an ASan library); it runs in the ordinary suite (scripts/run.sh test).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BUILD=${CADREPLAN_SAN_BUILD_DIR:-$ROOT/build-san}
JOBS=${CADREPLAN_JOBS:-$(nproc)}

scripts/install-deps.sh --sanitize
if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  gen=()
  command -v ninja >/dev/null && gen=(-G Ninja)
  CC=clang CXX=clang++ cmake -S . -B "$BUILD" "${gen[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1" -DCADREPLAN_SANITIZE=ON -DCADREPLAN_FUZZ=ON \
    -DCADREPLAN_BUILD_BENCHMARKS=OFF
fi
cmake --build "$BUILD" -j "$JOBS"
[ "${1:-}" = "--build" ] && exit 0

logs="$BUILD/sanitizer-logs"
rm -rf "$logs"
mkdir -p "$logs"
export ASAN_OPTIONS="log_path=$logs/asan:halt_on_error=1:detect_leaks=1:strict_string_checks=1:check_initialization_order=1:strict_init_order=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="log_path=$logs/ubsan:halt_on_error=1:print_stacktrace=1"
export LSAN_OPTIONS="log_path=$logs/lsan"

echo "== C++ tests under ASan + UBSan ($BUILD)"
total=$(cd "$BUILD" && ctest -N -E '^Embed\.' | sed -n 's/^Total Tests: //p')
status=0
(cd "$BUILD" && ctest --output-on-failure -j "$JOBS" -E '^Embed\.') || status=$?
reports=$(find "$logs" -type f | sort)
if [ -n "$reports" ]; then
  echo "sanitize: sanitizer reports:" >&2
  for f in $reports; do echo "--- $f" >&2; cat "$f" >&2; done
  status=1
fi
if [ "$status" != 0 ]; then
  echo "sanitize: FAILED ($total tests; see above)" >&2
  exit 1
fi
echo "sanitize: $total tests passed under ASan + UBSan + LSan, 0 sanitizer reports"

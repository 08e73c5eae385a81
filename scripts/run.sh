#!/usr/bin/env bash
# The project's commands (see README.md):
#   scripts/run.sh plan [ARGS...]   install what is missing, build, run `cadreplan plan ARGS`
#   scripts/run.sh test             install what is missing, build, run every test
#   scripts/run.sh build            install what is missing and build
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BUILD=${CADREPLAN_BUILD_DIR:-$ROOT/build}
JOBS=${CADREPLAN_JOBS:-$(nproc)}

build() {
  scripts/install-deps.sh
  local gen=()
  command -v ninja >/dev/null && gen=(-G Ninja)
  if [ ! -f "$BUILD/CMakeCache.txt" ]; then
    cmake -S . -B "$BUILD" "${gen[@]}" -DCMAKE_BUILD_TYPE=Release
  fi
  cmake --build "$BUILD" -j "$JOBS"
}

cmd=${1:-}
shift || true
case "$cmd" in
  build)
    build
    ;;
  plan)
    build
    "$BUILD/cadreplan" plan "$@"
    ;;
  test)
    build
    echo "== C++ tests (ctest)"
    (cd "$BUILD" && ctest --output-on-failure -j "$JOBS")
    echo "== Python tests (pytest)"
    CADREPLAN_CLI="$BUILD/cadreplan" .venv/bin/python -m pytest -q tests/reference tests/python
    ;;
  *)
    echo "usage: scripts/run.sh plan [ARGS...] | test | build" >&2
    exit 2
    ;;
esac

#!/usr/bin/env bash
# The project's commands (see README.md):
#   scripts/run.sh plan [ARGS...]   install what is missing, build, run `cadreplan plan ARGS`
#   scripts/run.sh test             install what is missing, build (the C++ build and the Python
#                                   package into .venv), run every test
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

# The Python package (pyproject.toml: scikit-build-core + pybind11) into .venv,
# with the persistent build folder build-py/ so that a second run rebuilds only
# what changed; puts `import cadreplan` and the `cadreplan` command in .venv.
python_package() {
  echo "== pip install . (the Python package, into .venv)"
  local t0=$SECONDS
  CMAKE_BUILD_PARALLEL_LEVEL=$JOBS .venv/bin/python -m pip install -q --no-build-isolation --no-deps .
  echo "   (pip install took $((SECONDS - t0)) s)"
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
    python_package
    echo "== Python tests (pytest)"
    CADREPLAN_CLI="$BUILD/cadreplan" .venv/bin/python -m pytest -q tests/reference tests/python
    ;;
  *)
    echo "usage: scripts/run.sh plan [ARGS...] | test | build" >&2
    exit 2
    ;;
esac

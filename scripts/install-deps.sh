#!/usr/bin/env bash
# Installs what cadreplan needs and a fresh Debian 12 / Ubuntu machine lacks:
# the C++ toolchain and libraries from Debian, and a Python virtual
# environment (.venv) with the PyPI packages the tests use.
# Idempotent: a second run installs nothing and takes a second.
#   scripts/install-deps.sh              what building and testing need
#   scripts/install-deps.sh --sanitize   also clang and its sanitizer and
#                                        libFuzzer runtimes (scripts/sanitize.sh, scripts/fuzz.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null; then SUDO="sudo"; else echo "install-deps: need root or sudo for apt-get" >&2; exit 1; fi
fi

# Debian packages: C++ libraries (see DESIGN.md), build tools, and what the
# tests drive (python3-venv for the virtual environment).
DEB_PACKAGES=(
  g++ make pkg-config
  libeigen3-dev libboost-graph-dev libgtest-dev libgmock-dev libbenchmark-dev
  libyaml-cpp-dev coinor-libcbc-dev liblemon-dev
)
if [ "${1:-}" = "--sanitize" ]; then
  DEB_PACKAGES+=(clang libclang-rt-14-dev)
fi
command -v cmake >/dev/null || DEB_PACKAGES+=(cmake)
command -v ninja >/dev/null || DEB_PACKAGES+=(ninja-build)
command -v python3 >/dev/null || DEB_PACKAGES+=(python3 python3-pip)
python3 -c "import venv, ensurepip" 2>/dev/null || DEB_PACKAGES+=(python3-venv)
# The Python extension (pip install .) compiles against the interpreter's headers.
python3 -c "import sysconfig, os, sys; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()['include'], 'Python.h')))" \
  2>/dev/null || DEB_PACKAGES+=(python3-dev)
# The HTML report is opened in headless Chromium by tests/python/test_report_html.py.
DEB_PACKAGES+=(chromium fonts-dejavu-core)

missing=()
for p in "${DEB_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: apt-get install ${missing[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Python packages for the tests, in .venv (never the system interpreter).
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
stamp=.venv/.requirements-installed
if [ ! -f "$stamp" ] || [ requirements-dev.txt -nt "$stamp" ]; then
  echo "install-deps: pip install -r requirements-dev.txt"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -r requirements-dev.txt
  touch "$stamp"
fi

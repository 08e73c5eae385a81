#!/usr/bin/env bash
# Installs the library from the build tree into a temporary prefix, builds
# examples/embed against it with find_package(cadreplan), and runs it.
set -euo pipefail
build_dir=$1
source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build_dir" --prefix "$work/prefix" > "$work/install.log"
gen=()
command -v ninja > /dev/null && gen=(-G Ninja)
cmake -S "$source_dir/examples/embed" -B "$work/build" "${gen[@]}" -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_BUILD_TYPE=Release > "$work/configure.log" || { cat "$work/configure.log"; exit 1; }
cmake --build "$work/build" > "$work/build.log" || { cat "$work/build.log"; exit 1; }
out=$("$work/build/embed_plan")
echo "$out"
grep -q "greedy: feasible" <<< "$out"
grep -q "optimal: " <<< "$out"

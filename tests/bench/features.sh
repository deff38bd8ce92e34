#!/usr/bin/env bash
# Benchmark (run on demand): median wall time of `pmproxmox --command features` against a
# python3 baseline that only parses and prints the same document, measured in the same run;
# and the HTTP requests one `open` makes against the simulator (from the contract test).
set -euo pipefail
cd "$(dirname "$0")/../.."
bash tests/install-deps.sh >&2
# Debian's interpreter, not a version manager's shim (a shell script that would dominate the time).
[ -x /usr/bin/python3 ] || apt-get install -y -qq python3 >&2

build=build/bench
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j"$(nproc)" --target pmproxmox test_contract >/dev/null
runs=${RUNS:-200}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/var" "$work/etc"
export MGR_ROOT="$work"

"$build/processing/pmproxmox" --command features > "$work/features.xml"
baseline=(/usr/bin/python3 -c 'import sys, xml.dom.minidom as m; sys.stdout.write(m.parse(sys.argv[1]).toxml())' "$work/features.xml")

median_ms() {  # command...
  local samples=()
  for _ in $(seq "$runs"); do
    local start=$(date +%s%N)
    "$@" > /dev/null
    samples+=($(( ($(date +%s%N) - start) / 1000 )))
  done
  printf '%s\n' "${samples[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.3f", a[int((NR+1)/2)]/1000}'
}

module=$(median_ms "$build/processing/pmproxmox" --command features)
python=$(median_ms "${baseline[@]}")
echo "features, median of $runs runs: pmproxmox ${module} ms, python3 baseline ${python} ms, ratio $(awk -v a="$module" -v b="$python" 'BEGIN {printf "%.2f", a/b}')"

"$build/tests/contract/test_contract" --gtest_filter='*OpenBuildsTheOrderedVmAndReportsIt' | grep 'figures'

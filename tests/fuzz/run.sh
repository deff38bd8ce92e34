#!/usr/bin/env bash
# Builds the libFuzzer targets with clang into build/fuzz, runs every seed of each target once by
# name (the seeds include the reproducers of every finding so far: README.md), then fuzzes each
# for SECONDS (default 20) on a fresh copy of its seed corpus. Exits non-zero on any finding: a
# crash, a sanitizer report, a check of the target that failed, a timeout or running out of
# memory. A long run is the same with a larger number (README.md).
#
#   bash tests/fuzz/run.sh [SECONDS]
#   PM_FUZZ_TARGETS="backups_page" bash tests/fuzz/run.sh 600    # some targets only
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=${1:-20}
if ! [[ $seconds =~ ^[0-9]+$ ]] || ((seconds < 1)); then
  echo "usage: $0 [seconds per target]" >&2
  exit 2
fi
targets=(${PM_FUZZ_TARGETS:-stdin_document backups_page proxmox_answers})
build=build/fuzz
runs=$build/runs

# A build dir configured with another compiler cannot switch to clang: start it again.
if [ -f "$build/CMakeCache.txt" ] && ! grep -q '^CMAKE_CXX_COMPILER:.*clang' "$build/CMakeCache.txt"; then
  rm -rf "$build"
fi
# -O1 -g without NDEBUG: fast enough, readable stacks, and the libraries' own asserts stay on.
CC=clang CXX=clang++ cmake -S . -B "$build" -DPM_FUZZ=ON -DPM_TESTS=OFF -DPM_WERROR=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" >/dev/null
cmake --build "$build" -j"$(nproc)" --target fuzz_targets

symbolizer=/usr/lib/llvm-14/bin/llvm-symbolizer
[ -x "$symbolizer" ] && export ASAN_SYMBOLIZER_PATH=$symbolizer UBSAN_SYMBOLIZER_PATH=$symbolizer
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

failed=()
summary=()
for target in "${targets[@]}"; do
  binary=$build/tests/fuzz/fuzz_$target
  seeds=tests/fuzz/corpus/$target
  if [ ! -x "$binary" ] || [ ! -d "$seeds" ]; then
    echo "unknown fuzz target '$target'" >&2
    exit 2
  fi
  dir=$runs/$target
  rm -rf "$dir"
  mkdir -p "$dir/artifacts"
  cp -r "$seeds" "$dir/corpus"
  # Each seed once, by name: a finding that came back is named by its seed (README.md).
  log=$dir/seeds.log
  status=0
  "$binary" "$seeds"/* -timeout=25 -rss_limit_mb=2560 -artifact_prefix="$dir/artifacts/" >"$log" 2>&1 || status=$?
  if ((status == 0)); then
    echo "== fuzz_$target: ${seconds}s on a copy of $seeds"
    log=$dir/fuzz.log
    "$binary" "$dir/corpus" -dict="tests/fuzz/$target.dict" -max_total_time="$seconds" -timeout=25 \
      -rss_limit_mb=2560 -print_final_stats=1 -artifact_prefix="$dir/artifacts/" >"$log" 2>&1 || status=$?
  else
    echo "!! fuzz_$target: a seed fails: $(sed -n 's/^Running: //p' "$log" | tail -1)"
  fi
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  added=$(sed -n 's/^stat::new_units_added: *//p' "$log" | tail -1)
  found=$(find "$dir/artifacts" -type f | head -1)
  if ((status != 0)) || [ -n "$found" ]; then
    echo "!! fuzz_$target found something (exit $status); its log: $log"
    grep -a -m1 -A40 -E '==pm-fuzz== FINDING|ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:' \
      "$log" | head -60 || tail -40 "$log"
    [ -n "$found" ] && echo "!! reproduce: $binary $found"
    failed+=("$target")
    result=FAILED
  else
    result=ok
  fi
  summary+=("$(printf '%-18s %12s executions %8s exec/s %6s new units  %s' "$target" "${executions:-?}" "${rate:-?}" "${added:-?}" "$result")")
done

echo "== fuzzing, ${seconds}s per target:"
printf '   %s\n' "${summary[@]}"
((${#failed[@]} == 0)) || echo "findings in: ${failed[*]}"
echo "fuzz: $((${#targets[@]} - ${#failed[@]})) passed, ${#failed[@]} failed"
((${#failed[@]} == 0))

#!/usr/bin/env bash
# Every test: installs what is missing, builds with warnings as errors and runs the suite, then
# builds and runs it again under AddressSanitizer and UBSan, then fuzzes the parsers of what comes
# from outside for a short while (tests/fuzz/README.md; longer: bash tests/fuzz/run.sh 600).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tests/install-deps.sh

jobs=$(nproc)
run_suite() {
  local dir=$1
  shift
  cmake -S . -B "$dir" -DPM_WERROR=ON -DCMAKE_BUILD_TYPE=Debug "$@" >/dev/null
  cmake --build "$dir" -j"$jobs"
  ctest --test-dir "$dir" --output-on-failure -j"$jobs"
}

run_suite build/test
run_suite build/asan -DPM_SANITIZE=ON
bash tests/fuzz/run.sh 20

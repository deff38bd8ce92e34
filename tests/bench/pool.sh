#!/usr/bin/env bash
# Benchmark (run on demand) of the server pool (contract §12) of pmvmmanager6 against vm6-sim with
# a real OS install's duration seeded (host_create: 5 minutes; VMmanager's other tasks keep the
# simulator's seconds):
#  - wall time from `open` to an active service served from the pool, against a fresh create of the
#    same configuration on a module without a pool, interleaved in the same run (medians, ratio);
#  - API requests and wall time of a `pool_tick` with nothing to do (the pool full and ready).
# Simulated time runs at TIME_SCALE (default 0.01: the install takes 3 s of wall time).
# BUILD=<dir> reuses a build (default: a Release build in build/bench); RUNS (default 5).
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${RUNS:-5}
scale=${TIME_SCALE:-0.01}
source tests/bench/vm6_bench.sh

echo '{"task_durations": {"host_create": 300}}' > "$work/seed.json"
echo 'pmvmmanager6.* 6' > "$work/mgr/etc/debug.conf"  # the log says which opens took a pooled server
start_vm6_sim "$scale" "$work/seed.json"
connection="<url>$api</url><username>admin@example.com</username><password>admin-secret</password>
  <fingerprint>$fingerprint</fingerprint><cluster>1</cluster>"
# Module 1 keeps one ready server of what sold (whatever the sales), module 2 has no pool.
pooled_module="<processingmodule id=\"1\">$connection<pool_owner>pool@example.net</pool_owner>
  <pool_tier1>1</pool_tier1><pool_tier2>1</pool_tier2><pool_tier3>1</pool_tier3></processingmodule>"
plain_module="<processingmodule id=\"2\">$connection</processingmodule>"

open_ms() {  # module document, item[, module id]: prints the open's wall time in ms
  local start=$(date +%s%N)
  echo "<doc>$1<item id=\"$2\"><param name=\"ostempl\">ISPsystem__Debian 12</param>
    <param name=\"email\">buyer@example.com</param><param name=\"domain\">web$2.example.com</param>
    <addon name=\"ncpu\">1</addon><addon name=\"mem\" measure=\"GiB\">1</addon>
    <addon name=\"disc\" measure=\"GiB\">10</addon></item></doc>" |
    "$build/processing/pmvmmanager6" --command open --item "$2" --module "${3:-1}" > "$work/open.out" ||
    { cat "$work/open.out" >&2; exit 1; }
  echo $(( ($(date +%s%N) - start) / 1000000 ))
}
tick() { "$build/processing/pmvmmanager6" --command pool_tick > "$work/tick.out"; }
tick_until_ready() {
  for _ in $(seq 600); do
    tick
    grep -q '<ready>[1-9]' "$work/tick.out" && return
    sleep 0.2
  done
  echo "the pooled server never became ready" >&2; exit 1
}

open_ms "$pooled_module" 1000 > /dev/null  # the first sale: the pool starts to keep one server
pool=() fresh=()
for i in $(seq "$runs"); do
  tick_until_ready
  pool+=("$(open_ms "$pooled_module" $((1000 + i)))")
  fresh+=("$(open_ms "$plain_module" $((2000 + i)) 2)")
done
taken=$(grep -c 'from the pool' "$work/mgr/var/pmvmmanager6.log" || true)
[ "$taken" -eq "$runs" ] || { echo "only $taken of $runs opens were served from the pool" >&2; exit 1; }
a=$(printf '%s\n' "${pool[@]}" | median)
b=$(printf '%s\n' "${fresh[@]}" | median)
echo "open to an active service, $runs runs each: from the pool median $a ms, fresh create median $b ms"
awk -v a="$a" -v b="$b" 'BEGIN {printf "ratio pool/fresh: %.3f\n", a / b}'

tick_until_ready
sim_requests > /dev/null
idle=()
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  tick
  idle+=($(( ($(date +%s%N) - start) / 1000000 )))
done
IFS=+ read -r requests polls < <(sim_requests)
grep -q '<created>0</created>' "$work/tick.out" || { echo "the idle tick created something:" >&2; cat "$work/tick.out" >&2; exit 1; }
echo "idle pool_tick, $runs runs: $((requests / runs)) API requests each ($polls task polls), median $(printf '%s\n' "${idle[@]}" | median) ms"

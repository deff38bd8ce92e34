#!/usr/bin/env bash
# Benchmark (run on demand) of pmvmmanager6 against vm6-sim:
#  - get_server_config over 500 OS templates and 50 backup schedules: changing panel calls and
#    median wall time when nothing changed, against the same with one schedule renamed before
#    each run (same run, same machine: report the ratio);
#  - API requests of one `open`, task polls apart (the target is 15 at most).
# BUILD=<dir> reuses a build (default: a Release build in build/bench); RUNS (default 10).
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${RUNS:-10}
source tests/bench/vm6_bench.sh

/usr/bin/python3 - "$work/seed.json" <<'PY'
import json, sys
os_list = [{"id": i, "name": f"Linux {i}", "repository": 1, "hdd_mib_required": 5120, "min_ram_mib": 512,
            "adminonly": False, "clusters": [1], "os_group": "debian"} for i in range(1, 501)]
kinds = [("daily", {}), ("weekly", {"week_day": 3}), ("monthly", {"day": 5})]
schedules = []
for i in range(1, 51):
    kind, extra = kinds[i % 3]
    schedules.append({"id": i, "name": "" if i % 2 else f"Schedule {i}", "comment": "", "backup_mode": "full",
                      "type": kind, "limit_count": 3, "limit_size_mib": 0,
                      "start_time": dict({"hour": i % 24, "minute": 30}, **extra), "backup_locations": [1],
                      "clusters": [1], "presets": [], "nodes": [], "hosts": [], "disks": []})
json.dump({"os": os_list, "hosts": [], "schedules": schedules}, open(sys.argv[1], "w"))
PY
start_vm6_sim 0.01 "$work/seed.json"
module="<processingmodule id=\"1\"><url>$api</url><username>admin@example.com</username>
  <password>admin-secret</password><fingerprint>$fingerprint</fingerprint><cluster>1</cluster></processingmodule>"
sync() { echo "<doc>$module</doc>" | "$build/processing/pmvmmanager6" --command get_server_config --module 1 > /dev/null; }
changing_calls() { grep -cvE $'\t(enumeration|enumerationitem)(\t|$)' "$work/mgrctl.log" || true; }

: > "$work/mgrctl.log"; sync
echo "first sync: $(changing_calls) changing panel calls (500 OS + enumeration + 50 schedules)"

median_ms() {  # before-each-run command; the sync is timed
  local samples=() calls=0
  for i in $(seq "$runs"); do
    "$1" "$i"
    : > "$work/mgrctl.log"
    local start=$(date +%s%N)
    sync
    samples+=($(( ($(date +%s%N) - start) / 1000 )))
    calls=$((calls + $(changing_calls)))
  done
  printf '%s %s\n' "$(printf '%s\n' "${samples[@]}" | median | awk '{printf "%.1f", $1 / 1000}')" "$calls"
}
nothing() { :; }
rename() { curl_sim -H "x-xsrf-token: $token" -d "{\"name\":\"Renamed $1\"}" "$api/vm/v3/schedule/2" > /dev/null; }
read -r same same_calls < <(median_ms nothing)
read -r one one_calls < <(median_ms rename)
echo "nothing changed: median ${same} ms, ${same_calls} changing panel calls in $runs runs"
echo "one schedule renamed: median ${one} ms, ${one_calls} changing panel calls in $runs runs"
awk -v a="$same" -v b="$one" 'BEGIN {printf "ratio nothing/one change: %.2f\n", a / b}'

sim_requests > /dev/null
echo "<doc>$module<item id=\"1001\"><param name=\"ostempl\">ISPsystem__Linux 1</param>
  <param name=\"email\">buyer@example.com</param><addon name=\"ncpu\">1</addon>
  <addon name=\"mem\" measure=\"GiB\">1</addon><addon name=\"disc\" measure=\"GiB\">10</addon>
  <addon name=\"backup_schedule\">vm6_1_1</addon></item></doc>" |
  "$build/processing/pmvmmanager6" --command open --item 1001 --module 1 > /dev/null
IFS=+ read -r requests polls < <(sim_requests)
echo "open: $requests API requests besides $polls task polls (token kept from the syncs)"

#!/usr/bin/env bash
# Benchmark (run on demand) of pmvmmanager6 against vm6-sim:
#  - get_server_config over 500 OS templates and 50 backup schedules: changing panel calls and
#    median wall time when nothing changed, against the same with one schedule renamed before
#    each run (same run, same machine: report the ratio);
#  - API requests of one `open`, task polls apart (the target is 15 at most).
# BUILD=<dir> reuses a build (default: a Release build in build/bench); RUNS (default 10).
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${BUILD:-build/bench}
if [ -z "${BUILD:-}" ]; then
  bash tests/install-deps.sh >&2
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" -j"$(nproc)" --target pmvmmanager6 vm6-sim >/dev/null
fi
[ -x /usr/bin/python3 ] || apt-get install -y -qq python3 >&2
runs=${RUNS:-10}
work=$(mktemp -d)
sim_pid=""
trap '[ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
mkdir -p "$work/mgr/var" "$work/mgr/etc" "$work/sim"

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
"$build/tests/sim/vmmanager6/vm6-sim" --state-dir "$work/sim" --port 0 --time-scale 0.01 --seed "$work/seed.json" \
  > "$work/sim.out" 2>&1 &
sim_pid=$!
for _ in $(seq 100); do [ -s "$work/sim/ready.json" ] && break; sleep 0.1; done
port=$(sed -n 's/.*"port":\([0-9]*\).*/\1/p' "$work/sim/ready.json")
fingerprint=$(sed -n 's/.*"fingerprint":"\([0-9A-F:]*\)".*/\1/p' "$work/sim/ready.json")
api="https://127.0.0.1:$port"
curl_sim() { curl -sf --cacert "$work/sim/vm6-ca.pem" "$@"; }
token=$(curl_sim -d '{"email":"admin@example.com","password":"admin-secret"}' "$api/auth/v4/public/token" |
  sed -n 's/.*"token":"\([^"]*\)".*/\1/p')

export MGR_ROOT="$work/mgr" MGRCTL="$PWD/tests/support/fake-mgrctl.sh" PM_FAKE_MGRCTL_LOG="$work/mgrctl.log"
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
  printf '%s %s\n' "$(printf '%s\n' "${samples[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}')" "$calls"
}
nothing() { :; }
rename() { curl_sim -H "x-xsrf-token: $token" -d "{\"name\":\"Renamed $1\"}" "$api/vm/v3/schedule/2" > /dev/null; }
read -r same same_calls < <(median_ms nothing)
read -r one one_calls < <(median_ms rename)
echo "nothing changed: median ${same} ms, ${same_calls} changing panel calls in $runs runs"
echo "one schedule renamed: median ${one} ms, ${one_calls} changing panel calls in $runs runs"
awk -v a="$same" -v b="$one" 'BEGIN {printf "ratio nothing/one change: %.2f\n", a / b}'

curl_sim -X DELETE "$api/_sim/requests" > /dev/null
echo "<doc>$module<item id=\"1001\"><param name=\"ostempl\">ISPsystem__Linux 1</param>
  <param name=\"email\">buyer@example.com</param><addon name=\"ncpu\">1</addon>
  <addon name=\"mem\" measure=\"GiB\">1</addon><addon name=\"disc\" measure=\"GiB\">10</addon>
  <addon name=\"backup_schedule\">vm6_1_1</addon></item></doc>" |
  "$build/processing/pmvmmanager6" --command open --item 1001 --module 1 > /dev/null
curl_sim "$api/_sim/requests" | /usr/bin/python3 -c '
import json, sys
r = json.load(sys.stdin)["requests"]
polls = sum(1 for x in r if x["path"] == "/vm/v3/task")
print(f"open: {len(r) - polls} API requests besides {polls} task polls (token kept from the syncs)")'

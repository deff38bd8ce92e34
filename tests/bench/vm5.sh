#!/usr/bin/env bash
# Benchmark (run on demand) of pmvmmanager5 against vm5-sim:
#  - get_server_config over 300 OS templates: changing panel calls and median wall time when
#    nothing changed, against the same run with the module's memory of what it published wiped
#    before each run (every template new: 300 panel calls), same run, same machine: the ratio;
#  - API requests of one `open`, install polls (the `vm` list after the create) apart.
# BUILD=<dir> reuses a build (default: a Release build in build/bench); RUNS (default 10).
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${RUNS:-10}
bench_targets="pmvmmanager5 vm5-sim"
source tests/bench/vm6_bench.sh

/usr/bin/python3 - "$work/seed.json" <<'PY'
import json, sys
templates = [{"repo": "ISPsystem", "osname": f"Linux-{i}-amd64", "mindisk": 3072, "nodes": [1, 2]}
             for i in range(1, 301)]
json.dump({"templates": templates, "vms": []}, open(sys.argv[1], "w"))
PY
"$build/tests/sim/vmmanager5/vm5-sim" --state-dir "$work/sim" --port 0 --time-scale 0.01 --seed "$work/seed.json" \
  > "$work/sim.out" 2>&1 &
sim_pid=$!
for _ in $(seq 100); do [ -s "$work/sim/ready.json" ] && break; sleep 0.1; done
[ -s "$work/sim/ready.json" ] || { echo "vm5-sim did not start:" >&2; cat "$work/sim.out" >&2; exit 1; }
port=$(sed -n 's/.*"port":\([0-9]*\).*/\1/p' "$work/sim/ready.json")
fingerprint=$(sed -n 's/.*"fingerprint":"\([0-9A-F:]*\)".*/\1/p' "$work/sim/ready.json")
api="https://127.0.0.1:$port"
curl_sim() { curl -sf --cacert "$work/sim/vm5-ca.pem" "$@"; }

module="<processingmodule id=\"1\"><url>$api/vmmgr</url><username>admin</username>
  <password>admin-secret</password><fingerprint>$fingerprint</fingerprint></processingmodule>"
sync() { echo "<doc>$module</doc>" | "$build/processing/pmvmmanager5" --command get_server_config --module 1 > /dev/null; }
panel_calls() { wc -l < "$work/mgrctl.log"; }

median_ms() {  # before-each-run command; the sync is timed
  local samples=() calls=0
  for i in $(seq "$runs"); do
    "$1"
    : > "$work/mgrctl.log"
    local start=$(date +%s%N)
    sync
    samples+=($(( ($(date +%s%N) - start) / 1000 )))
    calls=$((calls + $(panel_calls)))
  done
  printf '%s %s\n' "$(printf '%s\n' "${samples[@]}" | median | awk '{printf "%.1f", $1 / 1000}')" "$calls"
}
nothing() { :; }
forget() { /usr/bin/python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute("DELETE FROM ostempl"); c.commit()' \
  "$work/mgr/var/pmvmmanager5.db"; }
: > "$work/mgrctl.log"; sync
echo "first sync: $(panel_calls) panel calls (300 templates)"
read -r same same_calls < <(median_ms nothing)
read -r all all_calls < <(median_ms forget)
echo "nothing changed: median ${same} ms, ${same_calls} panel calls in $runs runs"
echo "every template new: median ${all} ms, ${all_calls} panel calls in $runs runs"
awk -v a="$same" -v b="$all" 'BEGIN {printf "ratio nothing/all new: %.2f\n", a / b}'

curl_sim -X DELETE "$api/_sim/requests" > /dev/null
echo "<doc>$module<item id=\"1001\"><param name=\"ostempl\">ISPsystem__Linux-1-amd64</param>
  <param name=\"email\">buyer@example.com</param><param name=\"ip\">203.0.113.20</param>
  <addon name=\"ncpu\">1</addon><addon name=\"mem\" measure=\"GiB\">1</addon>
  <addon name=\"disc\" measure=\"GiB\">10</addon></item></doc>" |
  "$build/processing/pmvmmanager5" --command open --item 1001 --module 1 > /dev/null
curl_sim "$api/_sim/requests" | /usr/bin/python3 -c '
import json, sys
funcs = [r["func"] for r in json.load(sys.stdin)["requests"]]
created = funcs.index("vm.edit")
polls = sum(1 for f in funcs[created + 1:] if f == "vm")
print(f"open: {len(funcs) - polls} API requests besides {polls} install polls (session kept from the syncs): "
      + " ".join(f for i, f in enumerate(funcs) if not (i > created and f == "vm")))'

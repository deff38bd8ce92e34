# Sourced by the VMmanager benchmarks: their build (the targets of $bench_targets, pmvmmanager6 and
# vm6-sim by default), their temp dir and one vm6-sim.
# BUILD=<dir> reuses a build (default: a Release build in build/bench); KEEP=1 keeps the temp dir.
build=${BUILD:-build/bench}
if [ -z "${BUILD:-}" ]; then
  bash tests/install-deps.sh >&2
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" -j"$(nproc)" --target ${bench_targets:-pmvmmanager6 vm6-sim} >/dev/null
fi
[ -x /usr/bin/python3 ] || apt-get install -y -qq python3 >&2
work=$(mktemp -d)
sim_pid=""
bench_cleanup() { [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$work"; }
trap bench_cleanup EXIT
mkdir -p "$work/mgr/var" "$work/mgr/etc" "$work/sim"
export MGR_ROOT="$work/mgr" MGRCTL="$PWD/tests/support/fake-mgrctl.sh" PM_FAKE_MGRCTL_LOG="$work/mgrctl.log"

# start_vm6_sim TIME_SCALE [SEED_FILE]: sets api, fingerprint and token (the administrator's).
start_vm6_sim() {
  "$build/tests/sim/vmmanager6/vm6-sim" --state-dir "$work/sim" --port 0 --time-scale "$1" \
    ${2:+--seed "$2"} > "$work/sim.out" 2>&1 &
  sim_pid=$!
  for _ in $(seq 100); do [ -s "$work/sim/ready.json" ] && break; sleep 0.1; done
  [ -s "$work/sim/ready.json" ] || { echo "vm6-sim did not start:" >&2; cat "$work/sim.out" >&2; exit 1; }
  local port
  port=$(sed -n 's/.*"port":\([0-9]*\).*/\1/p' "$work/sim/ready.json")
  fingerprint=$(sed -n 's/.*"fingerprint":"\([0-9A-F:]*\)".*/\1/p' "$work/sim/ready.json")
  api="https://127.0.0.1:$port"
  token=$(curl_sim -d '{"email":"admin@example.com","password":"admin-secret"}' "$api/auth/v4/public/token" |
    sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
}
curl_sim() { curl -sf --cacert "$work/sim/vm6-ca.pem" "$@"; }
# The number of API requests vm6-sim served since the last call (task polls apart: "N+P").
sim_requests() {
  curl_sim "$api/_sim/requests" | /usr/bin/python3 -c '
import json, sys
r = json.load(sys.stdin)["requests"]
polls = sum(1 for x in r if x["path"] == "/vm/v3/task")
print(f"{len(r) - polls}+{polls}")'
  curl_sim -X DELETE "$api/_sim/requests" > /dev/null
}
# The median of the numbers on stdin.
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

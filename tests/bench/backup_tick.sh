#!/usr/bin/env bash
# Benchmark (run on demand, not in CI): one `pmproxmox --command backup_tick` over 2,000 VMs on
# 20 nodes against pve-sim with 5 ms latency per API request, D of them due for their scheduled
# backup. Reports HTTP requests per due VM and the tick's wall time against a naive per-VM
# checker measured in the same run (one GET of the backup storage's content per VM, sequential),
# as ratios; then the same with D=0 to show the tick's fixed cost; then the D tick once more with
# the services and the module read from a stock panel's database (contract §13: a private
# mariadbd with 2,000 services, each with a crypted password) instead of the module's registry.
#
#   bash tests/bench/backup_tick.sh   # uses build/ (BUILD=dir to change), DUE=100, VMS=2000; KEEP=1 keeps the temp dir
#
# Needs bash, python3 (standard library only), GNU time (/usr/bin/time, Debian package time,
# for the tick's peak RSS), openssl and mariadb-server; the binaries must be built already:
#   cmake --build build --target pmproxmox pve-sim
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
build=${BUILD:-build}
module_bin="$root/$build/processing/pmproxmox"
sim_bin="$root/$build/tests/sim/proxmox/pve-sim"
for bin in "$module_bin" "$sim_bin"; do
  [ -x "$bin" ] || { echo "missing $bin: cmake --build $build --target pmproxmox pve-sim" >&2; exit 1; }
done
vms=${VMS:-2000}
nodes=${NODES:-20}
due=${DUE:-100}
latency=${LATENCY_MS:-5}

work=$(mktemp -d)
sim_pid=""
stop_sim() {
  if [ -n "$sim_pid" ]; then
    kill "$sim_pid" 2>/dev/null || true
    wait "$sim_pid" 2>/dev/null || true
    sim_pid=""
  fi
}
trap 'stop_sim; bash "$root/tests/support/mariadb.sh" stop "$work/mariadb" 2>/dev/null; if [ -n "${KEEP:-}" ]; then echo "kept $work" >&2; else rm -rf "$work"; fi' EXIT
trap 'exit 130' INT TERM

cat > "$work/bench.py" <<'PY'
import http.client, json, os, sqlite3, ssl, subprocess, sys, time

TOKEN_ID = "billing@pve!bm"
SECRET = "5ee0c9b4-0d63-4a3c-9d0b-1c5e6f7a8b90"
MODULE = 7
DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]


def seed(path, vms, nodes):
    # The cluster's local time (in which schedules are kept) is put near noon, so that
    # "every day at 23:59" is never due and "every day at 00:00" always is, whatever the host clock.
    now = time.gmtime()
    offset = 12 * 3600 - (now.tm_hour * 3600 + now.tm_min * 60)
    offset = (offset + 12 * 3600) % (24 * 3600) - 12 * 3600
    world = {
        "timezone": {"name": "Bench/Noon", "offset_seconds": offset},
        "nodes": [{"name": f"pve{n}", "online": True} for n in range(1, nodes + 1)],
        # storages: the defaults (local-lvm and local per node, backup-nfs shared) are kept
        "vms": [],
    }
    for i in range(1, vms + 1):
        vmid = 100 + i
        world["vms"].append({
            "vmid": vmid, "node": f"pve{(i - 1) % nodes + 1}", "running": True,
            "config": {"name": f"vm-{vmid}", "cores": 1, "memory": "1024",
                       "scsi0": f"local-lvm:vm-{vmid}-disk-0,size=1G",
                       "description": f"billmgr-pmproxmox module={MODULE} item={i}"}})
    with open(path, "w") as f:
        json.dump(world, f)


def panel_rows(sql_path, port, fingerprint, vms, secret_crypted, password_crypted):
    # A stock panel's rows for module 7 and its services (tests/support/billmgr-schema.sql): the
    # token secret and every service's password crypted, the backup quota an addon of the tariff.
    rows = ["INSERT INTO itemtype VALUES (1, 'vds'), (2, 'backup_quota');",
            "INSERT INTO account VALUES (1, 'client');",
            f"INSERT INTO processingmodule (id, name, module) VALUES ({MODULE}, 'Proxmox', 'pmproxmox');",
            f"INSERT INTO processingcryptedparam VALUES ({MODULE}, 'token_secret', '{secret_crypted}');",
            "INSERT INTO pricelist (id, parent, itemtype, intname) VALUES (1, NULL, 1, 'vps');",
            "INSERT INTO pricelist (id, parent, itemtype, intname, addontype, addonlimit) VALUES"
            " (2, 1, 2, 'backup_quota', 2, 3);"]
    params = {"url": f"https://127.0.0.1:{port}", "token_id": TOKEN_ID, "fingerprint": fingerprint,
              "backup_storage": "backup-nfs"}
    rows += [f"INSERT INTO processingparam VALUES ({MODULE}, '{k}', '{v}');" for k, v in params.items()]
    for i in range(1, vms + 1):
        rows.append(f"INSERT INTO item (id, account, pricelist, processingmodule, status) VALUES ({i}, 1, 1, {MODULE}, 2);")
        rows.append(f"INSERT INTO itemparam (item, intname, value) VALUES ({i}, 'vmid', '{100 + i}');")
        rows.append(f"INSERT INTO itemcryptedparam VALUES ({i}, 'password', '{password_crypted}');")
    with open(sql_path, "w") as f:
        f.write("\n".join(rows) + "\n")


def state(db_path, port, fingerprint, vms, nodes, due, registry):
    db = sqlite3.connect(db_path)
    db.executescript("""
      CREATE TABLE module_param (module INTEGER NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL,
        PRIMARY KEY (module, name));
      CREATE TABLE service (item INTEGER PRIMARY KEY, module INTEGER NOT NULL, status TEXT NOT NULL,
        account INTEGER NOT NULL, pricelist INTEGER NOT NULL);
      CREATE TABLE service_value (item INTEGER NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL,
        value TEXT NOT NULL, measure TEXT NOT NULL, PRIMARY KEY (item, kind, name));
      CREATE TABLE vm (item INTEGER PRIMARY KEY, module INTEGER NOT NULL, vmid INTEGER NOT NULL,
        node TEXT NOT NULL, phase TEXT NOT NULL, mac TEXT NOT NULL DEFAULT '', ip TEXT NOT NULL DEFAULT '',
        onboot TEXT NOT NULL DEFAULT '', password TEXT NOT NULL DEFAULT '');
      CREATE TABLE backup_schedule (item INTEGER PRIMARY KEY, module INTEGER NOT NULL,
        schedule TEXT NOT NULL, enabled INTEGER NOT NULL);
    """)
    params = {"url": f"https://127.0.0.1:{port}", "token_id": TOKEN_ID, "token_secret": SECRET,
              "fingerprint": fingerprint, "backup_storage": "backup-nfs"}
    if registry:  # else the panel's database holds the module and the services
        db.executemany("INSERT INTO module_param VALUES (?, ?, ?)", [(MODULE, k, v) for k, v in params.items()])
    due_text = ",".join(f"{d}=on@00:00" for d in DAYS)
    later_text = ",".join(f"{d}=on@23:59" for d in DAYS)
    for i in range(1, vms + 1):
        if registry:
            db.execute("INSERT INTO service VALUES (?, ?, 'active', 1, 1)", (i, MODULE))
            db.execute("INSERT INTO service_value VALUES (?, 'addon', 'backup_quota', '3', 'unit')", (i,))
        db.execute("INSERT INTO vm (item, module, vmid, node, phase) VALUES (?, ?, ?, ?, 'active')",
                   (i, MODULE, 100 + i, f"pve{(i - 1) % nodes + 1}"))
        # due VMs spread over the whole list and so over every node
        is_due = due > 0 and (i - 1) % (vms // due) == 0 and (i - 1) // (vms // due) < due
        db.execute("INSERT INTO backup_schedule VALUES (?, ?, ?, 1)", (i, MODULE, due_text if is_due else later_text))
    db.commit()
    n = db.execute("SELECT COUNT(*) FROM backup_schedule WHERE schedule = ?", (due_text,)).fetchone()[0]
    assert n == due, (n, due)


class Sim:
    def __init__(self, port, ca):
        self.port = port
        self.ctx = ssl.create_default_context(cafile=ca)
        self.conn = None

    def call(self, method, path, headers=None):
        for attempt in (0, 1):
            if self.conn is None:
                self.conn = http.client.HTTPSConnection("127.0.0.1", self.port, context=self.ctx, timeout=60)
            try:
                self.conn.request(method, path, headers=headers or {})
                resp = self.conn.getresponse()
                body = resp.read()
                if resp.getheader("Connection", "").lower() == "close":
                    self.conn.close(); self.conn = None
                return resp.status, body
            except (http.client.HTTPException, ConnectionError, ssl.SSLError):
                self.conn.close(); self.conn = None
                if attempt: raise

    def control(self, method, path):
        status, body = self.call(method, path)
        assert status == 200, (path, status, body[:200])
        return json.loads(body)["data"] if body else None


def run(args):
    port, sim_dir, mgr_root, module_bin, vms, nodes, due, out = args
    port, vms, nodes, due = int(port), int(vms), int(nodes), int(due)
    sim = Sim(port, os.path.join(sim_dir, "pve-root-ca.pem"))
    result = {"due": due, "source": os.environ.get("BENCH_SOURCE", "registry")}

    # the tick
    sim.control("DELETE", "/_sim/requests")
    env = dict(os.environ, MGR_ROOT=mgr_root)
    start = time.monotonic()
    rss_file = out + ".rss"
    # GNU time reports the tick's own peak RSS; a child forked from Python would count Python's.
    proc = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss_file, module_bin, "--command", "backup_tick"],
                          env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    result["tick_ms"] = (time.monotonic() - start) * 1000
    result["tick_rss_kib"] = int(open(rss_file).read().split()[-1])
    requests = sim.control("GET", "/_sim/requests")
    result["tick_output"] = proc.stdout.strip()
    result["tick_rc"] = proc.returncode
    result["tick_requests"] = requests["count"]
    shape = {}
    for r in requests["requests"]:
        key = r["method"] + " " + "/".join("{n}" if p.isdigit() or p.startswith("pve") or p.startswith("UPID")
                                           else p for p in r["path"].split("/"))
        shape[key] = shape.get(key, 0) + 1
    result["tick_request_shape"] = shape

    # did it do the work?
    log_path = os.path.join(mgr_root, "var", "pmproxmox.log")
    log = open(log_path).read() if os.path.exists(log_path) else ""
    result["log_vzdump_started"] = log.count(": backup of VM") + log.count(": vzdump of VM")
    result["log_errors"] = [l for l in log.splitlines() if " ERROR " in l or "ERROR" in l.split(" ", 3)[:3]][:5]
    world = sim.control("GET", "/_sim/state")
    tasks = world.get("tasks", [])
    result["sim_vzdump_tasks"] = sum(1 for t in tasks if t.get("type") == "vzdump")
    db = sqlite3.connect(os.path.join(mgr_root, "var", "pmproxmox.db"))
    result["jobs"] = dict(db.execute("SELECT state, COUNT(*) FROM backup_job GROUP BY state").fetchall())

    # the naive baseline: every VM's backups listed one by one
    if os.environ.get("BENCH_BASELINE", "1") == "1":
        auth = {"Authorization": f"PVEAPIToken={TOKEN_ID}={SECRET}"}
        sim.control("DELETE", "/_sim/requests")
        start = time.monotonic()
        for i in range(1, vms + 1):
            status, body = sim.call("GET", f"/api2/json/nodes/pve{(i - 1) % nodes + 1}/storage/backup-nfs/content"
                                           f"?content=backup&vmid={100 + i}", auth)
            assert status == 200, (status, body[:200])
        result["baseline_ms"] = (time.monotonic() - start) * 1000
        result["baseline_requests"] = sim.control("GET", "/_sim/requests")["count"]
    with open(out, "w") as f:
        json.dump(result, f)


def report(files):
    results = [json.load(open(f)) for f in files]
    base = next(r for r in results if "baseline_ms" in r)
    bad = False
    print()
    print(f"baseline (naive per-VM backup listing, sequential): {base['baseline_requests']} requests, "
          f"{base['baseline_ms']:.0f} ms")
    print()
    print(f"{'source':>9} {'due D':>6} {'tick req':>9} {'req/due VM':>11} {'tick ms':>9} {'vzdump':>7} "
          f"{'req ratio':>10} {'ms ratio':>9} {'peak RSS':>10}")
    for r in results:
        per = f"{r['tick_requests'] / r['due']:.2f}" if r["due"] else "-"
        print(f"{r['source']:>9} {r['due']:>6} {r['tick_requests']:>9} {per:>11} {r['tick_ms']:>9.0f} {r['log_vzdump_started']:>7} "
              f"{r['tick_requests'] / base['baseline_requests']:>10.3f} {r['tick_ms'] / base['baseline_ms']:>9.3f} "
              f"{r['tick_rss_kib'] / 1024:>7.1f} MiB")
        if r["log_vzdump_started"] != r["due"] or r["sim_vzdump_tasks"] != r["due"] or r["tick_rc"] != 0:
            bad = True
            print(f"  !! expected {r['due']} vzdump jobs: log {r['log_vzdump_started']}, "
                  f"sim tasks {r['sim_vzdump_tasks']}, exit {r['tick_rc']}, jobs {r['jobs']}, "
                  f"errors {r['log_errors']}", file=sys.stderr)
    print()
    print("ratios are tick / baseline; the baseline covers all VMs, the tick starts D backups")
    registry = next(r for r in results if r["source"] == "registry" and r["due"])
    for r in results:
        if r["source"] == "database":
            print(f"database / registry, D={r['due']}: wall time {r['tick_ms'] / registry['tick_ms']:.2f}, "
                  f"peak RSS {r['tick_rss_kib'] / registry['tick_rss_kib']:.2f}")
    for r in results:
        print(f"requests of the {r['source']} D={r['due']} tick by shape:")
        for k, v in sorted(r["tick_request_shape"].items(), key=lambda kv: -kv[1]):
            print(f"  {v:>6}  {k}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    {"seed": lambda a: seed(a[0], int(a[1]), int(a[2])),
     "state": lambda a: state(a[0], a[1], a[2], int(a[3]), int(a[4]), int(a[5]), a[6] == "registry"),
     "panel_rows": lambda a: panel_rows(a[0], a[1], a[2], int(a[3]), a[4], a[5]),
     "run": run, "report": report}[sys.argv[1]](sys.argv[2:])
PY

# A stock panel's database on a private mariadbd, and paramlist pointing at it.
panel_database() {  # port fingerprint dir
  local db="$work/mariadb" key="$3/mgr/etc/billmgr.pem"
  bash "$root/tests/support/mariadb.sh" start "$db" >&2
  sql() { mariadb --no-defaults --socket="$db/mysqld.sock" -uroot "$@"; }
  sql -e "DROP DATABASE IF EXISTS billmgr; CREATE DATABASE billmgr"
  sql billmgr < "$root/tests/support/billmgr-schema.sql"
  openssl genrsa -out "$key" 2048 2>/dev/null
  crypt() { printf '%s' "$1" | openssl pkeyutl -encrypt -inkey "$key" -pkeyopt rsa_padding_mode:pkcs1 | base64 -w0; }
  python3 "$work/bench.py" panel_rows "$3/panel.sql" "$1" "$2" "$vms" \
    "$(crypt 5ee0c9b4-0d63-4a3c-9d0b-1c5e6f7a8b90)" "$(crypt client-password)"
  sql billmgr < "$3/panel.sql"
  echo "<doc><elem><DBUser>root</DBUser></elem><elem><DBName>billmgr</DBName></elem>
    <elem><DBSocket>$db/mysqld.sock</DBSocket></elem></doc>" > "$3/paramlist.xml"
}

scenario() {  # due baseline(0|1) source(registry|database)
  local d=$1 source=$3 dir="$work/$3$1"
  mkdir -p "$dir/sim" "$dir/mgr/var" "$dir/mgr/etc"
  echo "pmproxmox 5" > "$dir/mgr/etc/debug.conf"  # Info: the log names every vzdump started
  python3 "$work/bench.py" seed "$dir/seed.json" "$vms" "$nodes"
  "$sim_bin" --state-dir "$dir/sim" --seed "$dir/seed.json" --latency-ms "$latency" > "$dir/sim.out" 2> "$dir/sim.err" &
  sim_pid=$!
  for _ in $(seq 600); do
    [ -s "$dir/sim/ready.json" ] && break
    kill -0 "$sim_pid" 2>/dev/null || { cat "$dir/sim.err" >&2; exit 1; }
    sleep 0.1
  done
  [ -s "$dir/sim/ready.json" ] || { echo "pve-sim did not get ready" >&2; exit 1; }
  local port fingerprint
  port=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["port"])' "$dir/sim/ready.json")
  fingerprint=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["fingerprint"])' "$dir/sim/ready.json")
  python3 "$work/bench.py" state "$dir/mgr/var/pmproxmox.db" "$port" "$fingerprint" "$vms" "$nodes" "$d" "$source"
  local paramlist=""
  if [ "$source" = database ]; then
    panel_database "$port" "$fingerprint" "$dir"
    paramlist="$dir/paramlist.xml"
  fi
  MGRCTL="$root/tests/support/fake-mgrctl.sh" PM_FAKE_MGRCTL_PARAMLIST=$paramlist BENCH_BASELINE=$2 BENCH_SOURCE=$source \
    python3 "$work/bench.py" run "$port" "$dir/sim" "$dir/mgr" "$module_bin" "$vms" "$nodes" "$d" "$dir/result.json"
  stop_sim
}

echo "backup_tick: $vms VMs on $nodes nodes, ${latency} ms per API request" >&2
scenario "$due" 1 registry
scenario 0 0 registry
scenario "$due" 0 database
bash "$root/tests/support/mariadb.sh" stop "$work/mariadb"
python3 "$work/bench.py" report "$work/registry$due/result.json" "$work/registry0/result.json" \
  "$work/database$due/result.json"

#!/usr/bin/env bash
# Benchmark (run on demand): what reading the panel's database (contract §13) adds to a command.
# pmvmmanager6 `sync_item` of one service against vm6-sim, RUNS times with the document on stdin
# and RUNS times with no document (the service, tariff, module and crypted password read from a
# private mariadbd), interleaved; medians and their ratio, same run, same machine.
# BUILD=<dir> reuses a build (default: a Release build in build/bench); RUNS (default 50).
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${RUNS:-50}
source tests/bench/vm6_bench.sh
trap 'bash tests/support/mariadb.sh stop "$work/db"; bench_cleanup' EXIT
start_vm6_sim 0.01

# The panel's side: its database, its key, and paramlist pointing at both.
bash tests/support/mariadb.sh start "$work/db"
sql() { mariadb --no-defaults --socket="$work/db/mysqld.sock" -uroot "$@"; }
sql -e "CREATE DATABASE billmgr; CREATE USER 'billmgr'@'localhost' IDENTIFIED BY 'bench-db-pass';
        GRANT SELECT ON billmgr.* TO 'billmgr'@'localhost'"
sql billmgr < tests/support/billmgr-schema.sql
openssl genrsa -out "$work/mgr/etc/billmgr.pem" 2048 2>/dev/null
crypted=$(printf 'admin-secret' | openssl pkeyutl -encrypt -inkey "$work/mgr/etc/billmgr.pem" \
  -pkeyopt rsa_padding_mode:pkcs1 | base64 -w0)
sql billmgr <<SQL
INSERT INTO itemtype VALUES (1, 'vds'), (2, 'ncpu'), (3, 'mem'), (4, 'disc');
INSERT INTO measure (id, intname) VALUES (3, 'MiB'), (4, 'GiB');
INSERT INTO account VALUES (1, 'buyer');
INSERT INTO user VALUES (1, 1, 'buyer', 'buyer@example.com');
INSERT INTO processingmodule (id, name, module) VALUES (1, 'VMmanager', 'pmvmmanager6');
INSERT INTO processingparam VALUES (1, 'url', '$api'), (1, 'username', 'admin@example.com'),
  (1, 'fingerprint', '$fingerprint'), (1, 'cluster', '1');
INSERT INTO processingcryptedparam VALUES (1, 'password', '$crypted');
INSERT INTO pricelist (id, parent, itemtype, intname) VALUES (100, NULL, 1, 'vps');
INSERT INTO pricelist (id, parent, itemtype, intname, addontype, addonlimit, measure) VALUES
  (101, 100, 2, 'ncpu', 2, 1, NULL), (102, 100, 3, 'mem', 2, 1, 4), (103, 100, 4, 'disc', 2, 10, 4);
INSERT INTO item (id, account, pricelist, processingmodule, status) VALUES (1001, 1, 100, 1, 2);
INSERT INTO itemparam (item, intname, value) VALUES (1001, 'ostempl', 'ISPsystem__Debian 12');
SQL
echo "<doc><elem><DBUser>billmgr</DBUser></elem><elem><DBPassword>bench-db-pass</DBPassword></elem>
  <elem><DBName>billmgr</DBName></elem><elem><DBSocket>$work/db/mysqld.sock</DBSocket></elem></doc>" \
  > "$work/paramlist.xml"

export PM_FAKE_MGRCTL_LOG=/dev/null PM_FAKE_MGRCTL_PARAMLIST="$work/paramlist.xml"
doc="<doc><processingmodule id=\"1\"><url>$api</url><username>admin@example.com</username>
  <password>admin-secret</password><fingerprint>$fingerprint</fingerprint><cluster>1</cluster></processingmodule>
  <item id=\"1001\" account=\"1\"><pricelist id=\"100\"/><param name=\"ostempl\">ISPsystem__Debian 12</param>
  <param name=\"email\">buyer@example.com</param><addon name=\"ncpu\">1</addon>
  <addon name=\"mem\" measure=\"GiB\">1</addon><addon name=\"disc\" measure=\"GiB\">10</addon></item></doc>"
module="$build/processing/pmvmmanager6"
echo "$doc" | "$module" --command open --item 1001 --module 1 > "$work/open.xml" || { cat "$work/open.xml"; exit 1; }
vmid=$(sed -n 's/.*<vmid>\([0-9]*\)<.*/\1/p' "$work/open.xml")
sql billmgr -e "INSERT INTO itemparam (item, intname, value) VALUES (1001, 'vmid', '$vmid')"
doc=${doc/<param name=\"ostempl\">/<param name=\"vmid\">$vmid</param><param name=\"ostempl\">}

timed_us() {  # runs the command given, prints its wall time in microseconds; fails on an error answer
  local start=$(date +%s%N)
  "$@" > "$work/answer.xml"
  grep -q '<ok' "$work/answer.xml" || { cat "$work/answer.xml" >&2; exit 1; }
  echo $(( ($(date +%s%N) - start) / 1000 ))
}
from_stdin() { echo "$doc" | "$module" --command sync_item --item 1001 --module 1; }
from_database() { "$module" --command sync_item --item 1001 < /dev/null; }
stdin_samples=() db_samples=()
for _ in $(seq "$runs"); do
  stdin_samples+=("$(timed_us from_stdin)")
  db_samples+=("$(timed_us from_database)")
done
median_ms() { printf '%s\n' "$@" | median | awk '{printf "%.1f", $1 / 1000}'; }
a=$(median_ms "${stdin_samples[@]}")
b=$(median_ms "${db_samples[@]}")
echo "sync_item, $runs runs each: document on stdin median ${a} ms, panel database median ${b} ms"
awk -v a="$a" -v b="$b" 'BEGIN {printf "added by the database: %.1f ms (ratio database/stdin %.2f)\n", b - a, b / a}'

#!/usr/bin/env bash
# The demo: one VPS's whole life, played the way BILLmanager plays it, against the bundled
# Proxmox VE simulator, then one on the bundled VMmanager 6 simulator, whose server pool then
# serves a second order without an OS install, then one on the bundled VMmanager 5 simulator. Each step prints the document the panel sends, the
# module's answer and the panel calls the module made.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tests/install-deps.sh >&2

build=build/demo
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc)" --target pmproxmox pmproxmox_backups pve-sim \
  pmvmmanager6 vm6-sim pmvmmanager5 vm5-sim >/dev/null

work=$(mktemp -d)
sim_pids=()
cleanup() {
  local pid
  for pid in "${sim_pids[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/mgr/var" "$work/mgr/etc" "$work/sim" "$work/vm6" "$work/vm5"
printf 'pmproxmox.* 6\npmvmmanager6.* 6\npmvmmanager5.* 6\n' > "$work/mgr/etc/debug.conf"
module=pmproxmox
item=1001

start_sim() {  # executable, state dir, time scale: sets port and fingerprint
  "$1" --state-dir "$2" --port 0 --time-scale "$3" > "$2.out" 2>&1 &
  sim_pids+=($!)
  for _ in $(seq 100); do [ -s "$2/ready.json" ] && break; sleep 0.1; done
  [ -s "$2/ready.json" ] || { echo "the simulator did not start:"; cat "$2.out"; exit 1; }
  port=$(sed -n 's/.*"port":\([0-9]*\).*/\1/p' "$2/ready.json")
  fingerprint=$(sed -n 's/.*"fingerprint":"\([0-9A-F:]*\)".*/\1/p' "$2/ready.json")
}
start_sim "$build/tests/sim/proxmox/pve-sim" "$work/sim" 0.25

export MGR_ROOT="$work/mgr" MGRCTL="$PWD/tests/support/fake-mgrctl.sh" PM_FAKE_MGRCTL_LOG="$work/mgrctl.log"
module_doc='<processingmodule id="1">
    <url>https://127.0.0.1:'"$port"'</url>
    <token_id>billing@pve!bm</token_id>
    <token_secret>5ee0c9b4-0d63-4a3c-9d0b-1c5e6f7a8b90</token_secret>
    <fingerprint>'"$fingerprint"'</fingerprint>
    <storage>local-lvm</storage><bridge>vmbr0</bridge>
    <ip_pool>192.0.2.10-192.0.2.20</ip_pool><ip_prefix>24</ip_prefix><ip_gateway>192.0.2.1</ip_gateway>
    <dns>192.0.2.53</dns><backup_storage>backup-nfs</backup_storage>
  </processingmodule>'
item_doc() {  # cores memory_gib disk_gib
  local saved=""
  [ -n "${vmid:-}" ] && saved="<param name=\"vmid\">$vmid</param><param name=\"node\">$node</param>"
  echo "<doc>
  $module_doc
  <item id=\"1001\" status=\"active\" account=\"42\">
    <pricelist id=\"12\"><param name=\"vlan\">120</param></pricelist>
    <param name=\"ostempl\">debian-12-cloud</param>
    <param name=\"domain\">web1.example.com</param>
    <param name=\"sshkeys\">ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDemoKeyOnly demo@example.com</param>$saved
    <addon name=\"ncpu\">$1</addon>
    <addon name=\"mem\" measure=\"GiB\">$2</addon>
    <addon name=\"disc\" measure=\"GiB\">$3</addon>
    <addon name=\"iolimit\">200</addon>
    <addon name=\"inbound\" measure=\"Mbit\">100</addon>
    <addon name=\"outbound\" measure=\"Mbit\">100</addon>
    <addon name=\"backup_quota\">3</addon>
  </item>
</doc>"
}

step() {  # title, command, document[, "refused": the step shows an error document]
  local title=$1 command=$2 document=$3 want=${4:-ok} answer status
  printf '\n\033[1m== %s: %s --command %s\033[0m\n' "$title" "$module" "$command"
  if [ -n "$document" ]; then
    echo "-- panel sends:"
    echo "$document" | sed 's|<token_secret>[^<]*<|<token_secret>***<|; s|<password>[^<]*<|<password>***<|'
  fi
  : > "$work/mgrctl.log"
  set +e
  answer=$(echo "$document" | "$build/processing/$module" --command "$command" --item "$item" --module 1)
  status=$?
  set -e
  echo "-- module answers (exit $status):"
  echo "$answer"
  if [ -s "$work/mgrctl.log" ]; then
    echo "-- module called the panel:"
    sed 's/^/   mgrctl /; s/\t/ /g' "$work/mgrctl.log"
  fi
  if [ "$want" = refused ]; then
    [ "$status" -ne 0 ] || { echo "step should have been refused"; exit 1; }
  else
    [ "$status" -eq 0 ] || { echo "step failed"; exit 1; }
  fi
  last_answer=$answer
}

page() {  # title, func, PARAM_name=value...: the client's Backups page, as the panel runs it
  local title=$1 func=$2 answer
  shift 2
  printf '\n\033[1m== %s: addon/pmproxmox_backups (%s)\033[0m\n' "$title" "$func"
  answer=$(env AUTH_USER=client1 AUTH_LEVEL=16 PARAM_plid=1001 "$@" \
    "$build/addons/pmproxmox_backups" <<<"<doc func=\"$func\"/>")
  echo "$answer"
  case "$answer" in *"<error"*) echo "step failed"; exit 1 ;; esac
}
ticks() {  # cron's backup_tick, until no job is left
  for _ in $(seq 60); do
    "$build/processing/pmproxmox" --command backup_tick >/dev/null
    env AUTH_USER=client1 AUTH_LEVEL=16 PARAM_plid=1001 "$build/addons/pmproxmox_backups" <<<'<doc func="vds.backups"/>' |
      grep -q msg_job_running || { echo "-- backup_tick: all jobs done"; return; }
    sleep 0.5
  done
  echo "jobs did not finish"; exit 1
}

started=$(date +%s)
step "What the module can do" features ""
step "Integration wizard checks the connection" check_connection "<doc>$module_doc</doc>"
step "Hourly OS template sync" get_server_config "<doc>$module_doc</doc>"
step "A client orders a VPS (1 core, 1 GiB, 10 GiB)" open "$(item_doc 1 1 10)"
vmid=$(echo "$last_answer" | sed -n 's/.*<vmid>\([0-9]*\)<.*/\1/p')
node=$(echo "$last_answer" | sed -n 's/.*<node>\([^<]*\)<.*/\1/p')
step "Unpaid: suspend" suspend "$(item_doc 1 1 10)"
step "Paid: resume" resume "$(item_doc 1 1 10)"
step "Upgrade to 2 cores, 2 GiB, 20 GiB" setparam "$(item_doc 2 2 20)"
step "Reboot (applies what waited for it)" reboot "$(item_doc 2 2 20)"
step "Where is it now" sync_item "$(item_doc 2 2 20)"
page "The client asks for a backup with a note" vds.backups.new PARAM_sok=ok "PARAM_notes=before the upgrade to \"v2\""
ticks
page "The client's Backups page" vds.backups
copy=$(env AUTH_USER=client1 AUTH_LEVEL=16 PARAM_plid=1001 "$build/addons/pmproxmox_backups" <<<'<doc func="vds.backups"/>' |
  sed -n 's/.*<id>\([0-9a-f]*\)<\/id>.*/\1/p' | head -1)
page "The client restores it" vds.backups.restore PARAM_elid="$copy"
ticks
page "Restored, plan re-applied, started" vds.backups
step "Terminate" close "$(item_doc 2 2 20)"
printf '\nThe whole life of VM %s took %s s. Module log: %s lines.\n' "$vmid" "$(( $(date +%s) - started ))" \
  "$(wc -l < "$work/mgr/var/pmproxmox.log")"

# The same life on VMmanager 6: the client's account is made from their e-mail, the OS and the
# backup schedules come from the platform, the paid schedule is an enumeration addon.
start_sim "$build/tests/sim/vmmanager6/vm6-sim" "$work/vm6" 0.05
module=pmvmmanager6
module_doc='<processingmodule id="1">
    <url>https://127.0.0.1:'"$port"'</url>
    <username>admin@example.com</username><password>admin-secret</password>
    <fingerprint>'"$fingerprint"'</fingerprint><cluster>Cluster1</cluster>
  </processingmodule>'
vm6_doc() {  # cores memory_gib disk_gib backup_schedule
  local saved=""
  [ -n "${vmid:-}" ] && saved="<param name=\"vmid\">$vmid</param>"
  echo "<doc>
  $module_doc
  <item id=\"$item\" status=\"active\" account=\"42\">
    <param name=\"ostempl\">ISPsystem__Debian 12</param>
    <param name=\"domain\">web$item.example.com</param>
    <param name=\"email\">client$item@example.com</param>$saved
    <addon name=\"ncpu\">$1</addon>
    <addon name=\"mem\" measure=\"GiB\">$2</addon>
    <addon name=\"disc\" measure=\"GiB\">$3</addon>
    <addon name=\"backup_schedule\">$4</addon>
  </item>
</doc>"
}
: > "$work/mgrctl.log"
vmid=""
started=$(date +%s)
step "What the VMmanager 6 module can do" features ""
step "Integration wizard checks the connection" check_connection "<doc>$module_doc</doc>"
step "Hourly sync: OS templates and backup schedules" get_server_config "<doc>$module_doc</doc>"
step "A client orders a VPS with nightly backups" open "$(vm6_doc 1 1 10 vm6_1_1)"
vmid=$(echo "$last_answer" | sed -n 's/.*<vmid>\([0-9]*\)<.*/\1/p')
step "Unpaid: suspend (the client cannot start it from VMmanager)" suspend "$(vm6_doc 1 1 10 vm6_1_1)"
step "Paid: resume" resume "$(vm6_doc 1 1 10 vm6_1_1)"
step "Upgrade to 2 cores, 2 GiB, 20 GiB, weekly backups" setparam "$(vm6_doc 2 2 20 vm6_1_2)"
step "Reboot" reboot "$(vm6_doc 2 2 20 vm6_1_2)"
step "Where is it now" sync_item "$(vm6_doc 2 2 20 vm6_1_2)"
step "Terminate" close "$(vm6_doc 2 2 20 vm6_1_2)"
printf '\nThe whole life of VMmanager 6 host %s took %s s. Module log: %s lines.\n' "$vmid" \
  "$(( $(date +%s) - started ))" "$(wc -l < "$work/mgr/var/pmvmmanager6.log")"

# The server pool: with a pool owner set, the module keeps ready servers of the configurations that
# sell, so the next buyer of one has it at once instead of after an OS install.
module_doc=${module_doc/<\/processingmodule>/<pool_owner>pool@example.com<\/pool_owner><pool_tier1>1<\/pool_tier1><\/processingmodule>}
elapsed_ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
vmid="" item=1002
started=$(date +%s%N)
step "Pool on: a client orders a VPS, none is pooled yet, so VMmanager installs it" open "$(vm6_doc 1 1 10 vm6_1_1)"
fresh_ms=$(elapsed_ms "$started")
printf '\n\033[1m== Cron: pmvmmanager6 --command pool_tick, until the pool has a ready server\033[0m\n'
for tick in $(seq 100); do
  answer=$("$build/processing/pmvmmanager6" --command pool_tick | tr -d '\n' | sed 's/<?xml[^>]*>//; s/> *</></g')
  echo "-- pool_tick $tick answers: $answer"
  case "$answer" in *"<ready>1</ready>"*) break ;; esac
  [ "$tick" -lt 100 ] || { echo "the pooled server never became ready"; exit 1; }
  sleep 0.5
done
vmid="" item=1003
started=$(date +%s%N)
step "Another client orders the same configuration: served from the pool" open "$(vm6_doc 1 1 10 vm6_1_1)"
printf '\nFrom the order to an active service: %s ms with an OS install, %s ms from the pool.\n' "$fresh_ms" \
  "$(elapsed_ms "$started")"

# The same life on VMmanager 5 KVM: the URL ends in /vmmgr, the client's VMmanager user is made from
# their e-mail, the panel's IPmanager address becomes the VM's, and suspend blocks the VM.
start_sim "$build/tests/sim/vmmanager5/vm5-sim" "$work/vm5" 0.05
module=pmvmmanager5
module_doc='<processingmodule id="1">
    <url>https://127.0.0.1:'"$port"'/vmmgr</url>
    <username>admin</username><password>admin-secret</password>
    <fingerprint>'"$fingerprint"'</fingerprint>
  </processingmodule>'
vm5_doc() {  # cores memory_gib disk_gib
  local saved=""
  [ -n "${vmid:-}" ] && saved="<param name=\"vmid\">$vmid</param>"
  echo "<doc>
  $module_doc
  <item id=\"$item\" status=\"active\" account=\"42\">
    <param name=\"ostempl\">ISPsystem__Debian-12-amd64</param>
    <param name=\"domain\">web$item.example.com</param>
    <param name=\"email\">client$item@example.com</param>
    <param name=\"ip\">203.0.113.45</param>$saved
    <addon name=\"ncpu\">$1</addon>
    <addon name=\"mem\" measure=\"GiB\">$2</addon>
    <addon name=\"disc\" measure=\"GiB\">$3</addon>
  </item>
</doc>"
}
: > "$work/mgrctl.log"
vmid="" item=1001
started=$(date +%s)
step "What the VMmanager 5 module can do" features ""
step "Integration wizard checks the connection (URL ending in /vmmgr, an administrator)" check_connection \
  "<doc>$module_doc</doc>"
step "Hourly sync: OS templates installed on a node" get_server_config "<doc>$module_doc</doc>"
step "A client orders a VPS; the panel took 203.0.113.45 from IPmanager" open "$(vm5_doc 1 1 10)"
vmid=$(echo "$last_answer" | sed -n 's/.*<vmid>\([0-9]*\)<.*/\1/p')
step "Unpaid: suspend (the VM is blocked for its owner)" suspend "$(vm5_doc 1 1 10)"
step "Paid: resume" resume "$(vm5_doc 1 1 10)"
step "Upgrade to 2 cores and 2 GiB" setparam "$(vm5_doc 2 2 10)"
step "A bigger disk: VMmanager 5 cannot, and says so" setparam "$(vm5_doc 2 2 20)" refused
step "Reboot" reboot "$(vm5_doc 2 2 10)"
step "Where is it now" sync_item "$(vm5_doc 2 2 10)"
step "Terminate" close "$(vm5_doc 2 2 10)"
printf '\nThe whole life of VMmanager 5 VM %s took %s s. Module log: %s lines.\n' "$vmid" \
  "$(( $(date +%s) - started ))" "$(wc -l < "$work/mgr/var/pmvmmanager5.log")"

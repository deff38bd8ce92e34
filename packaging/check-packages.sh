#!/usr/bin/env bash
# Checks the packages of one module: builds every module's packages with build-packages.sh
# (installing nothing) into a temporary directory and asserts, for this module's .deb and .rpm
# (billmanager-plugin-<module>), their name, version, summary, files (exactly this module's),
# dependencies and maintainer scripts, and that no other module's package has any of its files;
# runs the scripts against a fake panel root (DPKG_ROOT) and, as root, has dpkg install,
# reinstall, remove and purge the .deb there (with --installed-test, the installed module runs a
# service's open and close against the simulator in between, and the purge must leave nothing of
# it), then install it beside the other modules' .debs and remove it alone. The .rpm is checked
# when rpmbuild and rpm are there. Exit 77 (CTest: skipped) when dpkg-deb or dpkg-shlibdeps
# (Debian package dpkg-dev) is missing.
#
#   packaging/check-packages.sh [--module NAME] [--build-dir DIR] [--installed-test PROGRAM]
#
#   --module NAME     the module whose package it checks (default pmproxmox); a new module
#                     gets its summary and file list in the table below
#   --build-dir DIR   the build, kept between runs (default build/package-check)
#   --installed-test PROGRAM
#                     the contract tests (test_contract): their InstalledPackage test runs the
#                     module from the installed tree (PM_INSTALLED_ROOT, PM_INSTALLED_MODULE)
set -euo pipefail
packaging_dir=$(cd "$(dirname "$0")" && pwd)
source_dir=$(dirname "$packaging_dir")

module=pmproxmox
build_dir=$source_dir/build/package-check
installed_test=
while (($#)); do
  case $1 in
    --module) module=${2:?}; shift ;;
    --build-dir) build_dir=${2:?}; shift ;;
    --installed-test) installed_test=${2:?}; shift ;;
    *) echo "usage: $0 [--module NAME] [--build-dir DIR] [--installed-test PROGRAM]" >&2; exit 2 ;;
  esac
  shift
done

root=/usr/local/mgr5
# Each module's package: its summary (the .deb's Description's first line, the .rpm's Summary:
# packaging/CMakeLists.txt) and every file it holds, mode owner:group path.
case $module in
  pmproxmox)
    summary="BILLmanager processing module for Proxmox VE"
    expected_files="-rwxr-xr-x root:root $root/processing/pmproxmox
-rwxr-x--- root:root $root/addon/pmproxmox_backups
-rw-r--r-- root:root $root/etc/pmproxmox.cron
-rw-r--r-- root:root $root/etc/pmproxmox.logrotate
-rw-r--r-- root:root $root/etc/xml/billmgr_mod_pmproxmox.xml" ;;
  pmvmmanager6)
    summary="BILLmanager processing module for VMmanager 6"
    expected_files="-rwxr-xr-x root:root $root/processing/pmvmmanager6
-rw-r--r-- root:root $root/etc/pmvmmanager6.cron
-rw-r--r-- root:root $root/etc/pmvmmanager6.logrotate
-rw-r--r-- root:root $root/etc/xml/billmgr_mod_pmvmmanager6.xml" ;;
  pmvmmanager5)
    summary="BILLmanager processing module for VMmanager 5 KVM"
    expected_files="-rwxr-xr-x root:root $root/processing/pmvmmanager5
-rw-r--r-- root:root $root/etc/pmvmmanager5.cron
-rw-r--r-- root:root $root/etc/pmvmmanager5.logrotate
-rw-r--r-- root:root $root/etc/xml/billmgr_mod_pmvmmanager5.xml" ;;
  *) echo "$0: no package of a module $module here: add its files to check-packages.sh" >&2; exit 2 ;;
esac

for tool in dpkg-deb dpkg-shlibdeps; do
  if ! command -v "$tool" >/dev/null; then
    echo "SKIPPED: $tool not found (Debian packages dpkg, dpkg-dev): packages not built nor checked"
    exit 77
  fi
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
trap 'echo "FAIL: $0: line $LINENO: a command failed" >&2' ERR

failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}
expect_eq() {  # what actual expected
  [ "$2" = "$3" ] || fail "$1: got
$2
expected
$3"
}

bash "$packaging_dir/build-packages.sh" --no-install --build-dir "$build_dir" --output-dir "$work/out"
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build_dir/CMakeCache.txt")
name=billmanager-plugin-$module
expected_paths=$(awk '{ print $3 }' <<<"$expected_files" | sort)

# Paths (one a line, sorted) that are in both lists: a file of this module's package that
# another package also holds.
shared_paths() { comm -12 <(sort <<<"$1") <(sort <<<"$2"); }

# --- .deb: one per module, billmanager-plugin-<module>_<version>-1_<arch>.deb
shopt -s nullglob
debs=("$work"/out/*.deb)
deb_suffix=_$version-1_$(dpkg --print-architecture).deb
deb=
other_debs=()
for file in "${debs[@]}"; do
  case ${file##*/} in
    "$name$deb_suffix") deb=$file ;;
    billmanager-plugin-*"$deb_suffix") other_debs+=("$file") ;;
    *) fail ".deb not named billmanager-plugin-<module>$deb_suffix: ${file##*/}" ;;
  esac
done
[ -n "$deb" ] || { echo "FAIL: no $name$deb_suffix among: ${debs[*]##*/}" >&2; exit 1; }
echo "checking ${deb##*/}"
dpkg-deb -I "$deb"
dpkg-deb -c "$deb"
expect_eq "deb Package" "$(dpkg-deb -f "$deb" Package)" "$name"
expect_eq "deb Version" "$(dpkg-deb -f "$deb" Version)" "$version-1"
expect_eq "deb Description summary" "$(dpkg-deb -f "$deb" Description | head -n1)" "$summary"
# dpkg-shlibdeps ran: the executable's libraries are dependencies.
depends=$(dpkg-deb -f "$deb" Depends)
for library in libc6 libstdc++6 libcurl4 libsqlite3-0 libpugixml1v5 libmariadb3; do
  sed 's/ *([^)]*)//g; s/ *[,|] */\n/g' <<<"$depends" | grep -qxF "$library" ||
    fail "deb Depends lacks $library: $depends"
done
# Files (not directories), as rpm lists them; directories only on the way to the prefix's files.
deb_files=$(dpkg-deb -c "$deb" | awk '$1 !~ /^d/ { sub(/\//, ":", $2); sub(/^\./, "", $6); print $1, $2, $6 }' | sort)
expect_eq "deb files" "$deb_files" "$(sort <<<"$expected_files")"
stray_dirs=$(dpkg-deb -c "$deb" | awk '$1 ~ /^d/ { print $6 }' |
  grep -vxE "\./|\./usr/|\./usr/local/|\.$root/.*" || true)
expect_eq "deb directories outside $root" "$stray_dirs" ""
# This module's files are in its package only.
for other in "${other_debs[@]}"; do
  expect_eq "files of $name also in ${other##*/}" \
    "$(shared_paths "$expected_paths" "$(dpkg-deb -c "$other" | awk '$1 !~ /^d/ { sub(/^\./, "", $6); print $6 }')")" ""
done
dpkg-deb -e "$deb" "$work/control"
for script in postinst postrm; do
  if [ ! -x "$work/control/$script" ]; then
    fail "deb has no executable $script"
  else
    cmp -s "$work/control/$script" "$packaging_dir/deb/$script" || fail "deb $script differs from packaging/deb/$script"
  fi
done

# --- the scripts, against a fake panel root: a recording mgrctl that exits with $MGRCTL_RC
fake=$work/fake
calls=$work/mgrctl-calls
# What a module leaves under var/ at run time, and a neighbour's file that only starts like it.
run_time_files="$module.db $module.db-wal $module.key $module.log $module.log.1 $module.log.2.gz ${module}_backups.log"
make_run_time_files() {  # var directory
  local file
  for file in $run_time_files "${module}2.db"; do touch "$1/$file"; done
}
# kept: all of them there; lost: none of them; partly: some. The neighbour's file must stay.
run_time_state() {  # var directory
  local file there=0 total=0
  for file in $run_time_files; do
    total=$((total + 1))
    [ ! -e "$1/$file" ] || there=$((there + 1))
  done
  [ -e "$1/${module}2.db" ] || { echo "neighbour's file lost"; return; }
  if ((there == total)); then echo kept; elif ((there == 0)); then echo lost; else echo partly; fi
}
run_script() {  # script arguments...; prints "exit <code>; mgrctl: <arguments>; xmlcache: yes|no; state: kept|lost"
  rm -rf "$fake" "$calls"
  mkdir -p "$fake$root/var/.xmlcache" "$fake$root/sbin"
  touch "$fake$root/var/.xmlcache/billmgr.xml"
  make_run_time_files "$fake$root/var"
  if [ "${MGRCTL:-yes}" != absent ]; then
    printf '#!/bin/sh\necho "$*" >>"%s"\nexit %s\n' "$calls" "${MGRCTL_RC:-0}" >"$fake$root/sbin/mgrctl"
    [ "${MGRCTL:-yes}" = not-executable ] || chmod +x "$fake$root/sbin/mgrctl"
  fi
  local code=0
  DPKG_ROOT=$fake DPKG_MAINTSCRIPT_PACKAGE=$name "$work/control/$1" "${@:2}" >/dev/null 2>"$work/stderr" || code=$?
  local xmlcache=no
  [ ! -e "$fake$root/var/.xmlcache" ] || xmlcache=yes
  echo "exit $code; mgrctl: $(cat "$calls" 2>/dev/null); xmlcache: $xmlcache; state: $(run_time_state "$fake$root/var")"
}
restarted="exit 0; mgrctl: -m billmgr -R; xmlcache: no; state: kept"
untouched="exit 0; mgrctl: ; xmlcache: yes; state: kept"
# deb postinst configure, rpm %post 1 (install) and 2 (upgrade); deb postrm remove, rpm %postun
# 0 (erase) and 1 (upgrade): refresh the panel.
for call in "postinst configure" "postinst configure 0.0.9-1" "postinst 1" "postinst 2" \
  "postrm remove" "postrm 0" "postrm 1"; do
  read -ra words <<<"$call"
  expect_eq "$call" "$(run_script "${words[@]}")" "$restarted"
done
# deb postrm upgrade (the new postinst refreshes): nothing; purge (after remove): the state goes.
expect_eq "postrm upgrade" "$(run_script postrm upgrade 0.2.0-1)" "$untouched"
expect_eq "postrm purge" "$(run_script postrm purge)" "exit 0; mgrctl: ; xmlcache: yes; state: lost"
# No panel, or no executable mgrctl: nothing. A failed restart: a warning, and no failure.
expect_eq "postinst without the panel" "$(MGRCTL=absent run_script postinst configure)" "$untouched"
expect_eq "postrm without the panel" "$(MGRCTL=absent run_script postrm remove)" "$untouched"
expect_eq "postinst, mgrctl not executable" "$(MGRCTL=not-executable run_script postinst configure)" "$untouched"
expect_eq "postinst, restart fails" "$(MGRCTL_RC=1 run_script postinst configure)" "$restarted"
grep -q "could not restart BILLmanager" "$work/stderr" || fail "postinst: no warning when the restart fails"
expect_eq "postrm, restart fails" "$(MGRCTL_RC=1 run_script postrm remove)" "$restarted"

# --- dpkg itself, in a fake root with a panel (a recording mgrctl) and the module's state:
# install, reinstall (an upgrade's sequence), remove, purge. dpkg runs the scripts outside a
# chroot with DPKG_ROOT set (--force-script-chrootless); the libraries are not in the fake
# root's database (--force-depends). As root only. With --installed-test, the installed module
# serves a service in between, from the installed tree, against the simulator; after the purge
# nothing of the module is left anywhere in the root.
if [ "$(id -u)" -ne 0 ]; then
  echo "not root: installing with dpkg not checked"
else
  fake=$work/dpkg-root
  mkdir -p "$fake/var/lib/dpkg/info" "$fake/var/lib/dpkg/updates" "$fake$root/sbin" "$fake$root/var" \
    "$fake/etc/cron.d" "$fake/etc/logrotate.d"
  touch "$fake/var/lib/dpkg/status"
  make_run_time_files "$fake$root/var"
  printf '#!/bin/sh\necho "$*" >>"%s"\n' "$calls" >"$fake$root/sbin/mgrctl"
  chmod +x "$fake$root/sbin/mgrctl"
  dpkg_step() {  # restarts installed state dpkg-arguments...: runs dpkg, checks what it left
    mkdir -p "$fake$root/var/.xmlcache"
    rm -f "$calls"
    dpkg --root="$fake" --force-script-chrootless --force-depends "${@:4}" >"$work/dpkg.log" 2>&1 ||
      fail "dpkg ${*:4}: $(cat "$work/dpkg.log")"
    local restarts=0 installed=no
    [ ! -e "$calls" ] || restarts=$(wc -l <"$calls")
    [ ! -x "$fake$root/processing/$module" ] || [ ! -f "$fake$root/etc/xml/billmgr_mod_$module.xml" ] ||
      installed=yes
    expect_eq "dpkg ${4}: restarts, files installed, run-time files" \
      "$restarts $installed $(run_time_state "$fake$root/var")" "$1 $2 $3"
  }
  dpkg_step 1 yes kept -i "$deb"
  installed_rule=$fake/etc/logrotate.d/$name
  cmp -s "$fake$root/etc/$module.logrotate" "$installed_rule" || fail "dpkg -i: $installed_rule is no copy of etc/$module.logrotate"
  if command -v logrotate >/dev/null; then
    logrotate --debug --state "$work/logrotate.state" "$installed_rule" >"$work/logrotate.log" 2>&1 ||
      fail "logrotate refuses $installed_rule: $(cat "$work/logrotate.log")"
  fi
  if [ -n "$installed_test" ]; then
    rm -f "$fake$root/var/$module".*  # the run makes its own state, key and log
    PM_INSTALLED_ROOT=$fake$root PM_INSTALLED_MODULE=$module \
      "$installed_test" --gtest_filter='InstalledPackage.*' >"$work/installed.log" 2>&1 ||
      fail "the installed $module did not serve a service: $(tail -n 40 "$work/installed.log")"
    grep -q '^\[  PASSED  \] 1 test' "$work/installed.log" || fail "the installed-tree test did not run: $(cat "$work/installed.log")"
    for file in "$module.db" "$module.key"; do
      [ -s "$fake$root/var/$file" ] || fail "the installed $module's run made no var/$file"
    done
    [ -e "$fake$root/var/$module.log" ] || fail "the installed $module's run made no var/$module.log"
    make_run_time_files "$fake$root/var"
  fi
  dpkg_step 1 yes kept -i "$deb"  # postrm upgrade: nothing; postinst configure: the restart
  dpkg_step 1 no kept -r "$name"
  dpkg_step 0 no lost -P "$name"
  rm -f "$fake$root/var/${module}2.db"
  left=$(find "$fake" -name "*$module*" ! -path "$fake/var/lib/dpkg/*" | sed "s|^$fake||")
  expect_eq "files of $module left after the purge" "$left" ""
  [ ! -e "$fake/var/lib/dpkg/info/$name.list" ] || fail "dpkg still lists $name after the purge"

  # Beside the other modules' packages (with cron and logrotate, which read /etc/cron.d and
  # /etc/logrotate.d): they install together, and removing this one leaves the others' files;
  # /etc/cron.d and /etc/logrotate.d hold a copy of every installed module's etc/<module>.cron
  # and etc/<module>.logrotate, and only those.
  if ((${#other_debs[@]})); then
    placed_step() {  # step: billmanager-plugin-<m> in both, a copy of etc/<m>.<ext>, for every installed one
      local ext dir entry expected
      for ext in cron:cron.d logrotate:logrotate.d; do
        dir=$fake/etc/${ext#*:}
        expected=()
        for entry in "$fake$root"/etc/pm*."${ext%:*}"; do
          [ -e "$entry" ] || continue
          expected+=("billmanager-plugin-$(basename "$entry" ".${ext%:*}")")
          cmp -s "$entry" "$dir/${expected[-1]}" || fail "$1: $dir/${expected[-1]} is no copy of ${entry#"$fake"}"
        done
        expect_eq "$1: /etc/${ext#*:}" "$(ls "$dir" | sort)" "$( ((${#expected[@]})) && printf '%s\n' "${expected[@]}" | sort)"
      done
    }
    other_files=$(for other in "${other_debs[@]}"; do
      dpkg-deb -c "$other" | awk '$1 !~ /^d/ { sub(/^\./, "", $6); print $6 }'
    done)
    if ! dpkg --root="$fake" --force-script-chrootless --force-depends -i "$deb" "${other_debs[@]}" \
      >"$work/dpkg.log" 2>&1; then
      fail "dpkg -i with the other modules' packages: $(cat "$work/dpkg.log")"
    else
      while read -r path; do
        [ -e "$fake$path" ] || fail "dpkg -i with the other modules' packages: $path not installed"
      done <<<"$expected_paths
$other_files"
      placed_step "dpkg -i with the other modules' packages"
      if ! dpkg --root="$fake" --force-script-chrootless --force-depends -r "$name" >"$work/dpkg.log" 2>&1; then
        fail "dpkg -r $name beside the others: $(cat "$work/dpkg.log")"
      else
        while read -r path; do
          [ ! -e "$fake$path" ] || fail "dpkg -r $name beside the others: $path left"
        done <<<"$expected_paths"
        while read -r path; do
          [ -e "$fake$path" ] || fail "dpkg -r $name beside the others: removed $path of another package"
        done <<<"$other_files"
        placed_step "dpkg -r $name beside the others"
      fi
    fi
  fi
fi

# --- .rpm
rpms=("$work"/out/*.rpm)
if ! command -v rpmbuild >/dev/null || ! command -v rpm >/dev/null; then
  echo "rpmbuild or rpm not found (Debian package rpm): .rpm not checked"
else
  # One per module, billmanager-plugin-<module>-<version>-1.<arch>.rpm
  rpm_suffix=-$version-1.$(uname -m).rpm
  rpm=
  other_rpms=()
  for file in "${rpms[@]}"; do
    case ${file##*/} in
      "$name$rpm_suffix") rpm=$file ;;
      billmanager-plugin-*"$rpm_suffix") other_rpms+=("$file") ;;
      *) fail ".rpm not named billmanager-plugin-<module>$rpm_suffix: ${file##*/}" ;;
    esac
  done
  [ -n "$rpm" ] || { echo "FAIL: no $name$rpm_suffix among: ${rpms[*]##*/}" >&2; exit 1; }
  echo "checking ${rpm##*/}"
  rpm -qip "$rpm"
  rpm -qlvp "$rpm"
  expect_eq "rpm name version release" "$(rpm -qp --qf '%{NAME} %{VERSION} %{RELEASE}' "$rpm")" "$name $version 1"
  expect_eq "rpm Summary" "$(rpm -qp --qf '%{SUMMARY}' "$rpm")" "$summary"
  expect_eq "rpm -qlp" "$(rpm -qlp "$rpm" | sort)" "$expected_paths"
  expect_eq "rpm files" "$(rpm -qp --qf '[%{FILEMODES:perms} %{FILEUSERNAME}:%{FILEGROUPNAME} %{FILENAMES}\n]' "$rpm" | sort)" \
    "$(sort <<<"$expected_files")"
  requires=$(rpm -qpR "$rpm")
  for library in 'libc.so.6()(64bit)' 'libcurl.so.4()(64bit)' 'libsqlite3.so.0()(64bit)' 'libmariadb.so.3()(64bit)'; do
    grep -qxF "$library" <<<"$requires" || fail "rpm Requires lacks $library: $requires"
  done
  for other in "${other_rpms[@]}"; do
    expect_eq "files of $name also in ${other##*/}" "$(shared_paths "$expected_paths" "$(rpm -qlp "$other")")" ""
  done
  # %post and %postun: the deb's scripts, word for word (CPack adds a blank line before them).
  for scriptlet in POSTIN:postinst POSTUN:postrm; do
    expect_eq "rpm ${scriptlet%:*} interpreter" "$(rpm -qp --qf "%{${scriptlet%:*}PROG}" "$rpm")" /bin/sh
    expect_eq "rpm ${scriptlet%:*}" "$(rpm -qp --qf "%{${scriptlet%:*}}" "$rpm" | sed '/./,$!d')" \
      "$(cat "$packaging_dir/deb/${scriptlet#*:}")"
  done
fi

if ((failures)); then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "packages of $module ($name): all checks passed"

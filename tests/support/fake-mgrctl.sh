#!/usr/bin/env bash
# Stands in for BILLmanager's mgrctl in the demo and the black-box tests: appends the call to
# $PM_FAKE_MGRCTL_LOG (one line, arguments separated by tabs; a value passed through -e is
# recorded as the environment value it names) and answers success. With $PM_FAKE_MGRCTL_FAIL
# naming a function, that function answers with an error document instead.
# `paramlist` (contract §13: where the panel's database is) answers $PM_FAKE_MGRCTL_PARAMLIST, a
# document file, or an empty list when unset.
# Enumerations (contract §5) are kept in $PM_FAKE_MGRCTL_STATE (a directory; default: next to the
# log), so that the lists `enumeration` and `enumerationitem plid=N` answer what was created.
set -euo pipefail
log=${PM_FAKE_MGRCTL_LOG:-/dev/null}
line=()
func=""
while (($#)); do
  case "$1" in
    -m|-o) line+=("$1" "$2"); shift 2 ;;
    -e) name=${2%%=*}; var=${2#*=\$}; line+=("$name=<env:${!var:+set}>"); shift 2 ;;
    *) [ -z "$func" ] && [[ "$1" != *=* ]] && func=$1; line+=("$1"); shift ;;
  esac
done
(IFS=$'\t'; echo "${line[*]}") >> "$log"
if [ "${PM_FAKE_MGRCTL_FAIL:-}" = "$func" ]; then
  echo "<doc><error type=\"access\"><msg>fake failure of $func</msg></error></doc>"
  exit 1
fi

if [ "$func" = paramlist ]; then
  if [ -n "${PM_FAKE_MGRCTL_PARAMLIST:-}" ]; then cat "$PM_FAKE_MGRCTL_PARAMLIST"; else echo "<doc/>"; fi
  exit 0
fi

arg() {  # the value of key=value among the arguments
  local a
  for a in "${line[@]}"; do [[ "$a" == "$1="* ]] && { echo "${a#*=}"; return; }; done
  return 0
}
state=${PM_FAKE_MGRCTL_STATE:-$(dirname "$log")/fake-panel}
[ "$log" = /dev/null ] && [ -z "${PM_FAKE_MGRCTL_STATE:-}" ] && state=""
next_id() { local n; n=$(( $(cat "$state/last_id" 2>/dev/null || echo 0) + 1 )); echo $n > "$state/last_id"; echo $n; }
list() {  # the <elem>s of the records under $1 (directories holding intname and name)
  echo "<doc>"
  local d id intname name
  for d in "$1"/*/; do
    [ -f "$d/intname" ] || continue
    id=${d%/}; id=${id##*/}
    read -r intname < "$d/intname"; read -r name < "$d/name"  # no forks: the lists get long
    echo "<elem><id>$id</id><intname>$intname</intname><name>$name</name></elem>"
  done
  echo "</doc>"
}
if [ -n "$state" ]; then
  mkdir -p "$state/enum"
  plid=$(arg plid); elid=$(arg elid)
  case "$func" in
    enumeration) list "$state/enum"; exit 0 ;;
    enumeration.edit)
      id=$(next_id); mkdir -p "$state/enum/$id/items"
      arg intname > "$state/enum/$id/intname"; arg name > "$state/enum/$id/name"
      echo "<doc><ok/><id>$id</id></doc>"; exit 0 ;;
    enumerationitem) list "$state/enum/$plid/items"; exit 0 ;;
    enumerationitem.edit)
      [ -d "$state/enum/$plid" ] || { echo "<doc><error type=\"missed\"><msg>no enumeration $plid</msg></error></doc>"; exit 1; }
      if [ -z "$elid" ]; then
        elid=$(next_id); mkdir -p "$state/enum/$plid/items/$elid"; arg intname > "$state/enum/$plid/items/$elid/intname"
      fi
      arg name > "$state/enum/$plid/items/$elid/name"
      echo "<doc><ok/><id>$elid</id></doc>"; exit 0 ;;
    enumerationitem.delete) rm -rf "${state:?}/enum/$plid/items/$elid" ;;
  esac
fi
echo "<doc><ok/></doc>"

#!/usr/bin/env bash
# Stands in for BILLmanager's mgrctl in the demo and the black-box tests: appends the call to
# $PM_FAKE_MGRCTL_LOG (one line, arguments separated by tabs; a value passed through -e is
# recorded as the environment value it names) and answers success. With $PM_FAKE_MGRCTL_FAIL
# naming a function, that function answers with an error document instead.
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
echo "<doc><ok/></doc>"

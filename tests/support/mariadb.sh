#!/usr/bin/env bash
# A private MariaDB server for the tests that read the panel's database (contract §13): its own
# datadir and unix socket under DIR, no TCP, root without a password over the socket only.
#   mariadb.sh start DIR   initialises DIR/data once, starts mariadbd, waits until it answers
#   mariadb.sh stop DIR    stops it
# Tests reach it at DIR/mysqld.sock and make their own databases there.
set -euo pipefail
action=$1
dir=$(mkdir -p "$2" && cd "$2" && pwd)
socket=$dir/mysqld.sock
user=$(id -un)

answers() { mariadb --no-defaults --socket="$socket" -uroot -e 'SELECT 1' >/dev/null 2>&1; }

case "$action" in
  start)
    exec 9>"$dir/start.lock"
    flock 9  # tests running in parallel start it once
    if answers; then exit 0; fi
    if [ ! -d "$dir/data/mysql" ]; then
      rm -rf "$dir/data"
      mariadb-install-db --no-defaults --datadir="$dir/data" --user="$user" --auth-root-authentication-method=normal \
        --skip-test-db >"$dir/install.log" 2>&1 || { cat "$dir/install.log" >&2; exit 1; }
    fi
    mariadbd --no-defaults --datadir="$dir/data" --socket="$socket" --skip-networking --user="$user" \
      --pid-file="$dir/mysqld.pid" --log-error="$dir/error.log" --innodb-buffer-pool-size=32M \
      --innodb-log-file-size=8M --skip-log-bin </dev/null >/dev/null 2>&1 9>&- &
    for _ in $(seq 1 300); do
      if answers; then exit 0; fi
      sleep 0.1
    done
    echo "mariadbd did not answer on $socket within 30 s" >&2
    cat "$dir/error.log" >&2 || true
    exit 1
    ;;
  stop)
    if [ -f "$dir/mysqld.pid" ]; then
      pid=$(cat "$dir/mysqld.pid")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || exit 0; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac

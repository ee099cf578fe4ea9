#!/bin/sh
# SPDX-License-Identifier: MIT
# PgBouncer in session mode in front of a throwaway server (scripts/postgresql_cluster.sh), as
# docs/postgresql.md ("A pooler") sets one up, for the benchmark and the tests.
#
#   scripts/pgbouncer_pool.sh start CLUSTER_DIR [POOL_SIZE [LOGIN...]]
#   scripts/pgbouncer_pool.sh stop CLUSTER_DIR
#
# start runs it in CLUSTER_DIR/pooler, listening on a Unix socket there (port 6432), for the
# database feedback, trusting the LOGINs named (default: feedback), with POOL_SIZE server
# connections per login (default 20) and DISCARD ALL between clients; it prints the directory
# to give as host= with port=6432. As root it runs as nobody, as the server does. stop stops it
# and removes the directory. Exit status: 0; 69 when pgbouncer is not installed (Debian:
# apt-get install pgbouncer); 70 when it does not start.
set -eu
usage() {
  echo "usage: $0 start CLUSTER_DIR [POOL_SIZE [LOGIN...]] | stop CLUSTER_DIR" >&2
  exit 64
}
[ $# -ge 2 ] || usage
action=$1
if [ "$action" = stop ] && [ ! -d "$2" ]; then
  exit 0
fi
cluster=$(cd "$2" && pwd)
shift 2
pool=$cluster/pooler

. "$(dirname "$0")/server_user.sh"

case $action in
start)
  bouncer=$(command -v pgbouncer || ls /usr/sbin/pgbouncer 2>/dev/null || true)
  if [ -z "$bouncer" ]; then
    echo "$0: PgBouncer is not installed (Debian: apt-get install pgbouncer)" >&2
    exit 69
  fi
  size=${1:-20}
  [ $# -gt 0 ] && shift
  [ $# -gt 0 ] || set -- feedback
  mkdir -p "$pool"
  if [ "$(id -u)" -eq 0 ]; then
    chown nobody "$pool"
  fi
  printf '%s\n' "[databases]" "feedback = host=$cluster dbname=feedback" "[pgbouncer]" \
    "listen_addr =" "unix_socket_dir = $pool" "listen_port = 6432" "auth_type = trust" \
    "auth_file = $pool/users.txt" "pool_mode = session" "server_reset_query = DISCARD ALL" \
    "default_pool_size = $size" "logfile = $pool/pgbouncer.log" \
    "pidfile = $pool/pgbouncer.pid" >"$pool/pgbouncer.ini"
  for login in "$@"; do
    printf '"%s" ""\n' "$login"
  done >"$pool/users.txt"
  chmod 644 "$pool/pgbouncer.ini" "$pool/users.txt"
  as_server "$bouncer" -d -q "$pool/pgbouncer.ini" || {
    cat "$pool/pgbouncer.log" >&2 2>/dev/null || true
    exit 70
  }
  tries=0
  while [ ! -S "$pool/.s.PGSQL.6432" ]; do
    tries=$((tries + 1))
    if [ "$tries" -gt 50 ]; then
      echo "$0: PgBouncer did not start" >&2
      exit 70
    fi
    sleep 0.1
  done
  echo "$pool"
  ;;
stop)
  if [ -f "$pool/pgbouncer.pid" ]; then
    pid=$(cat "$pool/pgbouncer.pid")
    kill "$pid" 2>/dev/null || true
    tries=0
    while kill -0 "$pid" 2>/dev/null && [ "$tries" -lt 50 ]; do
      tries=$((tries + 1))
      sleep 0.1
    done
  fi
  rm -rf "$pool"
  ;;
*)
  usage
  ;;
esac

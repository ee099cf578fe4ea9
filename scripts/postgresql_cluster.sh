#!/bin/sh
# SPDX-License-Identifier: MIT
# A throwaway PostgreSQL cluster for the tests, listening only on a Unix socket in DIR.
#
#   scripts/postgresql_cluster.sh start DIR   initdb into DIR, start the server, print the URI
#                                             of its empty database `feedback`
#   scripts/postgresql_cluster.sh stop DIR    stop the server and remove DIR
#
# The server runs as an unprivileged user (PostgreSQL refuses to run as root): as the caller,
# or, when the caller is root, as `nobody`, who is given DIR. Authentication is `trust`: no
# TCP port is opened (listen_addresses is empty), and the socket lives in DIR only. The locale
# is C, so that text sorts byte by byte as in SQLite. Needs Debian's postgresql package.
set -eu

usage() {
  echo "usage: $0 start|stop DIR" >&2
  exit 64
}

[ $# -eq 2 ] || usage
action=$1
dir=$2

bindir=
for candidate in /usr/lib/postgresql/*/bin; do
  if [ -x "$candidate/initdb" ]; then
    bindir=$candidate
  fi
done
if [ -z "$bindir" ]; then
  echo "$0: PostgreSQL's server is not installed (Debian: apt-get install postgresql)" >&2
  exit 69
fi

. "$(dirname "$0")/server_user.sh"

case $action in
start)
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  if [ "$(id -u)" -eq 0 ]; then
    chown nobody "$dir"
  fi
  as_server "$bindir/initdb" -D "$dir/data" --auth=trust --username=feedback --locale=C \
    --encoding=UTF8 >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    exit 70
  }
  # fsync off: a throwaway cluster need not survive a crash of the machine.
  as_server "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -s \
    -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=off" start || {
    cat "$dir/server.log" >&2
    exit 70
  }
  as_server "$bindir/createdb" -h "$dir" -U feedback feedback
  echo "postgresql:///feedback?host=$dir&user=feedback"
  ;;
stop)
  if [ -d "$dir/data" ]; then
    as_server "$bindir/pg_ctl" -D "$dir/data" -m immediate -w -s stop || true
  fi
  rm -rf "$dir"
  ;;
*)
  usage
  ;;
esac

# SPDX-License-Identifier: MIT
# Sourced by scripts/postgresql_cluster.sh and scripts/pgbouncer_pool.sh: as_server CMD... runs
# CMD as the user the throwaway server runs as: the caller, or `nobody` when the caller is root
# (PostgreSQL and PgBouncer refuse to run as root).
as_server() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u nobody -- "$@"
  else
    "$@"
  fi
}

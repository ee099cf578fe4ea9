#!/bin/sh
# SPDX-License-Identifier: MIT
# The nightly run: record tonight's escalation steps, then back the database up and keep the
# newest $FEEDBACK_BACKUP_KEEP backups. Exit 75 (the database stayed busy) is retried 3 times,
# as in README.md's crontab. Run by feedback-nightly.service; installed as
# /usr/local/lib/feedback/feedback-nightly (or anywhere: the unit names it).
set -u
: "${FEEDBACK_DB:?set FEEDBACK_DB to the database}"
backups=${FEEDBACK_BACKUP_DIR:-/var/backups/feedback}
keep=${FEEDBACK_BACKUP_KEEP:-14}
pause=${FEEDBACK_RETRY_SLEEP:-600}

# retry CMD...: runs CMD, again after a pause while it exits 75, 3 tries in all.
retry() {
  try=1
  while :; do
    "$@"
    rc=$?
    [ "$rc" -ne 75 ] || [ "$try" -ge 3 ] && return "$rc"
    try=$((try + 1))
    sleep "$pause"
  done
}

retry feedback-escalate run || exit
# One backup a day: a second run the same day keeps the first (neither feedback-admin nor this
# script overwrites one). A PostgreSQL database (a connection URI or keyword string) is dumped
# with the server's own pg_dump, restored with pg_restore: feedback-admin backup copies a
# SQLite file, and refuses PostgreSQL (exit 69).
case $FEEDBACK_DB in
postgresql:* | postgres:* | *=*)
  kind=dump
  file="$backups/council-$(date +%F).dump"
  if [ ! -e "$file" ]; then
    (umask 077 && pg_dump --format=custom --schema=feedback --file="$file.part" "$FEEDBACK_DB") ||
      exit
    mv -- "$file.part" "$file"
  fi
  ;;
*)
  kind=db
  file="$backups/council-$(date +%F).db"
  if [ ! -e "$file" ]; then
    retry feedback-admin backup "$file" || exit
  fi
  ;;
esac
# The newest $keep backups stay (the names sort by day).
ls -1 "$backups"/council-*."$kind" 2>/dev/null | sort -r | tail -n +"$((keep + 1))" |
  while IFS= read -r old; do rm -f -- "$old"; done

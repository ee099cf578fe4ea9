# SPDX-License-Identifier: MIT
# What the end-to-end tests share: assertions that run a real binary and check its exit code,
# stdout or stderr; helpers for cases, databases and queries; and sections. Each script
# tests/cli/test_<topic>.sh defines section_<name> functions and ends with
# `run_sections "$@"`: with a section name it runs that section alone (one CTest entry,
# cli_<topic>_<name>), with none every section of SECTIONS in turn. Each run has its own
# temporary directory, $WORK, so entries can run in parallel.
set -u
PASSED=0
FAILED=0
WORK=$(mktemp -d /tmp/feedback-cli-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export FEEDBACK_DB="$WORK/default.db"
unset NO_COLOR FEEDBACK_TODAY
BIN="${FEEDBACK_BIN:?set FEEDBACK_BIN to the directory of the binaries}"
LOG="$BIN/feedback-log"
ADMIN="$BIN/feedback-admin"
ESC="$BIN/feedback-escalate"
REPORT="$BIN/feedback-report"
IMPORT="$BIN/feedback-import"
SRC=${FEEDBACK_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
FIXTURES=${FEEDBACK_FIXTURES:-}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
ENTRY=$(basename "$0" .sh)

# FEEDBACK_TEST_ENGINE=postgresql: the same tests on PostgreSQL. The programs run through
# tests/cli/pg_wrap.py, which gives each database file name a database of a throwaway server:
# FEEDBACK_PG_CLUSTER's (scripts/postgresql_cluster.sh, started once for a whole test run, as
# scripts/test.sh does), or, when none is given, one of this run's own, stopped on exit. The
# databases a test made are dropped when it ends.
PG_CLUSTER=
PG_OWN_CLUSTER=
pg_admin_uri() { printf 'postgresql:///postgres?host=%s&user=feedback' "$PG_CLUSTER"; }
pg_cleanup() {
  if [ -n "$PG_CLUSTER" ] && [ -s "$WORK/pg-databases" ] && [ -z "$PG_OWN_CLUSTER" ]; then
    local name drops=()
    for name in $(sort -u "$WORK/pg-databases"); do
      drops+=(-c "DROP DATABASE IF EXISTS $name WITH (FORCE)")
    done
    psql -qX "$(pg_admin_uri)" "${drops[@]}" >/dev/null 2>&1 || true
  fi
  if [ -n "$PG_OWN_CLUSTER" ]; then
    "$SRC/scripts/postgresql_cluster.sh" stop "$PG_CLUSTER"
  fi
  rm -rf "$WORK"
}
if [ "${FEEDBACK_TEST_ENGINE:-sqlite}" = postgresql ]; then
  trap pg_cleanup EXIT
  if [ -n "${FEEDBACK_PG_CLUSTER:-}" ]; then
    PG_CLUSTER=$FEEDBACK_PG_CLUSTER
  else
    PG_CLUSTER=$(mktemp -d /tmp/feedback-pg-XXXXXX)
    PG_OWN_CLUSTER=1
    "$SRC/scripts/postgresql_cluster.sh" start "$PG_CLUSTER" >/dev/null
    # The sections run_sections starts one by one share it.
    export FEEDBACK_PG_CLUSTER=$PG_CLUSTER
  fi
  mkdir "$WORK/pg-bin"
  for tool in feedback-log feedback-admin feedback-escalate feedback-report feedback-import; do
    printf '#!/bin/sh\nexec "%s" "%s" "%s" "%s" "%s" "$@"\n' "$PY" "$SRC/tests/cli/pg_wrap.py" \
      "$PG_CLUSTER" "$WORK" "$BIN/$tool" >"$WORK/pg-bin/$tool"
    chmod +x "$WORK/pg-bin/$tool"
  done
  LOG="$WORK/pg-bin/feedback-log"
  ADMIN="$WORK/pg-bin/feedback-admin"
  ESC="$WORK/pg-bin/feedback-escalate"
  REPORT="$WORK/pg-bin/feedback-report"
  IMPORT="$WORK/pg-bin/feedback-import"
fi

# pg_database FILE: the name of the PostgreSQL database pg_wrap.py gives the file name FILE.
pg_database() {
  printf 'f%s' "$(printf '%s' "$(realpath -ms "$1")" | sha1sum | cut -c1-20)"
}

# Sections that can only be SQLite's, left out on PostgreSQL, each with the reason, which the
# run prints (and CTest shows the entry as skipped: exit 77). Keyed by CTest entry.
declare -A PG_LEFT_OUT=(
  [cli_postgresql_flow]="runs both engines itself"
  [cli_postgresql_errors]="runs both engines itself"
  [cli_pg_team_roles]="PostgreSQL's roles on a server of its own"
  [cli_pg_team_audit]="PostgreSQL's logins on a server of its own"
  [cli_pg_team_concurrency]="16 PostgreSQL clients on a server of its own"
  [cli_pg_team_pooled]="PgBouncer in front of a PostgreSQL server of its own"
  [cli_copy_roundtrip]="copies SQLite to PostgreSQL to SQLite itself"
  [cli_copy_refusals]="runs both engines itself"
  [cli_admin_database]="the database file: its mode, a missing directory, a junk file, \
SQLite's integrity check and user_version"
  [cli_migration_schema5]="migrates a SQLite file of schema 5 (the fixture is a SQLite file)"
  [cli_migration_broken_reference]="a SQLite file of an older schema, broken with sqlite3"
  [cli_migration_independent_default]="a SQLite file set back to an older schema with sqlite3"
  [cli_open_missing]="a mistyped file name (pg_wrap.py makes every name a database)"
  [cli_open_empty]="an empty file given as the database"
  [cli_open_read_only_file]="a database file without write permission"
  [cli_open_read_only_dir]="a database in a directory without write permission"
  [cli_privacy_tamper]="tampers the audit trail with the sqlite3 shell, dropping SQLite's triggers"
  [cli_stored_check]="bad dates stored past the CHECKs with sqlite3 (ignore_check_constraints)"
  [cli_stored_list]="bad dates stored past the CHECKs with sqlite3 (ignore_check_constraints)"
  [cli_stored_overdue]="bad dates stored past the CHECKs with sqlite3 (ignore_check_constraints)"
  [cli_stored_run]="bad dates stored past the CHECKs with sqlite3 (ignore_check_constraints)"
  [cli_stored_show]="bad dates stored past the CHECKs with sqlite3 (ignore_check_constraints)"
  [cli_import_crash]="kills the importer mid-file and reads SQLite's journal mode"
  [cli_unix_confirm]="the database's name on a terminal (pg_wrap.py rewrites piped text only)"
  [cli_unix_package]="builds and checks the .deb: no database"
  [cli_unix_install]="installs the programs: no database"
)

# sqlite_only WHAT REASON: true on SQLite; on PostgreSQL says that the part WHAT of this section
# is left out and why, and is false. For a part of a section: `if sqlite_only ...; then`.
sqlite_only() {
  [ -n "$PG_CLUSTER" ] || return 0
  echo "left out on PostgreSQL: $ENTRY: $1: $2"
  return 1
}

# ---- checks ----

ok() { PASSED=$((PASSED + 1)); }
bad() { FAILED=$((FAILED + 1)); echo "FAIL [$ENTRY]: $*" >&2; }

# run CMD...: runs it, keeping stdout in $OUT, stderr in $ERR and the exit code in $RC.
run() {
  set +e
  "$@" >"$WORK/out" 2>"$WORK/err" </dev/null
  RC=$?
  set -e
  OUT=$(cat "$WORK/out")
  ERR=$(cat "$WORK/err")
}

# run_in INPUT CMD...: like run, with INPUT on stdin.
run_in() {
  local input=$1
  shift
  set +e
  printf '%s' "$input" | "$@" >"$WORK/out" 2>"$WORK/err"
  RC=$?
  set -e
  OUT=$(cat "$WORK/out")
  ERR=$(cat "$WORK/err")
}

# run_tty CMD...: like run, with stderr on a terminal (a pseudo-terminal) as a person's would be;
# stdout stays a pipe (for small outputs: it is read once the command ends). $ERR has the
# terminal's line ends as "\n".
run_tty() {
  set +e
  "$PY" - "$@" >"$WORK/out" 2>"$WORK/err" </dev/null <<'PYEOF'
import os, pty, subprocess, sys
master, slave = pty.openpty()
proc = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                        stderr=slave)
os.close(slave)
err = b""
while True:
    try:
        chunk = os.read(master, 4096)
    except OSError:  # EIO: the child closed the terminal
        break
    if not chunk:
        break
    err += chunk
out = proc.stdout.read()
code = proc.wait()
sys.stdout.buffer.write(out)
sys.stderr.buffer.write(err.replace(b"\r\n", b"\n"))
sys.exit(code)
PYEOF
  RC=$?
  set -e
  OUT=$(cat "$WORK/out")
  ERR=$(cat "$WORK/err")
}

# expect_err TEXT DESCRIPTION: the last run printed exactly TEXT on stderr.
expect_err() {
  if [ "$ERR" = "$1" ]; then ok; else bad "$2: stderr was [$ERR], expected [$1]"; fi
}

# expect_rc CODE DESCRIPTION: the last run exited with CODE.
expect_rc() {
  if [ "$RC" -eq "$1" ]; then ok; else bad "$2: exit $RC, expected $1 (stderr: $ERR)"; fi
}

# expect_out TEXT DESCRIPTION: the last run printed exactly TEXT on stdout.
expect_out() {
  if [ "$OUT" = "$1" ]; then ok; else bad "$2: stdout was [$OUT], expected [$1]"; fi
}

# expect_out_has TEXT DESCRIPTION / expect_err_has TEXT DESCRIPTION: a substring.
expect_out_has() {
  case "$OUT" in *"$1"*) ok ;; *) bad "$2: stdout [$OUT] lacks [$1]" ;; esac
}
expect_err_has() {
  case "$ERR" in *"$1"*) ok ;; *) bad "$2: stderr [$ERR] lacks [$1]" ;; esac
}

# expect_eq ACTUAL EXPECTED DESCRIPTION
expect_eq() {
  if [ "$1" = "$2" ]; then ok; else bad "$3: got [$1], expected [$2]"; fi
}

# step DESCRIPTION CMD...: a command that must succeed, as a check.
step() {
  local desc=$1
  shift
  run "$@"
  expect_rc 0 "$desc"
}

# must DESCRIPTION CMD...: a command a section needs done before its checks: not a check, but
# a failure is reported (and counted) all the same. $OUT holds its stdout.
must() {
  local desc=$1
  shift
  run "$@"
  [ "$RC" -eq 0 ] || bad "setting up: $desc: exit $RC (stderr: $ERR)"
}

# ---- cases and databases ----

# new_case DESCRIPTION ARGS...: `feedback-log new ARGS` (--db DB among them for another
# database than $FEEDBACK_DB); checks that it prints just the reference, left in $REF.
new_case() {
  local desc=$1
  shift
  run "$LOG" new "$@"
  expect_rc 0 "new: $desc"
  REF=$OUT
  if printf '%s' "$REF" | grep -Eqx 'FB-[0-9]{4}-[0-9]{6}'; then ok; else
    bad "new: $desc: stdout is not just a reference: [$REF]"
  fi
}

# must_new DESCRIPTION ARGS...: new_case for a section's setting: not a check.
must_new() {
  local desc=$1
  shift
  must "new: $desc" "$LOG" new "$@"
  REF=$OUT
}

# field REF EXPR [SHOW-ARGS...]: EXPR (Python, on the case's JSON object `c`) of `feedback-log
# show REF --format json SHOW-ARGS` (--db DB among them for another database), printed as JSON
# for null, booleans, lists and objects, else as plain text. Prints nothing on failure.
field() {
  local ref=$1 expr=$2
  shift 2
  "$LOG" show "$ref" --format json "$@" 2>/dev/null | "$PY" -c '
import json, sys
c = json.load(sys.stdin)
v = eval(sys.argv[1])
print(json.dumps(v) if v is None or isinstance(v, (bool, list, dict)) else v)' "$expr" \
    2>/dev/null || true
}

# q DB SQL: the rows of SQL, one per line, columns joined by '|' (as the sqlite3 shell prints).
q() {
  if [ -n "$PG_CLUSTER" ]; then
    psql -qAtX -F '|' "postgresql:///$(pg_database "$1")?host=$PG_CLUSTER&user=feedback" \
      -c "SET search_path = feedback" -c "$2"
  elif command -v sqlite3 >/dev/null 2>&1; then
    sqlite3 "$1" "$2"
  else
    "$PY" -c '
import sqlite3, sys
for row in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]):
    print("|".join("" if v is None else str(v) for v in row))' "$1" "$2"
  fi
}

# db_uri DB: what to give a program run without pg_wrap.py (a script's) for the database DB:
# on PostgreSQL its connection URI, else DB.
db_uri() {
  if [ -n "$PG_CLUSTER" ]; then
    printf 'postgresql:///%s?host=%s&user=feedback' "$(pg_database "$1")" "$PG_CLUSTER"
  else
    printf '%s' "$1"
  fi
}

# copy_db DB COPY: a copy of the database DB at COPY (on PostgreSQL, a database made from it).
copy_db() {
  if [ -n "$PG_CLUSTER" ]; then
    local copy
    copy=$(pg_database "$2")
    psql -qX "$(pg_admin_uri)" -c "SET client_min_messages = warning" \
      -c "DROP DATABASE IF EXISTS $copy WITH (FORCE)" \
      -c "CREATE DATABASE $copy TEMPLATE $(pg_database "$1")" >/dev/null
    echo "$copy" >>"$WORK/pg-databases"
  else
    cp "$1" "$2"
  fi
}

# init_db DB: a new database with four services (HWY; CSC, ASC and SEN with their statutory
# procedures), each step a check. must_init_db DB: the same as a section's setting.
init_db() { _init_db step "$1"; }
must_init_db() { _init_db must "$1"; }
_init_db() {
  local how=$1 db=$2
  "$how" "init $db" "$ADMIN" --db "$db" init
  "$how" "service HWY" "$ADMIN" --db "$db" service add HWY --name Highways --directorate Place
  "$how" "service CSC" "$ADMIN" --db "$db" service add CSC --name "Children's social care" \
    --directorate Children --procedure childrens-statutory
  "$how" "service ASC" "$ADMIN" --db "$db" service add ASC --name "Adult social care" \
    --directorate Adults --procedure adults-statutory
  "$how" "service SEN" "$ADMIN" --db "$db" service add SEN --name "Special educational needs" \
    --directorate Children --procedure send
}

# plain_out: $OUT without carriage returns (CSV lines end in CRLF).
plain_out() { printf '%s\n' "$OUT" | tr -d '\r'; }

# lines LINE...: the lines, each ending in a line break (for comparing with several lines).
lines() { printf '%s\n' "$@"; }

# hold_write_lock DB: another writer takes DB's write lock and keeps it until
# release_write_lock (a sqlite3 shell in an open IMMEDIATE transaction, fed from a FIFO, so the
# lock does not end on a timer however slow the machine); returns once the lock is held.
hold_write_lock() {
  local db=$1 fifo="$WORK/write-lock.fifo"
  rm -f "$fifo"
  mkfifo "$fifo"
  if [ -n "$PG_CLUSTER" ]; then
    # On PostgreSQL the writers' lock is an advisory lock of the database (the key of
    # lib/src/storage/postgresql_backend.cpp), held by a psql session fed from the FIFO.
    local uri="postgresql:///$(pg_database "$db")?host=$PG_CLUSTER&user=feedback"
    { echo "SELECT pg_advisory_lock(7378415046338110315);"; cat "$fifo"; } |
      psql -qX "$uri" >/dev/null 2>&1 &
    LOCK_HOLDER=$!
    exec 9>"$fifo"
    for _ in $(seq 200); do
      [ "$(psql -qAtX "$uri" -c "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'
        AND granted AND database = (SELECT oid FROM pg_database
        WHERE datname = current_database())")" = 1 ] && return 0
      sleep 0.05
    done
    bad "setting up: the write lock on $db was not taken"
    return
  fi
  { printf '.timeout 10000\nBEGIN IMMEDIATE;\n'; cat "$fifo"; } | sqlite3 "$db" >/dev/null 2>&1 &
  LOCK_HOLDER=$!
  exec 9>"$fifo"
  for _ in $(seq 200); do
    sqlite3 "$db" "BEGIN IMMEDIATE; ROLLBACK;" >/dev/null 2>&1 || return 0
    sleep 0.05
  done
  bad "setting up: the write lock on $db was not taken"
}
release_write_lock() {
  exec 9>&-
  wait "$LOCK_HOLDER" 2>/dev/null || true
}

# ---- state that one section leaves for others (CTest fixtures) ----

# The directory CTest gives for it (FEEDBACK_CLI_STATE); when a script runs all its sections
# by itself, one of its own.
STATE_DIR=${FEEDBACK_CLI_STATE:-}
# On PostgreSQL a state is a database of the server, named in a directory beside SQLite's.
if [ -n "$PG_CLUSTER" ] && [ -n "$STATE_DIR" ]; then
  STATE_DIR=$STATE_DIR.postgresql
fi

# save_state NAME FILE [VAR...]: keeps FILE and the variables' values as state NAME, replacing
# it whole (written aside, then renamed) so that no section ever reads half of it.
save_state() {
  local name=$1 file=$2
  shift 2
  [ -n "$STATE_DIR" ] || { bad "save_state $name: no FEEDBACK_CLI_STATE"; return; }
  mkdir -p "$STATE_DIR"
  local tmp
  tmp=$(mktemp -d "$STATE_DIR/.$name.XXXXXX")
  if [ -n "$PG_CLUSTER" ]; then
    # The database is copied on the server (a template), named after the state; db names it.
    local copy
    copy=s$(printf '%s' "$STATE_DIR/$name" | sha1sum | cut -c1-20)
    psql -qX "$(pg_admin_uri)" -c "SET client_min_messages = warning" \
      -c "DROP DATABASE IF EXISTS $copy WITH (FORCE)" \
      -c "CREATE DATABASE $copy TEMPLATE $(pg_database "$file")" >/dev/null ||
      bad "save_state $name: the database was not copied"
    echo "$copy" >"$tmp/db"
  else
    cp "$file" "$tmp/db"
  fi
  if [ $# -gt 0 ]; then declare -p "$@" >"$tmp/vars"; else : >"$tmp/vars"; fi
  rm -rf "${STATE_DIR:?}/$name"
  mv "$tmp" "$STATE_DIR/$name"
}

# load_state NAME FILE: copies state NAME's database to FILE (each section works on its own
# copy) and sets its variables. Returns 1, reported, when there is none.
load_state() {
  local name=$1 file=$2
  if [ -z "$STATE_DIR" ] || [ ! -f "$STATE_DIR/$name/db" ]; then
    bad "no state '$name' (its CTest fixture, or the section saving it, failed or did not run)"
    return 1
  fi
  if [ -n "$PG_CLUSTER" ]; then
    local copy
    copy=$(pg_database "$file")
    psql -qX "$(pg_admin_uri)" -c "SET client_min_messages = warning" \
      -c "DROP DATABASE IF EXISTS $copy WITH (FORCE)" \
      -c "CREATE DATABASE $copy TEMPLATE $(cat "$STATE_DIR/$name/db")" >/dev/null ||
      bad "load_state $name: the database was not copied"
    echo "$copy" >>"$WORK/pg-databases"
  else
    cp "$STATE_DIR/$name/db" "$file"
  fi
  # shellcheck disable=SC1090
  . "$STATE_DIR/$name/vars"
}

# ---- sections ----

finish() {
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" -eq 0 ]
}

# run_sections [NAME]: runs section NAME and reports its count, or, with no NAME, each section
# of SECTIONS in its own run (so in its own $WORK) and fails if any failed.
run_sections() {
  if [ $# -eq 0 ]; then
    local section status=0
    export FEEDBACK_CLI_STATE=${FEEDBACK_CLI_STATE:-$WORK/state}
    for section in "${SECTIONS[@]}"; do
      echo "== $section"
      bash "$0" "$section" || status=1
    done
    return "$status"
  fi
  if ! declare -F "section_$1" >/dev/null; then
    echo "$0: no section '$1' (sections: ${SECTIONS[*]})" >&2
    exit 2
  fi
  ENTRY="${ENTRY/test_/cli_}_$1"
  if [ -n "$PG_CLUSTER" ] && [ -n "${PG_LEFT_OUT[$ENTRY]:-}" ]; then
    echo "left out on PostgreSQL: $ENTRY: ${PG_LEFT_OUT[$ENTRY]}"
    exit 77
  fi
  "section_$1"
  finish
}
set -e

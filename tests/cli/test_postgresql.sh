# SPDX-License-Identifier: MIT
# End-to-end tests of the PostgreSQL engine (issue 15), on a throwaway server that
# scripts/postgresql_cluster.sh starts in a temporary directory and stops at the end, also when
# a check fails. The core flow runs on SQLite and on PostgreSQL and every output must be the
# same. Skipped (exit 77) where PostgreSQL's server is not installed.
. "$(dirname "$0")/lib.sh"
export FEEDBACK_TODAY=2026-11-22
export USER=officer
SECTIONS=(flow errors collation)

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "PostgreSQL's server is not installed: skipped"
  exit 77
fi

# The server runs as an unprivileged user, who cannot enter $WORK (mode 0700): the cluster has
# a directory of its own, removed with $WORK.
CLUSTER=$(mktemp -d /tmp/feedback-pg-XXXXXX)
# pg_cleanup (lib.sh): $WORK, and in the PostgreSQL mode lib.sh's own server.
trap '"$SRC/scripts/postgresql_cluster.sh" stop "$CLUSTER"; pg_cleanup' EXIT
PG=$("$SRC/scripts/postgresql_cluster.sh" start "$CLUSTER")

# flow DB DIR: the core commands on DB, each one's exit code, stdout and stderr in DIR/NN (the
# database's name written DB and each time of recording TIMESTAMP, so that the two engines'
# outputs compare).
flow() {
  local db=$1 dir=$2 n=0 ref1 ref2
  mkdir -p "$dir"
  record() {
    n=$((n + 1))
    set +e
    "$@" --db "$db" >"$dir/out" 2>"$dir/err" </dev/null
    local rc=$?
    set -e
    {
      echo "\$ ${*##*/}"
      echo "exit $rc"
      cat "$dir/out"
      echo "-- stderr"
      cat "$dir/err"
    } | sed -e "s|$db|DB|g" -e 's/[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]T[0-9:]*Z/TIMESTAMP/g' \
      >"$(printf '%s/%02d' "$dir" "$n")"
    OUT=$(cat "$dir/out")
  }
  record "$ADMIN" init --region england-and-wales
  record "$ADMIN" service add HWY --name Highways --directorate Place
  record "$ADMIN" service add CSC --name "Children's social care" --directorate Children \
    --procedure childrens-statutory
  record "$LOG" new --type complaint --channel web --service HWY --summary "Streetlight out" \
    --received 2026-11-02 --name "Ann Smith" --email ann@example.org
  ref1=$OUT
  record "$LOG" new --type complaint --channel email --service CSC --summary "Late visit" \
    --received 2026-11-03
  ref2=$OUT
  record "$LOG" new --channel phone --summary "A question about bins" --received 2026-11-10
  record "$LOG" ack "$ref1" --on 2026-11-04
  record "$LOG" respond "$ref1" --outcome upheld --area communication --on 2026-11-12
  record "$LOG" ack "$ref2" --on 2026-11-04
  record "$LOG" ack "$ref2" --on 2026-11-05
  record "$LOG" respond "$ref1" --outcome upheld
  record "$LOG" show "$ref1"
  record "$LOG" show "$ref2" --format json
  record "$LOG" list
  record "$LOG" list --open --format csv
  record "$ESC" run
  record "$ESC" run
  record "$ESC" overdue
  record "$REPORT" volumes --year 2026/27
  record "$REPORT" timeliness --year 2026/27
  record "$REPORT" outcomes --year 2026/27
  record "$LOG" show "$ref2"
}

# The same commands on both engines print the same, with the same exit codes.
section_flow() {
flow "$WORK/council.db" "$WORK/sqlite"
flow "$PG" "$WORK/postgresql"
# The flow did what it says on SQLite: a reference, an escalation, a figure.
grep -qx 'FB-2026-000001' "$WORK/sqlite/04" && ok || bad "new printed the first reference"
grep -q 'exit 65' "$WORK/sqlite/10" && ok || bad "a second ack is refused with 65"
local file name
for file in "$WORK"/sqlite/[0-9]*; do
  name=$(basename "$file")
  if diff -u "$file" "$WORK/postgresql/$name" >"$WORK/diff"; then
    ok
  else
    bad "step $name ($(head -1 "$file")) differs on PostgreSQL:"
    cat "$WORK/diff" >&2
  fi
done
run "$ADMIN" --db "$PG" check
expect_rc 0 "check on PostgreSQL"
expect_out_has "audit chain: " "check verifies the audit chain"
}

# What goes wrong says so with the same exit codes as on SQLite, never showing a password.
section_errors() {
run "$LOG" --db "postgresql://officer:s3cret@/feedback?host=$CLUSTER/none" list
expect_rc 75 "a server that cannot be reached: try again later"
expect_err_has "cannot connect to database postgresql://officer@/feedback?host=$CLUSTER/none" \
  "the message names the database"
case "$ERR" in *s3cret*) bad "the password is in the message: $ERR" ;; *) ok ;; esac
run "$LOG" --db "host=$CLUSTER/none dbname=feedback password=s3cret" list
expect_rc 75 "a keyword string that cannot be reached"
case "$ERR" in *s3cret*) bad "the password is in the message: $ERR" ;; *) ok ;; esac

# A database without the schema is no feedback database yet; init makes it, once.
local other="postgresql:///postgres?host=$CLUSTER&user=feedback"
run "$LOG" --db "$other" list
expect_rc 66 "a database without the schema"
expect_err_has "holds no feedback schema (create it with 'feedback-admin init')" "says how to fix"
run "$ADMIN" --db "$other" init
expect_rc 0 "init"
run "$ADMIN" --db "$other" init
expect_rc 73 "init again"
expect_err_has "database already exists, not overwriting it: $other" "init refuses"

# The audit trail is append-only on the server too: its triggers refuse a change.
must_new "a case" --db "$other" --type complaint --channel web --summary "Broken lamp"
run psql -q "$other" -c "UPDATE feedback.case_event SET officer = 'someone else'"
[ "$RC" -ne 0 ] && ok || bad "an audit event was changed"
expect_err_has "audit events cannot be changed" "the trigger says why"
run psql -q "$other" -c "DELETE FROM feedback.case_event"
expect_err_has "audit events cannot be deleted" "no audit event can be deleted"
run "$ADMIN" --db "$other" check
expect_rc 0 "the chain still verifies"

# Writers take turns (the advisory lock of every write transaction): a writer that cannot have
# it within the busy timeout exits 75, as on a busy SQLite file. The lock is held by psql until
# this test releases it, however slow the machine.
mkfifo "$WORK/hold"
psql -q "$other" <"$WORK/hold" >"$WORK/held" 2>&1 &
local holder=$!
exec 3>"$WORK/hold"
echo "BEGIN; SELECT pg_advisory_xact_lock(7378415046338110315); \echo locked" >&3
while ! grep -q locked "$WORK/held"; do sleep 0.05; done
run "$ESC" --db "$other" run --busy-timeout 200
echo "ROLLBACK;" >&3
exec 3>&-
wait "$holder"
expect_rc 75 "a writer that cannot have the lock in time"
expect_err_has "is busy (another program is writing to it); try again" "says why"
run "$ESC" --db "$other" run
expect_rc 0 "the lock released, the write goes through"
}


# Text is ordered as on SQLite (byte by byte) whatever the database's own collation: a council's
# database made in an en-GB locale lists services B, _z, a, b as a SQLite file does, not
# _z, a, b, B. Every text column of the schema says COLLATE "C", so a later migration that
# forgets it is caught here (but bank_holiday.day: see schema/postgresql/0016_text_order.sql).
section_collation() {
local gb="postgresql:///en_gb?host=$CLUSTER&user=feedback" code
run psql -q "postgresql:///postgres?host=$CLUSTER&user=feedback" \
  -c "CREATE DATABASE en_gb LOCALE_PROVIDER icu ICU_LOCALE 'en-GB' TEMPLATE template0"
expect_rc 0 "an en-GB database"
run psql -Atq "$gb" -c "SELECT string_agg(x, ' ' ORDER BY x) FROM (VALUES ('b'), ('B'), ('a'), ('_z')) v(x)"
expect_eq "$OUT" "_z a b B" "the database itself sorts by the en-GB locale"
must "init" "$ADMIN" --db "$gb" init
must "init (SQLite)" "$ADMIN" --db "$WORK/c.db" init
for code in b B a _z; do
  must "service $code" "$ADMIN" --db "$gb" service add "$code" --name "Service $code" --directorate D
  must "service $code (SQLite)" "$ADMIN" --db "$WORK/c.db" service add "$code" --name "Service $code" \
    --directorate D
done
run "$ADMIN" --db "$gb" service list --format csv
expect_rc 0 "service list"
expect_eq "$(printf '%s\n' "$OUT" | cut -d, -f1 | tr -d '\r' | tr '\n' ' ')" "code B _z a b " \
  "services in byte order, as on SQLite"
local sqlite_out=$OUT
run "$ADMIN" --db "$WORK/c.db" service list --format csv
expect_eq "$OUT" "$sqlite_out" "the same list on both engines"
run psql -Atq "$gb" -c "SELECT count(*) FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name) WHERE c.table_schema = 'feedback' AND t.table_type = 'BASE TABLE' AND c.data_type = 'text' AND c.collation_name IS DISTINCT FROM 'C' AND (table_name, column_name) <> ('bank_holiday', 'day')"
expect_eq "$OUT" "0" "every text column of the schema is ordered byte by byte"
}

run_sections "$@"

# SPDX-License-Identifier: MIT
# A council's team on one PostgreSQL database (issue 15): the roles `feedback-admin init --roles`
# makes and what the server then refuses, the login each change is recorded against, and many
# officers and two nightly runs at once. Each section starts a throwaway server
# (scripts/postgresql_cluster.sh), stopped at the end also when a check fails; skipped (exit 77)
# where PostgreSQL's server is not installed.
. "$(dirname "$0")/lib.sh"
export FEEDBACK_TODAY=2026-11-22
export USER=officer
SECTIONS=(roles audit concurrency pooled)

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "PostgreSQL's server is not installed: skipped"
  exit 77
fi

CLUSTER=$(mktemp -d /tmp/feedback-pg-XXXXXX)
trap '"$SRC/scripts/pgbouncer_pool.sh" stop "$CLUSTER"; "$SRC/scripts/postgresql_cluster.sh" stop "$CLUSTER"; rm -rf "$WORK"' EXIT
PG=$("$SRC/scripts/postgresql_cluster.sh" start "$CLUSTER")

# as LOGIN: the database's name for LOGIN (the throwaway server trusts its socket's users).
as() { echo "postgresql:///feedback?host=$CLUSTER&user=$1"; }

# sql SQL...: psql as the cluster's superuser, unaligned, tuples only.
sql() { psql -qAt "$PG" -v ON_ERROR_STOP=1 -c "$@"; }

# A council's set-up as docs/postgresql.md describes it: the schema and the roles, one login per
# officer granted feedback_officer, an analyst's granted feedback_reporting.
council() {
  must "init --roles" "$ADMIN" --db "$PG" init --roles
  must "a service" "$ADMIN" --db "$PG" service add HWY --name Highways --directorate Place
  sql "CREATE ROLE alice LOGIN; GRANT feedback_officer TO alice;
       CREATE ROLE bob LOGIN; GRANT feedback_officer TO bob;
       CREATE ROLE rita LOGIN; GRANT feedback_reporting TO rita;" >/dev/null
}

# What each role may do, enforced by the server.
section_roles() {
# SQLite has no roles: refused before anything is made.
run "$ADMIN" --db "$WORK/council.db" init --roles
expect_rc 64 "init --roles on a SQLite file is a usage error: SQLite has no users to grant to"
expect_err "feedback-admin: error: --roles: database $WORK/council.db is a SQLite file, which has no users or roles (its file permissions say who may use it); roles need PostgreSQL" \
  "says why"
[ ! -e "$WORK/council.db" ] && ok || bad "init --roles made a SQLite file"

run "$ADMIN" --db "$PG" init --roles
expect_rc 0 "init --roles makes the schema and the roles"
run "$ADMIN" --db "$PG" init --roles
expect_rc 0 "init --roles again changes nothing and succeeds"
expect_eq "$(sql "SELECT string_agg(rolname, ' ' ORDER BY rolname) FROM pg_roles
                  WHERE rolname LIKE 'feedback\_%'")" \
  "feedback_admin feedback_officer feedback_reporting" "the three roles"
run "$ADMIN" --db "$PG" init
expect_rc 73 "init without --roles still refuses a database that exists"
must "a service" "$ADMIN" --db "$PG" service add HWY --name Highways --directorate Place
sql "CREATE ROLE alice LOGIN; GRANT feedback_officer TO alice;
     CREATE ROLE rita LOGIN; GRANT feedback_reporting TO rita;" >/dev/null
must_new "alice's case" --db "$(as alice)" --type complaint --channel web --service HWY \
  --summary "Streetlight out" --received 2026-11-02 --name "Ann Smith" --email ann@example.org
local ref=$REF

# The reporting login reads what SQLite's report connection may read, and nothing else: the
# server refuses the contacts table, free-text columns and the audit trail's text.
run psql -qAt "$(as rita)" -c "SELECT reference, status FROM feedback.case_record"
expect_rc 0 "reporting reads the case facts"
expect_out "$ref|open" "the case's reference and status"
run psql -qAt "$(as rita)" -c "SELECT name, email FROM feedback.person"
[ "$RC" -ne 0 ] && ok || bad "reporting read the contacts: $OUT"
expect_err_has "permission denied for table person" "the server refuses the contacts"
run psql -qAt "$(as rita)" -c "SELECT summary FROM feedback.case_record"
expect_err_has "permission denied for table case_record" "and a free-text column"
run psql -qAt "$(as rita)" -c "SELECT count(*) FROM feedback.event_text"
expect_err_has "permission denied for table event_text" "and the audit trail's free text"
run psql -qAt "$(as rita)" -c "SELECT officer FROM feedback.case_event"
expect_err_has "permission denied for table case_event" "and who made each change"
# Through the programs: the reports work, a case's details are refused.
run "$REPORT" --db "$(as rita)" volumes --year 2026/27
expect_rc 0 "reporting runs a report"
expect_out_has "Total" "the report's figures"
local report=$OUT
run "$LOG" --db "$(as rita)" show "$ref"
expect_rc 74 "reporting cannot show a case: 74, as a SQLite file its user may not read"
expect_err_has "refuses it to this login (its role does not allow it): ERROR:  permission denied" \
  "the server refuses it, and the message says so"
run "$LOG" --db "$(as rita)" note "$ref" "a note"
expect_rc 74 "nor change one"

# An officer works cases but not the policy or the services; the report is the same for all.
run "$LOG" --db "$(as alice)" show "$ref"
expect_rc 0 "an officer shows a case"
expect_out_has "Ann Smith" "with its contact"
run "$ADMIN" --db "$(as alice)" service add ENV --name Environment --directorate Place
expect_rc 74 "an officer cannot add a service"
expect_err_has "permission denied for table service" "the server refuses"
run "$REPORT" --db "$(as alice)" volumes --year 2026/27
expect_rc 0 "an officer's report runs as the reporting role"
expect_eq "$OUT" "$report" "the same report as the reporting login's"
run "$REPORT" --db "$PG" volumes --year 2026/27
expect_eq "$OUT" "$report" "and as the administrator's"
# The equality report counts a personal table: allowed for the count alone, as on SQLite.
# Five answers aged 35-44, so that the count is shown (below 5 it is "<5").
local i
for i in 1 2 3 4 5; do
  must_new "case $i" --db "$(as alice)" --type complaint --channel web --service HWY \
    --summary "Pothole $i" --received 2026-11-0$i
  must "equality $i" "$LOG" --db "$(as alice)" equality "$REF" age=35-44
done
run "$REPORT" --db "$(as alice)" equality --from 2026-04-01 --to 2027-03-31 --format csv
expect_rc 0 "an officer's equality report counts the monitoring table"
expect_out_has "age,35-44,5" "the five answers counted"
local equality=$OUT
# ...and so does an analyst's login, granted the reporting role alone: the count is the
# server's (a function that returns counts only), not a read of the table.
run "$REPORT" --db "$(as rita)" equality --from 2026-04-01 --to 2027-03-31 --format csv
expect_rc 0 "the reporting login's equality report"
expect_eq "$OUT" "$equality" "the same counts as the officer's"
run psql -qAt "$(as rita)" -c "SELECT count(*) FROM feedback.equality_monitoring"
expect_err_has "permission denied for table equality_monitoring" \
  "the reporting login itself reads no monitoring answers"
run psql -qAt "$(as alice)" -c "SET ROLE feedback_reporting; SELECT count(*) FROM feedback.person"
expect_err_has "permission denied for table person" "the reporting role itself reads no contacts"
}

# The audit trail records the database user of each change.
section_audit() {
council
must_new "alice's case" --db "$(as alice)" --type complaint --channel web --service HWY \
  --summary "Streetlight out" --received 2026-11-02
local ref=$REF
step "bob acknowledges" "$LOG" --db "$(as bob)" ack "$ref" --on 2026-11-04
step "alice notes" "$LOG" --db "$(as alice)" note "$ref" "Rang the customer"
step "bob responds" "$LOG" --db "$(as bob)" respond "$ref" --outcome upheld --area communication
# --officer may repeat the login, and name no one else: nothing is recorded then.
step "alice names herself" "$LOG" --db "$(as alice)" note "$ref" "Letter sent" --officer alice
run "$LOG" --db "$(as alice)" note "$ref" "Not me" --officer bob
expect_rc 64 "alice cannot record a change as bob"
expect_err "feedback-log: error: --officer 'bob': this database records the login 'alice' as the officer of every change it makes (log in as 'bob' to act as them)" \
  "says why"
# A login granted no role (the schema's owner here) records the officer as on SQLite.
step "the owner notes" "$LOG" --db "$PG" note "$ref" "Checked" --officer carol
step "the owner notes as \$USER" "$LOG" --db "$PG" note "$ref" "Checked again"
expect_eq "$(sql "SELECT e.officer || ' ' || e.kind FROM feedback.case_event e
                  JOIN feedback.case_record c ON c.id = e.case_id
                  WHERE c.reference = '$ref' ORDER BY e.id")" \
  "alice created
alice classified
bob acknowledged
alice note
bob responded
alice note
carol note
officer note" "each change is recorded against its login"
run "$LOG" --db "$(as alice)" show "$ref"
expect_out_has "2026-11-04  bob" "show's timeline names bob"
# The nightly run's own login is recorded against the steps it records.
sql "CREATE ROLE nightly LOGIN; GRANT feedback_officer TO nightly;" >/dev/null
must_new "an old case" --db "$(as alice)" --type complaint --channel web --service HWY \
  --summary "Pothole" --received 2026-09-01
step "the nightly run" "$ESC" --db "$(as nightly)" run
expect_eq "$(sql "SELECT DISTINCT officer FROM feedback.case_event WHERE kind = 'escalation'")" \
  "nightly" "escalations are recorded against the nightly login"
run "$ADMIN" --db "$PG" check
expect_rc 0 "the audit chain verifies"
expect_out_has "audit chain: " "check verified the chain"
}

# 16 officers at once, 500 changes each, and two nightly runs at once.
section_concurrency() {
local program=${FEEDBACK_PG_CONCURRENCY:?set FEEDBACK_PG_CONCURRENCY to feedback_pg_concurrency}
must "init" "$ADMIN" --db "$PG" init
must "a service" "$ADMIN" --db "$PG" service add HWY --name Highways --directorate Place
run "$program" "$PG" 16 500
echo "$OUT"
expect_rc 0 "every change a client believed made is recorded once, and nothing else"
expect_out_has "clients 16, operations 8000" "all the operations ran"

# Two overlapping nightly runs: the second stops with 75 while the first runs (or, if the first
# was done already, finds nothing new); together they record each step once.
"$ESC" --db "$PG" run >"$WORK/run1" 2>"$WORK/err1" &
local first=$!
"$ESC" --db "$PG" run >"$WORK/run2" 2>"$WORK/err2" &
local second=$!
local rc1=0 rc2=0
wait "$first" || rc1=$?
wait "$second" || rc2=$?
echo "nightly runs: exit $rc1 and $rc2"
case "$rc1 $rc2" in
"0 0" | "0 75" | "75 0") ok ;;
*) bad "two runs at once: exit $rc1 and $rc2 ($(cat "$WORK/err1" "$WORK/err2"))" ;;
esac
if [ "$rc1" -eq 75 ] || [ "$rc2" -eq 75 ]; then
  grep -q "another escalation run is under way on it" "$WORK/err1" "$WORK/err2" && ok ||
    bad "the stopped run says why"
fi
run "$ESC" --db "$PG" run
expect_rc 0 "a third run"
expect_err_has "nothing new to record for 2026-11-22" "the runs at once recorded every step"
expect_eq "$(sql "SELECT count(*) FROM (SELECT 1 FROM feedback.escalation_step
                  GROUP BY case_id, stage_id, deadline, level, due, remedy_id
                  HAVING count(*) > 1) twice")" 0 "no step recorded twice"
[ "$(sql "SELECT count(*) FROM feedback.escalation_step")" -gt 0 ] && ok ||
  bad "the runs recorded no step"
run "$ADMIN" --db "$PG" check
expect_rc 0 "the audit chain verifies after it all"

# A run while another holds the run's lock (psql holds it here, however slow the machine) stops
# at once with 75, whatever the busy timeout.
mkfifo "$WORK/hold"
psql -q "$PG" <"$WORK/hold" >"$WORK/held" 2>&1 &
local holder=$!
exec 3>"$WORK/hold"
echo "SELECT pg_advisory_lock(7378415046607859233); \echo locked" >&3
while ! grep -q locked "$WORK/held"; do sleep 0.05; done
run "$ESC" --db "$PG" run
exec 3>&-
wait "$holder"
expect_rc 75 "a run while another runs"
expect_err "feedback-escalate: error: database $PG is busy: another escalation run is under way on it; this one stops (run it again once that one has finished)" \
  "says why"
run "$ESC" --db "$PG" run
expect_rc 0 "the other run gone, a run goes ahead"
}

# Through PgBouncer in session mode, as docs/postgresql.md sets it up ("A pooler"): one server
# process serves one login's commands in turn, and what a command sets up for its session (the
# reporting role, a read-only transaction default, the nightly run's lock) does not outlive it.
section_pooled() {
council
local pool
pool=$("$SRC/scripts/pgbouncer_pool.sh" start "$CLUSTER" 1 alice rita) ||
  { bad "PgBouncer did not start (scripts/test.sh installs it)"; return; }
# pooled LOGIN: the database's name for LOGIN through the pooler.
pooled() { echo "postgresql:///feedback?host=$pool&port=6432&user=$1"; }
local backend
backend=$(psql -qAtX "$(pooled alice)" -c "SELECT pg_backend_pid()")
expect_eq "$(psql -qAtX "$(pooled alice)" -c "SELECT pg_backend_pid()")" "$backend" \
  "the pooler hands alice's next connection the same server process"

must_new "alice's case" --db "$(pooled alice)" --type complaint --channel web --service HWY \
  --summary "Streetlight out" --received 2026-11-02 --name "Ann Smith"
local ref=$REF
# A report takes the reporting role for its session; a read-only command (digest) makes its
# session's transactions read-only. Neither outlives its command.
step "alice runs a report" "$REPORT" --db "$(pooled alice)" volumes --year 2026/27
step "alice takes the digest" "$ADMIN" --db "$(pooled alice)" digest
step "then acknowledges" "$LOG" --db "$(pooled alice)" ack "$ref" --on 2026-11-04
run "$LOG" --db "$(pooled alice)" show "$ref"
expect_rc 0 "and reads the case's contact"
expect_out_has "Ann Smith" "show gives the name"
expect_eq "$(psql -qAtX "$(pooled alice)" -c "SELECT current_user || ' ' ||
              current_setting('default_transaction_read_only') || ' ' || pg_backend_pid()")" \
  "alice off $backend" "the session left is alice's own, writable, in the same server process"
# The nightly run's session lock is let go: the next night's run is not refused.
step "a nightly run" "$ESC" --db "$(pooled alice)" run --as-of 2026-11-19
step "the next night's" "$ESC" --db "$(pooled alice)" run --as-of 2026-11-20
expect_eq "$(sql "SELECT count(*) FROM feedback.case_event WHERE kind = 'acknowledged'
                  AND officer = 'alice'")" "1" "the change is recorded against alice"
run "$ADMIN" --db "$PG" check
expect_rc 0 "the audit chain verifies"
"$SRC/scripts/pgbouncer_pool.sh" stop "$CLUSTER"
}

run_sections "$@"

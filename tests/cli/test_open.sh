# SPDX-License-Identifier: MIT
# End-to-end tests of how every program opens its database, and of the traps around it: a
# missing database (66, nothing created, but by `feedback-admin init`), an empty file (65, but
# for init, which makes it a private database), a read-only file or directory (reads work,
# writes say "read-only"), an unknown --service in list and overdue (65, named), and outcomes and
# complaint areas on types that have none (refused by respond and the importer, never counted).
# (Section bodies are not indented: some hold here-documents.)
. "$(dirname "$0")/lib.sh"
DB="$WORK/council.db"
export FEEDBACK_DB="$DB"
export FEEDBACK_TODAY=2026-11-20
SECTIONS=(missing empty read_only_file read_only_dir service)

# as_reader CMD...: runs CMD as a user without write permission where the test took it away.
# Root writes whatever the mode bits say, so as root CMD runs as nobody (65534), who owns
# the files the section gives it.
as_reader() {
  if [ "$(id -u)" -eq 0 ]; then
    setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
  else
    "$@"
  fi
}
# give DIR...: the directories (and what is in them) to the user as_reader runs as.
give() {
  if [ "$(id -u)" -eq 0 ]; then
    chmod 711 "$WORK"
    chown -R 65534:65534 "$@"
  fi
}

# a database with HWY and one complaint received 2026-11-02 ($REF), at DB.
db_with_case() {
  must_init_db "$1"
  must_new "complaint" --db "$1" --type complaint --channel web --service HWY \
    --summary "Pothole on Mill Lane" --received 2026-11-02
}

# A mistyped --db or $FEEDBACK_DB: every program refuses it with 66 and creates nothing; only
# init makes a database.
section_missing() {
local gone="$WORK/typo.db"
local missing="database does not exist: $gone (create it with 'feedback-admin init')"
run "$LOG" --db "$gone" new --type complaint --channel web --summary "First case"
expect_rc 66 "new: a missing database"
expect_err "feedback-log: error: $missing" "new: the message the other commands give"
[ ! -e "$gone" ] && ok || bad "new created $gone"
run "$LOG" --db "$gone" new --type complaint --channel nope --summary "First case"
expect_rc 66 "new with a bad channel: the missing database first"
[ ! -e "$gone" ] && ok || bad "a failing new left $gone behind"
FEEDBACK_DB="$gone" run "$LOG" new --type complaint --channel web --summary "First case"
expect_rc 66 "new: a mistyped \$FEEDBACK_DB"
[ ! -e "$gone" ] && ok || bad "new created \$FEEDBACK_DB"
run "$LOG" --db "$WORK/no/such/dir/x.db" new --channel web --summary x
expect_rc 66 "new in a missing directory"
run "$LOG" --db "$gone" list;                        expect_rc 66 "list"
run "$ESC" --db "$gone" overdue;                     expect_rc 66 "overdue"
run "$REPORT" --db "$gone" volumes --year 2026/27;   expect_rc 66 "a report"
expect_err "feedback-report: error: $missing" "the report's message"
run "$ADMIN" --db "$gone" check;                     expect_rc 66 "check"
run "$ADMIN" --db "$gone" service add HWY --name Highways --directorate Place
expect_rc 66 "service add"
[ ! -e "$gone" ] && ok || bad "a command other than init created $gone"
run "$ADMIN" --db "$gone" init;                      expect_rc 0 "init creates it"
expect_eq "$(stat -c %a "$gone")" "600" "init's database is private"
run "$LOG" --db "$gone" new --type complaint --channel web --summary "First case"
expect_rc 0 "new, once init made the database"
}

# An existing empty file is no database: refused (65) and left as it was, but by init, which
# makes the database in it, private.
section_empty() {
local empty="$WORK/empty.db"
: >"$empty"
chmod 644 "$empty"
run "$LOG" --db "$empty" new --type complaint --channel web --summary "First case"
expect_rc 65 "new: an empty file"
expect_err "feedback-log: error: $empty is an empty file, not a feedback database (make one there with 'feedback-admin init')" \
  "new: says what the file is and what to do"
run "$LOG" --db "$empty" list;                       expect_rc 65 "list: an empty file"
run "$ESC" --db "$empty" run;                        expect_rc 65 "the nightly run: an empty file"
run "$ADMIN" --db "$empty" check;                    expect_rc 65 "check: an empty file"
run "$ADMIN" --db "$empty" service add HWY --name Highways --directorate Place
expect_rc 65 "service add: an empty file"
expect_eq "$(stat -c '%s %a' "$empty")" "0 644" "the empty file is left as it was"
run "$ADMIN" --db "$empty" init;                     expect_rc 0 "init takes an empty file"
expect_eq "$(stat -c %a "$empty")" "600" "init makes it private"
run "$ADMIN" --db "$empty" check;                    expect_rc 0 "and makes a whole database"
expect_out_has "schema version" "check reads its schema"
run "$ADMIN" --db "$empty" init;                     expect_rc 73 "init never overwrites one"
expect_err_has "already exists, not overwriting it" "init says why"
printf 'notes' >"$WORK/notes.txt"
run "$ADMIN" --db "$WORK/notes.txt" init;            expect_rc 73 "init: a file with anything in it"
expect_eq "$(cat "$WORK/notes.txt")" "notes" "the file is left alone"
}

# reads ROLE: the read commands work on $DB (as_reader); $REF is its case.
reads_work() {
local role=$1
run as_reader "$LOG" --db "$DB" show "$REF";         expect_rc 0 "$role: show"
expect_out_has "Pothole on Mill Lane" "$role: show prints the case"
run as_reader "$LOG" --db "$DB" list;                expect_rc 0 "$role: list"
expect_out_has "$REF" "$role: list prints the case"
run as_reader "$ESC" --db "$DB" overdue;             expect_rc 0 "$role: overdue"
run as_reader "$REPORT" --db "$DB" volumes --year 2026/27 --format csv
expect_rc 0 "$role: a report"
expect_out_has "complaint" "$role: the report counts the complaint"
run as_reader "$ADMIN" --db "$DB" check;             expect_rc 0 "$role: check"
expect_out_has "integrity: ok" "$role: check reads the database"
}

# A database file that cannot be written: reads work; a write says so in words (74), and
# changes nothing.
section_read_only_file() {
db_with_case "$DB"
give "$DB"
chmod 400 "$DB"
reads_work "read-only file"
run as_reader "$LOG" --db "$DB" ack "$REF" --on 2026-11-03
expect_rc 74 "a write to a read-only file"
expect_err "feedback-log: error: database $DB is read-only (the file is not writable): it can be read but not changed" \
  "the write says the database is read-only, and why"
run as_reader "$LOG" --db "$DB" new --type complaint --channel web --service HWY --summary x
expect_rc 74 "new: a read-only file"
expect_err_has "is read-only" "new says it"
chmod 600 "$DB"
expect_eq "$(q "$DB" "SELECT count(*) FROM case_record")" "1" "no case was added"
expect_eq "$(field "$REF" 'c["acknowledged"]' --db "$DB")" "null" "nothing was acknowledged"
}

# A database in a directory that cannot be written (no journal can be made there): reads
# work, a write says so in words (73).
section_read_only_dir() {
mkdir "$WORK/ro"
DB="$WORK/ro/council.db"
db_with_case "$DB"
give "$WORK/ro"
chmod 555 "$WORK/ro"
reads_work "read-only directory"
run as_reader "$LOG" --db "$DB" ack "$REF" --on 2026-11-03
expect_rc 73 "a write in a read-only directory"
expect_err "feedback-log: error: database $DB is read-only (its directory $WORK/ro is not writable, so no journal can be made): it can be read but not changed" \
  "the write says the database is read-only, and why"
chmod 755 "$WORK/ro"
expect_eq "$(field "$REF" 'c["acknowledged"]' --db "$DB")" "null" "nothing was acknowledged"
}

# list --service and overdue --service name an unknown service as new does (65).
section_service() {
db_with_case "$DB"
local unknown="unknown service 'NOPE' (known: ASC, CSC, HWY, SEN; add one with 'feedback-admin service add')"
run "$LOG" new --type complaint --channel web --service NOPE --summary x
expect_rc 65 "new --service NOPE"
expect_err "feedback-log: error: $unknown" "new names the service"
run "$LOG" list --service NOPE;                      expect_rc 65 "list --service NOPE"
expect_err "feedback-log: error: $unknown" "list names it as new does"
expect_out "" "list prints no empty table"
run "$ESC" overdue --service NOPE --as-of 2026-12-31; expect_rc 65 "overdue --service NOPE"
expect_err "feedback-escalate: error: $unknown" "overdue names it as new does"
run "$LOG" list --service HWY;                       expect_rc 0 "list --service HWY"
expect_out_has "$REF" "a known service lists its case"
run "$ESC" overdue --service HWY --as-of 2026-12-31; expect_rc 0 "overdue --service HWY"
expect_out_has "$REF" "overdue lists the known service's case"
}

run_sections "$@"

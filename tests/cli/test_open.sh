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
SECTIONS=(missing empty read_only_file read_only_dir service outcomes import_outcomes
  report_outcomes)

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

# An enquiry, a compliment or a service request has no outcome and no complaint areas: respond
# refuses them (65) and records nothing; a complaint's response takes them.
section_outcomes() {
must_init_db "$DB"
local type word
for type in enquiry compliment service-request; do
  must_new "$type" --type "$type" --channel web --service HWY --summary "A $type" \
    --received 2026-11-02
  run "$LOG" respond "$REF" --outcome upheld --on 2026-11-05
  expect_rc 65 "$type: --outcome refused"
  case $type in enquiry) word="an enquiry" ;; *) word="a $type" ;; esac
  expect_err "feedback-log: error: --outcome: case $REF: 'upheld' on $word: only a complaint's response has an outcome or complaint areas" \
    "$type: the message names the option, the case and the type"
  run "$LOG" respond "$REF" --area communication --on 2026-11-05
  expect_rc 65 "$type: --area refused"
  expect_err_has "--area: case $REF: 'communication' on $word" "$type: names the area"
  expect_eq "$(field "$REF" 'c["status"]')" "open" "$type: nothing recorded"
  run "$LOG" respond "$REF" --on 2026-11-05;         expect_rc 0 "$type: a response without one"
done
must_new "complaint" --type complaint --channel web --service HWY --summary "A complaint" \
  --received 2026-11-02
run "$LOG" respond "$REF" --outcome upheld --area communication --on 2026-11-05
expect_rc 0 "a complaint's response takes an outcome and an area"
expect_eq "$(q "$DB" "SELECT outcome FROM case_stage WHERE outcome IS NOT NULL ORDER BY id" | paste -sd ,)" \
  "upheld" "only the complaint's outcome is stored"
}

# The importer applies the same rule: an outcome or an area on a type without one is a bad row.
section_import_outcomes() {
must_init_db "$DB"
cat >"$WORK/map.json" <<'EOF'
{"source": "test", "format": "csv", "identity": "Ref", "date_formats": ["iso8601"],
 "fields": {"received": "Received", "responded": "Responded", "type": "Type",
            "outcome": "Outcome", "areas": {"column": "Areas", "split": ";"},
            "service": "Service", "channel": "Channel", "summary": "Summary"}}
EOF
cat >"$WORK/cases.csv" <<'EOF'
Ref,Received,Responded,Type,Outcome,Areas,Service,Channel,Summary
E1,2026-10-01,2026-10-05,enquiry,upheld,,HWY,web,When is bin day?
E2,2026-10-01,2026-10-05,compliment,,communication,HWY,web,Thanks
E3,2026-10-01,2026-10-05,complaint,not-upheld,communication,HWY,web,Pothole
EOF
run "$IMPORT" "$WORK/cases.csv" --mapping "$WORK/map.json"
expect_rc 65 "an outcome or area on a type without one refuses the file"
expect_err_has "$WORK/cases.csv:2: outcome: 'upheld' on an enquiry: only a complaint's response has an outcome or complaint areas" \
  "the enquiry's outcome, in the words respond uses"
expect_err_has "$WORK/cases.csv:3: areas: 'communication' on a compliment: only a complaint's response has an outcome or complaint areas" \
  "the compliment's area"
expect_eq "$(q "$DB" 'SELECT count(*) FROM case_record')" "0" "nothing imported"
run "$IMPORT" "$WORK/cases.csv" --mapping "$WORK/map.json" --on-error skip
expect_rc 65 "skip: the bad rows rejected"
expect_eq "$(q "$DB" "SELECT c.type || ':' || s.outcome FROM case_stage s JOIN case_record c ON c.id = s.case_id WHERE s.outcome IS NOT NULL")" \
  "complaint:not-upheld" "only the complaint came in, with its outcome"
}

# An outcome and an area left on an enquiry's response (by an earlier release) are not counted
# among the outcomes of complaint responses, nor its areas.
section_report_outcomes() {
must_init_db "$DB"
must_new "complaint" --type complaint --channel web --service HWY --summary "Pothole" \
  --received 2026-05-01
local complaint=$REF
must "respond to the complaint" "$LOG" respond "$complaint" --outcome upheld \
  --area communication --on 2026-05-05
must_new "enquiry" --type enquiry --channel web --service HWY --summary "Bin day?" \
  --received 2026-05-01
local enquiry=$REF
must "respond to the enquiry" "$LOG" respond "$enquiry" --on 2026-05-05
# What an earlier release let through, written as it would have been.
q "$DB" "UPDATE case_stage SET outcome = 'not-upheld' WHERE case_id = (SELECT id FROM case_record WHERE reference = '$enquiry'); INSERT INTO case_area (stage_id, area) SELECT id, 'damage' FROM case_stage WHERE case_id = (SELECT id FROM case_record WHERE reference = '$enquiry')"
expect_eq "$(q "$DB" "SELECT count(*) FROM case_stage WHERE outcome IS NOT NULL")" "2" \
  "the enquiry carries an outcome"
run "$REPORT" outcomes --year 2026/27 --section outcomes_by_service --format csv
expect_rc 0 "the outcomes report"
expect_eq "$(plain_out | grep '^2026-04-01,2027-03-31,HWY,')" \
  "2026-04-01,2027-03-31,HWY,1,1,100.00,0,0.00,0,0.00" "one complaint response, upheld; the enquiry's outcome not counted"
run "$REPORT" outcomes --year 2026/27 --section outcomes_areas --format csv
expect_rc 0 "the areas report"
case "$(plain_out)" in *",damage,1,"*) bad "the enquiry's area is counted: $(plain_out)" ;; *) ok ;; esac
expect_out_has "communication,1," "the complaint's area is counted"
run "$REPORT" annual --year 2026/27 --format csv --section outcomes_by_service
expect_rc 0 "the annual report's outcomes"
expect_eq "$(plain_out | grep '^2026-04-01,2027-03-31,HWY,')" \
  "2026-04-01,2027-03-31,HWY,1,1,100.00,0,0.00,0,0.00" "the annual report counts as the outcomes report does"
}

run_sections "$@"

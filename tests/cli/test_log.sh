# SPDX-License-Identifier: MIT
# End-to-end tests of feedback-log: whole case lifecycles for each procedure on real temporary
# databases, checked through `show --format json`. Deadlines are hand-computed on the England
# and Wales calendar (bank holidays 2026-12-25, 2026-12-28 and 2027-01-01). (Section bodies are
# not indented: some hold multi-line strings.)
. "$(dirname "$0")/lib.sh"
DB="$WORK/council.db"
export FEEDBACK_DB="$DB"
# Today is pinned to Sunday 2026-11-22; cases are backdated from Monday 2026-11-02.
export FEEDBACK_TODAY=2026-11-22
SECTIONS=(usage new procedures routing hold learning list audit calendar)

# snapshot REF: the case as JSON, for comparing before and after a refused change.
snapshot() { "$LOG" show "$1" --format json 2>/dev/null || true; }

# refused REF DESCRIPTION CMD...: CMD exits 65 and leaves the case exactly as it was.
refused() {
  local ref=$1 desc=$2 before
  shift 2
  before=$(snapshot "$ref")
  run "$@"
  expect_rc 65 "$desc"
  expect_eq "$(snapshot "$ref")" "$before" "$desc: case unchanged"
}

# help, usage, and a missing database: no command creates one (test_open.sh).
section_usage() {
# --- help and usage ---
run "$LOG" --help;                        expect_rc 0 "--help"
expect_out_has "classify" "--help lists subcommands"
run "$LOG";                               expect_rc 64 "no subcommand"
run "$LOG" --no-such-flag list;           expect_rc 64 "unknown flag"
run "$LOG" show;                          expect_rc 64 "show without REF"

# --- a missing database: only `feedback-admin init` creates one ---
run "$LOG" show FB-2026-000001;           expect_rc 66 "show: missing database"
run "$LOG" list;                          expect_rc 66 "list: missing database"
run "$LOG" ack FB-2026-000001;            expect_rc 66 "ack: missing database"
[ ! -e "$DB" ] && ok || bad "a read of a missing database creates no file"
run "$LOG" --db "$WORK/no/such/dir/x.db" new --channel web --summary x
expect_rc 66 "new in a missing directory"
}

# new: prints only the reference, and refuses what is wrong.
section_new() {
init_db "$DB"

# --- new: prints only the reference (a missing database: test_open.sh) ---
FRESH="$WORK/fresh.db"
must "init $FRESH" "$ADMIN" --db "$FRESH" init
run "$LOG" --db "$FRESH" new --type complaint --channel web --summary "First ever case"
expect_rc 0 "new in a database just made"
expect_eq "$(printf '%s\n' "$OUT" | wc -l)" "1" "new prints one line"
printf '%s' "$OUT" | grep -Eqx 'FB-[0-9]{4}-[0-9]{6}' && ok || bad "new prints a reference: [$OUT]"
run "$LOG" --db "$FRESH" show "$OUT";     expect_rc 0 "--db reaches the database"

# --received: defaults to today; a zoned timestamp becomes a London date; kept as given.
new_case "received now" --type complaint --channel web --service HWY --summary "Streetlight out"
expect_eq "$(field "$REF" 'c["received"]')" "2026-11-22" "received defaults to today"
expect_eq "$(field "$REF" 'c["acknowledge_due"]')" "2026-11-26" "Sunday receipt + 3"
new_case "BST timestamp" --type complaint --channel web --summary "Late night" \
  --received 2026-10-01T23:30:00Z
expect_eq "$(field "$REF" 'c["received"]')" "2026-10-02" "23:30Z in BST is the next day"
expect_eq "$(field "$REF" 'c["received_at"]')" "2026-10-01T23:30:00Z" "received_at as given"
new_case "GMT timestamp" --type complaint --channel web --summary "Late night" \
  --received 2026-11-02T23:30:00Z
expect_eq "$(field "$REF" 'c["received"]')" "2026-11-02" "23:30Z in GMT is the same day"
run "$LOG" new --channel web --summary x --received 2026-11-23; expect_rc 65 "received tomorrow"
run "$LOG" new --channel web --summary x --received 2026-02-30; expect_rc 64 "received bad date"
expect_err_has "2026-02-30" "the bad date is quoted"
run "$LOG" new --channel web --summary x --received 02/11/2026; expect_rc 64 "non-ISO received"
run "$LOG" new --channel web;             expect_rc 64 "new without --summary"
run "$LOG" new --channel web --summary x --sponsor-name "Cllr X"
expect_rc 64 "name without sponsor"
run "$LOG" new --type complaint --channel web --service NOPE --summary x
expect_rc 65 "unknown service"
expect_err_has "NOPE" "the unknown service is named"
run "$LOG" new --type grumble --channel web --summary x;   expect_rc 65 "unknown type"
run "$LOG" new --channel pigeon --summary x;               expect_rc 65 "unknown channel"
run "$LOG" new --channel web --summary x --preferred-format smoke-signal
expect_rc 65 "unknown preferred format"
}

# A case of each procedure from receipt to closure.
section_procedures() {
must_init_db "$DB"

# --- corporate complaint: new -> ack -> extend -> respond -> close ---
new_case "corporate" --type complaint --channel email --service HWY \
  --summary "Pothole on Mill Lane reported three times" --received 2026-11-02 \
  --name "Ada Lovelace" --email ada@example.org --phone "01234 567890" \
  --address "1 Analytical Row" --preferred-format large-print --external-ref CRM-77
CORP=$REF
expect_eq "$(field "$CORP" 'c["procedure"], c["stage"]')" "('corporate', 1)" "corporate stage 1"
expect_eq "$(field "$CORP" 'c["acknowledge_due"]')" "2026-11-05" "corporate ack due (3)"
expect_eq "$(field "$CORP" 'c["respond_due"]')" "2026-11-16" "corporate respond due (10)"
expect_eq "$(field "$CORP" 'c["stages"][0]["acknowledge"]["working_days_overdue"]')" "11" \
  "ack 11 working days overdue on 2026-11-22"
expect_eq "$(field "$CORP" 'c["stages"][0]["respond"]["working_days_overdue"]' \
  --as-of 2026-11-12)" \
  "-2" "respond: 2 working days left as of 2026-11-12"
expect_eq "$(field "$CORP" 'c["external_ref"]')" "CRM-77" "external ref"
run "$LOG" show "$CORP"
expect_rc 0 "show table"
expect_out_has "corporate stage 1" "show names the stage"
expect_out_has "11 working days overdue (due Thu 5 Nov)" "show: ack overdue"
expect_out_has "4 working days overdue (due Mon 16 Nov)" "show: respond overdue"
expect_out_has "overdue" "show flags overdue"
case "$OUT" in *$'\033'*) bad "no colour when stdout is not a terminal" ;; *) ok ;; esac
run "$LOG" ack "$CORP" --on 2026-11-23;   expect_rc 65 "ack in the future"
run "$LOG" ack "$CORP" --on 2026-11-31;   expect_rc 64 "ack with a bad date"
run "$LOG" ack "$CORP" --on 2026-11-04 --officer alice; expect_rc 0 "ack"
expect_eq "$(field "$CORP" 'c["acknowledged"]')" "2026-11-04" "acknowledged on"
expect_eq "$(field "$CORP" 'c["stages"][0]["acknowledge"]["met_in_time"]')" "true" "ack in time"
expect_eq "$(field "$CORP" 'c["events"][-1]["officer"]')" "alice" "--officer recorded"
refused "$CORP" "ack twice" "$LOG" ack "$CORP"
run "$LOG" extend "$CORP" --days 5 --reason "Waiting for the contractor's report"
expect_rc 0 "extend"
expect_out "2026-11-23" "extend prints the new deadline (+5)"
refused "$CORP" "extend past the stage maximum (5 + 6 > 10)" \
  "$LOG" extend "$CORP" --days 6 --reason "More"
run "$LOG" extend "$CORP" --days 5 --reason "Holding letter sent"
expect_out "2026-11-30" "a second extension up to the maximum"
expect_eq "$(field "$CORP" 'c["respond_due"]')" "2026-11-30" "respond due after extensions"
expect_eq "$(field "$CORP" 'c["stages"][0]["extension_days"]')" "10" "extension days"
expect_eq "$(field "$CORP" 'c["acknowledge_due"]')" "2026-11-05" "an extension leaves ack alone"
run "$LOG" extend "$CORP" --days 0 --reason x;   expect_rc 64 "extend by 0"
run "$LOG" extend "$CORP" --days two --reason x; expect_rc 64 "extend by a word"
refused "$CORP" "unknown outcome" "$LOG" respond "$CORP" --outcome delighted
refused "$CORP" "unknown area" "$LOG" respond "$CORP" --outcome upheld --area weather
run "$LOG" respond "$CORP" --outcome partially-upheld --area communication \
  --area speed-of-service --on 2026-11-20
expect_rc 0 "respond"
expect_eq "$(field "$CORP" 'c["status"]')" "responded" "status responded"
expect_eq "$(field "$CORP" 'c["outcome"], sorted(c["areas"])')" \
  "('partially-upheld', ['communication', 'speed-of-service'])" "outcome and areas"
expect_eq "$(field "$CORP" 'c["stages"][0]["respond"]["met_in_time"]')" "true" \
  "responded within the extended deadline"
run "$LOG" close "$CORP";                 expect_rc 0 "close"
expect_eq "$(field "$CORP" 'c["status"], c["closed_on"]')" "('closed', '2026-11-22')" "closed today"
refused "$CORP" "respond to a closed case" "$LOG" respond "$CORP" --outcome upheld
refused "$CORP" "close twice" "$LOG" close "$CORP"

# --- children's statutory, from the service's default procedure ---
new_case "childrens-statutory" --type complaint --channel phone --service CSC \
  --summary "Social worker did not return calls" --received 2026-11-02
CHILD=$REF
expect_eq "$(field "$CHILD" 'c["procedure"], c["stage"]')" "('childrens-statutory', 1)" \
  "the service's default procedure"
expect_eq "$(field "$CHILD" 'c["acknowledge_due"], c["respond_due"]')" \
  "('2026-11-05', '2026-11-16')" "children's stage 1 deadlines"
run "$LOG" ack "$CHILD" --on 2026-11-03;  expect_rc 0 "children's ack"
run "$LOG" extend "$CHILD" --days 10 --reason "Complex case"
expect_out "2026-11-30" "children's extension to 20 in all"
refused "$CHILD" "children's extension past 20 in all" \
  "$LOG" extend "$CHILD" --days 1 --reason "More"
run "$LOG" respond "$CHILD" --outcome upheld --area service-failure --on 2026-11-20
expect_rc 0 "children's respond"
run "$LOG" close "$CHILD" --on 2026-11-20; expect_rc 0 "children's close"
expect_eq "$(field "$CHILD" 'c["status"], c["outcome"]')" "('closed', 'upheld')" "children's closed"

# --- adults' statutory: 20 working days, extension as agreed, over Christmas ---
new_case "adults-statutory" --type complaint --channel letter --service ASC \
  --summary "Care package started late" --received 2026-11-02
ADULT=$REF
expect_eq "$(field "$ADULT" 'c["procedure"]')" "adults-statutory" "adults' procedure"
expect_eq "$(field "$ADULT" 'c["acknowledge_due"], c["respond_due"]')" \
  "('2026-11-05', '2026-11-30')" "adults' deadlines (3, 20)"
run "$LOG" extend "$ADULT" --days 30 --reason "Period agreed with the complainant"
expect_rc 0 "adults' extension as agreed"
expect_out "2027-01-14" "30 working days over Christmas and New Year bank holidays"
run "$LOG" ack "$ADULT" --on 2026-11-03;  expect_rc 0 "adults' ack"
run "$LOG" respond "$ADULT" --outcome not-upheld --on 2026-11-21
expect_rc 0 "adults' respond"

# --- SEND ---
new_case "send" --type complaint --channel web --service SEN --summary "EHCP review late" \
  --received 2026-11-02
SEND=$REF
expect_eq "$(field "$SEND" 'c["procedure"], c["stage"]')" "('send', 1)" "SEND procedure"
expect_eq "$(field "$SEND" 'c["respond_due"]')" "2026-11-30" "SEND respond due (20)"
refused "$SEND" "SEND extension past 10" "$LOG" extend "$SEND" --days 11 --reason "More"
run "$LOG" extend "$SEND" --days 10 --reason "Awaiting school"
expect_out "2026-12-14" "SEND extension of 10"

# --procedure overrides the default.
new_case "procedure given" --type complaint --channel web --service HWY --procedure send \
  --summary "Transport to special school" --received 2026-11-02
expect_eq "$(field "$REF" 'c["procedure"]')" "send" "--procedure is used"

# --- enquiry: no acknowledgement, respond in 5 ---
new_case "enquiry" --type enquiry --channel web --summary "When is my bin day?" \
  --received 2026-11-02
ENQ=$REF
expect_eq "$(field "$ENQ" 'c["procedure"], c["acknowledge_due"], c["respond_due"]')" \
  "('enquiry', None, '2026-11-09')" "enquiry deadlines"
run "$LOG" respond "$ENQ" --on 2026-11-06; expect_rc 0 "answer the enquiry"
run "$LOG" close "$ENQ" --on 2026-11-06;   expect_rc 0 "close the enquiry"
expect_eq "$(field "$ENQ" 'c["status"], c["responded"]')" "('closed', '2026-11-06')" \
  "enquiry closed"

# --- priority correspondence: an MP's request for information ---
new_case "priority correspondence" --channel email --sponsor mp --sponsor-name "Jane Smith MP" \
  --info-request --summary "Constituent asks about the road works" --received 2026-11-02
PRIO=$REF
expect_eq "$(field "$PRIO" 'c["type"], c["procedure"]')" "('enquiry', 'priority-correspondence')" \
  "an MP's request for information"
expect_eq "$(field "$PRIO" 'c["acknowledge_due"], c["respond_due"]')" "(None, '2026-11-16')" \
  "priority correspondence in 10"
expect_eq "$(field "$PRIO" 'c["sponsor"], c["sponsor_name"], c["info_request"]')" \
  "('mp', 'Jane Smith MP', True)" "sponsor recorded"
expect_eq "$(field "$PRIO" '"member-information-request" in c["classified_by"]')" "true" \
  "the rule that decided is named"
run "$LOG" show "$PRIO";                  expect_out_has "sponsored" "show flags sponsored"
run "$LOG" sponsor-update "$PRIO" --on 2026-11-10; expect_rc 0 "sponsor-update"
expect_eq "$(field "$PRIO" 'c["sponsor_updated"]')" "2026-11-10" "sponsor updated on"
refused "$SEND" "sponsor-update without a sponsor" "$LOG" sponsor-update "$SEND"
run "$LOG" respond "$PRIO" --on 2026-11-13; expect_rc 0 "answer the MP"

# A councillor's input is a complaint unless only a request for information.
new_case "councillor" --type enquiry --channel email --sponsor councillor \
  --sponsor-name "Cllr Brown" --summary "Resident's bins" --received 2026-11-02
expect_eq "$(field "$REF" 'c["type"], c["procedure"]')" "('complaint', 'corporate')" \
  "member input is a complaint"

# --- compliment: acknowledge in 5, then close ---
new_case "compliment" --type compliment --channel face-to-face \
  --summary "Thanks to the library staff" --received 2026-11-02
KIND=$REF
expect_eq "$(field "$KIND" 'c["procedure"], c["acknowledge_due"], c["respond_due"]')" \
  "(None, '2026-11-09', None)" "compliment: acknowledge in 5"
run "$LOG" ack "$KIND" --on 2026-11-05;   expect_rc 0 "ack the compliment"
run "$LOG" close "$KIND" --on 2026-11-05; expect_rc 0 "close the compliment"
expect_eq "$(field "$KIND" 'c["status"], c["acknowledged"]')" "('closed', '2026-11-05')" \
  "compliment closed"
}

section_routing() {
must_init_db "$DB"

# --- unclassified -> classify ---
new_case "unclassified" --channel phone --summary "Caller unsure what they want" \
  --received 2026-11-02
TRIAGE=$REF
expect_eq "$(field "$TRIAGE" 'c["type"], c["procedure"], c["acknowledge_due"]')" \
  "(None, None, '2026-11-05')" "unclassified: acknowledge in 3"
run "$LOG" list --type unclassified --format csv
expect_out_has "$TRIAGE,unclassified," "list shows unclassified"
refused "$TRIAGE" "classify as an unknown type" "$LOG" classify "$TRIAGE" --as grumble
run "$LOG" classify "$TRIAGE" --as complaint --explain; expect_rc 0 "classify"
expect_out_has "complaint" "--explain says why"
expect_eq "$(field "$TRIAGE" 'c["type"], c["procedure"], c["respond_due"]')" \
  "('complaint', 'corporate', '2026-11-16')" "classified as a corporate complaint"
run "$LOG" classify "$TRIAGE" --as service-request; expect_rc 0 "reclassify"
expect_eq "$(field "$TRIAGE" 'c["type"]')" "service-request" "reclassified"
expect_eq "$(field "$TRIAGE" '[(e["from"], e["to"]) for e in c["events"]][-2:]')" \
  '[["unclassified", "complaint"], ["complaint", "service-request"]]' \
  "each classification is an event"

# --- redirect, withdraw, resolve informally, reopen ---
new_case "redirect" --type complaint --channel email --summary "Trunk road verge" \
  --received 2026-11-02
run "$LOG" redirect "$REF" --to "National Highways"; expect_rc 0 "redirect"
expect_eq "$(field "$REF" 'c["status"], c["closure"], c["redirected_to"]')" \
  "('closed', 'redirected', 'National Highways')" "redirected and closed"
run "$LOG" redirect "$REF";               expect_rc 64 "redirect without --to"

new_case "withdraw" --type complaint --channel email --summary "Noise" --received 2026-11-02
WD=$REF
run "$LOG" withdraw "$WD" --on 2026-11-10; expect_rc 0 "withdraw"
expect_eq "$(field "$WD" 'c["status"], c["closure"], c["closed_on"]')" \
  "('closed', 'withdrawn', '2026-11-10')" "withdrawn"
refused "$WD" "withdraw twice" "$LOG" withdraw "$WD"
run "$LOG" reopen "$WD" --on 2026-11-12;  expect_rc 64 "reopen without a reason"
run "$LOG" reopen "$WD" --reason "The noise started again" --on 2026-11-12
expect_rc 0 "reopen"
expect_eq "$(field "$WD" 'c["status"], c["closure"], c["closed_on"]')" "('open', None, None)" \
  "reopened"
refused "$WD" "reopen an open case" "$LOG" reopen "$WD" --reason "Again"

new_case "resolve informally" --type complaint --channel phone --summary "Missed bin" \
  --received 2026-11-02
run "$LOG" resolve-informally "$REF" --on 2026-11-03; expect_rc 0 "resolve informally"
expect_eq "$(field "$REF" 'c["status"], c["closure"], c["closed_on"]')" \
  "('closed', 'resolved-informally', '2026-11-03')" "resolved informally"
}

section_hold() {
must_init_db "$DB"

# --- hold and resume: working days on hold move the response deadline ---
new_case "hold" --type complaint --channel web --service HWY --summary "Fly-tipping" \
  --received 2026-11-02
HOLD=$REF
refused "$HOLD" "resume a case not on hold" "$LOG" resume "$HOLD"
run "$LOG" hold "$HOLD" --on 2026-11-09;  expect_rc 64 "hold without a reason"
run "$LOG" hold "$HOLD" --reason "Waiting for photos from the customer" --on 2026-11-09
expect_rc 0 "hold"
expect_eq "$(field "$HOLD" 'c["on_hold"], c["respond_due"]' --as-of 2026-11-10)" \
  "(True, '2026-11-18')" "on hold 9-10 Nov as of the 10th: due 16 + 2"
run "$LOG" show "$HOLD";                  expect_out_has "on hold" "show flags on hold"
refused "$HOLD" "hold a held case" "$LOG" hold "$HOLD" --reason "Again"
run "$LOG" resume "$HOLD" --on 2026-11-11; expect_rc 0 "resume"
expect_eq "$(field "$HOLD" 'c["on_hold"], c["respond_due"], c["stages"][0]["hold_days"]')" \
  "(False, '2026-11-18', 2)" "resumed: 2 working days on hold"
expect_eq "$(field "$HOLD" 'c["acknowledge_due"]')" "2026-11-05" "a hold leaves ack alone"
refused "$HOLD" "resume twice" "$LOG" resume "$HOLD"

# --- assign, note ---
run "$LOG" assign "$HOLD" --to "J Bloggs" --officer boss; expect_rc 0 "assign"
expect_eq "$(field "$HOLD" 'c["owner"], c["events"][-1]["officer"]')" "('J Bloggs', 'boss')" \
  "owner and who assigned"
run "$LOG" list --owner "J Bloggs" --format csv
expect_eq "$(printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f1)" "$HOLD" "list --owner"
USER=carol run "$LOG" note "$HOLD" Called the customer back
expect_rc 0 "note"
expect_eq "$(field "$HOLD" '(c["events"][-1]["kind"], c["events"][-1]["detail"],
  c["events"][-1]["officer"])')" \
  "('note', 'Called the customer back', 'carol')" "note text; officer from \$USER"
run_in $'Photos received.\nSent to the crew.\n' "$LOG" note "$HOLD"
expect_rc 0 "note from stdin"
expect_eq "$(field "$HOLD" 'c["events"][-1]["detail"]')" $'Photos received.\nSent to the crew.' \
  "note text from stdin"
run_in "" "$LOG" note "$HOLD";            expect_rc 64 "empty note"
env -u USER "$LOG" note "$HOLD" "No user" >/dev/null 2>&1 || bad "note without \$USER"
expect_eq "$(field "$HOLD" 'c["events"][-1]["officer"]')" "unknown" "officer without \$USER"
}

section_learning() {
must_init_db "$DB"
must_new "corporate" --type complaint --channel email --service HWY --summary "Potholes" \
  --received 2026-11-02
CORP=$REF
must "ack" "$LOG" ack "$CORP" --on 2026-11-04
must "respond" "$LOG" respond "$CORP" --outcome partially-upheld --on 2026-11-20
must "close" "$LOG" close "$CORP"

# --- learning ---
run "$LOG" learn "$CORP" --problem "Repeat reports were not linked" \
  --improvement "Link reports of the same defect" --action "Change the form" \
  --owner "Highways manager" --due 2026-12-18
expect_rc 0 "learn"
LID=$OUT
printf '%s' "$LID" | grep -Eqx '[0-9]+' && ok || bad "learn prints an id: [$LID]"
expect_eq "$(field "$CORP" '[l["problem"] for l in c["learning"]]')" \
  '["Repeat reports were not linked"]' "learning recorded"
run "$LOG" learn "$CORP" --problem x --improvement y --due 2026-12-32
expect_rc 64 "learn bad --due"
run "$LOG" learn "$CORP" --problem x;     expect_rc 64 "learn without --improvement"
run "$LOG" learn-done "$CORP" "$LID" --on 2026-11-22; expect_rc 0 "learn-done"
expect_eq "$(field "$CORP" 'c["learning"][0]["done_on"]')" "2026-11-22" "learning done"
refused "$CORP" "learn-done an unknown id" "$LOG" learn-done "$CORP" 999
run "$LOG" learn-done "$CORP" abc;        expect_rc 64 "learn-done a non-number"

# --- survey ---
run "$LOG" survey "$CORP" --sent --on 2026-11-22; expect_rc 0 "survey sent"
expect_eq "$(field "$CORP" 'c["surveys"][0]["sent_on"]')" "2026-11-22" "survey sent on"
run "$LOG" survey "$CORP" --stars 6;      expect_rc 64 "six stars"
run "$LOG" survey "$CORP" --satisfied maybe; expect_rc 64 "satisfied maybe"
run "$LOG" survey "$CORP";                expect_rc 64 "survey with nothing to record"
run "$LOG" survey "$CORP" --satisfied no --stars 2 --reason "It took too long"
expect_rc 0 "survey response"
expect_eq "$(field "$CORP" '[(s["satisfied"], s["stars"], s["reason"]) for s in c["surveys"]]')" \
  '[[false, 2, "It took too long"]]' "survey response recorded"
}

# Unknown references, the list in every format, and no personal data in it. The cases: CORP
# (corporate, with personal data, closed), CHILD (the only CSC case), SEND and PROC (the two of
# the send procedure), ADULT (responded), HOLD (held 9 to 11 November, overdue) and NEW (the only
# one received after 2 November).
section_list() {
must_init_db "$DB"
must_new "corporate" --type complaint --channel email --service HWY \
  --summary "Pothole on Mill Lane reported three times" --received 2026-11-02 \
  --name "Ada Lovelace" --email ada@example.org --phone "01234 567890" \
  --address "1 Analytical Row" --preferred-format large-print --external-ref CRM-77
CORP=$REF
must "ack corporate" "$LOG" ack "$CORP" --on 2026-11-04
must "respond corporate" "$LOG" respond "$CORP" --outcome upheld --on 2026-11-20
must "close corporate" "$LOG" close "$CORP"
must_new "childrens" --type complaint --channel phone --service CSC --summary "Calls" \
  --received 2026-11-02
CHILD=$REF
must_new "send" --type complaint --channel web --service SEN --summary "EHCP" \
  --received 2026-11-02
must_new "send by --procedure" --type complaint --channel web --service HWY --procedure send \
  --summary "Transport to special school" --received 2026-11-02
must_new "adults" --type complaint --channel letter --service ASC --summary "Care" \
  --received 2026-11-02
ADULT=$REF
must "ack adults" "$LOG" ack "$ADULT" --on 2026-11-03
must "respond adults" "$LOG" respond "$ADULT" --outcome not-upheld --on 2026-11-21
must_new "held" --type complaint --channel web --service HWY --summary "Fly-tipping" \
  --received 2026-11-02
HOLD=$REF
must "hold" "$LOG" hold "$HOLD" --reason "Waiting for photos" --on 2026-11-09
must "resume" "$LOG" resume "$HOLD" --on 2026-11-11
must_new "received today" --type complaint --channel web --service HWY --summary "Streetlight"

# --- unknown references ---
run "$LOG" show FB-2026-999999;           expect_rc 65 "show an unknown reference"
expect_err_has "FB-2026-999999" "the unknown reference is named"
run "$LOG" ack FB-2026-999999;            expect_rc 65 "ack an unknown reference"
run "$LOG" note FB-2026-999999 hello;     expect_rc 65 "note on an unknown reference"
run "$LOG" show "$(printf '%s' "$HOLD" | tr 'A-Z' 'a-z')"; expect_rc 0 "references ignore case"
run "$LOG" show "$HOLD" --as-of tomorrow; expect_rc 64 "bad --as-of"
run "$LOG" show "$HOLD" --format xml;     expect_rc 64 "bad --format"

# --- list ---
run "$LOG" list --format json;            expect_rc 0 "list json"
expect_eq "$(printf '%s' "$OUT" | "$PY" -c '
import json, sys
rows = {r["reference"]: r for r in json.load(sys.stdin)}
r = rows[sys.argv[1]]
print(r["type"], r["status"], r["procedure"], r["stage"], r["service"], r["received"],
      r["acknowledge_due"], r["respond_due"], r["on_hold"], type(r["days_overdue"]).__name__)
' "$HOLD" 2>&1)" "complaint open corporate 1 HWY 2026-11-02 2026-11-05 2026-11-18 False int" \
  "list json row: numbers and booleans typed, null where absent"
run "$LOG" list --format csv
expect_eq "$(printf '%s\n' "$OUT" | head -1 | tr -d '\r')" \
  "reference,type,status,procedure,stage,service,owner,received,acknowledge_due,respond_due,$(
  )days_overdue,on_hold,sponsor,summary" \
  "list csv header"
run "$LOG" list --closed --format csv
case "$OUT" in *"$HOLD"*) bad "--closed lists an open case" ;; *) ok ;; esac
expect_out_has "$CORP" "--closed lists a closed case"
run "$LOG" list --open --format csv
case "$OUT" in *"$CORP"*) bad "--open lists a closed case" ;; *) ok ;; esac
run "$LOG" list --open --closed;          expect_rc 64 "--open with --closed"
run "$LOG" list --service CSC --format csv
expect_eq "$(printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f1)" "$CHILD" "list --service"
run "$LOG" list --procedure send --format csv
expect_eq "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l)" "2" "list --procedure"
run "$LOG" list --overdue --open --format csv
expect_out_has "$HOLD" "the held-then-resumed case is overdue"
case "$OUT" in *"$ADULT"*) bad "--overdue lists a responded case" ;; *) ok ;; esac
run "$LOG" list --received-from 2026-11-03 --received-to 2026-11-30 --format csv
expect_eq "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l)" "1" "list by date received"
run "$LOG" list --received-from 2026-11-31; expect_rc 64 "list bad date"
run "$LOG" list --limit 3 --format csv
expect_eq "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l)" "3" "list --limit"
run "$LOG" list --limit x;                expect_rc 64 "list bad --limit"
run "$LOG" list
expect_rc 0 "list table"
width=$(printf '%s\n' "$OUT" |
  "$PY" -c 'import sys; print(max(len(l.rstrip("\n")) for l in sys.stdin))')
[ "$width" -le 100 ] && ok || bad "list table fits 100 columns (widest line: $width)"
case "$OUT" in *$'\033'*) bad "list: no colour when stdout is not a terminal" ;; *) ok ;; esac

# Personal data shows in `show`, never in `list`.
run "$LOG" show "$CORP"
expect_out_has "Ada Lovelace" "show has the name"
expect_eq "$(field "$CORP" 'c["person"]["email"], c["person"]["preferred_format"]')" \
  "('ada@example.org', 'large-print')" "show json has the personal data"
for format in table csv json; do
  run "$LOG" list --format "$format"
  for secret in "Ada" "ada@example.org" "567890" "Analytical"; do
    case "$OUT" in
      *"$secret"*) bad "list --format $format shows personal data ($secret)" ;;
      *) ok ;;
    esac
  done
done

# Colour only at a terminal, and never with NO_COLOR.
if script -qec true /dev/null >/dev/null 2>&1; then
  tty_out=$(script -qec "\"$LOG\" list --open" /dev/null 2>/dev/null || true)
  case "$tty_out" in *$'\033[31m'*) ok ;; *) bad "overdue rows red at a terminal" ;; esac
  tty_out=$(NO_COLOR=1 script -qec "\"$LOG\" list --open" /dev/null 2>/dev/null || true)
  case "$tty_out" in *$'\033'*) bad "NO_COLOR turns colour off" ;; *) ok ;; esac
fi
}

# The audit trail cannot be altered.
section_audit() {
must_init_db "$DB"
must_new "a case" --type complaint --channel web --service HWY --summary "Noise"
must "note" "$LOG" note "$REF" "Rang back"

# --- the audit trail cannot be altered ---
events=$(q "$DB" "SELECT count(*) FROM case_event")
if q "$DB" "DELETE FROM case_event" 2>/dev/null; then bad "events can be deleted"; else ok; fi
if q "$DB" "UPDATE case_event SET officer = 'mallory'" 2>/dev/null; then
  bad "events can be changed"
else ok; fi
expect_eq "$(q "$DB" "SELECT count(*) FROM case_event")" "$events" "event count unchanged"
expect_eq "$(q "$DB" "SELECT count(*) FROM case_event WHERE officer = 'mallory'")" "0" \
  "no event changed"
}

# The calendar is a fact: a closure day added later moves a running deadline.
section_calendar() {
# --- the calendar is a fact: a closure day added later moves a running deadline ---
XMAS="$WORK/xmas.db"
run "$ADMIN" --db "$XMAS" init;           expect_rc 0 "init a second database"
FEEDBACK_TODAY=2026-12-14 run "$LOG" --db "$XMAS" new --type complaint --channel web \
  --summary "Gritting" --received 2026-12-14
expect_rc 0 "new in December"
XREF=$OUT
expect_eq "$(FEEDBACK_DB="$XMAS" field "$XREF" 'c["acknowledge_due"], c["respond_due"]' \
  --as-of 2026-12-14)" \
  "('2026-12-17', '2026-12-30')" "over the Christmas bank holidays"
run "$ADMIN" --db "$XMAS" calendar closure add 2026-12-29 --reason "Christmas closure"
expect_rc 0 "add a closure day"
expect_eq "$(FEEDBACK_DB="$XMAS" field "$XREF" 'c["respond_due"]' --as-of 2026-12-14)" \
  "2026-12-31" "the closure day moves the deadline"
}

run_sections "$@"

# SPDX-License-Identifier: MIT
# End-to-end tests of feedback-escalate on real temporary databases: stage escalation, the
# Ombudsman and remedies, the overdue lists and a scripted month of nightly runs. Every date is
# hand-computed on the England and Wales calendar (November 2026 has no bank holiday; 2026-12-25,
# 2026-12-28 and 2027-01-01 are) and cross-checked with `feedback-admin calendar add-days`.
# (Section bodies are not indented: some hold here-documents.)
. "$(dirname "$0")/lib.sh"
SECTIONS=(usage stages ombudsman overdue month catch_up weekend busy)

# A calendar-only database for the add-days cross-checks.
CAL="$WORK/calendar.db"

# add_days DATE N: the date N working days after DATE, from feedback-admin (the cross-check).
add_days() { "$ADMIN" --db "$CAL" calendar add-days "$1" "$2"; }

# step_in DB DESCRIPTION ARGS...: a feedback-log change on DB that must succeed.
step_in() {
  local db=$1 desc=$2
  shift 2
  step "$desc" "$LOG" --db "$db" "$@"
}

# month_events DB DAY: what the officers do on DAY (before that night's run).
month_events() {
  local db=$1 day=$2
  export FEEDBACK_TODAY=$day
  case $day in
    2026-11-02)
      new_case M1 --db "$db" --type complaint --channel web --service HWY --owner alice \
        --summary "Never answered"
      M1=$REF
      new_case M2 --db "$db" --type complaint --channel web --service HWY --owner bob --summary "On time"
      M2=$REF
      new_case M3 --db "$db" --type complaint --channel web --service HWY --owner carol --summary "Held"
      M3=$REF
      new_case M4 --db "$db" --type complaint --channel web --service HWY --owner dave \
        --summary "Sponsored" --sponsor councillor --sponsor-name "Cllr Jones"
      M4=$REF ;;
    2026-11-03)
      step_in "$db" "hold M3" hold "$M3" --reason "waiting for the customer"
      step_in "$db" "ack M4" ack "$M4" ;;
    2026-11-04) step_in "$db" "ack M2" ack "$M2" ;;
    2026-11-13) step_in "$db" "respond M2" respond "$M2" --outcome upheld ;;
    2026-11-16)
      new_case M5 --db "$db" --type enquiry --channel email --service HWY --owner erin --summary "When?"
      M5=$REF ;;
    2026-11-18) step_in "$db" "sponsor update M4" sponsor-update "$M4" ;;
    2026-11-23)
      new_case M6 --db "$db" --type complaint --channel web --service HWY --owner frank --summary "Late ack"
      M6=$REF ;;
    2026-11-26) step_in "$db" "ack M6" ack "$M6" ;;
  esac
}

# state DB: a checksum of every escalation step and the count of case events.
state() {
  { q "$1" "SELECT count(*) FROM escalation_step"; q "$1" "SELECT * FROM escalation_step ORDER BY id"
    q "$1" "SELECT count(*) FROM case_event"; } | sha256sum
}

expected_steps() {
  LC_ALL=C sort <<EOF
$M1|acknowledge|due-soon|2026-11-05|2026-11-03
$M1|acknowledge|past-due|2026-11-05|2026-11-06
$M1|acknowledge|head-of-service|2026-11-05|2026-11-12
$M1|acknowledge|director|2026-11-05|2026-11-19
$M1|respond|due-soon|2026-11-16|2026-11-12
$M1|respond|past-due|2026-11-16|2026-11-17
$M1|respond|head-of-service|2026-11-16|2026-11-23
$M1|respond|director|2026-11-16|2026-11-30
$M2|acknowledge|due-soon|2026-11-05|2026-11-03
$M2|respond|due-soon|2026-11-16|2026-11-12
$M4|respond|due-soon|2026-11-16|2026-11-12
$M4|respond|past-due|2026-11-16|2026-11-17
$M4|respond|head-of-service|2026-11-16|2026-11-23
$M4|respond|director|2026-11-16|2026-11-30
$M4|sponsor-update|reminder|2026-11-09|2026-11-09
$M4|sponsor-update|reminder|2026-11-16|2026-11-16
$M4|sponsor-update|reminder|2026-11-25|2026-11-25
$M5|respond|due-soon|2026-11-23|2026-11-19
$M5|respond|past-due|2026-11-23|2026-11-24
$M5|respond|head-of-service|2026-11-23|2026-11-30
$M6|acknowledge|due-soon|2026-11-26|2026-11-24
EOF
}
steps() {
  q "$1" "SELECT c.reference, e.deadline, e.level, e.due, e.reached_on FROM escalation_step e
    JOIN case_record c ON c.id = e.case_id" | LC_ALL=C sort
}

section_usage() {
# ==== help, usage and a missing database ====
export FEEDBACK_TODAY=2026-11-30
run "$ESC" --help;                          expect_rc 0 "--help"
expect_out_has "overdue" "--help lists subcommands"
expect_out_has "REF" "--help shows the stage request"
run "$ESC";                                 expect_rc 64 "no REF and no subcommand"
run "$ESC" --no-such-flag run;              expect_rc 64 "unknown flag"
run "$ESC" run --within 3;                  expect_rc 64 "a flag of another subcommand"
run "$ESC" FB-2026-000001 run;              expect_rc 64 "REF with a subcommand"
run "$ESC" run overdue;                     expect_rc 64 "two subcommands"
MISSING="$WORK/missing.db"
run "$ESC" --db "$MISSING" run;             expect_rc 66 "run: missing database"
expect_err_has "missing.db" "the missing database is named"
run "$ESC" --db "$MISSING" overdue;         expect_rc 66 "overdue: missing database"
run "$ESC" --db "$MISSING" FB-2026-000001 --reason x; expect_rc 66 "stage: missing database"
run "$ESC" overdue --db "$MISSING";         expect_rc 66 "--db after the subcommand"
[ ! -e "$MISSING" ] && ok || bad "a missing database is not created"
run "$ESC" --db "$MISSING" run --as-of 2026-13-01;       expect_rc 64 "run: bad --as-of"
expect_err_has "2026-13-01" "the bad date is quoted"
run "$ESC" --db "$MISSING" overdue --within soon;        expect_rc 64 "overdue: bad --within"
run "$ESC" --db "$MISSING" overdue --within -1;          expect_rc 64 "overdue: negative --within"
run "$ESC" --db "$MISSING" overdue --group-by team;      expect_rc 64 "overdue: bad --group-by"
run "$ESC" --db "$MISSING" overdue --format xml;         expect_rc 64 "overdue: bad --format"
run "$ESC" --db "$MISSING" run --busy-timeout soon;      expect_rc 64 "bad --busy-timeout"
run "$ESC" --db "$MISSING" FB-2026-000001;               expect_rc 64 "stage without --reason"
run "$ESC" --db "$MISSING" stage FB-2026-000001;         expect_rc 64 "stage subcommand without --reason"
run "$ESC" --db "$MISSING" FB-2026-000001 --reason x --on 2026-11-31; expect_rc 64 "stage: bad --on"
}

# Stage escalation: each procedure's next stage, the last stage, the window and --override.
section_stages() {
export FEEDBACK_TODAY=2026-11-30
run "$ADMIN" --db "$CAL" init;              expect_rc 0 "init calendar db"

# ==== stage escalation ====
S="$WORK/stages.db"
init_db "$S"
# Today is Monday 2026-11-30; cases are backdated.

# corporate 1 -> 2: stage 2 runs 3 / 20 working days from the request (Monday 2026-11-16):
# acknowledge 17, 18, 19 -> 2026-11-19; respond 17-20 (4), 23-27 (9), 30 (10), 1-4 Dec (14),
# 7-11 Dec (19), 14 Dec (20) -> 2026-12-14.
expect_eq "$(add_days 2026-11-16 3)" "2026-11-19" "cross-check corporate 2 acknowledge"
expect_eq "$(add_days 2026-11-16 20)" "2026-12-14" "cross-check corporate 2 respond"
new_case "corporate" --db "$S" --type complaint --channel email --service HWY --summary "Potholes" \
  --received 2026-11-02 --owner alice
CORP=$REF
run "$ESC" --db "$S" "$CORP" --reason "Still potholes";  expect_rc 65 "not yet responded"
expect_err_has "has not been responded to" "not responded: says why"
step_in "$S" "ack corporate" ack "$CORP" --on 2026-11-03
step_in "$S" "respond corporate" respond "$CORP" --outcome not-upheld --on 2026-11-13
run "$ESC" --db "$S" "$CORP" --reason "Still potholes" --on 2026-11-16 --officer olga
expect_rc 0 "corporate 1 -> 2"
expect_out "$CORP: corporate stage 2, acknowledge by 2026-11-19, respond by 2026-12-14" \
  "stage 2 and its deadlines are printed"
expect_eq "$(field "$CORP" 'c["procedure"], c["stage"], c["status"]' --db "$S")" \
  "('corporate', 2, 'open')" "the case is at corporate stage 2"
expect_eq "$(field "$CORP" 'c["acknowledge_due"], c["respond_due"]' --db "$S")" \
  "('2026-11-19', '2026-12-14')" "stage 2 deadlines"
expect_eq "$(field "$CORP" 'c["stages"][0]["ended"]' --db "$S")" "2026-11-16" "stage 1 ended"
expect_eq "$(q "$S" "SELECT officer || ' ' || kind || ' ' || from_value || ' -> ' || to_value
  FROM case_event WHERE kind = 'escalated'")" \
  "olga escalated corporate stage 1 -> corporate stage 2" "the escalation is on the record"
run "$ESC" --db "$S" "$CORP" --reason "again";            expect_rc 65 "stage 2 not yet responded"
step_in "$S" "respond corporate 2" respond "$CORP" --outcome not-upheld --on 2026-11-27 \
  --officer reviewer
run "$ESC" --db "$S" "$CORP" --reason "Still unhappy";    expect_rc 65 "after the last stage"
expect_err_has "Ombudsman" "the last stage: the next step is the Ombudsman"

# childrens-statutory 1 -> 2 -> 3 (the explicit `stage` subcommand for 2 -> 3). Stage 2 from
# Monday 2026-11-09: acknowledge 2026-11-12; respond 25: 10-13 (4), 16-20 (9), 23-27 (14),
# 30 (15), 1-4 Dec (19), 7-11 Dec (24), 14 Dec (25). Stage 3 from Monday 2026-11-23:
# acknowledge 2026-11-26; respond 30: 24-27 (4), 30 (5), 1-4 Dec (9), 7-11 (14), 14-18 (19),
# 21-24 (23), [25, 28 Dec bank holidays] 29-31 (26), [1 Jan] 4-7 Jan (30) -> 2027-01-07.
expect_eq "$(add_days 2026-11-09 25)" "2026-12-14" "cross-check childrens 2 respond"
expect_eq "$(add_days 2026-11-23 30)" "2027-01-07" "cross-check childrens 3 respond"
new_case "childrens" --db "$S" --type complaint --channel phone --service CSC --summary "Care plan" \
  --received 2026-11-02
CSC1=$REF
expect_eq "$(field "$CSC1" 'c["procedure"]' --db "$S")" "childrens-statutory" "CSC default procedure"
step_in "$S" "ack childrens" ack "$CSC1" --on 2026-11-02
step_in "$S" "respond childrens 1" respond "$CSC1" --outcome partially-upheld --on 2026-11-06
run "$ESC" --db "$S" "$CSC1" --reason "Not investigated" --on 2026-11-09
expect_rc 0 "childrens 1 -> 2"
expect_out "$CSC1: childrens-statutory stage 2, acknowledge by 2026-11-12, respond by 2026-12-14" \
  "childrens stage 2 deadlines"
step_in "$S" "respond childrens 2" respond "$CSC1" --outcome not-upheld --on 2026-11-20
run "$ESC" --db "$S" stage "$CSC1" --reason "Wants a panel" --on 2026-11-23
expect_rc 0 "childrens 2 -> 3 (stage subcommand)"
expect_out "$CSC1: childrens-statutory stage 3, acknowledge by 2026-11-26, respond by 2027-01-07" \
  "childrens stage 3 deadlines, over Christmas"
step_in "$S" "respond childrens 3" respond "$CSC1" --outcome not-upheld --on 2026-11-27
run "$ESC" --db "$S" stage "$CSC1" --reason "More";      expect_rc 65 "childrens 3 is the last"
expect_err_has "Ombudsman" "childrens 3: the Ombudsman is next"

# send 1 -> corporate 2 (from Wednesday 2026-11-11: acknowledge 2026-11-16, respond 2026-12-09).
expect_eq "$(add_days 2026-11-11 20)" "2026-12-09" "cross-check send -> corporate 2 respond"
new_case "send" --db "$S" --type complaint --channel letter --service SEN --summary "EHCP" \
  --received 2026-11-02
SEND=$REF
step_in "$S" "ack send" ack "$SEND" --on 2026-11-03
step_in "$S" "respond send" respond "$SEND" --outcome not-upheld --on 2026-11-10
run "$ESC" --db "$S" "$SEND" --reason "EHCP still late" --on 2026-11-11
expect_rc 0 "send 1 -> corporate 2"
expect_out "$SEND: corporate stage 2, acknowledge by 2026-11-16, respond by 2026-12-09" \
  "send goes to corporate stage 2"

# adults-statutory has a single stage: the Ombudsman is next.
new_case "adults" --db "$S" --type complaint --channel web --service ASC --summary "Care home" \
  --received 2026-11-02
ADULT=$REF
step_in "$S" "ack adults" ack "$ADULT" --on 2026-11-03
step_in "$S" "respond adults" respond "$ADULT" --outcome not-upheld --on 2026-11-20
before=$(q "$S" "SELECT count(*) FROM case_stage")
run "$ESC" --db "$S" "$ADULT" --reason "Unhappy" --on 2026-11-23
expect_rc 65 "adults-statutory cannot go up a stage"
expect_err_has "Ombudsman" "adults-statutory: the error names the Ombudsman"
expect_eq "$(q "$S" "SELECT count(*) FROM case_stage")" "$before" "no stage added"

# The window: 20 working days after the response on Thursday 2026-10-15 ends on 2026-11-12
# (16 Oct (1), 19-23 (6), 26-30 (11), 2-6 Nov (16), 9-12 Nov (20)); 2026-11-16 is 2 days late.
expect_eq "$(add_days 2026-10-15 20)" "2026-11-12" "cross-check the window"
new_case "late" --db "$S" --type complaint --channel web --service HWY --summary "Bins" \
  --received 2026-10-01
LATE=$REF
step_in "$S" "ack late" ack "$LATE" --on 2026-10-02
step_in "$S" "respond late" respond "$LATE" --outcome not-upheld --on 2026-10-15
new_case "in time" --db "$S" --type complaint --channel web --service HWY --summary "Bins too" \
  --received 2026-10-01
INTIME=$REF
step_in "$S" "ack in time" ack "$INTIME" --on 2026-10-02
step_in "$S" "respond in time" respond "$INTIME" --outcome not-upheld --on 2026-10-15
run "$ESC" --db "$S" "$INTIME" --reason "Asked on the last day" --on 2026-11-12
expect_rc 0 "a request on the window's last day is in time"
run "$ESC" --db "$S" "$LATE" --reason "Asked late" --on 2026-11-16
expect_rc 65 "a late request is refused"
expect_err_has "2 working days late" "says how late"
expect_err_has "--override" "says how to accept it"
expect_eq "$(field "$LATE" 'c["stage"]' --db "$S")" "1" "the late case stays at stage 1"
run "$ESC" --db "$S" "$LATE" --reason "Asked late" --on 2026-11-16 --override ""
expect_rc 64 "--override needs a reason"
run "$ESC" --db "$S" "$LATE" --reason "Asked late" --on 2026-11-16 \
  --override "Customer was in hospital"
expect_rc 0 "a late request accepted with --override"
expect_out_has "corporate stage 2" "override: now at stage 2"
expect_eq "$(q "$S" "SELECT count(*) FROM case_event JOIN event_text t ON t.id = text_id
  WHERE kind = 'escalated' AND t.body LIKE '%late request accepted: Customer was in hospital%'")" "1" \
  "the override reason is recorded"
run "$ESC" --db "$S" FB-2026-999999 --reason x;          expect_rc 65 "unknown reference"
run "$ESC" --db "$S" "$ADULT" --reason x --on 2026-12-01; expect_rc 65 "--on in the future"
expect_err_has "in the future" "--on in the future: says so"
}

# The Ombudsman and remedies, on a corporate complaint (CORP) through both stages, owned by
# alice, and a SEND complaint (SEND) that never went to the Ombudsman.
section_ombudsman() {
export FEEDBACK_TODAY=2026-11-30
S="$WORK/stages.db"
must_init_db "$S"
must_new "corporate" --db "$S" --type complaint --channel email --service HWY \
  --summary "Potholes" --received 2026-11-02 --owner alice
CORP=$REF
must "ack corporate" "$LOG" --db "$S" ack "$CORP" --on 2026-11-03
must "respond corporate" "$LOG" --db "$S" respond "$CORP" --outcome not-upheld --on 2026-11-13
must "corporate 1 -> 2" "$ESC" --db "$S" "$CORP" --reason "Still potholes" --on 2026-11-16
must "respond corporate 2" "$LOG" --db "$S" respond "$CORP" --outcome not-upheld --on 2026-11-27 \
  --officer reviewer
must_new "send" --db "$S" --type complaint --channel letter --service SEN --summary "EHCP" \
  --received 2026-11-02
SEND=$REF

# ==== the Ombudsman and remedies ====
run "$ESC" --db "$S" decision "$CORP" --decision upheld; expect_rc 65 "decision before ombudsman"
expect_err_has "not with the Ombudsman" "decision: says why"
run "$ESC" --db "$S" ombudsman "$CORP";                  expect_rc 64 "ombudsman without --their-ref"
run "$ESC" --db "$S" ombudsman "$CORP" --their-ref "26 001 234" --on 2026-11-27
expect_rc 0 "ombudsman opened"
run "$ESC" --db "$S" ombudsman "$CORP" --their-ref "26 001 235"
expect_rc 65 "ombudsman twice"
run "$ESC" --db "$S" "$CORP" --reason x;                 expect_rc 65 "no stage once with the Ombudsman"
run "$ESC" --db "$S" remedy "$CORP" --kind apology --due 2026-12-04
expect_rc 65 "remedy before a decision"
run "$ESC" --db "$S" decision "$CORP" --decision maybe;  expect_rc 65 "unknown decision"
expect_err_has "closed-after-initial-enquiries" "the decisions are listed"
run "$ESC" --db "$S" decision "$CORP" --decision upheld --on 2026-11-30
expect_rc 0 "decision upheld"
expect_eq "$(q "$S" "SELECT their_ref || '|' || decision || '|' || decided_on FROM ombudsman_case")" \
  "26 001 234|upheld|2026-11-30" "the decision is stored"
run "$ESC" --db "$S" decision "$CORP" --decision not-upheld; expect_rc 65 "decision twice"

run "$ESC" --db "$S" remedy "$CORP" --kind payment --amount 250.00 --due 2026-12-10
expect_rc 0 "payment remedy"
PAY=$OUT
expect_eq "$PAY" "1" "remedy prints its id"
expect_eq "$(q "$S" "SELECT amount_pence FROM remedy WHERE id = $PAY")" "25000" \
  "£250.00 is stored as 25000 pence"
expect_eq "$(q "$S" "SELECT CAST(amount_pence AS TEXT) FROM remedy WHERE id = $PAY")" \
  "25000" "money is an integer (a real would read 25000.0)"
for amount in 12.345 -5 abc 1,25 0 0.00 "" "£5" 1.2.3 ,250 250. 1,2345; do
  run "$ESC" --db "$S" remedy "$CORP" --kind payment --amount "$amount" --due 2026-12-10
  expect_rc 64 "bad amount '$amount'"
  if [ -n "$amount" ]; then expect_err_has "'$amount'" "the bad amount '$amount' is named"; fi
done
run "$ESC" --db "$S" remedy "$CORP" --kind payment --due 2026-12-10; expect_rc 64 "payment without amount"
run "$ESC" --db "$S" remedy "$CORP" --kind apology --amount 5 --due 2026-12-10
expect_rc 64 "an apology has no amount"
run "$ESC" --db "$S" remedy "$CORP" --kind voucher --due 2026-12-10; expect_rc 65 "unknown kind"
run "$ESC" --db "$S" remedy "$CORP" --kind apology;      expect_rc 64 "remedy without --due"
run "$ESC" --db "$S" remedy "$CORP" --kind apology --due 2026-12-32; expect_rc 64 "bad --due"
expect_eq "$(q "$S" "SELECT count(*) FROM remedy")" "1" "refused remedies add nothing"
run "$ESC" --db "$S" remedy "$CORP" --kind payment --amount 1,250.5 --due 2026-12-18
expect_rc 0 "amount with thousands separator"
expect_eq "$(q "$S" "SELECT amount_pence FROM remedy WHERE id = $OUT")" "125050" "£1,250.50 exactly"
run "$ESC" --db "$S" remedy "$CORP" --kind apology --due 2026-12-04
expect_rc 0 "apology remedy"
APOLOGY=$OUT
expect_eq "$(q "$S" "SELECT kind || '|' || coalesce(CAST(amount_pence AS TEXT), 'null') || '|' || due || '|' || agreed_on
  FROM remedy WHERE id = $APOLOGY")" "apology|null|2026-12-04|2026-11-30" "the apology is stored"
run "$ESC" --db "$S" remedy "$CORP" --kind service-change --due 2026-12-18
expect_rc 0 "service-change remedy"
run "$ESC" --db "$S" remedy "$SEND" --kind apology --due 2026-12-04
expect_rc 65 "remedy on a case with no Ombudsman decision"

run "$ESC" --db "$S" remedy-done "$CORP" "$APOLOGY" --on 2026-11-30; expect_rc 0 "remedy done"
expect_eq "$(q "$S" "SELECT done_on FROM remedy WHERE id = $APOLOGY")" "2026-11-30" "done_on stored"
run "$ESC" --db "$S" remedy-done "$CORP" "$APOLOGY";     expect_rc 65 "remedy done twice"
run "$ESC" --db "$S" remedy-done "$CORP" 99;             expect_rc 65 "unknown remedy"
run "$ESC" --db "$S" remedy-done "$SEND" "$PAY";         expect_rc 65 "another case's remedy"
run "$ESC" --db "$S" remedy-done "$CORP" one;            expect_rc 64 "bad remedy id"
run "$ESC" --db "$S" remedy-done "$CORP";                expect_rc 64 "remedy-done without ID"

# Remedies past due are escalated: on 2026-12-11 the first payment (due 2026-12-10) is late, the
# apology is done, the second payment and the service change are not due yet.
run env FEEDBACK_TODAY=2026-12-11 "$ESC" --db "$S" run --dry-run --format csv
expect_rc 0 "dry run with a remedy past due"
expect_eq "$(printf '%s\n' "$OUT" | tr -d '\r' | grep ',remedy,')" \
  "2026-12-11,$CORP,HWY,alice,remedy,past-due,owner,2026-12-10" "the late payment is escalated"
expect_eq "$(printf '%s\n' "$OUT" | tr -d '\r' | grep -c ',remedy,')" "1" \
  "only the late payment: not a remedy done or one not yet due"
}

section_overdue() {
must "init calendar db" "$ADMIN" --db "$CAL" init

# ==== overdue lists ====
O="$WORK/overdue.db"
init_db "$O"
export FEEDBACK_TODAY=2026-11-20   # Friday
# O1 HWY alice, 2026-11-02, nothing done: acknowledge due 11-05 (11 working days over on 11-20),
#    respond due 11-16 (4 over).
new_case "O1" --db "$O" --type complaint --channel web --service HWY --owner alice --summary a \
  --received 2026-11-02
O1=$REF
# O2 HWY bob, acknowledged in time: only the response (due 11-16, 4 over).
new_case "O2" --db "$O" --type complaint --channel web --service HWY --owner bob --summary b \
  --received 2026-11-02
O2=$REF
step_in "$O" "ack O2" ack "$O2" --on 2026-11-03
# O3 CSC carol, Friday 2026-11-13: acknowledge due 11-18 (2 over), respond due 11-27 (5 left).
new_case "O3" --db "$O" --type complaint --channel web --service CSC --owner carol --summary c \
  --received 2026-11-13
O3=$REF
# O4 HWY alice, Tuesday 2026-11-17: acknowledge due 11-20, today (0); respond due 12-01.
new_case "O4" --db "$O" --type complaint --channel web --service HWY --owner alice --summary d \
  --received 2026-11-17
O4=$REF
# O5 HWY alice, acknowledged and responded: never listed.
new_case "O5" --db "$O" --type complaint --channel web --service HWY --owner alice --summary e \
  --received 2026-11-02
O5=$REF
step_in "$O" "ack O5" ack "$O5" --on 2026-11-03
step_in "$O" "respond O5" respond "$O5" --outcome upheld --on 2026-11-10
# O6 ASC, an owner whose name is no file name, sponsored by a councillor, 2026-11-09:
#    acknowledge due 11-12 (6 over); respond due 12-07 (not within 5).
new_case "O6" --db "$O" --type complaint --channel web --service ASC --owner "d.smith@council/ASC" \
  --summary f --received 2026-11-09 --sponsor councillor
O6=$REF
# O7 no service, no owner, 2026-11-10: acknowledge due 11-13 (5 over), respond due 11-24 (2 left).
new_case "O7" --db "$O" --type complaint --channel web --summary g --received 2026-11-10
O7=$REF
# O8 HWY alice, on hold since 2026-11-04: its deadlines are not running.
new_case "O8" --db "$O" --type complaint --channel web --service HWY --owner alice --summary h \
  --received 2026-11-02
O8=$REF
step_in "$O" "hold O8" hold "$O8" --reason "waiting for photos" --on 2026-11-04
expect_eq "$(add_days 2026-11-13 10)" "2026-11-27" "cross-check O3 respond"
expect_eq "$(add_days 2026-11-17 3)" "2026-11-20" "cross-check O4 acknowledge"
expect_eq "$(add_days 2026-11-10 10)" "2026-11-24" "cross-check O7 respond"
expect_eq "$(add_days 2026-11-09 20)" "2026-12-07" "cross-check O6 respond"
expect_eq "$(field "$O6" 'c["procedure"]' --db "$O")" "adults-statutory" "O6 is adults-statutory"

HEADER="reference,service,owner,procedure,stage,deadline,due,working_days_overdue,level,sponsor"
R_O7A="$O7,,,corporate,1,acknowledge,2026-11-13,5,head-of-service,"
R_O6A="$O6,ASC,d.smith@council/ASC,adults-statutory,1,acknowledge,2026-11-12,6,head-of-service,councillor"
R_O3A="$O3,CSC,carol,childrens-statutory,1,acknowledge,2026-11-18,2,past-due,"
R_O1A="$O1,HWY,alice,corporate,1,acknowledge,2026-11-05,11,director,"
R_O1R="$O1,HWY,alice,corporate,1,respond,2026-11-16,4,past-due,"
R_O2R="$O2,HWY,bob,corporate,1,respond,2026-11-16,4,past-due,"
R_O4A="$O4,HWY,alice,corporate,1,acknowledge,2026-11-20,0,due-soon,"
R_O7R="$O7,,,corporate,1,respond,2026-11-24,-2,due-soon,"
R_O3R="$O3,CSC,carol,childrens-statutory,1,respond,2026-11-27,-5,,"


run "$ESC" --db "$O" overdue --format csv;  expect_rc 0 "overdue csv"
expect_eq "$(plain_out | head -1)" "$HEADER" "the csv header, exactly"
expect_eq "$(plain_out)" "$(lines "$HEADER" "$R_O7A" "$R_O6A" "$R_O3A" "$R_O1A" "$R_O1R" "$R_O2R")" \
  "overdue rows, by service, owner and due date; due today, met and held ones left out"
case "$OUT" in *$'\r\n'*) ok ;; *) bad "csv lines end in CRLF" ;; esac
run "$ESC" --db "$O" overdue --as-of 2026-11-20 --format csv
expect_eq "$(plain_out)" "$(lines "$HEADER" "$R_O7A" "$R_O6A" "$R_O3A" "$R_O1A" "$R_O1R" "$R_O2R")" \
  "--as-of gives the same as FEEDBACK_TODAY"
run "$ESC" --db "$O" overdue --within 1 --format csv
expect_eq "$(plain_out)" \
  "$(lines "$HEADER" "$R_O7A" "$R_O6A" "$R_O3A" "$R_O1A" "$R_O1R" "$R_O4A" "$R_O2R")" \
  "--within 1 adds the deadline due today, with 0"
run "$ESC" --db "$O" overdue --within 0 --format csv
expect_eq "$(plain_out | grep -c "^$O4,")" "1" "--within 0 lists the deadline due today"
run "$ESC" --db "$O" overdue --within 5 --format csv
expect_eq "$(plain_out)" \
  "$(lines "$HEADER" "$R_O7A" "$R_O7R" "$R_O6A" "$R_O3A" "$R_O3R" "$R_O1A" "$R_O1R" "$R_O4A" "$R_O2R")" \
  "--within 5: due in 2 and 5 working days (no ladder level yet for 5)"
expect_eq "$(plain_out | grep -c "^$O5,\|^$O8,")" "0" "met and held deadlines are never listed"
run "$ESC" --db "$O" overdue --within 5 --format json
expect_rc 0 "overdue json"
expect_eq "$(printf '%s' "$OUT" | "$PY" -c '
import json, sys
rows = json.load(sys.stdin)
print(",".join(rows[0].keys()))
r = [x for x in rows if x["deadline"] == "respond" and x["service"] == "CSC"][0]
print(r["working_days_overdue"], r["level"], r["stage"], r["sponsor"])
r = [x for x in rows if x["service"] is None][0]
print(r["owner"], r["due"], r["working_days_overdue"] + 0)')" \
  "$(lines "$HEADER" "-5 None 1 None" "None 2026-11-13 5")" "json: columns, numbers and nulls"
run "$ESC" --db "$O" overdue
expect_rc 0 "overdue table"
expect_eq "$(printf '%s\n' "$OUT" | head -1 | tr -s ' ')" \
  "reference service owner procedure stage deadline due working_days_overdue level sponsor" \
  "table header"
expect_eq "$(printf '%s\n' "$OUT" | wc -l)" "7" "table: header and 6 rows"

# Filters.
run "$ESC" --db "$O" overdue --service HWY --format csv
expect_eq "$(plain_out)" "$(lines "$HEADER" "$R_O1A" "$R_O1R" "$R_O2R")" "--service HWY"
run "$ESC" --db "$O" overdue --owner bob --format csv
expect_eq "$(plain_out)" "$(lines "$HEADER" "$R_O2R")" "--owner bob"
run "$ESC" --db "$O" overdue --owner alice --within 1 --format csv
expect_eq "$(plain_out)" "$(lines "$HEADER" "$R_O1A" "$R_O1R" "$R_O4A")" "--owner alice --within 1"
run "$ESC" --db "$O" overdue --service CSC --owner bob --format csv
expect_eq "$(plain_out)" "$HEADER" "no match: the header only"
run "$ESC" --db "$O" overdue --service NOPE --format json
expect_rc 65 "an unknown service is named, not listed as nothing (test_open.sh)"
run "$ESC" --db "$O" overdue --service CSC --owner bob --format json
expect_rc 0 "no match"
expect_eq "$OUT" "[]" "json of nothing"

# --group-by: rows by group, the unassigned last; a table has a heading per group.
run "$ESC" --db "$O" overdue --group-by owner --format csv
expect_eq "$(plain_out)" "$(lines "$HEADER" "$R_O1A" "$R_O1R" "$R_O2R" "$R_O3A" "$R_O6A" "$R_O7A")" \
  "--group-by owner orders by owner"
run "$ESC" --db "$O" overdue --group-by service
expect_rc 0 "group-by table"
expect_eq "$(printf '%s\n' "$OUT" | grep '^service ')" \
  "$(lines "service ASC: 1 deadline" "service CSC: 1 deadline" "service HWY: 3 deadlines" \
    "service unassigned: 1 deadline")" "a heading per service"
expect_eq "$(printf '%s\n' "$OUT" | grep -c '^reference ')" "4" "a table per service"

# --split-dir: one file per group, in a directory created on demand.
WEEK="$WORK/weekly/2026-11-20"
run "$ESC" --db "$O" overdue --split-dir "$WEEK" --format csv
expect_rc 0 "split by service"
expect_eq "$OUT" "$(lines "$WEEK/ASC.csv" "$WEEK/CSC.csv" "$WEEK/HWY.csv" "$WEEK/unassigned.csv")" \
  "the files written are printed"
expect_eq "$(tr -d '\r' < "$WEEK/HWY.csv")" "$(lines "$HEADER" "$R_O1A" "$R_O1R" "$R_O2R")" \
  "HWY's own list"
expect_eq "$(tr -d '\r' < "$WEEK/unassigned.csv")" "$(lines "$HEADER" "$R_O7A")" \
  "cases with no service go to unassigned"
expect_eq "$(ls -A "$WEEK" | wc -l)" "4" "only the groups' files, no temporary files left"
OWNERS="$WORK/owners"
run "$ESC" --db "$O" overdue --split-dir "$OWNERS" --group-by owner --within 1 --format json
expect_rc 0 "split by owner"
expect_eq "$(cd "$OWNERS" && ls)" \
  "$(lines alice.json bob.json carol.json d.smith_council_ASC.json unassigned.json)" \
  "one json file per owner, with safe names"
expect_eq "$("$PY" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' \
  "$OWNERS/alice.json")" "3" "alice's file has her three deadlines"
run "$ESC" --db "$O" overdue --split-dir "$WORK/tables" --service CSC
expect_out "$WORK/tables/CSC.txt" "table output goes to .txt"
run "$ESC" --db "$O" overdue --split-dir "$WORK/empty" --service CSC --owner bob
expect_rc 0 "nothing to split"
expect_out "" "no files when nothing is listed"
touch "$WORK/afile"
run "$ESC" --db "$O" overdue --split-dir "$WORK/afile/sub" --format csv
expect_rc 73 "--split-dir cannot be created"
}

# The nightly run: a scripted month, each night a dry run, the run, and the run again.
section_month() {
must "init calendar db" "$ADMIN" --db "$CAL" init

# ==== the nightly run: a scripted month ====
# Six cases, each with hand-computed steps (ladder: due-soon at -2, past-due +1,
# head-of-service +5, director +10 working days; sponsor reminders every 5 working days):
# M1 HWY alice, received Mon 11-02, never acknowledged or answered: acknowledge due 11-05 ->
#    due-soon 11-03, past-due 11-06, head-of-service 11-12, director 11-19; respond due 11-16 ->
#    due-soon 11-12, past-due 11-17, head-of-service 11-23, director 11-30.            (8 steps)
# M2 HWY bob, 11-02, acknowledged 11-04, responded 11-13: acknowledge due-soon 11-03 and respond
#    due-soon 11-12 only.                                                              (2 steps)
# M3 HWY carol, 11-02, on hold from 11-03 (before the first run that would find it): none.
# M4 HWY dave, 11-02, councillor-sponsored, acknowledged 11-03, never answered: respond as M1
#    (4 steps); sponsor reminders 11-09, 11-16 (5 and 10 working days after receipt), then the
#    sponsor is updated on 11-18: next reminder 11-25.                                 (7 steps)
# M5 HWY erin, enquiry received Mon 11-16: respond due 11-23 (5) -> due-soon 11-19, past-due
#    11-24, head-of-service 11-30.                                                     (3 steps)
# M6 HWY frank, Mon 11-23, acknowledged 11-26 (its due day): due-soon 11-24.          (1 step)
expect_eq "$(add_days 2026-11-02 3)" "2026-11-05" "cross-check M1 acknowledge due"
expect_eq "$(add_days 2026-11-02 10)" "2026-11-16" "cross-check M1 respond due"
expect_eq "$(add_days 2026-11-05 5)" "2026-11-12" "cross-check acknowledge +5"
expect_eq "$(add_days 2026-11-05 10)" "2026-11-19" "cross-check acknowledge +10"
expect_eq "$(add_days 2026-11-16 5)" "2026-11-23" "cross-check respond +5"
expect_eq "$(add_days 2026-11-16 10)" "2026-11-30" "cross-check respond +10"
expect_eq "$(add_days 2026-11-16 5)" "2026-11-23" "cross-check M5 respond due"
expect_eq "$(add_days 2026-11-23 5)" "2026-11-30" "cross-check M5 +5"
expect_eq "$(add_days 2026-11-18 5)" "2026-11-25" "cross-check M4 reminder after the update"
expect_eq "$(add_days 2026-11-23 3)" "2026-11-26" "cross-check M6 acknowledge due"

M="$WORK/month.db"
init_db "$M"
for dd in $(seq -w 1 30); do
  day="2026-11-$dd"
  month_events "$M" "$day"
  before=$(state "$M")
  # A dry run first: it prints what the run will record, and changes nothing.
  run "$ESC" --db "$M" run --dry-run --format csv
  expect_rc 0 "$day: dry run"
  dry=$OUT
  expect_eq "$(state "$M")" "$before" "$day: a dry run changes nothing"
  run "$ESC" --db "$M" run --format csv
  expect_rc 0 "$day: run"
  expect_eq "$OUT" "$dry" "$day: the run records what the dry run said"
  new_rows=$(($(plain_out | wc -l) - 1))
  if [ "$new_rows" -gt 0 ]; then
    expect_err_has "recorded $new_rows new step" "$day: the summary counts the new steps"
    expect_eq "$(plain_out | tail -n +2 | cut -d, -f1 | sort -u)" "$day" \
      "$day: each step is recorded on the night it is reached"
  else
    expect_err_has "nothing new to record for $day" "$day: a quiet night says so"
  fi
  after=$(state "$M")
  # The second run of the night.
  run "$ESC" --db "$M" run
  expect_rc 0 "$day: second run"
  expect_out "" "$day: the second run prints no steps"
  expect_err_has "nothing new to record for $day" "$day: the second run says so"
  expect_eq "$(state "$M")" "$after" "$day: the second run changes no row"
done

expect_eq "$(q "$M" "SELECT count(*) FROM escalation_step")" "21" "a month: 21 steps"
expect_eq "$(steps "$M")" "$(expected_steps)" "a month: the steps hand-computed"
expect_eq "$(q "$M" "SELECT count(*) FROM escalation_step WHERE reached_on <> run_as_of")" "0" \
  "nightly: every step recorded on the night it was reached"
expect_eq "$(q "$M" "SELECT count(*) FROM escalation_step e JOIN case_record c ON c.id = e.case_id
  WHERE c.reference = '$M3'")" "0" "the held case is never escalated"
expect_eq "$(q "$M" "SELECT DISTINCT notify FROM escalation_step WHERE level = 'director'")" \
  "director" "director steps notify the director"
expect_eq "$(q "$M" "SELECT count(*) FROM case_event WHERE kind = 'escalation'")" "21" \
  "each step is an event on its case"
expect_eq "$(q "$M" "SELECT DISTINCT officer FROM case_event WHERE kind = 'escalation'")" \
  "feedback-escalate" "the nightly run is recorded as feedback-escalate"
# A run for a past night that was already run changes nothing.
export FEEDBACK_TODAY=2026-11-30
before=$(state "$M")
run "$ESC" --db "$M" run --as-of 2026-11-10
expect_rc 0 "a past night again"
expect_err_has "nothing new to record for 2026-11-10" "a past night again: nothing new"
expect_eq "$(state "$M")" "$before" "a past night again changes nothing"
run "$ESC" --db "$M" run --as-of 2026-12-01
expect_rc 65 "a run for tomorrow is refused"
expect_err_has "--dry-run" "a run for tomorrow: says how to look ahead"
run "$ESC" --db "$M" run --as-of 2026-12-01 --dry-run --format csv
expect_rc 0 "a dry run may look ahead"
expect_eq "$(state "$M")" "$before" "looking ahead changes nothing"

}

section_catch_up() {
# Catch-up: the same month, but the server is off from Wednesday 11-18 to Tuesday 11-24; the
# run on 11-25 records every step reached meanwhile, on the day it was reached.
C="$WORK/catchup.db"
init_db "$C"
for dd in $(seq -w 1 30); do
  day="2026-11-$dd"
  month_events "$C" "$day"
  [[ "$day" > 2026-11-17 && "$day" < 2026-11-25 ]] && continue
  run "$ESC" --db "$C" run --format csv
  expect_rc 0 "catch-up db: $day"
  if [ "$day" = 2026-11-25 ]; then
    expect_eq "$(plain_out | tail -n +2 | cut -d, -f1,2,5,6 | LC_ALL=C sort)" \
      "$(lines "2026-11-19,$M1,acknowledge,director" "2026-11-19,$M5,respond,due-soon" \
        "2026-11-23,$M1,respond,head-of-service" "2026-11-23,$M4,respond,head-of-service" \
        "2026-11-24,$M5,respond,past-due" "2026-11-24,$M6,acknowledge,due-soon" \
        "2026-11-25,$M4,sponsor-update,reminder")" "the catch-up run records the missed week"
    expect_err_has "recorded 7 new steps" "the catch-up summary"
  fi
done
expect_eq "$(steps "$C")" "$(expected_steps)" "catch-up: the same steps as nightly runs"
expect_eq "$(q "$C" "SELECT count(*) FROM escalation_step WHERE run_as_of = '2026-11-25'")" "7" \
  "catch-up: recorded by the run of 11-25"
}

# A busy database: exit 75 for cron to retry.
# The weekend and a bank holiday: a deadline passed at the end of its day is past due (the team
# manager's step) from the next calendar day, as the overdue list, `show` and `list` call it
# overdue; the overdue list's level and the step the nightly run records agree, and a catch-up
# after the weekend dates the step as the Saturday run would have. The later steps count
# working days (docs/rules.md, Escalation).
section_weekend() {
must "init calendar db" "$ADMIN" --db "$CAL" init
W="$WORK/weekend.db"
init_db "$W"
# W1 HWY alice, Tue 2026-11-24: acknowledge due Fri 11-27 (3 working days); due-soon Wed 11-25.
export FEEDBACK_TODAY=2026-11-24
new_case "W1" --db "$W" --type complaint --channel web --service HWY --owner alice --summary a
W1=$REF
expect_eq "$(add_days 2026-11-24 3)" "2026-11-27" "cross-check W1 acknowledge due"
local header="reference,service,owner,procedure,stage,deadline,due,working_days_overdue,level,sponsor"
local day
for day in 2026-11-28 2026-11-29; do
  export FEEDBACK_TODAY=$day
  run "$ESC" --db "$W" overdue --format csv
  expect_eq "$(plain_out)" \
    "$(lines "$header" "$W1,HWY,alice,corporate,1,acknowledge,2026-11-27,0,past-due,")" \
    "overdue on $day: Friday's deadline is past due, not due soon"
done
export FEEDBACK_TODAY=2026-11-28
run "$ESC" --db "$W" overdue
expect_out "$(lines \
  "reference       service  owner  procedure  stage  deadline     due         working_days_overdue  level     sponsor" \
  "$W1  HWY      alice  corporate      1  acknowledge  2026-11-27                     0  past-due")" \
  "overdue table on Saturday"
# The Saturday night's run records the team manager's step that day.
run "$ESC" --db "$W" run --format csv
expect_rc 0 "the Saturday run"
expect_eq "$(plain_out)" "$(lines "reached_on,reference,service,owner,deadline,level,notify,due" \
  "2026-11-25,$W1,HWY,alice,acknowledge,due-soon,owner,2026-11-27" \
  "2026-11-28,$W1,HWY,alice,acknowledge,past-due,team-manager,2026-11-27")" \
  "the Saturday run records past-due on Saturday"
# Sunday's run has nothing new; Monday is 1 working day overdue, still past-due.
export FEEDBACK_TODAY=2026-11-29
run "$ESC" --db "$W" run --format csv
expect_rc 0 "the Sunday run"
expect_err_has "nothing new to record for 2026-11-29" "the Sunday run: nothing new"
export FEEDBACK_TODAY=2026-11-30
run "$ESC" --db "$W" overdue --format csv
expect_eq "$(plain_out)" \
  "$(lines "$header" "$W1,HWY,alice,corporate,1,acknowledge,2026-11-27,1,past-due,")" \
  "overdue on Monday"
# Head of service at 5 working days overdue: Fri 12-04 (Mon 1 .. Fri 5), not the Thursday.
expect_eq "$(add_days 2026-11-27 5)" "2026-12-04" "cross-check W1 +5"
export FEEDBACK_TODAY=2026-12-03
run "$ESC" --db "$W" overdue --format csv
expect_eq "$(plain_out)" \
  "$(lines "$header" "$W1,HWY,alice,corporate,1,acknowledge,2026-11-27,4,past-due,")" \
  "overdue on Thursday: 4 working days, still past-due"
# The response, due Tue 12-08 (10 working days after receipt), is due soon from Fri 12-04 too.
expect_eq "$(add_days 2026-11-24 10)" "2026-12-08" "cross-check W1 respond due"
export FEEDBACK_TODAY=2026-12-04
run "$ESC" --db "$W" run --format csv
expect_eq "$(plain_out | tail -n +2)" \
  "$(lines "2026-12-04,$W1,HWY,alice,acknowledge,head-of-service,head-of-service,2026-11-27" \
    "2026-12-04,$W1,HWY,alice,respond,due-soon,owner,2026-12-08")" \
  "head of service on the fifth working day"

# A bank-holiday Monday: the summer bank holiday, Mon 2026-08-31. W2 HWY bob, Tue 08-25:
# acknowledge due Fri 08-28; past due Sat 08-29, Sun 08-30 and Mon 08-31 (0 working days),
# 1 working day on Tue 09-01; head of service Mon 09-07 (Tue 1 .. Mon 5).
B="$WORK/bank-holiday.db"
init_db "$B"
export FEEDBACK_TODAY=2026-08-25
new_case "W2" --db "$B" --type complaint --channel web --service HWY --owner bob --summary b
W2=$REF
expect_eq "$(add_days 2026-08-25 3)" "2026-08-28" "cross-check W2 acknowledge due"
expect_eq "$(add_days 2026-08-28 1)" "2026-09-01" "cross-check: the bank holiday is not a working day"
expect_eq "$(add_days 2026-08-28 5)" "2026-09-07" "cross-check W2 +5"
export FEEDBACK_TODAY=2026-08-28
run "$ESC" --db "$B" run --format csv
expect_eq "$(plain_out | tail -n +2)" "2026-08-26,$W2,HWY,bob,acknowledge,due-soon,owner,2026-08-28" \
  "Friday's run: due soon"
run "$ESC" --db "$B" overdue --within 2 --format csv
expect_eq "$(plain_out)" \
  "$(lines "$header" "$W2,HWY,bob,corporate,1,acknowledge,2026-08-28,0,due-soon,")" \
  "overdue --within 2 on the due day: due soon"
export FEEDBACK_TODAY=2026-08-31
run "$ESC" --db "$B" overdue --format csv
expect_eq "$(plain_out)" \
  "$(lines "$header" "$W2,HWY,bob,corporate,1,acknowledge,2026-08-28,0,past-due,")" \
  "overdue on the bank-holiday Monday: past due"
# No run over the weekend and the bank holiday: Tuesday's catch-up dates the step Saturday.
export FEEDBACK_TODAY=2026-09-01
run "$ESC" --db "$B" overdue --format csv
expect_eq "$(plain_out)" \
  "$(lines "$header" "$W2,HWY,bob,corporate,1,acknowledge,2026-08-28,1,past-due,")" \
  "overdue on Tuesday"
run "$ESC" --db "$B" run --format csv
expect_eq "$(plain_out | tail -n +2)" \
  "2026-08-29,$W2,HWY,bob,acknowledge,past-due,team-manager,2026-08-28" \
  "the catch-up after the bank holiday dates past-due Saturday"
# The response, due Wed 09-09 (10 working days after receipt), is due soon from Mon 09-07.
expect_eq "$(add_days 2026-08-25 10)" "2026-09-09" "cross-check W2 respond due"
export FEEDBACK_TODAY=2026-09-07
run "$ESC" --db "$B" run --format csv
expect_eq "$(plain_out | tail -n +2)" \
  "$(lines "2026-09-07,$W2,HWY,bob,acknowledge,head-of-service,head-of-service,2026-08-28" \
    "2026-09-07,$W2,HWY,bob,respond,due-soon,owner,2026-09-09")" \
  "head of service on the fifth working day after the bank holiday"
}

section_busy() {
export FEEDBACK_TODAY=2026-11-30
M="$WORK/month.db"
must_init_db "$M"
must_new "a case" --db "$M" --type complaint --channel web --service HWY --summary "Late" \
  --received 2026-11-02
M1=$REF
must "a first run" "$ESC" --db "$M" run

# ==== a busy database: exit 75 for cron to retry ====
export FEEDBACK_TODAY=2026-11-30
before=$(state "$M")
hold_write_lock "$M"
run "$ESC" --db "$M" run --busy-timeout 200
expect_rc 75 "a locked database: exit 75"
expect_err_has "busy" "a locked database: says so"
# 0 is no waiting at all, on both engines (PostgreSQL's own lock_timeout = 0 waits for ever: the
# run waited until the lock was released). A run that waits is stopped after 20 s: exit 124.
run timeout 20 "$ESC" --db "$M" run --busy-timeout 0
expect_rc 75 "--busy-timeout 0: exit 75 at once"
run "$ESC" --db "$M" "$M1" --reason x --busy-timeout 200
expect_rc 75 "a locked database: a stage request exits 75 too"
release_write_lock
expect_eq "$(state "$M")" "$before" "a refused run changed nothing"
run "$ESC" --db "$M" run
expect_rc 0 "once the lock is gone the run goes through"
}

run_sections "$@"

# SPDX-License-Identifier: MIT
# End-to-end tests of feedback-report: a fixture database built with the real binaries, with
# contents known case by case, and each report's CSV compared with figures worked out by hand
# (England and Wales calendar: bank holidays 2019-05-06, 2020-04-10, 2020-04-13, 2021-04-05,
# 2021-05-03, 2021-05-31). The periods are the financial years 2019/20 and 2020/21 (2018/19 is
# the year before, for the first change), "today" and --as-of are 2021-06-30.
#
# Section `fixture` builds the database and keeps it as state "report" (a CTest fixture); each
# report's section works on its own copy. (Section bodies are not indented: some hold
# multi-line strings.)
. "$(dirname "$0")/lib.sh"
DB="$WORK/council.db"
export FEEDBACK_DB="$DB"
export FEEDBACK_TODAY=2021-06-30
SECTIONS=(usage fixture volumes timeliness kpi outcomes ombudsman learning satisfaction
  grouped recipes data_quality annual personal_data html)

# on DATE DESCRIPTION CMD...: a step run with "today" pinned to DATE (for changes dated today).
on() {
  local day=$1 desc=$2
  shift 2
  FEEDBACK_TODAY=$day run "$@"
  expect_rc 0 "$desc"
}

# report_csv ARGS...: the report as CSV without the CRs, in $OUT.
report_csv() {
  run "$REPORT" "$@" --format csv --as-of 2021-06-30
  OUT=$(printf '%s' "$OUT" | tr -d '\r')
}

# usage and errors, before there is a database.
section_usage() {
# --- usage and errors, before there is a database ---
run "$REPORT" --help;                                   expect_rc 0 "--help"
expect_out_has "annual" "--help lists the reports"
run "$REPORT";                                          expect_rc 64 "no subcommand"
run "$REPORT" volumes --year 2020/21;                   expect_rc 66 "missing database"
[ ! -e "$DB" ] && ok || bad "a report creates no database"
run "$REPORT" volumes --year 2020/22;                   expect_rc 64 "bad financial year"
expect_err_has "2020/22" "the bad year is named"
run "$REPORT" volumes --quarter 2021/22-Q5;             expect_rc 64 "bad quarter"
expect_err_has "2021/22-Q5" "the bad quarter is named"
run "$REPORT" volumes --month 2020-13;                  expect_rc 64 "bad month"
expect_err_has "2020-13" "the bad month is named"
run "$REPORT" volumes --from 2020-02-30 --to 2020-03-31; expect_rc 64 "bad --from date"
expect_err_has "2020-02-30" "the bad date is named"
run "$REPORT" volumes --from 2020-04-02 --to 2020-04-01; expect_rc 64 "--from after --to"
expect_err_has "after" "--from after --to says so"
run "$REPORT" volumes --from 2020-04-01;                expect_rc 64 "--from without --to"
run "$REPORT" volumes;                                  expect_rc 64 "no period"
run "$REPORT" volumes --year 2020/21 --month 2020-07;   expect_rc 64 "two periods"
run "$REPORT" volumes --year 2020/21 --compare x;       expect_rc 64 "bad --compare"
run "$REPORT" volumes --year 2020/21 --format xml;      expect_rc 64 "bad --format"
run "$REPORT" volumes --year 2020/21 --by colour;       expect_rc 64 "bad --by"
expect_err_has "colour" "the bad grouping is named"
run "$REPORT" annual --year 2020/21 --compare 21;       expect_rc 64 "annual: --compare at most 20"
run "$REPORT" volumes --year 2020/21 --share half;      expect_rc 64 "bad --share"
expect_err_has "half" "the bad share is named"
run "$REPORT" volumes --year 2020/21 --change-from last; expect_rc 64 "bad --change-from"
expect_err_has "last" "the bad --change-from is named"
run "$REPORT" volumes --year 2020/21 --by type,colour;  expect_rc 64 "bad second --by"
expect_err_has "colour" "the bad second grouping is named"
run "$REPORT" volumes --year 1969/70;                   expect_rc 64 "before the calendar"
}

section_fixture() {
# --- the fixture ---
step "init" "$ADMIN" init
step "service CSC" "$ADMIN" service add CSC --name "Children's social care" \
  --directorate "Children's services" --procedure childrens-statutory
step "service HWY" "$ADMIN" service add HWY --name "Highways" --directorate "Place"
step "service WST" "$ADMIN" service add WST --name "Waste" --directorate "Environment"

# 2018/19: two complaints, withdrawn (the year before the first shown).
new_case "Z1" --officer "Olivia Officer" \
  --type complaint --channel phone --service HWY --summary "z1" --received 2018-05-01
Z1=$REF
step "withdraw Z1" "$LOG" withdraw "$Z1" --on 2018-05-02
new_case "Z2" --officer "Olivia Officer" \
  --type complaint --channel phone --service HWY --summary "z2" --received 2018-10-01
Z2=$REF
step "withdraw Z2" "$LOG" withdraw "$Z2" --on 2018-10-02

# 2019/20
new_case "E1 enquiry" --officer "Olivia Officer" \
  --type enquiry --channel email --service HWY --summary "e1" \
  --received 2019-05-01
E1=$REF
step "respond E1 (due 2019-05-09 over the early May holiday)" "$LOG" respond "$E1" --on 2019-05-03
step "close E1" "$LOG" close "$E1" --on 2019-05-03
new_case "F" --officer "Olivia Officer" \
  --type complaint --channel web --service HWY --summary "f" --received 2019-06-03
F=$REF
step "ack F" "$LOG" ack "$F" --on 2019-06-04
step "respond F (due 2019-06-17)" "$LOG" respond "$F" --outcome upheld --area communication \
  --on 2019-06-14
step "close F" "$LOG" close "$F" --on 2019-06-14
step "survey F" "$LOG" survey "$F" --satisfied yes --stars 5 --on 2019-07-05
new_case "I" --officer "Olivia Officer" \
  --type complaint --channel letter --service HWY --summary "i" --received 2019-09-02
I=$REF
step "withdraw I" "$LOG" withdraw "$I" --on 2019-09-10
new_case "G" --officer "Olivia Officer" \
  --type complaint --channel phone --service HWY --summary "g" --received 2019-11-04
G=$REF
step "respond G (due 2019-11-18: 5 days late; ack due 2019-11-07: 12 late)" \
  "$LOG" respond "$G" --outcome not-upheld --area speed-of-service --on 2019-11-25
step "close G" "$LOG" close "$G" --on 2019-11-26
on 2019-12-01 "learning on G" "$LOG" learn "$G" --problem "Call-backs were missed" \
  --improvement "A call-back log" --owner "Jo Officer" --due 2020-01-31
new_case "C1 compliment" --officer "Olivia Officer" \
  --type compliment --channel email --service WST --summary "c1" \
  --received 2019-12-02
C1=$REF
step "ack C1 (due 2019-12-09)" "$LOG" ack "$C1" --on 2019-12-03
step "close C1" "$LOG" close "$C1" --on 2019-12-03
new_case "N unclassified" --officer "Olivia Officer" \
  --channel web --service WST --summary "n" --received 2020-03-20
N=$REF
on 2020-03-25 "classify N" "$LOG" classify "$N" --as complaint
step "withdraw N" "$LOG" withdraw "$N" --on 2020-03-26
new_case "H on 31 March" --officer "Olivia Officer" \
  --type complaint --channel email --service WST --summary "h" \
  --received 2020-03-31
H=$REF
step "ack H (due 2020-04-03)" "$LOG" ack "$H" --on 2020-04-01
step "respond H (due 2020-04-16 over Easter)" "$LOG" respond "$H" --outcome not-upheld \
  --on 2020-04-14
step "close H" "$LOG" close "$H" --on 2020-04-14

# 2020/21
new_case "J on 1 April" --officer "Olivia Officer" \
  --type complaint --channel web --service HWY --summary "j" \
  --received 2020-04-01
J=$REF
step "J resolved informally" "$LOG" resolve-informally "$J" --on 2020-04-02
new_case "A with personal data" --officer "Olivia Officer" \
  --type complaint --channel web --service HWY \
  --summary "Pothole SUMMARYSECRET" --received 2020-06-01 --name "Ada Lovelace" \
  --email ada@example.org --phone "07700 900123" --address "1 Secret Street"
A=$REF
step "ack A" "$LOG" ack "$A" --on 2020-06-02
step "respond A (due 2020-06-15)" "$LOG" respond "$A" --outcome upheld --area communication \
  --on 2020-06-12
step "close A" "$LOG" close "$A" --on 2020-06-15
step "note on A" "$LOG" note "$A" "Ada Lovelace phoned NOTESECRET"
on 2020-06-15 "learning on A" "$LOG" learn "$A" --problem "Letters were unclear" \
  --improvement "New letter template" --action "Rewrite the letters" --owner "Jo Officer" \
  --due 2020-09-30
step "learning on A done" "$LOG" learn-done "$A" "$OUT" --on 2020-09-01
step "survey A sent" "$LOG" survey "$A" --sent --on 2020-06-20
step "survey A back" "$LOG" survey "$A" --satisfied yes --stars 4 --on 2020-06-25
new_case "B" --officer "Olivia Officer" \
  --type complaint --channel email --service HWY --summary "b" --received 2020-06-01
B=$REF
step "ack B (due 2020-06-04: 2 late)" "$LOG" ack "$B" --on 2020-06-08
step "respond B (due 2020-06-15: 4 late)" "$LOG" respond "$B" --outcome not-upheld \
  --area communication --area speed-of-service --on 2020-06-19
step "B to stage 2" "$ESC" stage "$B" --reason "still unhappy" --on 2020-06-22
step "ack B stage 2 (due 2020-06-25)" "$LOG" ack "$B" --on 2020-06-23
step "respond B stage 2 (due 2020-07-20)" "$LOG" respond "$B" --outcome partially-upheld \
  --area communication --on 2020-07-20 --officer reviewer
step "close B" "$LOG" close "$B" --on 2020-07-21
step "B to the Ombudsman" "$ESC" ombudsman "$B" --their-ref LGO-20-001 --on 2020-08-03
step "Ombudsman decision on B" "$ESC" decision "$B" --decision upheld --on 2020-10-01
on 2020-10-05 "payment remedy" "$ESC" remedy "$B" --kind payment --amount 250.00 --due 2020-11-02
PAYMENT=$OUT
on 2020-10-05 "apology remedy" "$ESC" remedy "$B" --kind apology --due 2021-01-15
step "payment made late" "$ESC" remedy-done "$B" "$PAYMENT" --on 2020-11-10
new_case "C extended" --officer "Olivia Officer" \
  --type complaint --channel phone --service WST --summary "c" \
  --received 2020-07-06
C=$REF
on 2020-07-10 "extend C by 5 (due 2020-07-27)" "$LOG" extend "$C" --days 5 \
  --reason "holding letter"
step "respond C (ack late by 11)" "$LOG" respond "$C" --outcome partially-upheld --on 2020-07-24
step "close C" "$LOG" close "$C" --on 2020-07-24
step "survey C sent" "$LOG" survey "$C" --sent --on 2020-08-01
new_case "D held" --officer "Olivia Officer" \
  --type complaint --channel letter --service WST --summary "d" \
  --received 2020-07-06
D=$REF
step "ack D" "$LOG" ack "$D" --on 2020-07-07
step "hold D" "$LOG" hold "$D" --reason "awaiting photos" --on 2020-07-08
step "resume D (3 working days on hold: due 2020-07-23)" "$LOG" resume "$D" --on 2020-07-13
step "respond D" "$LOG" respond "$D" --outcome upheld --on 2020-07-23
step "close D" "$LOG" close "$D" --on 2020-07-23
step "survey D sent" "$LOG" survey "$D" --sent --on 2020-08-01
step "survey D back" "$LOG" survey "$D" --satisfied no --stars 2 --reason "Too slow SURVEYSECRET" \
  --on 2020-08-10
new_case "E statutory" --officer "Olivia Officer" \
  --type complaint --channel face-to-face --service CSC --summary "e" \
  --received 2020-06-01
E=$REF
step "respond E (due 2020-06-15: 1 late; ack 8 late)" "$LOG" respond "$E" --outcome not-upheld \
  --on 2020-06-16
step "close E" "$LOG" close "$E" --on 2020-06-17
new_case "K unclassified" --officer "Olivia Officer" \
  --channel web --service HWY --summary "k" --received 2020-09-01
K=$REF
on 2020-09-03 "classify K" "$LOG" classify "$K" --as service-request
step "close K" "$LOG" close "$K" --on 2020-09-04
new_case "O complaint" --officer "Olivia Officer" \
  --type complaint --channel webchat --service WST --summary "o" \
  --received 2020-10-01
O=$REF
on 2020-10-05 "O is a service request" "$LOG" classify "$O" --as service-request
step "close O" "$LOG" close "$O" --on 2020-10-06
new_case "P service request" --officer "Olivia Officer" \
  --type service-request --channel phone --service HWY \
  --summary "p" --received 2020-11-02
P=$REF
on 2020-11-04 "P is a complaint" "$LOG" classify "$P" --as complaint
step "respond P (ack due 2020-11-05: 1 late)" "$LOG" respond "$P" --outcome upheld \
  --area staff-behaviour --on 2020-11-06
step "close P" "$LOG" close "$P" --on 2020-11-06
new_case "Q not ours" --officer "Olivia Officer" \
  --type complaint --channel social-media --summary "q" --received 2020-12-01
Q=$REF
on 2020-12-02 "redirect Q" "$LOG" redirect "$Q" --to "Highways England"
new_case "R enquiry, no service" --officer "Olivia Officer" \
  --type enquiry --channel phone --summary "r" \
  --received 2021-01-04
R=$REF
step "respond R" "$LOG" respond "$R" --on 2021-01-05
step "close R" "$LOG" close "$R" --on 2021-01-05
new_case "M never classified" --officer "Olivia Officer" \
  --channel staff-portal --service WST --summary "m" \
  --received 2021-02-01
M=$REF
new_case "S sponsored" --officer "Olivia Officer" \
  --type complaint --channel email --service HWY --summary "s" \
  --received 2021-03-01 --sponsor councillor --sponsor-name "Cllr Babbage"
S=$REF
new_case "L classified after the year" --officer "Olivia Officer" \
  --channel web --service HWY --summary "l" \
  --received 2021-03-15
L=$REF
on 2021-04-06 "classify L" "$LOG" classify "$L" --as complaint

save_state report "$DB"
}

section_volumes() {
load_state report "$DB" || return 0

# --- volumes ---
report_csv volumes --year 2020/21 --compare 1
expect_rc 0 "volumes by type"
expect_out "period_from,period_to,type,count,change_pct
2019-04-01,2020-03-31,complaint,5,150.00
2019-04-01,2020-03-31,compliment,1,
2019-04-01,2020-03-31,comment,0,
2019-04-01,2020-03-31,suggestion,0,
2019-04-01,2020-03-31,enquiry,1,
2019-04-01,2020-03-31,service-request,0,
2019-04-01,2020-03-31,unclassified,0,
2020-04-01,2021-03-31,complaint,10,100.00
2020-04-01,2021-03-31,compliment,0,-100.00
2020-04-01,2021-03-31,comment,0,
2020-04-01,2021-03-31,suggestion,0,
2020-04-01,2021-03-31,enquiry,1,0.00
2020-04-01,2021-03-31,service-request,2,
2020-04-01,2021-03-31,unclassified,1," "volumes by type, 2019/20 and 2020/21"

# 31 March is in 2019/20 (H), 1 April in 2020/21 (J).
report_csv volumes --from 2020-03-31 --to 2020-03-31
expect_eq "$(printf '%s\n' "$OUT" | grep ',complaint,')" "2020-03-31,2020-03-31,complaint,1," \
  "a case received on 31 March"
report_csv volumes --from 2020-04-01 --to 2020-04-01
expect_eq "$(printf '%s\n' "$OUT" | grep ',complaint,')" "2020-04-01,2020-04-01,complaint,1,0.00" \
  "a case received on 1 April (and the day before had one)"
report_csv volumes --month 2020-03
expect_eq "$(printf '%s\n' "$OUT" | grep ',complaint,')" "2020-03-01,2020-03-31,complaint,2," \
  "March 2020: N and H (February had none)"

run "$REPORT" volumes --year 2020/21 --compare 1 --by channel-group --format json --as-of 2021-06-30
expect_rc 0 "volumes by channel group"
expect_out '[
  {"period_from": "2019-04-01", "period_to": "2020-03-31", "channel_group": "digital", "count": 5, "change_pct": null},
  {"period_from": "2019-04-01", "period_to": "2020-03-31", "channel_group": "non-digital", "count": 2, "change_pct": 0.00},
  {"period_from": "2020-04-01", "period_to": "2021-03-31", "channel_group": "digital", "count": 9, "change_pct": 80.00},
  {"period_from": "2020-04-01", "period_to": "2021-03-31", "channel_group": "non-digital", "count": 5, "change_pct": 150.00}
]' "volumes by channel group (json)"

report_csv volumes --year 2020/21 --by channel
expect_out "period_from,period_to,channel,digital,count,change_pct
2020-04-01,2021-03-31,web,true,4,100.00
2020-04-01,2021-03-31,email,true,2,-33.33
2020-04-01,2021-03-31,phone,false,3,200.00
2020-04-01,2021-03-31,letter,false,1,0.00
2020-04-01,2021-03-31,face-to-face,false,1,
2020-04-01,2021-03-31,social-media,true,1,
2020-04-01,2021-03-31,webchat,true,1,
2020-04-01,2021-03-31,staff-portal,true,1," "volumes by channel"

report_csv volumes --year 2020/21 --by service
expect_out "period_from,period_to,service,count,change_pct
2020-04-01,2021-03-31,CSC,1,
2020-04-01,2021-03-31,HWY,7,75.00
2020-04-01,2021-03-31,WST,4,33.33
2020-04-01,2021-03-31,,2," "volumes by service (no service last)"

report_csv volumes --year 2020/21 --by directorate
expect_out "period_from,period_to,directorate,count,change_pct
2020-04-01,2021-03-31,Children's services,1,
2020-04-01,2021-03-31,Environment,4,33.33
2020-04-01,2021-03-31,Place,7,75.00
2020-04-01,2021-03-31,,2," "volumes by directorate"

report_csv volumes --year 2020/21 --by procedure
expect_out "period_from,period_to,procedure,count,change_pct
2020-04-01,2021-03-31,corporate,9,80.00
2020-04-01,2021-03-31,childrens-statutory,1,
2020-04-01,2021-03-31,adults-statutory,0,
2020-04-01,2021-03-31,send,0,
2020-04-01,2021-03-31,enquiry,1,0.00
2020-04-01,2021-03-31,priority-correspondence,0,
2020-04-01,2021-03-31,,3,200.00" "volumes by procedure (of the first stage)"

report_csv volumes --year 2020/21 --by stage
expect_out "period_from,period_to,procedure,stage,count,change_pct
2020-04-01,2021-03-31,corporate,1,9,80.00
2020-04-01,2021-03-31,corporate,2,1,
2020-04-01,2021-03-31,childrens-statutory,1,1,
2020-04-01,2021-03-31,childrens-statutory,2,0,
2020-04-01,2021-03-31,childrens-statutory,3,0,
2020-04-01,2021-03-31,adults-statutory,1,0,
2020-04-01,2021-03-31,send,1,0,
2020-04-01,2021-03-31,enquiry,1,1,0.00
2020-04-01,2021-03-31,priority-correspondence,1,0," "volumes by stage (stages started)"

run "$REPORT" volumes --year 2020/21 --compare 1 --as-of 2021-06-30
expect_rc 0 "volumes as a table"
expect_out_has "150.00 % increase" "the table says increase"
expect_out_has "100.00 % decrease" "the table says decrease"
expect_out_has "no change" "the table says no change"
expect_out_has "n/a" "a change from zero is n/a"
}

section_timeliness() {
load_state report "$DB" || return 0

# --- timeliness ---
report_csv timeliness --year 2020/21 --compare 1
expect_rc 0 "timeliness"
expect_out "period_from,period_to,procedure,stage,measure,total,in_time,in_time_pct,target_pct,met_target,late,avg_days_late
2019-04-01,2020-03-31,corporate,1,response,2,1,50.00,80.00,false,1,5.00
2019-04-01,2020-03-31,corporate,1,acknowledgement,2,1,50.00,,,1,12.00
2019-04-01,2020-03-31,corporate,2,response,0,0,,80.00,,0,
2019-04-01,2020-03-31,corporate,2,acknowledgement,0,0,,,,0,
2019-04-01,2020-03-31,childrens-statutory,1,response,0,0,,60.00,,0,
2019-04-01,2020-03-31,childrens-statutory,1,acknowledgement,0,0,,,,0,
2019-04-01,2020-03-31,childrens-statutory,2,response,0,0,,60.00,,0,
2019-04-01,2020-03-31,childrens-statutory,2,acknowledgement,0,0,,,,0,
2019-04-01,2020-03-31,childrens-statutory,3,response,0,0,,60.00,,0,
2019-04-01,2020-03-31,childrens-statutory,3,acknowledgement,0,0,,,,0,
2019-04-01,2020-03-31,adults-statutory,1,response,0,0,,60.00,,0,
2019-04-01,2020-03-31,adults-statutory,1,acknowledgement,0,0,,,,0,
2019-04-01,2020-03-31,send,1,response,0,0,,80.00,,0,
2019-04-01,2020-03-31,send,1,acknowledgement,0,0,,,,0,
2019-04-01,2020-03-31,enquiry,1,response,1,1,100.00,80.00,true,0,
2019-04-01,2020-03-31,priority-correspondence,1,response,0,0,,80.00,,0,
2019-04-01,2020-03-31,,,acknowledgement,1,1,100.00,,,0,
2020-04-01,2021-03-31,corporate,1,response,6,5,83.33,80.00,true,1,4.00
2020-04-01,2021-03-31,corporate,1,acknowledgement,6,3,50.00,,,3,4.67
2020-04-01,2021-03-31,corporate,2,response,1,1,100.00,80.00,true,0,
2020-04-01,2021-03-31,corporate,2,acknowledgement,1,1,100.00,,,0,
2020-04-01,2021-03-31,childrens-statutory,1,response,1,0,0.00,60.00,false,1,1.00
2020-04-01,2021-03-31,childrens-statutory,1,acknowledgement,1,0,0.00,,,1,8.00
2020-04-01,2021-03-31,childrens-statutory,2,response,0,0,,60.00,,0,
2020-04-01,2021-03-31,childrens-statutory,2,acknowledgement,0,0,,,,0,
2020-04-01,2021-03-31,childrens-statutory,3,response,0,0,,60.00,,0,
2020-04-01,2021-03-31,childrens-statutory,3,acknowledgement,0,0,,,,0,
2020-04-01,2021-03-31,adults-statutory,1,response,0,0,,60.00,,0,
2020-04-01,2021-03-31,adults-statutory,1,acknowledgement,0,0,,,,0,
2020-04-01,2021-03-31,send,1,response,0,0,,80.00,,0,
2020-04-01,2021-03-31,send,1,acknowledgement,0,0,,,,0,
2020-04-01,2021-03-31,enquiry,1,response,1,1,100.00,80.00,true,0,
2020-04-01,2021-03-31,priority-correspondence,1,response,0,0,,80.00,,0,
2020-04-01,2021-03-31,,,acknowledgement,0,0,,,,0," "timeliness, 2019/20 and 2020/21"
}

section_kpi() {
load_state report "$DB" || return 0

# --- the monthly KPI ---
report_csv kpi --year 2020/21
expect_rc 0 "kpi"
expect_out "period_from,period_to,month,received,responded,responded_late,late_pct,in_campaigns,campaigns,counted_once
2020-04-01,2020-04-30,2020-04,1,1,0,0.00,0,0,1
2020-05-01,2020-05-31,2020-05,0,0,0,,0,0,0
2020-06-01,2020-06-30,2020-06,3,3,2,66.67,0,0,3
2020-07-01,2020-07-31,2020-07,2,3,0,0.00,0,0,2
2020-08-01,2020-08-31,2020-08,0,0,0,,0,0,0
2020-09-01,2020-09-30,2020-09,0,0,0,,0,0,0
2020-10-01,2020-10-31,2020-10,0,0,0,,0,0,0
2020-11-01,2020-11-30,2020-11,1,1,0,0.00,0,0,1
2020-12-01,2020-12-31,2020-12,1,0,0,,0,0,1
2021-01-01,2021-01-31,2021-01,0,0,0,,0,0,0
2021-02-01,2021-02-28,2021-02,0,0,0,,0,0,0
2021-03-01,2021-03-31,2021-03,2,0,0,,0,0,2" "kpi 2020/21"
run "$REPORT" kpi --month 2020-06 --as-of 2021-06-30
expect_out_has "67% (2/3)" "kpi for people: \"67% (2/3)\""
run "$REPORT" kpi --month 2020-06 --format json --as-of 2021-06-30
expect_out '[
  {"period_from": "2020-06-01", "period_to": "2020-06-30", "month": "2020-06", "received": 3, "responded": 3, "responded_late": 2, "late_pct": 66.67, "in_campaigns": 0, "campaigns": 0, "counted_once": 3}
]' "kpi (json)"
report_csv kpi --from 2020-06-15 --to 2020-07-10
expect_out "period_from,period_to,month,received,responded,responded_late,late_pct,in_campaigns,campaigns,counted_once
2020-06-15,2020-06-30,2020-06,0,2,2,100.00,0,0,0
2020-07-01,2020-07-10,2020-07,2,0,0,,0,0,2" "kpi months cut to the period"
}

section_outcomes() {
load_state report "$DB" || return 0

# --- outcomes ---
run "$REPORT" outcomes --year 2020/21 --format csv
expect_rc 64 "outcomes as CSV needs --section"
expect_err_has "outcomes_areas" "the sections are named"
report_csv outcomes --year 2020/21 --section outcomes_by_service
expect_out "period_from,period_to,service,responses,upheld,upheld_pct,partially_upheld,partially_upheld_pct,not_upheld,not_upheld_pct
2020-04-01,2021-03-31,CSC,1,0,0.00,0,0.00,1,100.00
2020-04-01,2021-03-31,HWY,4,2,50.00,1,25.00,1,25.00
2020-04-01,2021-03-31,WST,3,1,33.33,1,33.33,1,33.33" "outcomes by service"
report_csv outcomes --year 2020/21 --section outcomes_areas
expect_out "period_from,period_to,area,count,pct
2020-04-01,2021-03-31,accessibility,0,0.00
2020-04-01,2021-03-31,administration,0,0.00
2020-04-01,2021-03-31,communication,3,37.50
2020-04-01,2021-03-31,staff-behaviour,1,12.50
2020-04-01,2021-03-31,service-failure,0,0.00
2020-04-01,2021-03-31,speed-of-service,1,12.50
2020-04-01,2021-03-31,quality-of-service,0,0.00
2020-04-01,2021-03-31,damage,0,0.00" "complaint areas"
report_csv outcomes --year 2020/21 --section outcomes_reclassified
expect_out "period_from,period_to,from_type,to_type,count
2020-04-01,2021-03-31,complaint,service-request,1
2020-04-01,2021-03-31,service-request,complaint,1" "reclassifications"
report_csv outcomes --year 2020/21 --section outcomes_redirected
expect_out "period_from,period_to,received,redirected,redirected_pct
2020-04-01,2021-03-31,14,1,7.14" "redirected"
run "$REPORT" outcomes --year 2020/21 --section nonsense --as-of 2021-06-30
expect_rc 64 "unknown section"
}

section_ombudsman() {
load_state report "$DB" || return 0

# --- the Ombudsman ---
report_csv ombudsman --year 2020/21 --section ombudsman_summary
expect_out "period_from,period_to,opened,decided,upheld,upheld_pct
2020-04-01,2021-03-31,1,1,1,100.00" "ombudsman summary"
report_csv ombudsman --year 2020/21 --section ombudsman_decisions
expect_out "period_from,period_to,service,decision,count
2020-04-01,2021-03-31,HWY,upheld,1" "ombudsman decisions"
report_csv ombudsman --year 2020/21 --section ombudsman_remedies
expect_out "period_from,period_to,kind,agreed,done,done_late,overdue,payments
2020-04-01,2021-03-31,apology,1,0,0,1,
2020-04-01,2021-03-31,payment,1,1,1,0,250.00
2020-04-01,2021-03-31,fresh-assessment,0,0,0,0,
2020-04-01,2021-03-31,service-change,0,0,0,0," "remedies as of 2021-06-30"
run "$REPORT" ombudsman --year 2020/21 --section ombudsman_remedies --format csv --as-of 2020-11-05
expect_out_has "payment,1,0,0,1,250.00" "as of 2020-11-05 the payment was overdue"
expect_out_has "apology,1,0,0,0," "and the apology not yet due"
run "$REPORT" ombudsman --year 2020/21 --as-of 2021-06-30
expect_out_has "£250.00" "payments in pounds for people"
}

section_learning() {
load_state report "$DB" || return 0

# --- learning ---
report_csv learning --year 2020/21 --compare 1
expect_out "period_from,period_to,service,recorded_on,problem,improvement,action,due,done_on,status
2019-04-01,2020-03-31,HWY,2019-12-01,Call-backs were missed,A call-back log,,2020-01-31,,overdue
2020-04-01,2021-03-31,HWY,2020-06-15,Letters were unclear,New letter template,Rewrite the letters,2020-09-30,2020-09-01,done" \
  "learning"
}

section_satisfaction() {
load_state report "$DB" || return 0

# --- satisfaction ---
report_csv satisfaction --year 2020/21 --compare 1
expect_out "period_from,period_to,sent,returned,returned_pct,satisfied,dissatisfied,satisfied_pct,rated,stars_1,stars_2,stars_3,stars_4,stars_5,average_stars
2019-04-01,2020-03-31,1,1,100.00,1,0,100.00,1,0,0,0,0,1,5.00
2020-04-01,2021-03-31,3,2,66.67,1,1,50.00,2,0,1,0,1,0,3.00" "satisfaction"
}

# Filters, two dimensions, shares, change from the first period and ratios. 2020/21 holds 14
# cases: complaints J A B S L (HWY, web web email email web), P (HWY, phone), C D (WST, phone
# letter), E (CSC, face-to-face), Q (no service, social media); service requests K (HWY, web)
# and O (WST, webchat); enquiry R (no service, phone); M (WST, staff portal) never classified.
section_grouped() {
load_state report "$DB" || return 0

# The digital share: J A B K O Q M S L are digital, 9 of 14 = 64.29 %; C D E P R 5 = 35.71 %.
report_csv volumes --year 2020/21 --by channel-group --share
expect_rc 0 "volumes --share"
expect_out_has "2020-04-01,2021-03-31,digital,9,64.29," "digital: 9 of 14"
expect_out_has "2020-04-01,2021-03-31,non-digital,5,35.71," "non-digital: 5 of 14"
run "$REPORT" volumes --year 2020/21 --by channel-group --share --as-of 2021-06-30
expect_out_has "64% (9)" "people see the share as councils print it"
expect_out_has "100% (14)" "and the total"

# One type by directorate, as shares: complaints 10; Place 6, Environment 2, Children's 1, none 1.
report_csv volumes --year 2020/21 --type complaint --by directorate --share total
expect_rc 0 "complaints by directorate"
expect_out_has "2020-04-01,2021-03-31,Place,6,60.00," "Place 6 of 10"
expect_out_has "2020-04-01,2021-03-31,Environment,2,20.00," "Environment 2 of 10"
expect_out_has "2020-04-01,2021-03-31,Children's services,1,10.00," "Children's 1 of 10"
expect_out_has "2020-04-01,2021-03-31,,1,10.00," "no directorate 1 of 10"

# Two dimensions, shares of the row: complaints digital 6 (J A B S L Q), non-digital 4.
report_csv volumes --year 2020/21 --by type,channel-group --share row
expect_rc 0 "type by channel group"
expect_out_has "2020-04-01,2021-03-31,complaint,digital,6,60.00," "complaints: 6 of 10 digital"
expect_out_has "2020-04-01,2021-03-31,complaint,non-digital,4,40.00," "4 of 10 not"
run "$REPORT" volumes --year 2020/21 --by type,channel-group --as-of 2021-06-30
expect_out_has "Total" "the cross-table has totals"
run "$REPORT" volumes --year 2020/21 --by type --share row --as-of 2021-06-30
expect_rc 64 "a share of the row needs two dimensions"

# Filters repeat or take commas; a sponsor kind selects S alone.
report_csv volumes --year 2020/21 --sponsor councillor --by type
expect_out_has "2020-04-01,2021-03-31,complaint,1," "one councillor's case"
report_csv volumes --year 2020/21 --channel web --channel email,webchat --by type
# web: J A K L; email: B S; webchat: O. Complaints J A L B S = 5, service requests K O = 2.
expect_out_has "2020-04-01,2021-03-31,complaint,5," "complaints by web, email or webchat"
expect_out_has "2020-04-01,2021-03-31,service-request,2," "service requests by them"
run "$REPORT" volumes --year 2020/21 --service NOPE --as-of 2021-06-30
expect_rc 64 "an unknown service"
expect_err_has "NOPE" "the unknown service is named"

# Undetermined (M, open) apart from blank (none closed without a type).
report_csv volumes --year 2020/21 --by classification
expect_out_has "2020-04-01,2021-03-31,undetermined,1," "M is undetermined"
expect_out_has "2020-04-01,2021-03-31,blank,0," "no case closed without a type"

# How complaints ended: upheld A D P, partially B (stage 2) C, not upheld E, resolved
# informally J, redirected Q; S and L still open.
report_csv volumes --year 2020/21 --type complaint --by outcome
expect_out_has "2020-04-01,2021-03-31,upheld,3," "3 upheld"
expect_out_has "2020-04-01,2021-03-31,partially-upheld,2," "2 partially upheld"
expect_out_has "2020-04-01,2021-03-31,resolved-informally,1," "J resolved informally"
expect_out_has "2020-04-01,2021-03-31,redirected,1," "Q redirected"
expect_out_has "2020-04-01,2021-03-31,,2," "S and L open"

# Change on the first period shown: complaints 2 (2018/19), 5, 10.
report_csv volumes --year 2020/21 --compare 2 --change-from first --type complaint
expect_out_has "2020-04-01,2021-03-31,complaint,10,100.00,400.00" "10 on 2 is 400 %"
expect_out_has "2019-04-01,2020-03-31,complaint,5,150.00,150.00" "5 on 2 is 150 %"

# Complaints per 1,000 service requests: HWY 6 to 1, WST 2 to 1, CSC 1 to none (n/a).
report_csv ratio --year 2020/21 --type complaint --per-1000 service-request --by service
expect_rc 0 "ratio by service"
expect_out_has "2020-04-01,2021-03-31,HWY,6,1,6000.00" "HWY 6 per 1 service request"
expect_out_has "2020-04-01,2021-03-31,WST,2,1,2000.00" "WST 2 per 1"
expect_out_has "2020-04-01,2021-03-31,CSC,1,0," "CSC: no service requests, n/a"
report_csv ratio --year 2020/21 --type complaint --per-1000 service-request
expect_out_has "2020-04-01,2021-03-31,10,2,5000.00" "the council: 10 to 2"
run "$REPORT" ratio --year 2020/21 --type complaint --as-of 2021-06-30
expect_rc 64 "ratio needs --per-1000"

# Any window, the annual report too: 1 December to 30 November beside the one before.
run "$REPORT" annual --from 2019-12-01 --to 2020-11-30 --format html --as-of 2021-06-30
expect_rc 0 "annual for a December-November year"
expect_out_has "annual report December 2019 to November 2020" "the title names the window"
expect_out_has "December 2018 to November 2019" "and the one before"
expect_out_has "<h2>Summary</h2>" "the printed report starts with a summary"
}

# docs/recipes.md: every ```console block is "$ feedback-report ARGS" and then exactly what it
# prints on this fixture (FEEDBACK_TODAY=2021-06-30), so the recipes cannot drift from the tool.
section_recipes() {
load_state report "$DB" || return 0
local dir="$WORK/recipes" n=0 file args
mkdir -p "$dir"
awk -v dir="$dir" '
  /^```console$/ { inb = 1; n++; first = 1; printf "" > (dir "/" n ".out"); next }
  /^```$/ && inb { inb = 0; next }
  inb && first { sub(/^\$ /, ""); print > (dir "/" n ".cmd"); first = 0; next }
  inb { print > (dir "/" n ".out") }
' "$SRC/docs/recipes.md"
for file in "$dir"/*.cmd; do
  [ -e "$file" ] || break
  n=$((n + 1))
  read -ra args <"$file"
  if [ "${args[0]}" != feedback-report ]; then
    bad "recipe $(basename "$file"): not a feedback-report command: ${args[*]}"
    continue
  fi
  run "$REPORT" "${args[@]:1}"
  expect_rc 0 "recipe: ${args[*]}"
  expect_eq "$(cat "${file%.cmd}.out")" "$(plain_out)" "recipe output: ${args[*]}"
done
[ "$n" -ge 10 ] && ok || bad "docs/recipes.md has $n recipes, expected at least 10"
}

section_data_quality() {
load_state report "$DB" || return 0

# --- data quality ---
report_csv data-quality --year 2020/21 --compare 1
expect_out "period_from,period_to,received,unclassified_at_end,no_service,open_inactive,sponsor_not_updated,filed_as_service_request
2019-04-01,2020-03-31,7,0,0,0,0,0
2020-04-01,2021-03-31,14,2,1,3,1,1" "data quality"
# L's last activity was 2021-04-06: 59 working days before 2021-06-30.
report_csv data-quality --year 2020/21 --inactive-days 59
expect_out_has "2020-04-01,2021-03-31,14,2,1,3,1,1" "inactive for 59 working days: L counts"
report_csv data-quality --year 2020/21 --inactive-days 60
expect_out_has "2020-04-01,2021-03-31,14,2,1,2,1,1" "inactive for 60 working days: L does not"
}

section_annual() {
load_state report "$DB" || return 0

# --- annual ---
run "$REPORT" annual --year 2020/21 --format json --as-of 2021-06-30
expect_rc 0 "annual (json)"
for section in volumes_by_type volumes_by_channel_group volumes_by_channel volumes_by_directorate \
  volumes_by_service volumes_by_stage volumes_monthly kpi timeliness outcomes_by_service \
  outcomes_areas outcomes_reclassified outcomes_redirected ombudsman_summary ombudsman_decisions \
  ombudsman_remedies satisfaction learning data_quality; do
  expect_out_has "\"$section\": [" "annual has $section"
done
# Each section of the annual report is its report with the two previous years.
for pair in "volumes_by_type:volumes --by type" "volumes_by_channel:volumes --by channel" \
  "volumes_by_channel_group:volumes --by channel-group" "volumes_by_service:volumes --by service" \
  "volumes_by_directorate:volumes --by directorate" "volumes_by_stage:volumes --by stage" \
  "kpi:kpi" "timeliness:timeliness" "outcomes_by_service:outcomes" "outcomes_areas:outcomes" \
  "outcomes_reclassified:outcomes" "outcomes_redirected:outcomes" \
  "ombudsman_summary:ombudsman" "ombudsman_decisions:ombudsman" "ombudsman_remedies:ombudsman" \
  "satisfaction:satisfaction" "learning:learning" "data_quality:data-quality"; do
  section=${pair%%:*}
  report_csv annual --year 2020/21 --section "$section"
  ANNUAL=$OUT
  # shellcheck disable=SC2086
  report_csv ${pair#*:} --year 2020/21 --compare 2 --section "$section"
  expect_eq "$ANNUAL" "$OUT" "annual $section = ${pair#*:} --compare 2"
done
run "$REPORT" annual --year 2020/21 --format html --as-of 2021-06-30
expect_rc 0 "annual (html)"
HTML=$OUT
for chart in volumes channels timeliness outcomes; do
  expect_out_has "id=\"chart-$chart\"" "the html has the $chart chart"
done
case "$HTML" in *"<script"*|*"src="*|*"href=\"http"*|*"@import"*) bad "the html loads nothing from elsewhere" ;; *) ok ;; esac
run "$REPORT" annual --year 2020/21 --format markdown --as-of 2021-06-30
expect_rc 0 "annual (markdown)"
expect_out_has "| ---" "markdown tables"
}

section_personal_data() {
load_state report "$DB" || return 0

# --- personal data never appears, in any report or format ---
leaks=0
for report in "volumes --by type" "volumes --by channel" "volumes --by service" \
  "volumes --by directorate" "volumes --by procedure" "volumes --by stage" timeliness kpi outcomes \
  ombudsman learning satisfaction data-quality annual; do
  for format in table json markdown html; do
    # shellcheck disable=SC2086
    run "$REPORT" $report --year 2020/21 --format "$format" --as-of 2021-06-30
    [ "$RC" -eq 0 ] || { bad "$report --format $format: exit $RC ($ERR)"; continue; }
    for secret in "Ada" "Lovelace" "ada@example.org" "07700" "Secret Street" "SUMMARYSECRET" \
      "NOTESECRET" "SURVEYSECRET" "Babbage" "Jo Officer" "Olivia" "Highways England"; do
      case "$OUT" in *"$secret"*) leaks=$((leaks + 1)); bad "$report --format $format shows '$secret'" ;; esac
    done
  done
done
[ "$leaks" -eq 0 ] && ok
}

section_html() {
load_state report "$DB" || return 0

# --- the HTML in a browser: scripts/test.sh installs Chromium (and pdfinfo), so a missing one
# fails here rather than skipping a check that would then check nothing ---
if [ -x /usr/bin/chromium ]; then
  run bash "$SRC/scripts/check_html_report.sh" --db "$(db_uri "$DB")" --year 2020/21 --out "$WORK/html"
  expect_rc 0 "annual html renders in headless Chromium (charts present)"
  expect_out_has "A4 pages" "the page was printed to PDF and its widths measured"
  case "$OUT" in *"printed: ? A4"*) bad "pdfinfo is missing: the PDF's page count was not checked" ;; esac
else
  bad "/usr/bin/chromium is not installed: the HTML render check cannot run"
fi
}

run_sections "$@"

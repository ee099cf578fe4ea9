# SPDX-License-Identifier: MIT
# End-to-end tests of dates an officer gives and the calendar's facts: `--on DATE` on every change
# to a case (late data entry lands on the day it happened), `withdraw --reason`, a remedy agreed
# in the past; loading a partial year of the official list (refused), a day proclaimed at short
# notice (`calendar holiday add|remove`, moving running deadlines), and the nightly run's
# sponsor-update reminders after missed nights. Dates are on the England and Wales calendar:
# November 2026 has no bank holiday, 2026-12-25 and 2026-12-28 are; cross-checked with
# `feedback-admin calendar add-days`. (Section bodies are not indented.)
. "$(dirname "$0")/lib.sh"
SECTIONS=(on remedy govuk holiday reminders)

# ev REF KIND [DB]: the dates (on) of REF's events of KIND, comma-separated.
ev() {
  local db=${3:-$FEEDBACK_DB}
  field "$1" "','.join(e['on'] for e in c['events'] if e['kind'] == '$2')" --db "$db"
}

section_on() {
# ==== --on on every change to a case: not before receipt, not after today ====
export FEEDBACK_TODAY=2026-11-30
D="$WORK/on.db"
init_db "$D"
new_case "unclassified" --db "$D" --channel phone --service HWY --summary "Pothole" \
  --received 2026-11-02
A=$REF
new_case "to redirect" --db "$D" --type complaint --channel web --service HWY --summary "A road" \
  --received 2026-11-02
B=$REF
new_case "to withdraw" --db "$D" --type complaint --channel web --service HWY --summary "Bins" \
  --received 2026-11-02 --sponsor councillor
W=$REF

step "classify --on" "$LOG" --db "$D" classify "$A" --as complaint --on 2026-11-03
expect_eq "$(ev "$A" classified "$D")" "2026-11-02,2026-11-03" \
  "classify: the event is dated --on (the first, unclassified, on receipt)"
step "assign --on" "$LOG" --db "$D" assign "$A" --to j.smith --on 2026-11-04
expect_eq "$(ev "$A" assigned "$D")" "2026-11-04" "assign: dated --on"
step "note --on" "$LOG" --db "$D" note "$A" --on 2026-11-04 Called the customer back
expect_eq "$(ev "$A" note "$D")" "2026-11-04" "note: dated --on"
step "ack --on" "$LOG" --db "$D" ack "$A" --on 2026-11-05
run "$LOG" --db "$D" extend "$A" --days 5 --reason "waiting for a contractor" --on 2026-11-06
expect_rc 0 "extend --on"
expect_eq "$(ev "$A" extended "$D")" "2026-11-06" "extend: the event dated --on"
expect_eq "$(field "$A" "c['stages'][-1]['extensions'][0]['granted_on']" --db "$D")" "2026-11-06" \
  "extend: granted on --on"
run "$LOG" --db "$D" learn "$A" --problem "Slow" --improvement "Faster" --on 2026-11-09
expect_rc 0 "learn --on"
expect_eq "$(field "$A" "c['learning'][0]['recorded_on']" --db "$D")" "2026-11-09" \
  "learn: recorded on --on"
step "sponsor-update --on" "$LOG" --db "$D" sponsor-update "$W" --on 2026-11-05
expect_eq "$(field "$W" "c['sponsor_updated']" --db "$D")" "2026-11-05" "sponsor-update --on"

step "redirect --on" "$LOG" --db "$D" redirect "$B" --to "County council" --on 2026-11-05
expect_eq "$(ev "$B" redirected "$D")" "2026-11-05" "redirect: dated --on"
expect_eq "$(field "$B" "c['closed_on']" --db "$D")" "2026-11-05" "redirect: closed on --on"

run "$LOG" --db "$D" withdraw "$W" --reason "moved away" --on 2026-11-06
expect_rc 0 "withdraw --reason --on"
expect_eq "$(field "$W" "[e['detail'] for e in c['events'] if e['kind'] == 'withdrawn'][0]" \
  --db "$D")" "withdrawn by the customer: moved away" "withdraw: the reason is on the event"
expect_eq "$(ev "$W" withdrawn "$D")" "2026-11-06" "withdraw: dated --on"

# tag --on, under a policy with a tag (the default vocabulary has none).
"$ADMIN" --db "$D" policy export "$WORK/tags.json" >/dev/null
"$PY" - "$WORK/tags.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["vocabularies"]["tags"] = [{"code": "fees", "name": "Fees and charges", "retired": False}]
json.dump(d, open(sys.argv[1], "w"))
PY
must "a policy with a tag" "$ADMIN" --db "$D" policy import "$WORK/tags.json"
step "tag --on" "$LOG" --db "$D" tag "$A" fees --on 2026-11-04
expect_eq "$(ev "$A" tagged "$D")" "2026-11-04" "tag: dated --on"
run "$LOG" --db "$D" tag "$A" fees --on 2026-11-01
expect_rc 65 "tag --on before receipt"
expect_err "feedback-log: error: --on 2026-11-01 is before the case was received (2026-11-02)" \
  "tag --on before receipt: the message"

# Refused: after today, before receipt (65, naming the option and the value), not a date (64);
# the database unchanged.
before=$(q "$D" "SELECT count(*) FROM case_event")
run "$LOG" --db "$D" assign "$A" --to k.jones --on 2026-12-01
expect_rc 65 "assign --on tomorrow"
expect_err "feedback-log: error: --on 2026-12-01 is in the future (today is 2026-11-30)" \
  "assign --on tomorrow: the message"
run "$LOG" --db "$D" classify "$A" --as enquiry --on 2026-11-01
expect_rc 65 "classify --on before receipt"
expect_err "feedback-log: error: --on 2026-11-01 is before the case was received (2026-11-02)" \
  "classify --on before receipt: the message"
run "$LOG" --db "$D" note "$A" --on 2026-11-01 early
expect_rc 65 "note --on before receipt"
expect_err_has "--on 2026-11-01 is before the case was received" "note: the message"
run "$LOG" --db "$D" extend "$A" --days 1 --reason x --on 2026-12-01
expect_rc 65 "extend --on tomorrow"
expect_err_has "--on 2026-12-01 is in the future" "extend --on tomorrow: the message"
run "$LOG" --db "$D" learn "$A" --problem p --improvement i --on 2026-10-30
expect_rc 65 "learn --on before receipt"
run "$LOG" --db "$D" assign "$A" --to k.jones --on 2026-11-31
expect_rc 64 "assign --on not a date"
expect_err_has "--on: not a date" "assign --on not a date: the message"
expect_eq "$(q "$D" "SELECT count(*) FROM case_event")" "$before" "refusals changed nothing"
}

section_remedy() {
# ==== a remedy agreed in the past, and done in the past ====
export FEEDBACK_TODAY=2026-11-30
D="$WORK/remedy.db"
init_db "$D"
must_new "a complaint" --db "$D" --type complaint --channel web --service HWY --summary "Flood" \
  --received 2026-09-01
R=$REF
must "respond" "$LOG" --db "$D" respond "$R" --outcome not-upheld --on 2026-09-10
must "ombudsman" "$ESC" --db "$D" ombudsman "$R" --their-ref 26-001 --on 2026-10-01
must "decision" "$ESC" --db "$D" decision "$R" --decision upheld --on 2026-11-02
run "$ESC" --db "$D" remedy "$R" --kind apology --due 2026-11-16 --on 2026-11-03
expect_rc 0 "remedy --on"
ID=$OUT
expect_eq "$(q "$D" "SELECT agreed_on FROM remedy WHERE id = $ID")" "2026-11-03" \
  "remedy: agreed on --on"
expect_eq "$(ev "$R" remedy "$D")" "2026-11-03" "remedy: the event dated --on"
run "$ESC" --db "$D" remedy-done "$R" "$ID" --on 2026-11-10
expect_rc 0 "remedy-done --on a day before today, after it was agreed"
expect_eq "$(q "$D" "SELECT done_on FROM remedy WHERE id = $ID")" "2026-11-10" \
  "remedy-done: done on --on"
run "$ESC" --db "$D" remedy "$R" --kind payment --amount 100 --due 2026-12-01 --on 2026-11-01
expect_rc 65 "remedy --on before the decision"
expect_err "feedback-escalate: error: --on 2026-11-01 is before the Ombudsman's decision (2026-11-02)" \
  "remedy --on before the decision: the message"
run "$ESC" --db "$D" remedy "$R" --kind payment --amount 100 --due 2026-12-01 --on 2026-12-01
expect_rc 65 "remedy --on tomorrow"
expect_eq "$(q "$D" "SELECT count(*) FROM remedy")" "1" "refused remedies are not recorded"
}

section_govuk() {
# ==== load-govuk replaces a year only from a list of the whole year ====
export FEEDBACK_TODAY=2026-11-30
D="$WORK/govuk.db"
init_db "$D"
cat >"$WORK/one-day.json" <<'EOF'
{"england-and-wales": {"division": "england-and-wales", "events": [
  {"title": "State funeral", "date": "2026-06-15", "notes": "", "bunting": false}]}}
EOF
run "$ADMIN" --db "$D" calendar load-govuk "$WORK/one-day.json"
expect_rc 65 "one proclaimed day of 2026: refused"
expect_err "feedback-admin: error: $WORK/one-day.json: england-and-wales 2026 is not the whole year: it lacks 2026-01-01 New Year’s Day, 2026-04-03 Good Friday, 2026-04-06 Easter Monday, 2026-05-04 Early May bank holiday, 2026-05-25 Spring bank holiday, 2026-08-31 Summer bank holiday, 2026-12-25 Christmas Day, 2026-12-28 Boxing Day (substitute day) (a single day proclaimed at short notice: 'feedback-admin calendar holiday add')" \
  "the refusal names the year and the days it lacks"
run "$ADMIN" --db "$D" calendar holidays --from 2026-12-21 --to 2026-12-31 --format csv
expect_eq "$(plain_out)" "$(lines date,name,kind "2026-12-25,Christmas Day,bank-holiday" \
  "2026-12-28,Boxing Day (substitute day),bank-holiday")" "Christmas and Boxing Day are kept"
expect_eq "$(q "$D" "SELECT count(*) FROM bank_holiday_year")" "0" "nothing loaded"
# The official list loads: every year it holds is whole.
if [ -n "$FIXTURES" ] && [ -f "$FIXTURES/calendar/govuk-bank-holidays.json" ]; then
  run "$ADMIN" --db "$D" calendar load-govuk "$FIXTURES/calendar/govuk-bank-holidays.json"
  expect_rc 0 "the official list loads"
fi
}

section_holiday() {
# ==== a day proclaimed at short notice moves running deadlines, like a closure ====
export FEEDBACK_TODAY=2026-11-30
D="$WORK/holiday.db"
init_db "$D"
must_new "a complaint" --db "$D" --type complaint --channel web --service HWY --summary "Late" \
  --received 2026-11-02
H=$REF
# Corporate stage 1: respond within 10 working days of 2026-11-02.
due=$(field "$H" "c['respond_due']" --db "$D")
expect_eq "$due" "2026-11-16" "the response due before"
run "$ADMIN" --db "$D" calendar holiday add 2026-11-10 --name "State funeral"
expect_rc 0 "holiday add"
expect_eq "$(field "$H" "c['respond_due']" --db "$D")" "2026-11-17" \
  "the response deadline moves a working day later"
run "$ADMIN" --db "$D" calendar holidays --from 2026-11-09 --to 2026-11-13 --format csv
expect_eq "$(plain_out)" "$(lines date,name,kind "2026-11-10,State funeral,bank-holiday")" \
  "holidays lists the proclaimed day"
run "$ADMIN" --db "$D" calendar holiday add 2026-11-11 --name "Day in Scotland" --region scotland
expect_rc 0 "holiday add --region scotland"
expect_eq "$(field "$H" "c['respond_due']" --db "$D")" "2026-11-17" \
  "a Scottish day does not move an English deadline"
run "$ADMIN" --db "$D" calendar add-days 2026-11-09 2 --region scotland
expect_eq "$OUT" "2026-11-12" "Scotland has 11-10 and 11-11 off"
before=$(q "$D" "SELECT count(*) FROM proclaimed_holiday")
run "$ADMIN" --db "$D" calendar holiday add 2026-12-25 --name "Another"
expect_rc 65 "holiday add on a bank holiday"
expect_err "feedback-admin: error: 2026-12-25 is already a bank holiday in england-and-wales (Christmas Day)" \
  "holiday add on a bank holiday: the message"
run "$ADMIN" --db "$D" calendar holiday add 2026-11-14 --name "Saturday"
expect_rc 65 "holiday add on a weekend"
expect_err "feedback-admin: error: 2026-11-14 is a Saturday: not a working day anyway" \
  "holiday add on a weekend: the message"
run "$ADMIN" --db "$D" calendar holiday add 2026-11-12 --name ""
expect_rc 64 "holiday add without a name"
expect_eq "$(q "$D" "SELECT count(*) FROM proclaimed_holiday")" "$before" "refusals add nothing"
run "$ADMIN" --db "$D" calendar holiday remove 2026-11-10
expect_rc 0 "holiday remove"
expect_eq "$(field "$H" "c['respond_due']" --db "$D")" "2026-11-16" \
  "the deadline moves back"
run "$ADMIN" --db "$D" calendar holiday remove 2026-11-10
expect_rc 65 "holiday remove of a day not added"
expect_err "feedback-admin: error: 2026-11-10 is not a proclaimed holiday in england-and-wales" \
  "holiday remove: the message"
}

# reminders DB: the sponsor-update reminders recorded, one per line.
reminders() {
  q "$1" "SELECT c.reference, e.due, e.reached_on, e.stage_id FROM escalation_step e
    JOIN case_record c ON c.id = e.case_id WHERE e.deadline = 'sponsor-update'" | LC_ALL=C sort
}

# reminder_events DB DAY: what the officers do on DAY (before that night's run).
reminder_events() {
  local db=$1 day=$2
  export FEEDBACK_TODAY=$day
  case $day in
    2026-08-03)
      must_new "S1" --db "$db" --type complaint --channel web --service HWY --summary "Sponsored" \
        --sponsor councillor
      S1=$REF
      must_new "S2" --db "$db" --type complaint --channel web --service HWY --summary "Responded" \
        --sponsor mp
      S2=$REF
      must_new "S3" --db "$db" --type complaint --channel web --service HWY --summary "Updated" \
        --sponsor mp
      S3=$REF
      must_new "S4" --db "$db" --type complaint --channel web --service HWY --summary "Withdrawn" \
        --sponsor councillor
      S4=$REF ;;
    2026-11-20) must "withdraw S4" "$LOG" --db "$db" withdraw "$S4" --reason "sorted out" ;;
    2026-11-24) must "respond S2" "$LOG" --db "$db" respond "$S2" --outcome upheld ;;
    2026-11-25) must "update S3" "$LOG" --db "$db" sponsor-update "$S3" ;;
  esac
}

section_reminders() {
# ==== the nightly run's sponsor reminders: a catch-up records what the nights would have ====
# Two databases with the same cases: one run every night from 2026-08-03 to 2026-11-27, the
# other every night to 2026-09-04, then not again until 2026-11-27.
N="$WORK/nightly.db"
C="$WORK/catchup.db"
must_init_db "$N"
must_init_db "$C"
for db in "$N" "$C"; do
  d=2026-08-03
  while [[ "$d" < 2026-11-28 ]]; do
    reminder_events "$db" "$d"
    if [ "$db" = "$N" ] || [[ "$d" < 2026-09-05 ]] || [ "$d" = 2026-11-27 ]; then
      must "run $d" "$ESC" --db "$db" run
    fi
    d=$(date -u -d "$d + 1 day" +%F)
  done
done
# Every 5 working days from receipt (2026-08-31 is the summer bank holiday): S1 until today,
# S2 until its response on 11-24, S3 until its update on 11-25, S4 until it was withdrawn on
# 11-20 (in the nights the catch-up stands for: the nights saw it open until then).
expected_for() {
  local ref=$1 last=$2 dd
  for dd in 2026-08-10 2026-08-17 2026-08-24 2026-09-01 2026-09-08 2026-09-15 2026-09-22 \
    2026-09-29 2026-10-06 2026-10-13 2026-10-20 2026-10-27 2026-11-03 2026-11-10 2026-11-17 \
    2026-11-24; do
    [[ "$dd" > "$last" ]] || echo "$ref|$dd|$dd"
  done
}
expected=$({ expected_for "$S1" 2026-11-27; expected_for "$S2" 2026-11-23
  expected_for "$S3" 2026-11-24; expected_for "$S4" 2026-11-19; } | LC_ALL=C sort)
expect_eq "$(reminders "$N" | cut -d'|' -f1-3)" "$expected" "nightly runs: every reminder"
expect_eq "$(reminders "$C")" "$(reminders "$N")" \
  "the catch-up records the same reminders, with the same dates, as the nightly runs"
}

run_sections "$@"

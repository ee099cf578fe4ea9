#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# End-to-end: correcting a case's facts (`feedback-log edit`) and reorganising services
# (`feedback-admin service rename|move|retire|merge|history`). Expected output is written by
# hand. November 2026 has no bank holiday in England: Mondays are the 2nd, 9th, 16th and 23rd.
. "$(dirname "$0")/lib.sh"
SECTIONS=(usage facts timescales personal refusals services)

DB="$WORK/council.db"
export FEEDBACK_TODAY=2026-11-22

# show_json REF EXPR: `field` of the case in $DB.
show_json() { field "$1" "$2" --db "$DB"; }

# The events of REF, after its first two (created, classified): kind|from|to|detail per line.
edits() {
  q "$DB" "SELECT e.kind, coalesce(e.from_value, '-'), coalesce(e.to_value, '-'),
             coalesce(t.body, '') FROM case_event e JOIN case_record c ON c.id = e.case_id
           LEFT JOIN event_text t ON t.id = e.text_id
           WHERE c.reference = '$1' AND e.kind NOT IN ('created', 'classified') ORDER BY e.id"
}

section_usage() {
  must_init_db "$DB"
  must_new "case" --db "$DB" --type complaint --channel email --service HWY --summary "Pothole" \
    --received 2026-11-02
  run "$LOG" --db "$DB" edit "$REF"
  expect_rc 64 "edit with nothing to change"
  expect_err_has "nothing to edit: give one or more of --service" "names what it takes"
  run "$LOG" --db "$DB" edit "$REF" --received 2026-13-01
  expect_rc 64 "a received date that is no date"
  expect_err_has "--received: not a date or date-time" "names the option"
  run "$LOG" --db "$DB" edit FB-2026-999999 --channel phone
  expect_rc 65 "an unknown case"
  expect_err "feedback-log: error: unknown case reference: FB-2026-999999" "names it"
  run "$LOG" --db "$WORK/missing.db" edit "$REF" --channel phone
  expect_rc 66 "a missing database"
  expect_eq "$(edits "$REF")" "" "nothing was recorded"
}

section_facts() {
  must_init_db "$DB"
  must "service WST" "$ADMIN" --db "$DB" service add WST --name Waste --directorate Environment
  must_new "case" --db "$DB" --type complaint --channel email --service HWY --summary "Pothole" \
    --received 2026-11-02
  # Received Monday 2 November: acknowledge by Thursday 5, respond by Monday 16.
  expect_eq "$(show_json "$REF" '[c["acknowledge_due"], c["respond_due"]]')" \
    '["2026-11-05", "2026-11-16"]' "deadlines before"
  run_tty "$LOG" --db "$DB" edit "$REF" --received 2026-11-09 --service WST --channel phone \
    --officer j.smith
  expect_rc 0 "edit received, service and channel"
  expect_out "" "edit prints nothing on stdout"
  expect_err "$REF: edited service, received, channel" "says what changed (at a terminal)"
  # From Monday 9: Thursday 12 and Monday 23.
  expect_eq "$(show_json "$REF" '[c["received"], c["stages"][0]["started"], c["acknowledge_due"], c["respond_due"]]')" \
    '["2026-11-09", "2026-11-09", "2026-11-12", "2026-11-23"]' "deadlines derived afresh"
  expect_eq "$(show_json "$REF" '[c["service"], c["channel"]]')" '["WST", "phone"]' "service, channel"
  expect_eq "$(edits "$REF")" "$(lines \
    "edited|HWY|WST|service" \
    "edited|2026-11-02|2026-11-09|received" \
    "edited|email|phone|channel")" "one event each, with old and new values"
  expect_eq "$(q "$DB" "SELECT DISTINCT officer || ' ' || on_date FROM case_event
                        WHERE kind = 'edited'")" "j.smith 2026-11-22" "by the officer, today"

  # The sponsor, and the type of contact (a reclassification).
  run "$LOG" --db "$DB" edit "$REF" --sponsor mp --type enquiry
  expect_rc 0 "edit sponsor and type"
  expect_eq "$(show_json "$REF" '[c["sponsor"], c["type"], c["respond_due"]]')" \
    '["mp", "enquiry", "2026-11-16"]' "an enquiry: 5 working days from Monday 9"
  expect_eq "$(edits "$REF" | tail -n 2)" "$(lines \
    "edited|-|mp|sponsor" \
    "reclassified|complaint|enquiry|type enquiry: as given by the officer; procedure enquiry: the policy's procedure for enquiry")" "sponsor and type recorded"

  # A received date-time in British Summer Time is taken in Europe/London.
  run "$LOG" --db "$DB" edit "$REF" --received 2026-10-24T23:30:00Z
  expect_rc 0 "edit received as a date-time"
  expect_eq "$(show_json "$REF" '[c["received"], c["received_at"]]')" \
    '["2026-10-25", "2026-10-24T23:30:00Z"]' "the London date (00:30 BST), the text as given"
}

# A service may override its procedure's timescales in the policy: a running first stage moved
# to it takes them, a stage responded to keeps its own.
section_timescales() {
  must_init_db "$DB"
  must "service WST" "$ADMIN" --db "$DB" service add WST --name Waste --directorate Environment
  must "export" "$ADMIN" --db "$DB" policy export "$WORK/policy.json"
  "$PY" - "$WORK/policy.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["service_overrides"] = [{"service": "WST", "procedure": "corporate", "stage": 1,
                           "respond_days": 4}]
json.dump(d, open(sys.argv[1], "w"))
PY
  must "import" "$ADMIN" --db "$DB" policy import "$WORK/policy.json"
  must_new "a" --db "$DB" --type complaint --channel email --service HWY --summary "Pothole" \
    --received 2026-11-02
  local a=$REF
  must_new "b" --db "$DB" --type complaint --channel email --service HWY --summary "Kerb" \
    --received 2026-11-02
  local b=$REF
  must "respond b" "$LOG" --db "$DB" respond "$b" --outcome upheld --on 2026-11-10
  run "$LOG" --db "$DB" edit "$a" --service WST
  expect_rc 0 "move a running case"
  # 4 working days from Monday 2 November: Friday 6 (10 under Highways: Monday 16).
  expect_eq "$(show_json "$a" '[c["respond_due"], c["stages"][0]["respond_days"]]')" \
    '["2026-11-06", 4]' "it takes the service's timescale"
  run "$LOG" --db "$DB" edit "$a" --service HWY
  expect_eq "$(show_json "$a" '[c["respond_due"], c["stages"][0]["respond_days"]]')" \
    '["2026-11-16", 10]' "and back"
  run "$LOG" --db "$DB" edit "$b" --service WST
  expect_rc 0 "move a case responded to"
  expect_eq "$(show_json "$b" '[c["stages"][0]["respond_days"]]')" '[10]' \
    "it keeps the timescale it was responded under"
}

section_personal() {
  must_init_db "$DB"
  must_new "case" --db "$DB" --type complaint --channel email --service HWY \
    --summary "Pothole outside 12 Elm Row" --received 2026-11-02 --name "Ann Smith" \
    --email ann@example.org
  run "$LOG" --db "$DB" edit "$REF" --name "Ann Smyth" --email "" --phone "01632 960000" \
    --preferred-format large-print --summary "Pothole outside 14 Elm Row" \
    --sponsor councillor --sponsor-name "Cllr Jones"
  expect_rc 0 "edit personal data"
  expect_eq "$(show_json "$REF" '[c["person"][k] for k in ("name", "email", "phone", "preferred_format")]')" \
    '["Ann Smyth", null, "01632 960000", "large-print"]' "the person changed"
  expect_eq "$(show_json "$REF" '[c["summary"], c["sponsor_name"]]')" \
    '["Pothole outside 14 Elm Row", "Cllr Jones"]' "summary and sponsor's name changed"
  expect_eq "$(edits "$REF")" "$(lines \
    "edited|-|-|summary (personal data: values not recorded)" \
    "edited|-|-|name (personal data: values not recorded)" \
    "edited|-|-|email (personal data: values not recorded)" \
    "edited|-|-|phone (personal data: values not recorded)" \
    "edited|-|-|preferred format (personal data: values not recorded)" \
    "edited|-|councillor|sponsor" \
    "edited|-|-|sponsor name (personal data: values not recorded)")" \
    "which fields changed, never their values"
  expect_eq "$(q "$DB" "SELECT count(*) FROM (SELECT lower(coalesce(e.from_value, '') || ' '
                          || coalesce(e.to_value, '') || ' ' || coalesce(t.body, '')) AS x
                          FROM case_event e LEFT JOIN event_text t ON t.id = e.text_id) a
                        WHERE x LIKE '%smith%' OR x LIKE '%smyth%' OR x LIKE '%elm row%'
                          OR x LIKE '%jones%' OR x LIKE '%example%'")" "0" \
    "no personal value in the trail"
  step "the audit trail still checks" "$ADMIN" --db "$DB" check
  run "$LOG" --db "$DB" edit "$REF" --sponsor none
  expect_rc 0 "remove the sponsor"
  expect_eq "$(show_json "$REF" '[c["sponsor"], c["sponsor_name"]]')" '[null, null]' \
    "no sponsor, no sponsor's name"
  # What an erasure removed is not set again; the facts may still be corrected.
  must "erase" "$ADMIN" --db "$DB" person erase --name "Ann Smyth" --reason "erasure request" --force
  run "$LOG" --db "$DB" edit "$REF" --name "Ann Smith"
  expect_rc 65 "personal data of an erased case"
  expect_err "feedback-log: error: case $REF: its personal data was redacted and cannot be set again" \
    "says why"
  run "$LOG" --db "$DB" edit "$REF" --summary "Pothole"
  expect_rc 65 "nor its summary"
  run "$LOG" --db "$DB" edit "$REF" --channel phone
  expect_rc 0 "its channel still corrected"
}

section_refusals() {
  must_init_db "$DB"
  must_new "case" --db "$DB" --type complaint --channel email --service HWY --summary "Pothole" \
    --received 2026-11-02
  must "ack" "$LOG" --db "$DB" ack "$REF" --on 2026-11-04
  copy_db "$DB" "$WORK/before.db"
  local before
  before=$(q "$DB" "SELECT count(*) FROM case_event")
  run "$LOG" --db "$DB" edit "$REF" --received 2026-11-05 --channel phone
  expect_rc 65 "received after the acknowledgement"
  expect_err "feedback-log: error: --received 2026-11-05: case $REF cannot be received after the acknowledgement on 2026-11-04" \
    "says why"
  run "$LOG" --db "$DB" edit "$REF" --received 2026-11-23
  expect_rc 65 "received after today"
  expect_err "feedback-log: error: --received 2026-11-23 is after today (2026-11-22)" "says so"
  run "$LOG" --db "$DB" edit "$REF" --service NOPE
  expect_rc 65 "unknown service"
  expect_err_has "unknown service 'NOPE' (known: ASC, CSC, HWY, SEN;" "names it and the known"
  run "$LOG" --db "$DB" edit "$REF" --channel pigeon
  expect_rc 65 "unknown channel"
  expect_err_has "pigeon" "names the channel"
  run "$LOG" --db "$DB" edit "$REF" --preferred-format scroll
  expect_rc 65 "unknown preferred format"
  run "$LOG" --db "$DB" edit "$REF" --sponsor-name "Cllr Jones"
  expect_rc 65 "a sponsor's name without a sponsor"
  expect_err "feedback-log: error: --sponsor-name: case $REF has no sponsor (give --sponsor councillor, mp or chief-executive)" \
    "says what is missing"
  run "$LOG" --db "$DB" edit "$REF" --channel email --service HWY
  expect_rc 65 "nothing would change"
  expect_err "feedback-log: error: case $REF: nothing to change (each value given is the case's already)" \
    "says so"
  run "$LOG" --db "$DB" edit "$REF" --summary "   "
  expect_rc 64 "an empty summary"
  expect_eq "$(q "$DB" "SELECT count(*) FROM case_event")" "$before" "no event recorded"
  expect_eq "$(q "$DB" "SELECT received, channel, service, summary FROM case_record")" \
    "2026-11-02|email|HWY|Pothole" "the case unchanged"
  # The same day as the acknowledgement is fine.
  run "$LOG" --db "$DB" edit "$REF" --received 2026-11-04
  expect_rc 0 "received on the day of the acknowledgement"
}

section_services() {
  must_init_db "$DB"
  must "service WST" "$ADMIN" --db "$DB" service add WST --name Waste --directorate Environment
  must_new "a" --db "$DB" --type complaint --channel email --service HWY --summary "Pothole" \
    --received 2026-11-02
  local a=$REF
  must_new "b" --db "$DB" --type enquiry --channel phone --service HWY --summary "Gritting" \
    --received 2026-11-03
  local b=$REF
  must_new "c" --db "$DB" --type complaint --channel web --service WST --summary "Bins" \
    --received 2026-11-04
  local c=$REF

  run_tty "$ADMIN" --db "$DB" service rename WST --name "Waste and recycling" --officer j.smith
  expect_rc 0 "rename"
  expect_err "service WST renamed Waste and recycling" "says so (at a terminal)"
  run "$ADMIN" --db "$DB" service move WST --directorate Place --officer j.smith
  expect_rc 0 "move"
  run "$ADMIN" --db "$DB" service move WST --directorate Place
  expect_rc 65 "move to where it is"
  expect_err "feedback-admin: error: service WST is in Place already" "says so"
  run "$ADMIN" --db "$DB" service rename NOPE --name X
  expect_rc 65 "rename an unknown service"

  run "$ADMIN" --db "$DB" service merge HWY --into WST --officer j.smith
  expect_rc 0 "merge"
  expect_out "2 cases moved from HWY to WST" "says how many cases moved"
  expect_eq "$(q "$DB" "SELECT reference, service FROM case_record ORDER BY id")" "$(lines \
    "$a|WST" "$b|WST" "$c|WST")" "every case of HWY moved"
  expect_eq "$(edits "$a")" "service-merged|HWY|WST|" "each moved case audited"
  expect_eq "$(edits "$c")" "" "a case of WST untouched"

  run "$ADMIN" --db "$DB" service list --format csv
  expect_eq "$(plain_out)" "$(lines "code,name,directorate,procedure" \
    "ASC,Adult social care,Adults,adults-statutory" \
    "CSC,Children's social care,Children,childrens-statutory" \
    "SEN,Special educational needs,Children,send" \
    "WST,Waste and recycling,Place,")" "a retired service is not listed"
  run "$ADMIN" --db "$DB" service list --all --format csv
  expect_eq "$(plain_out | grep -E '^(code|HWY|WST)')" "$(lines \
    "code,name,directorate,procedure,retired,merged into" \
    "HWY,Highways,Place,,2026-11-22,WST" \
    "WST,Waste and recycling,Place,,,")" "--all lists it, retired and where to"
  run "$ADMIN" --db "$DB" service history WST --format csv
  expect_eq "$(plain_out)" "$(lines "on,officer,change,from,to" \
    "2026-11-22,j.smith,renamed,Waste,Waste and recycling" \
    "2026-11-22,j.smith,moved,Environment,Place" \
    "2026-11-22,j.smith,merged,HWY,WST")" "the history of WST"

  run "$LOG" --db "$DB" new --type complaint --channel email --service HWY --summary "Kerb"
  expect_rc 65 "a retired service takes no new cases"
  expect_err "feedback-log: error: --service HWY: the service was retired on 2026-11-22 and takes no new cases (its cases moved to WST)" \
    "says where its cases went"
  run "$LOG" --db "$DB" edit "$c" --service HWY
  expect_rc 65 "nor a case moved to it"
  run "$ADMIN" --db "$DB" service merge WST --into HWY
  expect_rc 65 "merge into a retired service"
  run "$ADMIN" --db "$DB" service merge WST --into WST
  expect_rc 65 "merge into itself"

  # Retire: history kept, the cases still worked.
  run "$ADMIN" --db "$DB" service retire WST
  expect_rc 0 "retire"
  run "$ADMIN" --db "$DB" service retire WST
  expect_rc 65 "retire twice"
  expect_err "feedback-admin: error: service WST was retired on 2026-11-22 already" "says when"
  run "$LOG" --db "$DB" ack "$a" --on 2026-11-03
  expect_rc 0 "a case of a retired service is still worked"
  run "$LOG" --db "$DB" list --service WST --format csv
  expect_eq "$(plain_out | tail -n +2 | cut -d, -f1)" "$(lines "$a" "$b" "$c")" \
    "and still listed under it"
}

run_sections "$@"

# SPDX-License-Identifier: MIT
# End-to-end tests of the ready policies and the Complaint Handling Codes' paths: deadlines
# counted from the acknowledgement and the escalation request, extensions beyond the cap with a
# good reason, stage independence, the Ombudsman before a response and about a case never
# logged, sub-types and informal resolution. Dates are hand-checked (England and Wales).
# (Section bodies are not indented.)
. "$(dirname "$0")/lib.sh"
DB="$WORK/council.db"
SECTIONS=(presets lgsco ombudsman subtypes compliance)

section_presets() {
run "$ADMIN" --db "$DB" init;                                 expect_rc 0 "init"
run "$ADMIN" policy preset list
expect_rc 0 "preset list"
expect_out_has "lgsco-code-2026" "list names the LGSCO Code"
expect_out_has "housing-ombudsman-code-2024" "list names the Housing Ombudsman's Code"
run "$ADMIN" policy preset show lgsco-code-2026 --format json; expect_rc 0 "preset show json"
expect_out_has "within 10 working days of the acknowledgement" "the document names its sources"
run "$ADMIN" policy preset show nonesuch;                    expect_rc 64 "unknown preset"
expect_err_has "unknown preset 'nonesuch'" "unknown preset named"
run "$ADMIN" --db "$DB" policy preset apply lgsco-code-2026;  expect_rc 0 "apply"
expect_out "policy version 2 imported from preset lgsco-code-2026" "apply is a new version"
run "$ADMIN" --db "$DB" policy preset apply housing-ombudsman-code-2024
expect_rc 0 "apply the housing Code"
expect_eq "$(q "$DB" "SELECT respond_from FROM policy_stage WHERE version = 3 AND procedure = 'housing' ORDER BY stage")" \
  "$(printf 'acknowledgement\nacknowledgement')" "housing counts responses from the acknowledgement"
run "$ADMIN" --db "$WORK/missing.db" policy preset apply lgsco-code-2026
expect_rc 66 "apply to a missing database"
}

section_lgsco() {
export FEEDBACK_TODAY=2026-12-21
must "init" "$ADMIN" --db "$DB" init
must "apply" "$ADMIN" --db "$DB" policy preset apply lgsco-code-2026
must_new "complaint" --db "$DB" --type complaint --channel email --summary "Bins" \
  --received 2026-12-21
A=$REF
# Acknowledge within 5 working days of receipt (25 and 28 Dec are bank holidays): Wed 30 Dec;
# the response waits for the acknowledgement.
expect_eq "$(field "$A" 'c["acknowledge_due"]' --db "$DB")" "2026-12-30" "acknowledge by 30 Dec"
expect_eq "$(field "$A" 'c["respond_due"]' --db "$DB")" "null" "response waits"
expect_eq "$(field "$A" 'c["stages"][-1]["respond_after_acknowledgement_days"]' --db "$DB")" "10" \
  "after acknowledgement + 10"
run "$LOG" --db "$DB" show "$A"
expect_out_has "after acknowledgement + 10 working days" "show says what the response waits for"
must_new "late" --db "$DB" --type complaint --channel email --summary "Late" --received 2026-12-21
B=$REF
export FEEDBACK_TODAY=2026-12-22
step "ack early" "$LOG" --db "$DB" ack "$A" --on 2026-12-22
# 10 working days after Tue 22 Dec: Fri 8 Jan 2027.
expect_eq "$(field "$A" 'c["respond_due"]' --db "$DB")" "2027-01-08" "respond by 8 Jan"
export FEEDBACK_TODAY=2027-01-06
# Not acknowledged by its deadline: the response counts from 30 Dec: Thu 14 Jan 2027.
expect_eq "$(field "$B" 'c["respond_due"]' --db "$DB")" "2027-01-14" "late: from the deadline"
step "ack late" "$LOG" --db "$DB" ack "$B" --on 2027-01-05
expect_eq "$(field "$B" 'c["respond_due"]' --db "$DB")" "2027-01-14" "a late ack buys no time"
# Extensions: 10 within the Code's cap (8 Jan -> 22 Jan); 5 more need a good reason (-> 29 Jan).
run "$LOG" --db "$DB" extend "$A" --days 10 --reason "Site visit"
expect_rc 0 "extend within the cap";                           expect_out "2027-01-22" "22 Jan"
run "$LOG" --db "$DB" extend "$A" --days 5 --reason "Expert report"
expect_rc 65 "beyond the cap without a good reason"
expect_err_has "--good-reason" "the message says how"
run "$LOG" --db "$DB" extend "$A" --days 5 --reason "Expert report" \
  --good-reason "The structural engineer's report is not ready" --told-on 2027-01-06
expect_rc 0 "beyond the cap with a good reason";               expect_out "2027-01-29" "29 Jan"
expect_eq "$(q "$DB" "SELECT beyond_cap_reason, customer_told_on FROM case_extension WHERE days = 5")" \
  "The structural engineer's report is not ready|2027-01-06" "the good reason is recorded"
run "$LOG" --db "$DB" extend "$B" --days 3 --reason "x" --good-reason "y"
expect_rc 64 "a good reason within the cap is refused"
# Independence at stage 2.
step "respond stage 1" "$LOG" --db "$DB" respond "$A" --outcome not-upheld --officer alice \
  --on 2027-01-06
step "escalate" "$ESC" --db "$DB" "$A" --reason "Not satisfied" --on 2027-01-06
run "$LOG" --db "$DB" respond "$A" --outcome upheld --officer alice --on 2027-01-06
expect_rc 65 "the stage 1 responder cannot respond at stage 2"
expect_err_has "alice responded at stage 1" "names the earlier stage"
run "$LOG" --db "$DB" respond "$A" --outcome upheld --officer alice --on 2027-01-06 \
  --override-independence "Sole officer for this service"
expect_rc 0 "overridden with a reason"
expect_eq "$(q "$DB" "SELECT independence, independence_override FROM case_stage WHERE stage = 2")" \
  "overridden|Sole officer for this service" "the override is recorded"
unset FEEDBACK_TODAY
}

section_ombudsman() {
must "init" "$ADMIN" --db "$DB" init
must_new "complaint" --db "$DB" --type complaint --channel email --summary "No reply yet"
run "$ESC" --db "$DB" ombudsman "$REF" --their-ref 26-900-001
expect_rc 0 "the Ombudsman before a response"
expect_out_has "premature" "said to be premature"
expect_eq "$(q "$DB" "SELECT origin FROM ombudsman_case")" "premature" "recorded as premature"
run "$ESC" --db "$DB" ombudsman-enquiry --their-ref 26-900-002 --summary "Never logged" \
  --service nonesuch
expect_rc 65 "an unknown service is refused"
expect_eq "$(q "$DB" "SELECT count(*) FROM case_record")" "1" "and nothing is logged"
run "$ESC" --db "$DB" ombudsman-enquiry --their-ref 26-900-002 --summary "Never logged"
expect_rc 0 "a case the council never logged"
N=$OUT
expect_eq "$(q "$DB" "SELECT o.origin, o.their_ref FROM ombudsman_case o JOIN case_record c ON c.id = o.case_id WHERE c.reference = '$N'")" \
  "not-logged|26-900-002" "recorded as not logged"
run "$ESC" --db "$DB" "$REF" --reason "x";                    expect_rc 65 "no escalation while with the Ombudsman"
}

section_subtypes() {
must "init" "$ADMIN" --db "$DB" init
"$ADMIN" --db "$DB" policy export "$WORK/p.json" >/dev/null
"$PY" - "$WORK/p.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["types"]["service-request"]["respond_days"] = 10
d["types"]["service-request"]["subtypes"] = {
  "missed-bin": {"name": "Missed bin collection", "acknowledge_days": None, "respond_days": 2,
                 "target_percent": 95, "retired": False},
  "pothole": {"name": "Pothole", "acknowledge_days": None, "respond_days": 5,
              "target_percent": 90, "retired": True}}
d["procedures"]["corporate"]["informal"] = {"respond_days": 3}
json.dump(d, open(sys.argv[1], "w"), indent=2)
PY
step "import" "$ADMIN" --db "$DB" policy import "$WORK/p.json"
# Received Mon 2 Nov 2026: a missed bin within 2 working days, Wed 4 Nov.
new_case "missed bin" --db "$DB" --type service-request --subtype missed-bin --channel web \
  --summary "Bin not emptied" --received 2026-11-02
expect_eq "$(field "$REF" 'c["respond_due"]' --db "$DB")" "2026-11-04" "the sub-type's standard"
run "$LOG" --db "$DB" new --type service-request --subtype pothole --channel web --summary x
expect_rc 65 "a retired sub-type";              expect_err_has "retired sub-type 'pothole'" "named"
run "$LOG" --db "$DB" new --type service-request --subtype flytip --channel web --summary x
expect_rc 65 "an unknown sub-type";             expect_err_has "missed-bin" "the usable ones listed"
# Informal resolution: 3 working days (Thu 5 Nov), then stage 1 the day the customer asks.
new_case "informal" --db "$DB" --type complaint --informal --channel phone --summary "Noise" \
  --received 2026-11-02
I=$REF
expect_eq "$(field "$I" 'c["stage"]' --db "$DB")" "0" "starts at informal resolution"
expect_eq "$(field "$I" 'c["respond_due"]' --db "$DB")" "2026-11-05" "its own timescale"
step "resolved informally" "$LOG" --db "$DB" resolve-informally "$I" --on 2026-11-03
step "wants the formal procedure" "$ESC" --db "$DB" "$I" --reason "Still noisy" --on 2026-11-09
expect_eq "$(field "$I" 'c["stage"]' --db "$DB")" "1" "stage 1 starts"
# Stage 1 from Mon 9 Nov under the defaults: respond within 10 working days, Mon 23 Nov.
expect_eq "$(field "$I" 'c["respond_due"]' --db "$DB")" "2026-11-23" "counted from the request"
}


# feedback-report code-compliance on four complaints under the LGSCO Code, figures counted by
# hand: corporate stage 1 has 4 responses (A, B, C, D), 2 extended (A 10+5 days beyond the cap of
# 10 with a good reason; C 5 days), 2 escalated (A, B), 1 taken to the Ombudsman (A); stage 2 has
# 2 responses, both independent: B's kept (carol after bob), A's overridden (alice twice).
# Stage 2 was never acknowledged: each response stands for it, late (B escalated Fri 8 Jan, due
# Fri 15 Jan, answered 25 Jan; A escalated Wed 20 Jan, due Wed 27 Jan, answered 1 Feb).
section_compliance() {
export FEEDBACK_TODAY=2027-01-04
must_init_db "$DB"
must "apply" "$ADMIN" --db "$DB" policy preset apply lgsco-code-2026
for who in A B C D; do
  must_new "$who" --db "$DB" --type complaint --channel email --service HWY --summary "Case $who" \
    --received 2027-01-04
  eval "$who=\$REF"
  must "ack $who" "$LOG" --db "$DB" ack "$REF" --on 2027-01-04
done
export FEEDBACK_TODAY=2027-01-08
must "B stage 1" "$LOG" --db "$DB" respond "$B" --outcome upheld --officer bob --on 2027-01-08
must "B escalates" "$ESC" --db "$DB" "$B" --reason "Wants more" --on 2027-01-08
must "extend A" "$LOG" --db "$DB" extend "$A" --days 10 --reason "Site visit"
must "extend A beyond the cap" "$LOG" --db "$DB" extend "$A" --days 5 --reason "Report" \
  --good-reason "The engineer's report is late" --told-on 2027-01-08
must "extend C" "$LOG" --db "$DB" extend "$C" --days 5 --reason "Site visit"
export FEEDBACK_TODAY=2027-01-20
must "D stage 1" "$LOG" --db "$DB" respond "$D" --outcome not-upheld --officer dave --on 2027-01-11
must "C stage 1" "$LOG" --db "$DB" respond "$C" --outcome partially-upheld --officer carol \
  --on 2027-01-15
must "A stage 1" "$LOG" --db "$DB" respond "$A" --outcome not-upheld --officer alice --on 2027-01-20
must "A escalates" "$ESC" --db "$DB" "$A" --reason "Not satisfied" --on 2027-01-20
export FEEDBACK_TODAY=2027-02-10
must "B stage 2" "$LOG" --db "$DB" respond "$B" --outcome upheld --officer carol --on 2027-01-25
must "A stage 2" "$LOG" --db "$DB" respond "$A" --outcome not-upheld --officer alice \
  --on 2027-02-01 --override-independence "Sole officer for this service"
must "A to the Ombudsman" "$ESC" --db "$DB" ombudsman "$A" --their-ref 27-000-001 --on 2027-02-10
run "$REPORT" --db "$DB" code-compliance --quarter 2026/27-Q4 --as-of 2027-03-31 --format csv \
  --section code_stages
expect_rc 0 "code-compliance by stage"
expect_eq "$(printf '%s\n' "$OUT" | tr -d '\r' | sed -n '1p;2p;3p')" \
"period_from,period_to,procedure,stage,responses,extended,extended_pct,beyond_cap,independent,independence_kept,independence_overridden,independence_unchecked,escalated,escalated_pct,ombudsman,ombudsman_pct
2027-01-01,2027-03-31,corporate,1,4,2,50.00,1,0,0,0,0,2,50.00,1,25.00
2027-01-01,2027-03-31,corporate,2,2,0,0.00,0,2,1,1,0,0,0.00,1,50.00" "figures by stage"
run "$REPORT" --db "$DB" code-compliance --quarter 2026/27-Q4 --as-of 2027-03-31 --format csv \
  --section code_stages_by_service
expect_rc 0 "code-compliance by service"
expect_out_has "2027-01-01,2027-03-31,HWY,6,2,33.33,1,2,1,1,0,2,33.33,2,33.33" "figures by service"
run "$REPORT" --db "$DB" code-compliance --quarter 2026/27-Q4 --as-of 2027-03-31 --format json
expect_rc 0 "code-compliance as JSON"
expect_eq "$(printf '%s' "$OUT" | "$PY" -c 'import json,sys; print(" ".join(json.load(sys.stdin)))')" \
  "code_timescales code_timescales_by_service code_stages code_stages_by_service code_ombudsman_summary code_ombudsman_remedies code_learning" \
  "the sections, in order"
expect_eq "$(printf '%s' "$OUT" | "$PY" -c '
import json, sys
d = json.load(sys.stdin)
print([(r["stage"], r["measure"], r["total"], r["in_time"]) for r in d["code_timescales"]
       if r["procedure"] == "corporate"])')" \
  "[(1, 'response', 4, 4), (1, 'acknowledgement', 4, 4), (2, 'response', 2, 2), (2, 'acknowledgement', 2, 0)]" \
  "timescales are the timeliness report's"
run "$REPORT" --db "$DB" code-compliance --quarter 2026/27-Q4 --by service
expect_rc 64 "code-compliance takes no --by"
run "$REPORT" --db "$DB" code-compliance --quarter 2026/27-Q4 --service NOPE
expect_rc 64 "an unknown service is refused"
unset FEEDBACK_TODAY
}

run_sections "$@"

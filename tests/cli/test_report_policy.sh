# SPDX-License-Identifier: MIT
# End-to-end tests of the reports under a council's own policy: a procedure, a channel, a
# sub-type and tags the council added appear in the reports with the names it gave them, and the
# reports group by sub-type and by tag. Counts are hand-checked.
# (Section bodies are not indented.)
. "$(dirname "$0")/lib.sh"
DB="$WORK/council.db"
SECTIONS=(vocabulary)

report_csv() {
  run "$REPORT" --db "$DB" "$@" --format csv --as-of 2026-03-31
  OUT=$(printf '%s' "$OUT" | tr -d '\r')
}

section_vocabulary() {
export FEEDBACK_TODAY=2025-06-02
must "init" "$ADMIN" --db "$DB" init
"$ADMIN" --db "$DB" policy export "$WORK/p.json" >/dev/null
"$PY" - "$WORK/p.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
stage = lambda n, name, nxt: {
  "stage": n, "name": name, "acknowledge_days": 3, "acknowledge_from": "request",
  "respond_days": 10, "respond_from": "request", "max_extension_days": 10,
  "extension_beyond_cap": False, "independent": False, "retired": False, "next": nxt}
d["procedures"]["planning"] = {
  "name": "Planning enforcement", "target_percent": 90, "escalation_window_days": 20,
  "informal": None, "retired": False,
  "stages": [stage(1, "Planning review", {"procedure": "planning", "stage": 2}),
             stage(2, "Planning appeal", {"procedure": "planning", "stage": 3}),
             stage(3, "Planning panel", "ombudsman")]}
d["types"]["service-request"]["subtypes"] = {
  "missed-bin": {"name": "Missed bin collection", "acknowledge_days": None, "respond_days": 2,
                 "target_percent": 95, "retired": False}}
d["vocabularies"]["channels"].append(
  {"code": "app", "name": "Council app", "digital": True, "retired": False})
d["vocabularies"]["tags"] = [
  {"code": "fees", "name": "Fees and charges", "retired": False},
  {"code": "objection", "name": "Objection to a decision", "retired": False}]
json.dump(d, open(sys.argv[1], "w"), indent=2)
PY
step "import" "$ADMIN" --db "$DB" policy import "$WORK/p.json"

# Five cases received on Mon 2 Jun 2025: P1 and P2 under planning, C under corporate, S1 a
# missed bin, S2 a service request without a sub-type. Tags: P1 fees and objection, P2
# objection; the others none.
new_case "P1" --db "$DB" --type complaint --procedure planning --channel app --tag fees,objection \
  --summary "Enforcement fee" --received 2025-06-02
P1=$REF
new_case "P2" --db "$DB" --type complaint --procedure planning --channel web --tag objection \
  --summary "Extension refused" --received 2025-06-02
new_case "C" --db "$DB" --type complaint --channel phone --summary "Rude reply" \
  --received 2025-06-02
new_case "S1" --db "$DB" --type service-request --subtype missed-bin --channel web \
  --summary "Bin not emptied" --received 2025-06-02
new_case "S2" --db "$DB" --type service-request --channel email --summary "New bin" \
  --received 2025-06-02
# P1 through all three planning stages.
export FEEDBACK_TODAY=2025-06-20
step "P1 stage 1" "$LOG" --db "$DB" respond "$P1" --outcome not-upheld --on 2025-06-03
step "P1 to stage 2" "$ESC" --db "$DB" "$P1" --reason "Still unhappy" --on 2025-06-04
step "P1 stage 2" "$LOG" --db "$DB" respond "$P1" --outcome not-upheld --on 2025-06-05
step "P1 to stage 3" "$ESC" --db "$DB" "$P1" --reason "To the panel" --on 2025-06-06
expect_eq "$(field "$P1" 'c["procedure"], c["stage"]' --db "$DB")" "('planning', 3)" \
  "P1 at planning stage 3"
step "P1 stage 3" "$LOG" --db "$DB" respond "$P1" --outcome upheld --on 2025-06-09

# By procedure (of the first stage): planning P1 P2, corporate C; the service requests none.
report_csv volumes --year 2025/26 --by procedure
expect_rc 0 "volumes by procedure"
expect_out_has "2025-04-01,2026-03-31,planning,2," "planning: P1 and P2"
expect_out_has "2025-04-01,2026-03-31,corporate,1," "corporate: C"
run "$REPORT" --db "$DB" volumes --year 2025/26 --by procedure --as-of 2026-03-31
expect_out_has "Planning enforcement" "people see the procedure's name"

# Stages started: planning 1, 2 and 3 once each for P1, stage 1 for P2.
report_csv volumes --year 2025/26 --by stage
expect_out_has "2025-04-01,2026-03-31,planning,1,2," "planning stage 1 twice"
expect_out_has "2025-04-01,2026-03-31,planning,3,1," "planning stage 3 once"
report_csv timeliness --year 2025/26 --by stage
expect_rc 0 "timeliness by stage"
expect_out_has "2025-04-01,2026-03-31,planning,3,response,1,1,100.00," \
  "planning stage 3 responded to in time"

# A council's channel, digital: P1 alone.
report_csv volumes --year 2025/26 --by channel
expect_out_has "2025-04-01,2026-03-31,app,true,1," "the council's channel, digital"
report_csv volumes --year 2025/26 --channel digital --by type
# Digital: app P1, web P2 S1, email S2; phone C is not.
expect_out_has "2025-04-01,2026-03-31,complaint,2," "digital complaints: P1 P2"
expect_out_has "2025-04-01,2026-03-31,service-request,2," "digital requests: S1 S2"
run "$REPORT" --db "$DB" volumes --year 2025/26 --by channel --as-of 2026-03-31
expect_out_has "Council app" "people see the channel's name"

# By sub-type: S1 a missed bin; the other four have none.
report_csv volumes --year 2025/26 --by sub-type
expect_rc 0 "volumes by sub-type"
expect_out_has "2025-04-01,2026-03-31,missed-bin,1," "one missed bin"
expect_out_has "2025-04-01,2026-03-31,,4," "four without a sub-type"
run "$REPORT" --db "$DB" volumes --year 2025/26 --by sub-type --as-of 2026-03-31
expect_out_has "Missed bin collection" "people see the sub-type's name"
expect_out_has "(none)" "and (none) for the cases without one"

# By tag: a case counts once under each of its tags: fees P1; objection P1 P2; none C S1 S2.
report_csv volumes --year 2025/26 --by tag
expect_rc 0 "volumes by tag"
expect_out_has "2025-04-01,2026-03-31,fees,1," "fees: P1"
expect_out_has "2025-04-01,2026-03-31,objection,2," "objection: P1 and P2"
expect_out_has "2025-04-01,2026-03-31,,3," "three untagged"
report_csv volumes --year 2025/26 --by tag,type
expect_out_has "2025-04-01,2026-03-31,objection,complaint,2," "objections are complaints"
run "$REPORT" --db "$DB" volumes --year 2025/26 --by tag --as-of 2026-03-31
expect_out_has "Objection to a decision" "people see the tag's name"
report_csv outcomes --year 2025/26 --by tag --section outcomes_by_tag
expect_rc 0 "outcomes by tag"
# P1's three responses (not upheld, not upheld, upheld) under each of its two tags.
expect_out_has "2025-04-01,2026-03-31,fees,3,1,33.33,0,0.00,2,66.67" "fees: P1's responses"
expect_out_has "2025-04-01,2026-03-31,objection,3,1,33.33,0,0.00,2,66.67" "objection: the same"
# Every table for people uses the policy's names, not only volumes' (the data keeps the codes).
run "$REPORT" --db "$DB" outcomes --year 2025/26 --by tag --section outcomes_by_tag \
  --as-of 2026-03-31
expect_out_has "Fees and charges" "outcomes by tag: the tag's name"
run "$REPORT" --db "$DB" outcomes --year 2025/26 --by channel --section outcomes_by_channel \
  --as-of 2026-03-31
expect_out_has "Council app" "outcomes by channel (a table with totals): the channel's name"
run "$REPORT" --db "$DB" timeliness --year 2025/26 --as-of 2026-03-31
expect_out_has "Planning enforcement" "timeliness: the procedure's name"
run "$REPORT" --db "$DB" code-compliance --year 2025/26 --as-of 2026-03-31 --format markdown
expect_out_has "| Planning enforcement |" "code-compliance: the procedure's name"
# The annual page's channel chart: the council's digital channel is marked, by its name.
run "$REPORT" --db "$DB" annual --year 2025/26 --as-of 2026-03-31 --format html
expect_out_has "the digital channels are Web form, Email" "the chart names the policy's digital channels"
expect_out_has ">Council app<" "the chart labels a channel by its name"
}

run_sections "$@"

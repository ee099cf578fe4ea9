# SPDX-License-Identifier: MIT
# End-to-end tests of the members' view (list --sponsor, feedback-escalate member-digest),
# contact restrictions and campaigns, on real temporary databases. Dates are hand-computed on
# the England and Wales calendar (November 2026 has no bank holiday): a corporate complaint
# received on Mon 2 Nov is to be acknowledged by Thu 5 Nov (3 working days) and answered by
# Mon 16 Nov (10); one received on Tue 3 Nov by Tue 17 Nov.
# (Section bodies are not indented: some hold here-documents.)
. "$(dirname "$0")/lib.sh"
SECTIONS=(sponsors digest restrictions restrictions_json campaigns campaign_reports)

# members_db DB: cases A to F of the members' sections (their references in $A..$F).
#   A  Cllr Ann Jones (councillor), 2 Nov, not acknowledged; sponsor updated on 6 Nov
#   B  Jo Smith MP (mp), 2 Nov, not acknowledged
#   C  "cllr ann jones" (councillor, another spelling), 3 Nov, acknowledged 4 Nov
#   D  no sponsor
#   E  an unnamed councillor, 2 Nov, on hold from 4 Nov
#   F  Cllr Ann Jones, 2 Nov, withdrawn on 4 Nov (closed: in no digest)
members_db() {
  local db=$1
  must_init_db "$db"
  export FEEDBACK_TODAY=2026-11-02
  must_new A --db "$db" --type complaint --channel email --service HWY --owner alice \
    --summary "Pothole on Elm Row" --sponsor councillor --sponsor-name "Cllr Ann Jones"
  A=$REF
  must_new B --db "$db" --type complaint --channel letter --service HWY --owner bob \
    --summary "Street light out" --sponsor mp --sponsor-name "Jo Smith MP"
  B=$REF
  export FEEDBACK_TODAY=2026-11-03
  must_new C --db "$db" --type complaint --channel email --service HWY --owner alice \
    --summary "Gully blocked" --sponsor councillor --sponsor-name "cllr ann jones"
  C=$REF
  must_new D --db "$db" --type complaint --channel web --service HWY --summary "Not sponsored"
  D=$REF
  export FEEDBACK_TODAY=2026-11-02
  must_new E --db "$db" --type complaint --channel phone --service HWY --summary "Verge" \
    --sponsor councillor
  E=$REF
  must_new F --db "$db" --type complaint --channel web --service HWY --summary "Withdrawn" \
    --sponsor councillor --sponsor-name "Cllr Ann Jones"
  F=$REF
  export FEEDBACK_TODAY=2026-11-04
  must "ack C" "$LOG" --db "$db" ack "$C"
  must "hold E" "$LOG" --db "$db" hold "$E" --reason "waiting for photographs"
  must "withdraw F" "$LOG" --db "$db" withdraw "$F"
  export FEEDBACK_TODAY=2026-11-06
  must "sponsor-update A" "$LOG" --db "$db" sponsor-update "$A"
  export FEEDBACK_TODAY=2026-11-09
}

section_sponsors() {
# ==== list --sponsor NAME|KIND ====
DB="$WORK/m.db"
members_db "$DB"
refs() { run "$LOG" --db "$DB" list --format csv "$@"; plain_out | tail -n +2 | cut -d, -f1 | tr '\n' ' '; }
expect_eq "$(refs --sponsor councillor --all)" "$A $E $F $C " "--sponsor councillor --all: every councillor's case, by date received"
expect_eq "$(refs --sponsor councillor)" "$A $E $C " "--sponsor councillor: the open ones (F was withdrawn)"
expect_eq "$(refs --sponsor mp)" "$B " "--sponsor mp"
expect_eq "$(refs --sponsor chief-executive)" "" "--sponsor chief-executive: none"
expect_eq "$(refs --sponsor "CLLR ANN JONES" --all)" "$A $F $C " "--sponsor NAME ignores case"
expect_eq "$(refs --sponsor "Cllr Ann Jones" --open)" "$A $C " "--sponsor with --open"
expect_eq "$(refs --sponsor "Jo Smith")" "" "a name matches whole, not in part"
run "$LOG" --db "$DB" list --sponsor "  ";     expect_rc 64 "a blank --sponsor"
expect_err_has "--sponsor" "the option is named"
}

section_digest() {
# ==== feedback-escalate member-digest ====
DB="$WORK/m.db"
members_db "$DB"
run "$ESC" --db "$DB" member-digest
expect_rc 0 "digest"
expect_out "$(lines \
"Cllr Ann Jones (councillor): 2 cases" \
"reference       service  status  stage        next         due         over  sponsor updated" \
"$A  HWY      open    corporate 1  acknowledge  2026-11-05     2  2026-11-06" \
"$C  HWY      open    corporate 1  respond      2026-11-17    -6  never" \
"" \
"Jo Smith MP (mp): 1 case" \
"reference       service  status  stage        next         due         over  sponsor updated" \
"$B  HWY      open    corporate 1  acknowledge  2026-11-05     2  never" \
"" \
"unnamed councillor: 1 case" \
"reference       service  status  stage        next         due         over  sponsor updated" \
"$E  HWY      open    corporate 1  acknowledge  2026-11-05  held  never")" "the digest table"

run "$ESC" --db "$DB" member-digest --format csv
expect_rc 0 "digest csv"
expect_eq "$(plain_out)" "$(lines \
"member,kind,reference,service,owner,status,procedure,stage,next_deadline,due,working_days_overdue,on_hold,sponsor_updated" \
"Cllr Ann Jones,councillor,$A,HWY,alice,open,corporate,1,acknowledge,2026-11-05,2,no,2026-11-06" \
"Cllr Ann Jones,councillor,$C,HWY,alice,open,corporate,1,respond,2026-11-17,-6,no," \
"Jo Smith MP,mp,$B,HWY,bob,open,corporate,1,acknowledge,2026-11-05,2,no," \
",councillor,$E,HWY,,open,corporate,1,acknowledge,2026-11-05,,yes,")" "the digest as CSV"

run "$ESC" --db "$DB" member-digest --format markdown --as-of 2026-11-05
expect_rc 0 "digest markdown"
expect_out_has "| Cllr Ann Jones | councillor | $A | HWY | alice | open | corporate | 1 | acknowledge | 2026-11-05 | 0 | no | 2026-11-06 |" \
  "markdown: due today is 0 working days overdue"

run "$ESC" --db "$DB" member-digest --split-dir "$WORK/digest" --format markdown
expect_rc 0 "digest --split-dir"
expect_out "$(lines "$WORK/digest/Cllr_Ann_Jones__councillor_.md" "$WORK/digest/Jo_Smith_MP__mp_.md" \
  "$WORK/digest/unnamed_councillor.md")" "one file per member, named after them"
expect_eq "$(grep -c "^| " "$WORK/digest/Cllr_Ann_Jones__councillor_.md")" "4" \
  "the member's file: header, rule and their two cases"
if grep -q "$B" "$WORK/digest/Cllr_Ann_Jones__councillor_.md"; then
  bad "another member's case in the file"; else ok; fi

EMPTY="$WORK/empty.db"
must_init_db "$EMPTY"
run "$ESC" --db "$EMPTY" member-digest;     expect_rc 0 "an empty digest"
expect_out "" "an empty digest prints nothing (cron mails nothing)"
run "$ESC" --db "$WORK/missing.db" member-digest; expect_rc 66 "digest: missing database"
run "$ESC" --db "$DB" member-digest --format xml; expect_rc 64 "digest: bad --format"
run "$ESC" --db "$DB" member-digest --as-of 2026-02-30; expect_rc 64 "digest: bad --as-of"
}

section_restrictions() {
# ==== contact restrictions ====
DB="$WORK/r.db"
must_init_db "$DB"
export FEEDBACK_TODAY=2026-11-02
must_new R1 --db "$DB" --type complaint --channel phone --service HWY --summary "First" \
  --name "Pat Persistent" --email "Pat@Example.org" --address "1 Elm Row, Ashbury, AB1 2CD"
R1=$REF
must_new R2 --db "$DB" --type complaint --channel email --service HWY --summary "Second" \
  --name "P. Persistent" --email "pat@example.org"
R2=$REF
must_new R3 --db "$DB" --type complaint --channel email --service HWY --summary "Someone else" \
  --name "Sam Other" --email "sam@example.org"
R3=$REF
export FEEDBACK_TODAY=2026-11-09
run "$LOG" --db "$DB" restrict add --officer carol --email "PAT@example.org " --reason "42 calls in a week" \
  --restricts "phone contact; write to the complaints team only" --review 2027-02-09
expect_rc 0 "restrict add"
expect_out "restriction #1: 2 cases of this person: $R1, $R2" "the restriction and the cases it covers"
run "$LOG" --db "$DB" show "$R2"
expect_out_has "CONTACT RESTRICTED (#1, since 2026-11-09, review 2027-02-09): phone contact; write to the complaints team only. Reason: 42 calls in a week" \
  "show names the restriction"
run "$LOG" --db "$DB" show "$R3"
case "$OUT" in *RESTRICTED*) bad "another person's case shows the restriction" ;; *) ok ;; esac
# A case logged after the restriction is covered too.
must_new R4 --db "$DB" --type complaint --channel web --service HWY --summary "Third" --email "pat@example.org"
R4=$REF
run "$LOG" --db "$DB" show "$R4"
expect_out_has "CONTACT RESTRICTED (#1," "a later case of the person shows it"

before=$(q "$DB" "SELECT count(*) FROM contact_restriction")
run "$LOG" --db "$DB" restrict add --email pat@example.org --reason " " --restricts x --review 2027-01-01
expect_rc 65 "a blank reason"
expect_err_has "--reason" "the blank field is named"
run "$LOG" --db "$DB" restrict add --email pat@example.org --reason x --restricts x --review 2026-11-09
expect_rc 65 "a review not after the day decided"
expect_err_has "2026-11-09" "the review day is named"
run "$LOG" --db "$DB" restrict add --reason x --restricts x --review 2027-01-01
expect_rc 64 "no one named"
run "$LOG" --db "$DB" restrict add --postcode NOPE --reason x --restricts x --review 2027-01-01
expect_rc 64 "a postcode that is not one"
run "$LOG" --db "$DB" restrict add --email a@b --reason x --restricts x --review 2027-13-01
expect_rc 64 "a bad --review date"
expect_eq "$(q "$DB" "SELECT count(*) FROM contact_restriction")" "$before" "refusals change nothing"

# A second restriction, by name and postcode, due for review sooner.
run "$LOG" --db "$DB" restrict add --officer carol --name "pat  persistent" --postcode "ab12cd" \
  --reason "abusive letters" --restricts "letters read by a manager" --review 2026-11-20
expect_rc 0 "restrict add by name and postcode"
expect_out "restriction #2: 1 case of this person: $R1" "name and postcode both match only R1"

run "$LOG" --db "$DB" restrict list --format csv
expect_eq "$(plain_out)" "$(lines \
"id,who,restricts,reason,review_on,made_on,made_by,ended_on" \
"1,email: pat@example.org,phone contact; write to the complaints team only,42 calls in a week,2027-02-09,2026-11-09,carol,"  \
"2,name: pat persistent; postcode: AB12CD,letters read by a manager,abusive letters,2026-11-20,2026-11-09,carol,")" \
  "restrict list"

# The nightly run lists those due for review.
export FEEDBACK_TODAY=2026-11-20
run "$ESC" --db "$DB" run --dry-run
expect_rc 0 "nightly run"
expect_out_has "contact restrictions due for review by 2026-11-20:" "the run lists restrictions due"
case "$OUT" in *"letters read by a manager"*) ok ;; *) bad "restriction #2 is listed as due: [$OUT]" ;; esac
case "$OUT" in *"42 calls"*) bad "restriction #1 is not due yet" ;; *) ok ;; esac
run "$ESC" --db "$DB" run --dry-run --format csv
expect_err_has "1 contact restriction due for review" "with CSV, a notice on stderr"
case "$OUT" in *"letters read"*) bad "the CSV of steps holds no restriction" ;; *) ok ;; esac

run "$LOG" --db "$DB" restrict review 2 --next 2027-05-20
expect_rc 0 "restrict review"
run "$ESC" --db "$DB" run --dry-run
case "$OUT" in *"contact restrictions"*) bad "a reviewed restriction is not due: [$OUT]" ;; *) ok ;; esac
run "$LOG" --db "$DB" restrict end 1 --reason "behaviour improved"
expect_rc 0 "restrict end"
run "$LOG" --db "$DB" show "$R2"
case "$OUT" in *RESTRICTED*) bad "an ended restriction still shows" ;; *) ok ;; esac
run "$LOG" --db "$DB" restrict end 1 --reason again
expect_rc 65 "ending an ended restriction"
expect_err "feedback-log: error: contact restriction #1 ended on 2026-11-20" "the refusal says when it ended"
run "$LOG" --db "$DB" restrict review 9 --next 2027-01-01
expect_rc 65 "an unknown restriction"
expect_err "feedback-log: error: no contact restriction #9" "the unknown id is named"
run "$LOG" --db "$DB" restrict list --all --format csv
expect_eq "$(plain_out | cut -d, -f1,5,8 | tr '\n' ' ')" "id,review_on,ended_on 1,2027-02-09,2026-11-20 2,2027-05-20, " \
  "list --all: the review moved, the end recorded"

# An erasure deletes the restrictions naming the person (they are personal data), ended or not:
# both of Pat's match R1's details (#1 by email, #2 by name and postcode).
run "$ADMIN" --db "$DB" person erase --email pat@example.org --reason "Erasure request 17" --force
expect_rc 0 "person erase"
expect_out_has "deleted 2 contact restrictions naming the person" "the restrictions are deleted"
expect_eq "$(q "$DB" "SELECT count(*) FROM contact_restriction")" "0" "none left"
}

# The machine output carries the restrictions the human output prints: show --format json those
# on the case's person (after "person", without repeating who), the nightly run's JSON those due
# for review (as `restrict list` writes them).
section_restrictions_json() {
DB="$WORK/j.db"
must_init_db "$DB"
export FEEDBACK_TODAY=2026-11-02
must_new R1 --db "$DB" --type complaint --channel phone --service HWY --summary "First" \
  --name "Pat Persistent" --email "pat@example.org"
R1=$REF
must_new R2 --db "$DB" --type complaint --channel phone --service HWY --summary "Other" \
  --name "Sam Other" --email "sam@example.org"
R2=$REF
export FEEDBACK_TODAY=2026-11-09
must "restrict" "$LOG" --db "$DB" restrict add --officer carol --email pat@example.org \
  --reason "42 calls in a week" --restricts "phone contact" --review 2026-11-20
run "$LOG" --db "$DB" show "$R1" --format json --as-of 2026-11-23
expect_rc 0 "show json"
expect_eq "$(printf '%s' "$OUT" | "$PY" -c '
import json, sys
j = json.load(sys.stdin)
keys = list(j)
print(keys[keys.index("person") + 1])
print(json.dumps(j["contact_restrictions"]))')" "$(lines "contact_restrictions" \
'[{"id": 1, "made_on": "2026-11-09", "review_on": "2026-11-20", "review_overdue": true, "restricts": "phone contact", "reason": "42 calls in a week"}]')" \
  "show json: the restriction after the person, its review overdue on 23 Nov"
run "$LOG" --db "$DB" show "$R2" --format json
expect_eq "$(printf '%s' "$OUT" | "$PY" -c 'import json, sys; print(json.load(sys.stdin)["contact_restrictions"])')" \
  "[]" "show json: none on another person's case"
export FEEDBACK_TODAY=2026-11-20
run "$ESC" --db "$DB" run --dry-run --format json
expect_rc 0 "run json"
expect_eq "$(printf '%s' "$OUT" | "$PY" -c '
import json, sys
j = json.load(sys.stdin)
print(list(j), len(j["steps"]) > 0)
print(json.dumps(j["restrictions_due"]))')" "$(lines "['steps', 'restrictions_due'] True" \
'[{"id": 1, "who": "email: pat@example.org", "restricts": "phone contact", "reason": "42 calls in a week", "review_on": "2026-11-20", "made_on": "2026-11-09", "made_by": "carol", "ended_on": null}]')" \
  "run json: the steps and the restriction due"
case "$ERR" in *"due for review"*) bad "a notice on stderr: the document holds them [$ERR]" ;; *) ok ;; esac
unset FEEDBACK_TODAY
}

# Campaigns: four near-identical complaints about a library closure among others; detect proposes
# them (word pairs: "now!" and a missing last word still share most), create and add group them,
# one respond answers those still awaiting a response, all in one go.
section_campaigns() {
DB="$WORK/c.db"
must_init_db "$DB"
export FEEDBACK_TODAY=2026-11-09
for s in "Please stop the closure of Elm Park library now" \
         "Please stop the closure of Elm Park library now!" \
         "please stop the closure of Elm Park library" \
         "Pothole on Oak Road outside number 4"; do
  must_new "$s" --db "$DB" --type complaint --channel email --service HWY --summary "$s" \
    --received 2026-11-05
done
must_new "later" --db "$DB" --type complaint --channel web --service HWY \
  --summary "Please stop the closure of Elm Park library now" --received 2026-11-06
run "$LOG" --db "$DB" campaign detect --format csv
expect_rc 0 "detect"
expect_eq "$(plain_out)" "$(lines \
"group,reference,service,received,summary" \
"1,FB-2026-000001,HWY,2026-11-05,Please stop the closure of Elm Park library now" \
"1,FB-2026-000002,HWY,2026-11-05,Please stop the closure of Elm Park library now!" \
"1,FB-2026-000003,HWY,2026-11-05,please stop the closure of Elm Park library" \
"1,FB-2026-000005,HWY,2026-11-06,Please stop the closure of Elm Park library now")" \
  "detect proposes the four, not the pothole"
step "create" "$LOG" --db "$DB" campaign create elm-park FB-2026-000001 FB-2026-000002 \
  FB-2026-000003 --officer carol
step "add" "$LOG" --db "$DB" campaign add elm-park FB-2026-000005
run "$LOG" --db "$DB" campaign add elm-park FB-2026-000001
expect_rc 65 "a case in the campaign already"
expect_err_has "case FB-2026-000001 is in campaign 'elm-park' already" "named"
must "one answered alone" "$LOG" --db "$DB" respond FB-2026-000002 --outcome not-upheld \
  --officer carol
run "$LOG" --db "$DB" campaign list --format csv
expect_eq "$(plain_out)" "$(lines "campaign,service,created,cases,awaiting_response" \
  "elm-park,,2026-11-09,4,3")" "list: four cases, three awaiting"
run "$LOG" --db "$DB" campaign respond elm-park --outcome not-upheld --officer dave
expect_rc 0 "respond to the campaign"
expect_out "$(printf 'FB-2026-000001\nFB-2026-000003\nFB-2026-000005')" "the three answered"
expect_eq "$(q "$DB" "SELECT count(*) FROM case_stage WHERE outcome = 'not-upheld' AND responded = '2026-11-09'")" \
  "4" "four responses recorded"
run "$LOG" --db "$DB" campaign respond elm-park --outcome upheld
expect_rc 65 "nothing left to answer"
expect_err_has "campaign 'elm-park' has no case awaiting a response" "said"
run "$LOG" --db "$DB" campaign respond nope --outcome upheld
expect_rc 65 "an unknown campaign";   expect_err_has "no campaign named 'nope'" "named"
unset FEEDBACK_TODAY
}

# Reports count a campaign's cases and the campaign once (docs/reports.md, "campaigns"), counted
# by hand: October: complaints 1, 2, 3, of which 1 and 2 start campaign "oak"; November:
# complaints 4 to 7 and an enquiry, 4 joins "oak" (counted in October already), 5 and 6 are
# campaign "elm", 7 is alone. October: 3 received, 2 in 1 campaign, 2 counted once; November:
# 4 received, 3 in campaigns of which 1 new, 4 - 3 + 1 = 2 counted once. The two months: 7
# complaints, 5 in 2 campaigns, 4 counted once.
section_campaign_reports() {
DB="$WORK/r.db"
must_init_db "$DB"
export FEEDBACK_TODAY=2026-11-20
for d in 2026-10-12 2026-10-13 2026-10-14 2026-11-02 2026-11-03 2026-11-04 2026-11-05; do
  must_new "$d" --db "$DB" --type complaint --channel email --service HWY --summary "On $d" \
    --received "$d"
done
must_new "enquiry" --db "$DB" --type enquiry --channel email --service HWY --summary "Asks" \
  --received 2026-11-05
must "oak" "$LOG" --db "$DB" campaign create oak FB-2026-000001 FB-2026-000002 FB-2026-000004
must "elm" "$LOG" --db "$DB" campaign create elm FB-2026-000005 FB-2026-000006
run "$REPORT" --db "$DB" kpi --from 2026-10-01 --to 2026-11-30 --compare 0 --format csv --as-of 2026-11-20
expect_rc 0 "kpi"
expect_eq "$(plain_out)" "$(lines \
"period_from,period_to,month,received,responded,responded_late,late_pct,in_campaigns,campaigns,counted_once" \
"2026-10-01,2026-10-31,2026-10,3,0,0,,2,1,2" \
"2026-11-01,2026-11-30,2026-11,4,0,0,,3,1,2")" "kpi: the campaigns' cases, and each campaign once"
run "$REPORT" --db "$DB" kpi --month 2026-11 --compare 0 --as-of 2026-11-20
expect_out_has "2026-11                    4        3 in 1             2" \
  "kpi for people: received, in campaigns, counted once"
run "$REPORT" --db "$DB" kpi --month 2026-11 --type enquiry --compare 0 --format csv --as-of 2026-11-20
expect_eq "$(plain_out | tail -n 1)" "2026-11-01,2026-11-30,2026-11,1,0,0,,0,0,1" \
  "an enquiry is in no campaign"
run "$REPORT" --db "$DB" annual --from 2026-10-01 --to 2026-11-30 --compare 0 --format html \
  --as-of 2026-11-20
expect_rc 0 "annual"
expect_out_has "5 of the 7 complaints were cases of 2 campaigns; counting each campaign once, 4 complaints." \
  "annual summary: the campaigns once"
unset FEEDBACK_TODAY
}

run_sections "$@"

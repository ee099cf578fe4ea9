#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# End-to-end: letter templates as data (feedback-admin template) and letters filled from a case
# (feedback-log letter), with sending recorded (docs/letters.md). Expected output is written by
# hand.
. "$(dirname "$0")/lib.sh"
SECTIONS=(templates letters enquiry formats sent refusals)

DB="$WORK/council.db"

# The fixture, as of Monday 16 November 2026 (corporate stage 1: acknowledge in 3 working days,
# respond in 10 from receipt, a window of 20 working days to ask for stage 2):
#   A  Ann Smith, large print, received Mon 2 Nov, acknowledged 3 Nov, upheld Mon 16 Nov
#   B  Bob Jones, no address, received Tue 10 Nov, acknowledged 11 Nov (response due Tue 24 Nov)
build_fixture() {
  export FEEDBACK_TODAY=2026-11-16
  must "init" "$ADMIN" --db "$DB" init
  must "service" "$ADMIN" --db "$DB" service add HWY --name Highways --directorate Place
  must_new "A" --db "$DB" --type complaint --channel email --service HWY \
    --summary "Pothole on Elm Row" --received 2026-11-02 --name "Ann Smith" \
    --address "1 Elm Row, Ashbury, AB1 2CD" --preferred-format large-print
  A=$REF
  must "A ack" "$LOG" --db "$DB" ack "$A" --on 2026-11-03
  must "A respond" "$LOG" --db "$DB" respond "$A" --outcome upheld --area service-failure \
    --on 2026-11-16
  must_new "B" --db "$DB" --type complaint --channel phone --service HWY \
    --summary "Missed bin" --received 2026-11-10 --name "Bob Jones"
  B=$REF
  must "B ack" "$LOG" --db "$DB" ack "$B" --on 2026-11-11
}

section_templates() {
build_fixture
run "$ADMIN" --db "$DB" template list --format csv
expect_rc 0 "list"
expect_eq "$(plain_out)" "$(lines "name,source,description" \
  "acknowledgement,shipped,\"Acknowledgement: the case recorded, its reference, the stage and when the full response is due\"" \
  "escalation,shipped,\"Escalation: the customer's request for the next stage received, who considers it and when the response is due\"" \
  "holding,shipped,\"Holding letter: the response will take longer (an extension), why, the new date, and the Ombudsman\"" \
  "ombudsman,shipped,\"Ombudsman: how to go to the Ombudsman, or the Ombudsman's decision and the remedies we will carry out\"" \
  "stage-response,shipped,\"Stage response: the stage, the decision and its reasons, any remedy, outstanding actions, and how to escalate with the window\"")" \
  "list: the five shipped templates"
run "$ADMIN" --db "$DB" template show holding
expect_rc 0 "show"
expect_eq "$OUT" "$(cat "$SRC/templates/holding.mustache")" "show: the template as shipped"

printf 'Dear {{dear}},\n\nWe are sorry about {{summary}}.\n' >"$WORK/apology.mustache"
run "$ADMIN" --db "$DB" template add apology "$WORK/apology.mustache" --description "An apology"
expect_rc 0 "add"
run "$ADMIN" --db "$DB" template show apology
expect_out "$(printf 'Dear {{dear}},\n\nWe are sorry about {{summary}}.')" "show: the council's"
run "$LOG" --db "$DB" letter "$B" --template apology
expect_rc 0 "a letter from the council's template"
expect_out "$(lines "Dear Bob Jones," "" "We are sorry about Missed bin.")" "filled from case B"

# A template that fails to parse is refused with the line and the reason; nothing is stored.
printf 'Dear {{dear}},\n\n{{#remedies}}\n- {{description}}\n' >"$WORK/broken.mustache"
run "$ADMIN" --db "$DB" template add broken "$WORK/broken.mustache"
expect_rc 65 "an unclosed section"
expect_err "feedback-admin: error: template 'broken' line 3: unclosed section \"remedies\"" \
  "the line and the reason"
printf 'Dear {{dear}},\n{{{summary}}}\n' >"$WORK/raw.mustache"
run "$ADMIN" --db "$DB" template add raw "$WORK/raw.mustache"
expect_rc 65 "a value printed unescaped"
expect_err "feedback-admin: error: template 'raw' line 2: '{{{summary}}}' would print a value unescaped: write {{summary}}" \
  "unescaped: says how to write it"
printf 'Our ref: {{ref}}\n' >"$WORK/typo.mustache"
run "$ADMIN" --db "$DB" template add typo "$WORK/typo.mustache"
expect_rc 65 "an unknown value"
expect_err "feedback-admin: error: template 'typo' line 1: unknown value 'ref' (docs/letters.md lists the values a letter has)" \
  "unknown value: named"
expect_eq "$(q "$DB" "SELECT name FROM letter_template ORDER BY name" | paste -sd ,)" "apology" \
  "refused templates are not stored"

run "$ADMIN" --db "$DB" template add apology "$WORK/apology.mustache"
expect_rc 65 "the same name again"
expect_err_has "already (--replace writes over it)" "says --replace"
printf 'Sorry, {{dear}}.\n' | "$ADMIN" --db "$DB" template add apology - --replace \
  >/dev/null 2>&1 && ok || bad "add --replace from stdin"
run "$ADMIN" --db "$DB" template show apology
expect_out "Sorry, {{dear}}." "replaced"

# The council's own holding letter replaces the shipped one until it is removed.
printf 'We need longer, {{dear}}: by {{respond_by}}.\n' >"$WORK/holding.mustache"
run "$ADMIN" --db "$DB" template add holding "$WORK/holding.mustache" --description "Ours"
expect_rc 0 "add over a shipped name"
run "$ADMIN" --db "$DB" template list --format csv
expect_eq "$(plain_out | grep -E '^(apology|holding),')" \
  "$(lines "apology,council,An apology" "holding,council (replaces shipped),Ours")" \
  "list: the council's, one replacing a shipped one"
run "$LOG" --db "$DB" letter "$B" --template holding
expect_out "We need longer, Bob Jones: by Tuesday 24 November 2026." "the council's holding letter"
run "$ADMIN" --db "$DB" template remove holding
expect_rc 0 "remove"
run "$ADMIN" --db "$DB" template list --format csv
expect_out_has "holding,shipped," "the shipped holding letter again"
run "$ADMIN" --db "$DB" template remove stage-response
expect_rc 65 "a shipped template cannot be removed"
expect_err "feedback-admin: error: template 'stage-response' is shipped with the programs and cannot be removed (add one of that name to use instead)" \
  "says so"
run "$ADMIN" --db "$DB" template remove nope
expect_rc 65 "remove: unknown"
run "$ADMIN" --db "$DB" template add x "$WORK/missing.mustache"
expect_rc 66 "add: a missing file"
run "$ADMIN" --db "$DB" template add "Bad Name" "$WORK/apology.mustache"
expect_rc 64 "add: a name with capitals and a space"
run "$ADMIN" --db "$DB" template values --format csv
expect_out_has "escalate_by," "values: lists what a template may use"
}

section_letters() {
build_fixture
run "$LOG" --db "$DB" letter "$B" --template acknowledgement --officer j.patel
expect_rc 0 "acknowledgement"
expect_out "$(lines "Bob Jones" \
  "" \
  "Monday 16 November 2026" \
  "" \
  "Our reference: $B" \
  "" \
  "Dear Bob Jones," \
  "" \
  "Your complaint: we have received it" \
  "===================================" \
  "" \
  "Thank you for contacting us on Tuesday 10 November 2026 about Highways. We" \
  "have recorded your complaint under the reference $B: please quote" \
  "it whenever you contact us about it." \
  "" \
  "We are dealing with it at Stage 1 of our Corporate complaints procedure." \
  "" \
  "We will send you our full response by Tuesday 24 November 2026. If we need" \
  "longer, we will write to tell you why, and when you can expect it." \
  "" \
  "If you would like this letter, or our response, in large print or another" \
  "format, please tell us." \
  "" \
  "Yours sincerely," \
  "" \
  "j.patel")" "acknowledgement: every line"

run "$LOG" --db "$DB" letter "$A" --template stage-response --officer j.patel \
  --reasons "The pothole was reported twice and not repaired." --remedy "an apology"
expect_rc 0 "stage response"
expect_out "$(lines "Ann Smith" \
  "1 Elm Row" \
  "Ashbury" \
  "AB1 2CD" \
  "" \
  "Monday 16 November 2026" \
  "" \
  "Our reference: $A" \
  "" \
  "Dear Ann Smith," \
  "" \
  "Our response to your complaint" \
  "==============================" \
  "" \
  "This is our response to your complaint of Monday 2 November 2026 about" \
  "Highways, at Stage 1 of our Corporate complaints procedure." \
  "" \
  "Our decision" \
  "============" \
  "" \
  "Our decision: Upheld." \
  "" \
  "The reasons for our decision:" \
  "" \
  "The pothole was reported twice and not repaired." \
  "" \
  "Putting things right" \
  "====================" \
  "" \
  "- an apology" \
  "" \
  "What is still to be done" \
  "========================" \
  "" \
  "Nothing more is outstanding on your complaint." \
  "" \
  "If you are still unhappy" \
  "========================" \
  "" \
  "If you are not satisfied with this response, you can ask us to consider your" \
  "complaint at stage 2 of the Corporate complaints procedure. Please ask within" \
  "20 working days of this response, that is by Monday 14 December 2026. Reply to" \
  "this letter, quoting your reference $A, and tell us why you are" \
  "still unhappy." \
  "" \
  "Yours sincerely," \
  "" \
  "j.patel")" "stage response: the Code's five parts, the window with its last day"

# An outstanding action (learning with an action not done) is listed.
must "A learn" "$LOG" --db "$DB" learn "$A" --problem "Repeat reports" \
  --improvement "Reports linked by street" --action "Resurface Elm Row" --due 2026-12-18
run "$LOG" --db "$DB" letter "$A" --template stage-response --reasons "Reported twice."
expect_out_has "$(lines "What is still to be done" "========================" "" \
  "- Resurface Elm Row, by Friday 18 December 2026")" "outstanding actions"

# The window's last day is the one feedback-escalate keeps to: a request the day after it is late.
FEEDBACK_TODAY=2026-12-15 run "$ESC" --db "$DB" "$A" --reason "Late" --on 2026-12-15
expect_rc 65 "a request after the letter's last day is refused"
expect_err_has "is 1 working day late" "one working day after Monday 14 December"
copy_db "$DB" "$WORK/copy.db"
FEEDBACK_TODAY=2026-12-14 run "$ESC" --db "$WORK/copy.db" "$A" --reason "In time" --on 2026-12-14
expect_rc 0 "a request on the letter's last day is accepted"

# Stage 2: the escalation letter, then the final response points to the Ombudsman. (Stage 2 of
# council-default is an independent review, so the letter says so.)
must "A stage 2" "$ESC" --db "$DB" "$A" --reason "Still unhappy" --on 2026-11-16
run "$LOG" --db "$DB" letter "$A" --template escalation --officer j.patel
expect_rc 0 "escalation"
expect_out_has "$(lines "Thank you for your request of Monday 16 November 2026 to take your complaint" \
  "further, after our response at stage 1. We will now consider it at Stage 2:" \
  "independent review of our Corporate complaints procedure, through an officer" \
  "who was not involved before." "" \
  "We will send you our full response by Monday 14 December 2026.")" \
  "escalation: the new stage and its response date"
run "$LOG" --db "$DB" letter "$A" --template stage-response --reasons "Reviewed."
expect_out_has "This is our final response: our complaints procedure is now complete." \
  "stage 2 response: final"
expect_out_has "www.lgo.org.uk, telephone 0300 061 0614" "stage 2 response: the Ombudsman"
run "$LOG" --db "$DB" letter "$A" --template ombudsman
expect_out_has "Our complaints procedure for your complaint is complete." \
  "ombudsman: how to go there"
}

# The stage response to an enquiry answers it: no complaint stage, decision, remedy or
# Ombudsman (an enquiry has none of them), every line written by hand.
section_enquiry() {
build_fixture
must_new "E" --db "$DB" --type enquiry --channel email --service HWY --summary "Bin days" \
  --received 2026-11-10 --name "Cat Brown"
E=$REF
must "E respond" "$LOG" --db "$DB" respond "$E" --on 2026-11-16
run "$LOG" --db "$DB" letter "$E" --template stage-response --officer j.patel \
  --reasons "Your bins are collected on Tuesdays."
expect_rc 0 "stage response to an enquiry"
expect_out "$(lines "Cat Brown" \
  "" \
  "Monday 16 November 2026" \
  "" \
  "Our reference: $E" \
  "" \
  "Dear Cat Brown," \
  "" \
  "Our response to your enquiry" \
  "============================" \
  "" \
  "This is our response to your enquiry of Tuesday 10 November 2026 about" \
  "Highways." \
  "" \
  "Our answer" \
  "==========" \
  "" \
  "Your bins are collected on Tuesdays." \
  "" \
  "What is still to be done" \
  "========================" \
  "" \
  "Nothing more is outstanding on your enquiry." \
  "" \
  "If you have a question" \
  "======================" \
  "" \
  "If anything in this response is unclear, reply to this letter, quoting your" \
  "reference $E." \
  "" \
  "Yours sincerely," \
  "" \
  "j.patel")" "an enquiry's response: no stages, decision or Ombudsman"
# Nor does a holding letter to an enquirer send them to the Ombudsman.
run "$LOG" --db "$DB" letter "$E" --template holding --officer j.patel
expect_rc 0 "holding letter to an enquiry"
expect_out_has "$(lines "I am sorry, but we need more time to respond fully to your enquiry of Tuesday" \
  "10 November 2026." "")" "holding: no stage"
expect_out_has "$(lines "If you are unhappy with this delay, reply to this letter, quoting your" \
  "reference $E.")" "holding: a reply, not the Ombudsman"
case "$OUT" in *Ombudsman*) bad "the holding letter to an enquirer names the Ombudsman" ;; *) ok ;; esac
# A complaint's response still has them all (section letters has every line).
run "$LOG" --db "$DB" letter "$A" --template stage-response --reasons "Reviewed."
expect_out_has "Our decision: Upheld." "a complaint's: the decision"
expect_out_has "complaint at stage 2 of the Corporate complaints procedure" "a complaint's: stage 2"
unset FEEDBACK_TODAY
}

section_formats() {
build_fixture
must_new "C" --db "$DB" --type complaint --channel web --service HWY --summary "<b>bold</b>" \
  --received 2026-11-10 --name "<script>alert(1)</script> & Co"
C=$REF
run "$LOG" --db "$DB" letter "$C" --template acknowledgement --format html
expect_rc 0 "html"
expect_out_has "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co</p>" "html: the name escaped"
case "$OUT" in *"<script>"*) bad "html: a value reached the page unescaped" ;; *) ok ;; esac
expect_out_has 'font-size: 12pt;' "html: ordinary print"
expect_out_has "<h2>Your complaint: we have received it</h2>" "html: the heading"
run "$LOG" --db "$DB" letter "$A" --template acknowledgement --format html
expect_out_has 'font-size: 18pt;' "html: large print for A"
expect_out_has '<body class="large-print">' "html: marked large print"
expect_out_has "$(lines "<p>Ann Smith<br>" "1 Elm Row<br>" "Ashbury<br>" "AB1 2CD</p>")" \
  "html: the address lines"
run "$LOG" --db "$DB" letter "$C" --template acknowledgement --format markdown
expect_rc 0 "markdown"
expect_out_has "$(lines "\\<script\\>alert(1)\\</script\\> & Co" "" "Monday 16 November 2026")" \
  "markdown: the name's markup escaped"
expect_out_has "# Your complaint: we have received it" "markdown: the heading"
run "$LOG" --db "$DB" letter "$A" --template acknowledgement --format markdown
expect_out_has "$(lines "Ann Smith\\" "1 Elm Row\\" "Ashbury\\" "AB1 2CD")" \
  "markdown: hard line breaks in the address"
# A format a person has to produce: the officer is told, on stderr.
must_new "D" --db "$DB" --type complaint --channel letter --service HWY --summary "Braille" \
  --received 2026-11-10 --name "Dee Hall" --preferred-format braille
run "$LOG" --db "$DB" letter "$REF" --template acknowledgement
expect_rc 0 "braille"
expect_err "$REF: the customer asked for braille: have this letter produced in it" \
  "braille: the officer told"
run "$LOG" --db "$DB" --quiet letter "$REF" --template acknowledgement
expect_err "" "braille: --quiet"
}

section_sent() {
build_fixture
run "$LOG" --db "$DB" letter "$A" --template acknowledgement
expect_eq "$(q "$DB" "SELECT count(*) FROM case_event WHERE kind = 'letter'")" "0" \
  "printing alone records nothing"
run "$LOG" --db "$DB" letter "$A" --template acknowledgement --format html --sent \
  --officer j.patel
expect_rc 0 "sent"
local digest
digest=$(printf '%s\n' "$OUT" | sha256sum | cut -d' ' -f1)
expect_eq "$(q "$DB" "SELECT e.on_date || '|' || e.officer || '|' || e.to_value || '|' || t.body
  FROM case_event e JOIN event_text t ON t.id = e.text_id WHERE e.kind = 'letter'")" \
  "2026-11-16|j.patel|acknowledgement|html (large print), sha256 $digest" \
  "the sending recorded: the template, the format and the letter's digest"
expect_eq "$(field "$A" '[e["kind"] for e in c["events"]][-1]' --db "$DB")" "letter" \
  "show: the letter on the timeline"
run "$LOG" --db "$DB" letter "$B" --template acknowledgement --sent --on 2026-11-12
expect_rc 0 "sent on an earlier day"
expect_eq "$(q "$DB" "SELECT on_date FROM case_event WHERE kind = 'letter' ORDER BY id DESC LIMIT 1")" \
  "2026-11-12" "--on: the day it was sent"
expect_out_has "Thursday 12 November 2026" "--on: the letter dated that day"
run "$LOG" --db "$DB" letter "$B" --template acknowledgement --sent --on 2026-11-09
expect_rc 65 "sent before the case was received"
run "$LOG" --db "$DB" letter "$B" --template acknowledgement --sent --on 2026-11-17
expect_rc 65 "sent tomorrow"
# A letter that could not be written out is not recorded as sent.
set +e
"$LOG" --db "$DB" letter "$B" --template acknowledgement --sent >/dev/full 2>"$WORK/err"
RC=$?
set -e
expect_rc 74 "stdout full"
expect_eq "$(q "$DB" "SELECT count(*) FROM case_event WHERE kind = 'letter'")" "2" \
  "refused and failed sendings record nothing"
}

section_refusals() {
build_fixture
run "$LOG" --db "$DB" letter "$A" --template nope
expect_rc 65 "unknown template"
expect_err "feedback-log: error: unknown template 'nope' (templates: acknowledgement, escalation, holding, ombudsman, stage-response)" \
  "unknown template: the templates named"
run "$LOG" --db "$DB" letter FB-2026-999999 --template holding
expect_rc 65 "unknown case"
expect_err "feedback-log: error: unknown case reference: 'FB-2026-999999'" "unknown case: named"
run "$LOG" --db "$DB" letter "$A" --template holding --format pdf
expect_rc 64 "unknown format"
run "$LOG" --db "$DB" letter "$A"
expect_rc 64 "no --template"
run "$LOG" --db "$DB" letter "$A" --template stage-response
expect_rc 64 "a stage response without reasons"
expect_err "feedback-log: error: template 'stage-response' states the decision's reasons: give them with --reasons TEXT or --reasons-file FILE" \
  "reasons: says how to give them"
printf 'Found on inspection.\n' >"$WORK/reasons.txt"
run "$LOG" --db "$DB" letter "$A" --template stage-response --reasons-file "$WORK/reasons.txt"
expect_rc 0 "reasons from a file"
expect_out_has "$(lines "The reasons for our decision:" "" "Found on inspection.")" \
  "reasons from a file: printed"
run "$LOG" --db "$DB" letter "$A" --template stage-response --reasons x \
  --reasons-file "$WORK/reasons.txt"
expect_rc 64 "both --reasons and --reasons-file"
run "$LOG" --db "$DB" letter "$A" --template stage-response --reasons-file "$WORK/none.txt"
expect_rc 66 "a missing reasons file"
}

run_sections "$@"

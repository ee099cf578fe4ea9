#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# End-to-end: a bad value stored in the database (by an older version or a hand edit with
# sqlite3) is reported by `feedback-admin check`, skipped with one warning per case by the
# listing commands (list, overdue, the nightly run), which go on with the rest, and refused with
# a clear message by `show` of that one case.
. "$(dirname "$0")/lib.sh"
SECTIONS=(check list overdue run show)

# hand_edit SQL: runs SQL on $FEEDBACK_DB as a hand with sqlite3 would, CHECK constraints off.
hand_edit() { q "$FEEDBACK_DB" "PRAGMA ignore_check_constraints = 1; $1"; }

# A database with three open complaints received on 2026-11-02, none answered (all overdue on
# 2026-11-29); the second's received date then overwritten by hand with $1 (past the schema's
# CHECK, as an older version or a careless hand might).
bad_db() {
  export FEEDBACK_TODAY=2026-11-02
  must_init_db "$FEEDBACK_DB"
  must_new A --type complaint --channel web --service HWY --owner alice --summary "First"
  A=$REF
  must_new B --type complaint --channel web --service HWY --owner bob --summary "Second"
  B=$REF
  must_new C --type complaint --channel web --service HWY --owner carol --summary "Third"
  C=$REF
  hand_edit "UPDATE case_record SET received = '$1' WHERE reference = '$B'"
  export FEEDBACK_TODAY=2026-11-29
}

section_check() {
  bad_db 2600-01-01
  run "$ADMIN" check
  expect_rc 65 "check finds the bad date"
  expect_out_has "case_record.received" "check names the column"
  expect_out_has "$B" "check names the case"
  expect_out_has "'2600-01-01'" "check names the value"
  # Only that row: the other cases' dates are fine.
  expect_eq "$(printf '%s\n' "$OUT" | grep -c "$A")" 0 "check does not report a good case"
  q "$FEEDBACK_DB" "UPDATE case_record SET received = '2026-11-02' WHERE reference = '$B'"
  hand_edit "UPDATE case_stage SET acknowledged = 'garbage' WHERE id = 1"
  run "$ADMIN" check
  expect_rc 65 "check finds a bad stage date"
  expect_out_has "case_stage.acknowledged" "check names the stage column"
  expect_out_has "$A" "check names the stage's case"
  expect_out_has "'garbage'" "check names the stage value"
  q "$FEEDBACK_DB" "UPDATE case_stage SET acknowledged = NULL WHERE id = 1"
  run "$ADMIN" check
  expect_rc 0 "check passes once mended"
  expect_out_has "stored dates: ok" "check says the dates are fine"
}

section_list() {
  bad_db 0202-11-20
  run "$LOG" list --format csv
  expect_rc 0 "list goes on past a bad case"
  expect_out_has "$A" "list shows the case before"
  expect_out_has "$C" "list shows the case after"
  expect_eq "$(printf '%s\n' "$OUT" | grep -c "$B")" 0 "list leaves out the bad case"
  expect_eq "$(printf '%s\n' "$ERR" | grep -c .)" 1 "one warning line"
  expect_err_has "$B" "the warning names the case"
  expect_err_has "case_record.received" "the warning names the column"
  expect_err_has "'0202-11-20'" "the warning names the value"
  run "$LOG" list --open --limit 1 --format csv
  expect_rc 0 "a limited list"
  expect_out_has "$A" "the limit counts good cases"
}

section_overdue() {
  bad_db garbage
  run "$ESC" overdue --format csv
  expect_rc 0 "overdue goes on past a bad case"
  expect_out_has "$A" "overdue shows a good case"
  expect_out_has "$C" "overdue shows the other good case"
  expect_eq "$(printf '%s\n' "$OUT" | grep -c "$B")" 0 "overdue leaves out the bad case"
  expect_eq "$(printf '%s\n' "$ERR" | grep -c .)" 1 "one warning line"
  expect_err_has "$B" "the warning names the case"
  expect_err_has "case_record.received" "the warning names the column"
  expect_err_has "'garbage'" "the warning names the value"
  # A bad hold date of an open case is the case's too.
  q "$FEEDBACK_DB" "UPDATE case_record SET received = '2026-11-02' WHERE reference = '$B'"
  hand_edit "INSERT INTO case_hold (stage_id, held_on, reason)
    SELECT current_stage, '2026-13-01', 'hand edit' FROM case_record WHERE reference = '$C'"
  run "$ESC" overdue --format csv
  expect_rc 0 "overdue goes on past a bad hold"
  expect_out_has "$B" "overdue shows the mended case"
  expect_eq "$(printf '%s\n' "$OUT" | grep -c "$C")" 0 "overdue leaves out the bad hold's case"
  expect_err_has "$C" "the warning names the hold's case"
  expect_err_has "case_hold.held_on" "the warning names the hold's column"
}

section_run() {
  bad_db 2600-01-01
  run "$ESC" run --dry-run
  expect_rc 0 "a dry run goes on past a bad case"
  expect_out_has "$A" "the dry run escalates a good case"
  expect_err_has "$B" "the dry run warns of the bad case"
  run "$ESC" run
  expect_rc 0 "the run goes on past a bad case"
  expect_err_has "$B" "the run warns of the bad case"
  expect_err_has "case_record.received" "the run's warning names the column"
  expect_eq "$(q "$FEEDBACK_DB" "SELECT count(DISTINCT case_id) FROM escalation_step")" 2 \
    "the run records steps for the two good cases"
  expect_eq "$(q "$FEEDBACK_DB" "SELECT count(*) FROM escalation_step e JOIN case_record c
    ON c.id = e.case_id WHERE c.reference = '$B'")" 0 "no step for the bad case"
}

section_show() {
  bad_db 2600-01-01
  run "$LOG" show "$B"
  expect_rc 65 "show of the bad case fails"
  expect_err_has "case_record.received" "show names the column"
  expect_err_has "'2600-01-01'" "show names the value"
  run "$LOG" show "$A"
  expect_rc 0 "show of a good case"
}

run_sections "$@"

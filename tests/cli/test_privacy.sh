#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# End-to-end: personal data duties and the tamper-evident audit trail (docs/privacy.md), on a
# fixture database built here with the real programs. Expected output is written by hand.
. "$(dirname "$0")/lib.sh"
SECTIONS=(usage retention report_identity person erase legal_hold equality tamper chain_bytes
  reject_file)

DB="$WORK/council.db"

# The fixture, as of 2026-11-20 (the cutoff of a 6-year retention is 2020-11-20):
#   A FB-2019-000001  Ann Smith, closed 2019-05-20: past retention (survey reason, learning, note)
#   B FB-2020-000002  Bob Jones, CSC, held and extended, closed 2020-02-10: past retention
#   C FB-2019-000003  Ann Smith, closed 2019-10-01, under a legal hold: kept
#   D FB-2020-000004  Carol White, Ombudsman upheld, an apology due 2020-05-01 not done: kept
#   E FB-2025-000005  Dan Brown, closed 2025-07-01: within retention
#   F FB-2026-000006  Ann Smith, open
build_fixture() {
  export FEEDBACK_TODAY=2026-11-20
  must_init_db "$DB"
  must_new "A" --db "$DB" --type complaint --channel email --service HWY \
    --summary "Pothole outside Ann Smith's house" --received 2019-05-01 --name "Ann Smith" \
    --email Ann.Smith@example.org --phone "+44 7700 900111" --address "1 Elm Row, Ashbury, AB1 2CD"
  A=$REF
  must "A ack" "$LOG" --db "$DB" ack "$A" --on 2019-05-02
  must "A note" "$LOG" --db "$DB" note "$A" "Ann Smith rang about the pothole again"
  must "A respond" "$LOG" --db "$DB" respond "$A" --outcome upheld --area service-failure \
    --on 2019-05-10
  must "A close" "$LOG" --db "$DB" close "$A" --on 2019-05-20
  must "A survey" "$LOG" --db "$DB" survey "$A" --satisfied no --stars 2 \
    --reason "Ann was not called back" --on 2019-05-25
  must "A learn" "$LOG" --db "$DB" learn "$A" --problem "Repeat reports were not linked" \
    --improvement "Reports are linked by street"
  must_new "B" --db "$DB" --type complaint --channel phone --service CSC \
    --summary "Social worker did not call Bob back" --received 2020-01-06 --name "Bob Jones" \
    --phone "07700 900222"
  B=$REF
  must "B hold" "$LOG" --db "$DB" hold "$B" --reason "Waiting for Bob's consent" --on 2020-01-08
  must "B resume" "$LOG" --db "$DB" resume "$B" --on 2020-01-10
  must "B extend" "$LOG" --db "$DB" extend "$B" --days 5 --reason "Bob's records are with the GP"
  must "B respond" "$LOG" --db "$DB" respond "$B" --outcome partially-upheld --on 2020-01-24
  must "B close" "$LOG" --db "$DB" close "$B" --on 2020-02-10
  must_new "C" --db "$DB" --type complaint --channel web --service HWY \
    --summary "Tripped on a paving slab" --received 2019-09-02 --name "Ann Smith" \
    --email ann@example.net
  C=$REF
  must "C respond" "$LOG" --db "$DB" respond "$C" --outcome not-upheld --on 2019-09-16
  must "C close" "$LOG" --db "$DB" close "$C" --on 2019-10-01
  must "C hold" "$LOG" --db "$DB" hold-legal "$C" --reason "Personal injury claim"
  must_new "D" --db "$DB" --type complaint --channel letter --service HWY --summary "Fence" \
    --received 2020-01-06 --name "Carol White"
  D=$REF
  must "D respond 1" "$LOG" --db "$DB" respond "$D" --outcome not-upheld --on 2020-01-15
  must "D stage 2" "$ESC" --db "$DB" "$D" --reason "Unhappy" --on 2020-01-20
  must "D respond 2" "$LOG" --db "$DB" respond "$D" --outcome not-upheld --on 2020-02-10 \
    --officer reviewer
  must "D ombudsman" "$ESC" --db "$DB" ombudsman "$D" --their-ref 20-001 --on 2020-03-02
  must "D decision" "$ESC" --db "$DB" decision "$D" --decision upheld --on 2020-04-01
  must "D remedy" "$ESC" --db "$DB" remedy "$D" --kind apology --due 2020-05-01
  must "D close" "$LOG" --db "$DB" close "$D" --on 2020-04-02
  must_new "E" --db "$DB" --type complaint --channel email --service HWY --summary "Bins" \
    --received 2025-06-02 --name "Dan Brown"
  E=$REF
  must "E respond" "$LOG" --db "$DB" respond "$E" --outcome upheld --on 2025-06-10
  must "E close" "$LOG" --db "$DB" close "$E" --on 2025-07-01
  must_new "F" --db "$DB" --type complaint --channel web --service HWY --summary "Street light" \
    --received 2026-10-01 --name "ann  SMITH" --phone "447700900111"
  F=$REF
  must "A equality" "$LOG" --db "$DB" equality "$A" age=35-44 sex=female
  must "B equality" "$LOG" --db "$DB" equality "$B" age=35-44 race=white
  must "D equality" "$LOG" --db "$DB" equality "$D" age=65-74
}

section_usage() {
build_fixture
run "$ADMIN" --db /dev/null check
expect_rc 65 "a device is no database"
expect_err_has "not a regular file" "a device: says why"
[ ! -e /dev/null-journal ] && [ ! -e /dev/null-wal ] && ok || bad "a journal left beside /dev/null"
run "$ADMIN" --db "$DB" person find;                      expect_rc 64 "find: nobody given"
run "$ADMIN" --db "$DB" person find --postcode AB1;      expect_rc 64 "find: not a postcode"
expect_err_has "not a UK postcode: 'AB1'" "find: the postcode named"
run "$ADMIN" --db "$DB" person erase --name x;           expect_rc 64 "erase without --reason"
run "$ADMIN" --db "$DB" person export --name x --format pdf; expect_rc 64 "export: bad format"
run "$ADMIN" --db "$DB" person export --name Nobody;     expect_rc 65 "export: no such person"
run "$LOG" --db "$DB" hold-legal "$A";                   expect_rc 64 "hold-legal without --reason"
run "$LOG" --db "$DB" hold-legal FB-1999-000999 --reason x; expect_rc 65 "hold-legal: unknown case"
run "$LOG" --db "$DB" equality "$A" age;                 expect_rc 64 "equality: no ="
run "$LOG" --db "$DB" equality "$A" height=tall;         expect_rc 64 "equality: unknown"
expect_err_has "unknown characteristic 'height'" "equality: names it"
run "$REPORT" --db "$DB" equality;                       expect_rc 64 "equality report: no period"
run "$ADMIN" --db "$DB" retention run --as-of 2026-13-01; expect_rc 64 "retention: bad --as-of"
}

section_retention() {
build_fixture
local events
events=$(q "$DB" "SELECT count(*) FROM case_event")
run "$ADMIN" --db "$DB" retention run --dry-run
expect_rc 0 "dry run"
expect_out "$(lines "would redact $A" "would redact $B" \
  "kept $C (closed 2019-10-01): legal hold since 2026-11-20" \
  "kept $D (closed 2020-04-02): Ombudsman remedy due 2020-05-01 not done" \
  "retention (dry run): 2 cases would be redacted (closed before 2020-11-20, 6 years), 2 kept (legal hold or Ombudsman remedy)")" "dry run: what it would do"
expect_eq "$(q "$DB" "SELECT count(*) FROM case_event")" "$events" "dry run: nothing written"
# Cron: one line on success.
run "$ADMIN" --db "$DB" retention run
expect_rc 0 "run"
expect_out "retention: 2 cases redacted (closed before 2020-11-20, 6 years), 2 kept (legal hold or Ombudsman remedy)" "run: one summary line"
expect_eq "$(q "$DB" "SELECT c.reference || ' ' || d.why || ' ' || e.officer FROM case_redaction d
  JOIN case_record c ON c.id = d.case_id JOIN case_event e ON e.id = d.event_id ORDER BY 1")" \
  "$(lines "$A retention retention" "$B retention retention")" "each redaction recorded"
expect_eq "$(field "$A" '[c["summary"], c["person"], c["surveys"][0]["reason"]]' --db "$DB")" \
  '["[redacted]", {"name": null, "email": null, "phone": null, "address": null, "preferred_format": null}, "[redacted]"]' \
  "A: person, summary and survey reason redacted"
expect_eq "$(field "$A" '[e["detail"] for e in c["events"]]' --db "$DB")" \
  '["[redacted]", "[redacted]", "[redacted]", "[redacted]", "", "[redacted]", "[redacted]", "[redacted]", "", "", ""]' \
  "A: every earlier text redacted (closing and equality events have none), the redaction last"
expect_eq "$(field "$B" '[c["stages"][0]["holds"][0]["reason"], c["stages"][0]["extensions"][0]["reason"]]' --db "$DB")" \
  '["[redacted]", "[redacted]"]' "B: hold and extension reasons redacted"
expect_eq "$(field "$C" 'c["summary"]' --db "$DB")" "Tripped on a paving slab" "C kept"
expect_eq "$(field "$E" 'c["person"]["name"]' --db "$DB")" "Dan Brown" "E within retention"
expect_eq "$(q "$DB" "SELECT problem FROM learning")" "Repeat reports were not linked" \
  "learning, written for publication, stays"
run "$ADMIN" --db "$DB" check
expect_rc 0 "check after retention"
expect_out_has "audit chain: 42 events, head " "the chain holds the 40 events and 2 redactions"
run "$ADMIN" --db "$DB" retention run --verbose
expect_out "$(lines "kept $C (closed 2019-10-01): legal hold since 2026-11-20" \
  "kept $D (closed 2020-04-02): Ombudsman remedy due 2020-05-01 not done" \
  "retention: 0 cases redacted (closed before 2020-11-20, 6 years), 2 kept (legal hold or Ombudsman remedy)")" \
  "a second run: nothing more"
# Busy: another writer holds the database; cron retries on 75.
hold_write_lock "$DB"
run "$ADMIN" --db "$DB" retention run --as-of 2030-01-01 --busy-timeout 200
release_write_lock
expect_rc 75 "busy: exit 75 for cron to retry"
expect_err_has "busy" "busy: says so"
}

# Every report, every format, byte for byte the same before and after retention.
section_report_identity() {
build_fixture
local reports=(volumes timeliness kpi outcomes ombudsman learning satisfaction data-quality)
local formats=(table csv json markdown html)
mkdir -p "$WORK/before" "$WORK/after"
each_report() {
  local dir=$1 r f y
  for r in "${reports[@]}"; do
    for f in "${formats[@]}"; do
      for y in 2019/20 2020/21 2025/26; do
        one_report "$dir/$r-${y/\//-}" "$f" "$r" --year "$y"
      done
    done
  done
  for f in "${formats[@]}"; do
    one_report "$dir/annual" "$f" annual --year 2019/20
  done
  for f in table csv json; do
    "$REPORT" --db "$DB" equality --year 2019/20 --format "$f" >"$dir/equality.$f" 2>&1 ||
      echo "exit" >>"$dir/equality.$f"
  done
}
# one_report FILE FORMAT REPORT ARGS...: CSV prints one table, so a report of several is
# written one section (named in its usage error) to a file.
one_report() {
  local file=$1 f=$2 sections section
  shift 2
  if "$REPORT" --db "$DB" "$@" --format "$f" >"$file.$f" 2>&1; then return; fi
  sections=$(sed -n 's/.*choose one with --section (\(.*\))$/\1/p' "$file.$f" | tr -d ,)
  if [ "$f" != csv ] || [ -z "$sections" ]; then
    echo "exit" >>"$file.$f"
    return
  fi
  rm "$file.$f"
  for section in $sections; do
    "$REPORT" --db "$DB" "$@" --format csv --section "$section" >"$file-$section.csv" 2>&1 ||
      echo "exit" >>"$file-$section.csv"
  done
}
each_report "$WORK/before"
must "retention" "$ADMIN" --db "$DB" retention run
expect_eq "$(q "$DB" "SELECT count(*) FROM case_redaction")" "2" "retention redacted two cases"
each_report "$WORK/after"
# 8 reports x 5 formats x 3 years, annual in 5, equality in 3; CSV one file per section.
[ "$(ls "$WORK/before" | wc -l)" -ge 128 ] && ok || bad "every report in every format"
if diff -r "$WORK/before" "$WORK/after" >"$WORK/diff"; then ok; else
  bad "a report changed with retention: $(head -20 "$WORK/diff")"
fi
if grep -lx "exit" "$WORK/before"/* >/dev/null 2>&1; then
  bad "a report failed: $(grep -lx "exit" "$WORK/before"/* | head -3)"
else ok; fi
}

section_person() {
build_fixture
run "$ADMIN" --db "$DB" person find --name "ann smith" --format csv
expect_rc 0 "find by name"
expect_eq "$(plain_out)" "$(lines "reference,status,received,name,email,phone,address" \
  "$A,closed,2019-05-01,Ann Smith,Ann.Smith@example.org,+44 7700 900111,\"1 Elm Row, Ashbury, AB1 2CD\"" \
  "$C,closed,2019-09-02,Ann Smith,ann@example.net,," \
  "$F,open,2026-10-01,ann  SMITH,,447700900111,")" "find: three cases, case and spaces ignored"
run "$ADMIN" --db "$DB" person find --phone "07700900111" --format csv
expect_eq "$(plain_out | cut -d, -f1 | tr '\n' ' ')" "reference $A $F " "find: +44 and 44 are 0"
run "$ADMIN" --db "$DB" person find --postcode "ab12cd" --email " ANN.SMITH@EXAMPLE.ORG" --format csv
expect_eq "$(plain_out | cut -d, -f1 | tr '\n' ' ')" "reference $A " "find: postcode and e-mail"
run "$ADMIN" --db "$DB" person export --email ann.smith@example.org --officer dpo
expect_rc 0 "export as a document"
expect_out_has "Personal data held about you: subject access request" "export: its title"
expect_out_has "Matched by e-mail \"ann.smith@example.org\": 1 case." "export: how it matched"
expect_out_has "==== $A ====" "export: the case"
expect_out_has "Ann was not called back" "export: the survey reason"
expect_out_has "Ann Smith rang about the pothole" "export: the note (wrapped)"
expect_out_has "Equality monitoring: age: 35-44; sex: female" "export: equality monitoring"
run "$ADMIN" --db "$DB" person export --name "Ann Smith" --format json --officer dpo
expect_rc 0 "export as JSON"
expect_eq "$(printf '%s' "$OUT" | "$PY" -c '
import json, sys
d = json.load(sys.stdin)
print(d["export"]["officer"], [c["reference"] for c in d["cases"]],
      [h["reason"] for c in d["cases"] for h in c["legal_holds"]])')" \
  "dpo ['$A', '$C', '$F'] ['Personal injury claim']" "export JSON: cases and holds"
expect_eq "$(q "$DB" "SELECT c.reference || ':' || e.officer || ':' || e.to_value
  FROM case_event e JOIN case_record c ON c.id = e.case_id WHERE e.kind = 'subject-access-export'
  ORDER BY e.id" | paste -sd ' ')" \
  "$A:dpo:text $A:dpo:json $C:dpo:json $F:dpo:json" "each export recorded on each case"
# Never from the reports: they refuse the personal data (the guard names the column).
run "$REPORT" --db "$DB" volumes --year 2019/20 --format csv
expect_rc 0 "reports still run"
case "$OUT" in *Ann*|*Smith*) bad "a report shows a name" ;; *) ok ;; esac
}

section_erase() {
build_fixture
run "$ADMIN" --db "$DB" person erase --name "Ann Smith" --reason "erasure request of 1 Nov"
expect_rc 65 "erase refused"
expect_eq "$ERR" "feedback-admin: error: not erased: case $C must be kept: it is under a legal hold since 2026-11-20 (erase with --force and a reason to override)" \
  "erase: the first case kept, and why"
expect_eq "$(q "$DB" "SELECT count(*) FROM case_redaction")" "0" "refused: nothing changed"
run "$ADMIN" --db "$DB" person erase --name "Dan Brown" --reason "erasure request of 1 Nov" --officer dpo
expect_rc 0 "erase Dan Brown"
expect_out "erased $E" "erase: what was erased"
expect_eq "$(field "$E" '[c["summary"], c["person"]["name"], c["events"][-1]["kind"], c["events"][-1]["detail"]]' --db "$DB")" \
  '["[redacted]", null, "redacted", "erasure request of 1 Nov"]' "erased, with the request recorded"
run "$ADMIN" --db "$DB" person erase --name "Ann Smith" --reason "court order" --force
expect_rc 0 "forced erasure"
expect_out "$(lines "erased $A" "erased $C" "erased $F")" "forced: every case of hers"
expect_eq "$(q "$DB" "SELECT count(*) FROM equality_monitoring WHERE case_id IN (1, 3, 6)")" "0" \
  "erasure deletes equality monitoring"
run "$ADMIN" --db "$DB" person find --name "Ann Smith" --format csv
expect_eq "$(plain_out)" "reference,status,received,name,email,phone,address" "erased: found no more"
run "$ADMIN" --db "$DB" check;                            expect_rc 0 "check after erasure"
}

section_legal_hold() {
build_fixture
run "$LOG" --db "$DB" hold-legal "$C" --reason "again"
expect_rc 65 "held twice"
expect_err_has "is under a legal hold since 2026-11-20 already" "held twice: says so"
run "$LOG" --db "$DB" release-legal "$A" --reason "x";    expect_rc 65 "release: none in force"
export FEEDBACK_TODAY=2026-11-21
run "$LOG" --db "$DB" release-legal "$C" --reason "Claim settled"
expect_rc 0 "release"
expect_eq "$(field "$C" '[(e["kind"], e["from"], e["to"], e["detail"]) for e in c["events"][-2:]]' --db "$DB")" \
  '[["legal-hold", null, "2026-11-20", "Personal injury claim"], ["legal-hold-released", "2026-11-20", "2026-11-21", "Claim settled"]]' \
  "hold and release on the record"
run "$ADMIN" --db "$DB" retention run --dry-run
expect_out_has "would redact $C" "released: retention applies again"
}

section_equality() {
build_fixture
run "$REPORT" --db "$DB" equality --year 2019/20 --format csv
expect_rc 0 "equality report"
expect_eq "$(plain_out | grep -E '^(characteristic|age|sex),')" "$(lines \
  "characteristic,category,cases" \
  "age,under-18,<5" "age,18-24,<5" "age,25-34,<5" "age,35-44,<5" "age,45-54,<5" "age,55-64,<5" \
  "age,65-74,<5" "age,75-plus,<5" "age,prefer-not-to-say,<5" "age,total,<5" \
  "sex,female,<5" "sex,male,<5" "sex,prefer-not-to-say,<5" "sex,total,<5")" \
  "2019/20: three cases, every count under 5"
# Five more aged 35-44 in 2019/20: 7 of them, 1 aged 65-74: the total (8) with one small
# cell... no: nine small cells (1 and eight 0s) add up to 1, which is ambiguous; shown.
for i in 1 2 3 4 5; do
  must_new "more $i" --db "$DB" --type complaint --channel web --service HWY --summary s \
    --received 2019-06-0$i
  must "equality $i" "$LOG" --db "$DB" equality "$REF" age=35-44
done
run "$REPORT" --db "$DB" equality --from 2019-04-01 --to 2020-03-31
expect_rc 0 "equality as a table"
expect_eq "$(printf '%s\n' "$OUT" | grep -E '^age +(35-44|65-74|total) ' | tr -s ' ')" \
  "$(lines "age 35-44 7" "age 65-74 <5" "age total 8")" "table: 7 shown, 1 as <5, the total"
expect_out_has "Counts below 5 are shown as <5; a total that would reveal one is suppressed." \
  "table: the rule said"
# One more, aged 18-24: now two small cells of 1 each in nine... still ambiguous; and in
# 2020/21 a single 65-74 would make the total give it away if others were shown.
run "$REPORT" --db "$DB" equality --year 2019/20 --format json
expect_eq "$(printf '%s' "$OUT" | "$PY" -c '
import json, sys
rows = json.load(sys.stdin)
print([r["cases"] for r in rows if r["characteristic"] == "age" and r["category"] in ("35-44", "total")])')" \
  "[7, 8]" "JSON: numbers as numbers"
}

# The three tamperings the issue names, through the sqlite3 shell on copies.
section_tamper() {
build_fixture
run "$ADMIN" --db "$DB" check
expect_rc 0 "check: a clean trail"
expect_out_has "audit triggers: ok" "check: the triggers"
command -v sqlite3 >/dev/null || { bad "sqlite3 is needed for this section"; return; }
# REPLACE is refused outright...
cp "$DB" "$WORK/r.db"
if sqlite3 "$WORK/r.db" "INSERT OR REPLACE INTO case_event (id, case_id, at, on_date, officer,
     kind, text_id, hash) SELECT id, case_id, at, on_date, 'mallory', kind, text_id, hash
     FROM case_event WHERE id = 4" 2>"$WORK/err"; then bad "REPLACE accepted"; else ok; fi
expect_eq "$(cat "$WORK/err")" "Error: stepping, audit events cannot be replaced (19)" "REPLACE: refused"
# ... and with its trigger dropped, found.
sqlite3 "$WORK/r.db" "DROP TRIGGER case_event_no_replace; INSERT OR REPLACE INTO case_event (id,
  case_id, at, on_date, officer, kind, text_id, hash) SELECT id, case_id, at, on_date, 'mallory',
  kind, text_id, hash FROM case_event WHERE id = 4"
run "$ADMIN" --db "$WORK/r.db" check
expect_rc 65 "REPLACE found"
expect_out_has "audit trigger case_event_no_replace: missing" "REPLACE: the trigger missing"
expect_out_has "audit chain: first broken link at event 4 (case $A, note, recorded " "REPLACE: the event"
expect_eq "$ERR" "feedback-admin: error: $WORK/r.db: check found problems" "check: one line on stderr"
# A dropped trigger alone.
cp "$DB" "$WORK/t.db"
sqlite3 "$WORK/t.db" "DROP TRIGGER case_event_no_delete"
run "$ADMIN" --db "$WORK/t.db" check
expect_rc 65 "dropped trigger found"
expect_out_has "audit trigger case_event_no_delete: missing" "dropped trigger named"
# An edited event, its trigger put back exactly as it was.
cp "$DB" "$WORK/e.db"
local trigger
trigger=$(sqlite3 "$WORK/e.db" "SELECT sql FROM sqlite_schema WHERE name = 'case_event_no_update'")
sqlite3 "$WORK/e.db" "DROP TRIGGER case_event_no_update;
  UPDATE case_event SET to_value = 'not-upheld' WHERE id = 5; $trigger;"
run "$ADMIN" --db "$WORK/e.db" check
expect_rc 65 "edited event found"
expect_out_has "audit triggers: ok" "edited: the triggers look fine"
expect_out_has "audit chain: first broken link at event 5 (case $A, responded, recorded " \
  "edited: the first broken link named"
expect_out_has "1 broken link in " "edited: one link"
}

# An independent reading of the documented bytes (docs/privacy.md): Python's hashlib agrees
# with every hash the programs wrote, redactions included.
section_chain_bytes() {
build_fixture
must "retention" "$ADMIN" --db "$DB" retention run
run "$PY" - "$DB" <<'PY'
import hashlib, sqlite3, sys
con = sqlite3.connect(sys.argv[1])
def field(v):
    if v is None:
        return b"-\n"
    b = str(v).encode()
    return str(len(b)).encode() + b":" + b + b"\n"
prev, n = "0" * 64, 0
for row in con.execute("SELECT e.id, e.case_id, e.at, e.on_date, e.officer, e.kind, e.from_value, "
                       "e.to_value, e.text_id, t.digest, e.hash, t.salt, t.body FROM case_event e "
                       "LEFT JOIN event_text t ON t.id = e.text_id ORDER BY e.id"):
    if row[12] is not None:
        d = hashlib.sha256(("feedback-text-v1\n" + row[11] + "\n" + row[12]).encode()).hexdigest()
        assert d == row[9], f"text of event {row[0]}"
    h = hashlib.sha256(b"feedback-event-v1\n" + field(prev) + b"".join(field(v) for v in row[:10]))
    assert h.hexdigest() == row[10], f"event {row[0]}"
    prev, n = row[10], n + 1
print(n, prev)
PY
expect_rc 0 "Python verifies the chain"
run "$ADMIN" --db "$DB" check
expect_out_has "$(printf '%s' "$OUT" | head -0)audit chain: " "check runs"
}

# The reject file holds personal data: it is made new (0600), never overwritten, never through
# a symlink; a refusal comes before anything is imported.
section_reject_file() {
must_init_db "$DB"
must "service WST" "$ADMIN" --db "$DB" service add WST --name Waste --directorate Place
{
  head -n 1 "$SRC/examples/legacy/officer_spreadsheet.csv"
  printf 'X1,31/02/2024,Level One,Waste,email,A,,,"bad date",,,,,\n'
  printf 'X2,01/03/2024,Level One,Waste,email,B,,,"good",,,,,\n'
} >"$WORK/bad.csv"
local map="$SRC/examples/mappings/officer_spreadsheet.json"
printf 'keep me\n' >"$WORK/existing.csv"
chmod 644 "$WORK/existing.csv"
run "$IMPORT" --db "$DB" "$WORK/bad.csv" --mapping "$map" --on-error skip \
  --reject-file "$WORK/existing.csv"
expect_rc 73 "an existing reject file: refused"
expect_err_has "the reject file $WORK/existing.csv exists already: it is never overwritten" \
  "an existing reject file: named"
expect_eq "$(cat "$WORK/existing.csv") $(stat -c %a "$WORK/existing.csv")" "keep me 644" \
  "an existing reject file: untouched"
expect_eq "$(q "$DB" "SELECT count(*) FROM case_record")" "0" "refused: nothing imported"
printf 'secret\n' >"$WORK/target"
ln -s "$WORK/target" "$WORK/link.csv"
ln -s "$WORK/nowhere" "$WORK/dangling.csv"
run "$IMPORT" --db "$DB" "$WORK/bad.csv" --mapping "$map" --on-error skip \
  --reject-file "$WORK/link.csv"
expect_rc 73 "a symlink: refused"
expect_eq "$(cat "$WORK/target")" "secret" "a symlink: its target untouched"
run "$IMPORT" --db "$DB" "$WORK/bad.csv" --mapping "$map" --on-error skip \
  --reject-file "$WORK/dangling.csv"
expect_rc 73 "a dangling symlink: refused"
[ ! -e "$WORK/nowhere" ] && ok || bad "a dangling symlink: followed"
run "$IMPORT" --db "$DB" "$WORK/bad.csv" --mapping "$map" --on-error skip \
  --reject-file "$WORK/rejects.csv"
expect_rc 65 "a new reject file: the bad row rejected"
expect_eq "$(stat -c %a "$WORK/rejects.csv") $(wc -l <"$WORK/rejects.csv")" "600 2" \
  "a new reject file: private, the header and one row"
}

run_sections "$@"

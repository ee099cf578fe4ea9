# SPDX-License-Identifier: MIT
# End-to-end tests of feedback-import on real temporary databases: exit codes, the examples'
# exports, the real legacy exports (skipped, saying why, where ../shared is absent), bad rows in
# both modes, re-import and delta import of generated exports, and an import killed part-way.
# (Section bodies are not indented: some hold here-documents.)
. "$(dirname "$0")/lib.sh"
MAPS="$SRC/examples/mappings"
LEGACY="$SRC/examples/legacy"
GEN="$SRC/scripts/gen_legacy_csv.py"
DB="$WORK/council.db"
export FEEDBACK_DB="$DB"
export FEEDBACK_TODAY=2026-11-22
CRM="$LEGACY/crm_complaints_export.csv"
CRM_MAP="$MAPS/crm_complaints.json"
SECTIONS=(usage examples bad_rows real_exports delta crash progress)

# new_db PATH: a database with the services the examples route to.
new_db() {
  "$ADMIN" --db "$1" init >/dev/null
  local s
  for s in WST HWY HSG REV PRK PLN ENV LIB STC CUS; do
    "$ADMIN" --db "$1" service add "$s" --name "$s" --directorate Place >/dev/null
  done
  "$ADMIN" --db "$1" service add ASC --name "Adult social care" --directorate People \
    --procedure adults-statutory >/dev/null
  "$ADMIN" --db "$1" service add SEN --name "SEND" --directorate People --procedure send >/dev/null
  "$ADMIN" --db "$1" service add CSC --name "Children's social care" --directorate People \
    --procedure childrens-statutory >/dev/null
}

# big_export: 20,000 generated cases in $WORK/big.csv.
big_export() { "$PY" "$GEN" --cases 20000 --seed 7 --out "$WORK/big.csv"; }

# usage, and what is missing or cannot be created or read: nothing is written.
section_usage() {
# --- usage ---
run "$IMPORT" --help;                       expect_rc 0 "--help"
expect_out_has "--mapping" "--help lists --mapping"
run "$IMPORT";                              expect_rc 64 "no FILE, no --mapping"
run "$IMPORT" x.csv;                        expect_rc 64 "no --mapping"
run "$IMPORT" x.csv --mapping m.json --on-error maybe; expect_rc 64 "bad --on-error"
run "$IMPORT" x.csv --mapping m.json --frobnicate;     expect_rc 64 "unknown flag"
run "$IMPORT" x.csv --mapping m.json --format xml;     expect_rc 64 "unknown --format"

new_db "$DB"

# --- missing things, and what cannot be created ---
run "$IMPORT" "$WORK/missing.csv" --mapping "$CRM_MAP"; expect_rc 66 "missing input file"
expect_err_has "missing.csv" "the missing file is named"
run "$IMPORT" "$CRM" --mapping "$WORK/missing.json";   expect_rc 66 "missing mapping"
run "$IMPORT" --db "$WORK/missing.db" "$CRM" --mapping "$CRM_MAP"; expect_rc 66 "missing database"
expect_err_has "feedback-admin init" "says how to make one"
[ ! -e "$WORK/missing.db" ] && ok || bad "a missing database is not created"
run "$IMPORT" "$CRM" --mapping "$CRM_MAP" --reject-file "$WORK/no/such/dir/rejects.csv"
expect_rc 73 "reject file in a missing directory"
expect_eq "$(q "$DB" 'SELECT count(*) FROM case_record')" "0" "nothing imported before the failure"

# --- a mapping that does not fit: 65 before any data is read ---
printf '{"source": "x", "fields": {"recieved": "Date Received"}}' >"$WORK/typo.json"
run "$IMPORT" "$CRM" --mapping "$WORK/typo.json"; expect_rc 65 "unknown case field"
expect_err_has "fields.recieved: unknown case field" "the field is named"
sed 's/"Date Closed"/"Closed Date"/' "$CRM_MAP" >"$WORK/column.json"
run "$IMPORT" "$CRM" --mapping "$WORK/column.json"; expect_rc 65 "unknown column"
expect_err_has "unknown column 'Closed Date'" "the column is named"
printf 'not json' >"$WORK/junk.json"
run "$IMPORT" "$CRM" --mapping "$WORK/junk.json"; expect_rc 65 "mapping is not JSON"
expect_eq "$(q "$DB" 'SELECT count(*) FROM case_record')" "0" "a refused mapping writes nothing"
}

section_examples() {
new_db "$DB"

# --- the examples: a CRM export (BOM, CRLF, multi-line fields) and an officer's spreadsheet ---
run "$IMPORT" "$CRM" --mapping "$CRM_MAP";  expect_rc 0 "import the CRM export"
expect_out_has "12 records: 12 added, 0 updated, 0 unchanged, 0 rejected" "CRM summary"
expect_eq "$ERR" "" "no progress bar when stderr is not a terminal"
events=$(q "$DB" 'SELECT count(*) FROM case_event')
run "$IMPORT" "$CRM" --mapping "$CRM_MAP";  expect_rc 0 "the same export again"
expect_out_has "0 added, 0 updated, 12 unchanged" "re-import changes nothing"
expect_eq "$(q "$DB" 'SELECT count(*) FROM case_event')" "$events" "no new audit events"
ref=$(q "$DB" "SELECT reference FROM case_record WHERE source_ref = 'CMP-2024-00118'")
run "$LOG" show "$ref" --format json;       expect_rc 0 "feedback-log shows an imported case"
expect_out_has '"stage": 2' "imported at stage 2"
run_in "$(cat "$LEGACY/officer_spreadsheet.csv")" "$IMPORT" - --mapping "$MAPS/officer_spreadsheet.json"
expect_rc 0 "the officer's spreadsheet from standard input"
expect_out_has "10 added" "spreadsheet summary"
expect_eq "$(q "$DB" "SELECT count(*) FROM case_record WHERE source_ref LIKE 'fp:%'")" "3" \
  "rows without a reference are identified by their fingerprint"
run "$IMPORT" "$LEGACY/officer_spreadsheet.csv" --mapping "$MAPS/officer_spreadsheet.json" \
  --dry-run
expect_rc 0 "dry run"
expect_out_has "dry run: nothing was written" "dry run says so"
run "$ADMIN" check;                         expect_rc 0 "check after importing"
}

section_bad_rows() {
new_db "$DB"

# --- bad rows: stop (default) and skip ---
{
  head -n 1 "$LEGACY/officer_spreadsheet.csv"
  printf 'X1,31/02/2024,Level One,Waste,email,A,,,"bad date",,,,,\n'
  printf 'X2,01/03/2024,Level One,Waste,email,B,,,"good",,,,,\n'
  printf 'X3,02/03/2024,Level Nine,Waste,email,C,,,"bad level",,,,,\n'
} >"$WORK/bad.csv"
before=$(q "$DB" 'SELECT count(*) FROM case_record')
run "$IMPORT" "$WORK/bad.csv" --mapping "$MAPS/officer_spreadsheet.json"
expect_rc 65 "stop: a bad row refuses the file"
expect_err_has "$WORK/bad.csv:2: received: '31/02/2024' is not a date" "FILE:LINE: field: problem"
expect_err_has "$WORK/bad.csv:4: type: unknown value 'level nine'" "every problem is listed"
expect_out_has "nothing was written: 2 bad records" "stop says nothing was written"
expect_eq "$(q "$DB" 'SELECT count(*) FROM case_record')" "$before" "stop: nothing written"
run "$IMPORT" "$WORK/bad.csv" --mapping "$MAPS/officer_spreadsheet.json" --on-error skip \
  --reject-file "$WORK/rejects.csv"
expect_rc 65 "skip: exit 65 when rows were rejected"
expect_out_has "1 added, 0 updated, 0 unchanged, 2 rejected" "skip imports the good row"
expect_eq "$(q "$DB" 'SELECT count(*) FROM case_record')" "$((before + 1))" "skip: the good row"
expect_eq "$(head -n 1 "$WORK/rejects.csv")" \
  "Ref,Date rec'd,Level,Service,How received,Complainant,Via,Cllr/MP name,Summary,Ack sent,Response sent,Outcome,Closed,Notes,reject_reason" \
  "the reject file has the header and a reason column"
expect_eq "$(sed -n 2p "$WORK/rejects.csv")" \
  'X1,31/02/2024,Level One,Waste,email,A,,,"bad date",,,,,,"received: '"'"'31/02/2024'"'"' is not a date written as %d/%m/%Y, %Y-%m-%d"' \
  "rows unchanged, reason added"
expect_eq "$(wc -l <"$WORK/rejects.csv")" "3" "two rejected rows"
expect_eq "$(stat -c %a "$WORK/rejects.csv")" "600" "the reject file is private"
}

section_real_exports() {
new_db "$DB"

# --- the real exports, where they lie ---
if [ -n "$FIXTURES" ] && [ -d "$FIXTURES/legacy" ]; then
  L="$FIXTURES/legacy"
  run "$IMPORT" "$L/nyc311_portal_export_2011.csv" --mapping "$MAPS/nyc311_portal.json" \
    --create-services
  expect_rc 65 "NYC 311: the sentinel date refuses the file"
  expect_err_has "nyc311_portal_export_2011.csv:1604: closed: '01/01/1900 12:00:00 AM': date 1900-01-01 is outside the calendar's range" \
    "the sentinel row is named"
  expect_eq "$(q "$DB" "SELECT count(*) FROM case_record WHERE source = 'nyc311'")" "0" "refused: none"
  run "$IMPORT" "$L/nyc311_portal_export_2011.csv" --mapping "$MAPS/nyc311_portal.json" \
    --create-services --on-error skip --reject-file "$WORK/nyc-rejects.csv"
  expect_rc 65 "NYC 311 with --on-error skip"
  expect_out_has "2000 records: 1999 added" "NYC 311: 1,999 cases"
  expect_out_has "13 services created" "NYC 311: agencies became services"
  expect_eq "$(tail -n +2 "$WORK/nyc-rejects.csv" | cut -d, -f1)" "19944912" "the rejected key"
  run "$IMPORT" "$L/open311_bloomington_requests_2012.json" \
    --mapping "$MAPS/open311_bloomington.json" --create-services
  expect_rc 0 "Open311 JSON"
  expect_out_has "21 records: 21 added" "Open311: 21 requests"
  expect_eq "$(q "$DB" "SELECT received FROM case_record WHERE source_ref = '4fbc2700b1fe2ca550000001'")" \
    "2012-05-23" "an offset time is converted to London before its date is taken"
  run "$IMPORT" "$L/uk_council_foi_requests_wdtk.csv" --mapping "$MAPS/wdtk_foi_requests.json"
  expect_rc 0 "UK FOI case list"
  expect_out_has "5462 records: 5462 added" "FOI: every request"
  run "$ADMIN" check;                       expect_rc 0 "check after the real exports"
else
  echo "skipped: the real legacy exports (\$FEEDBACK_FIXTURES/legacy, i.e. ../shared/fixtures/legacy) are absent"
fi
}

section_delta() {
# --- generated exports: reproducible, delta import ---
"$PY" "$GEN" --cases 3000 --out "$WORK/gen1.csv"
"$PY" "$GEN" --cases 3000 --out "$WORK/gen1b.csv"
expect_eq "$(cmp -s "$WORK/gen1.csv" "$WORK/gen1b.csv" && echo same)" "same" "the generator is reproducible"
"$PY" "$GEN" --cases 3000 --revision 2 --out "$WORK/gen2.csv"
GDB="$WORK/gen.db"
new_db "$GDB"
run "$IMPORT" --db "$GDB" "$WORK/gen1.csv" --mapping "$CRM_MAP"; expect_rc 0 "import 3,000"
expect_out_has "3000 records: 3000 added" "3,000 added"
run "$IMPORT" --db "$GDB" "$WORK/gen2.csv" --mapping "$CRM_MAP"; expect_rc 0 "the newer export"
expect_out_has "3030 records: 30 added" "30 new cases"
# The cases revision 2 changed: rows of the first 3,000 that differ.
changed=$("$PY" - "$WORK/gen1.csv" "$WORK/gen2.csv" <<'PY'
import csv, sys
a, b = (list(csv.reader(open(f, encoding="utf-8-sig", newline=""))) for f in sys.argv[1:3])
print(sum(1 for x, y in zip(a, b) if x != y))
PY
)
case "$OUT" in
  *" $changed updated, "*) ok ;;
  *) bad "delta: expected $changed updated (the rows that differ), got [$OUT]" ;;
esac
[ "$changed" -gt 0 ] && ok || bad "the newer export changes some cases"
expect_eq "$(q "$GDB" "SELECT count(DISTINCT case_id) FROM case_event WHERE kind = 'import-updated'")" \
  "$changed" "an audit event on each updated case"
run "$IMPORT" --db "$GDB" "$WORK/gen2.csv" --mapping "$CRM_MAP"; expect_rc 0 "the newer export again"
expect_out_has "0 added, 0 updated, 3030 unchanged" "nothing changes the second time"
}

section_crash() {
GDB="$WORK/gen.db"
new_db "$GDB"
big_export

# --- a crash part-way: the database is as before, and a re-run completes it ---
cases_before=$(q "$GDB" 'SELECT count(*) FROM case_record')
events_before=$(q "$GDB" 'SELECT count(*) FROM case_event')
set +e
{
  (FEEDBACK_IMPORT_TEST_KILL_AFTER=8192 exec "$IMPORT" --db "$GDB" "$WORK/big.csv" \
    --mapping "$CRM_MAP" --source crm-b >/dev/null 2>&1)
  rc=$?
} 2>/dev/null # not bash's "Killed" notice
set -e
expect_eq "$rc" "137" "the import was killed (SIGKILL) after 8,192 records"
expect_eq "$(q "$GDB" 'SELECT count(*) FROM case_record')" "$cases_before" "killed: no case"
expect_eq "$(q "$GDB" 'SELECT count(*) FROM case_event')" "$events_before" "killed: no event"
expect_eq "$(q "$GDB" 'PRAGMA journal_mode')" "delete" "killed during a first import: the journal's mode"
run "$ADMIN" --db "$GDB" check;             expect_rc 0 "check after the kill"
run "$IMPORT" --db "$GDB" "$WORK/big.csv" --mapping "$CRM_MAP" --source crm-b
expect_rc 0 "the re-run"
expect_out_has "20000 added" "the re-run imports everything"
# The first import into an empty database runs with a rollback journal (docs/import.md): killed,
# it left the journal's mode; the re-run puts the write-ahead log back.
expect_eq "$(q "$GDB" 'PRAGMA journal_mode')" "wal" "the write-ahead log again after the re-run"
expect_eq "$(q "$GDB" "SELECT count(DISTINCT source_ref) || ' ' || count(*) FROM case_record WHERE source = 'crm-b'")" \
  "20000 20000" "no duplicates"

# A real kill -9 at an unplanned moment: before or after, never half.
cases_before=$(q "$GDB" 'SELECT count(*) FROM case_record')
"$IMPORT" --db "$GDB" "$WORK/big.csv" --mapping "$CRM_MAP" --source crm-c >/dev/null 2>&1 &
pid=$!
sleep 0.4
kill -9 "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
after=$(q "$GDB" "SELECT count(*) FROM case_record")
case "$after" in
  "$cases_before" | "$((cases_before + 20000))") ok ;;
  *) bad "kill -9: $after cases, expected $cases_before or $((cases_before + 20000))" ;;
esac
run "$ADMIN" --db "$GDB" check;             expect_rc 0 "check after kill -9"
run "$IMPORT" --db "$GDB" "$WORK/big.csv" --mapping "$CRM_MAP" --source crm-c
expect_rc 0 "the re-run after kill -9"
expect_eq "$(q "$GDB" "SELECT count(DISTINCT source_ref) || ' ' || count(*) FROM case_record WHERE source = 'crm-c'")" \
  "20000 20000" "no duplicates after kill -9"
}

section_progress() {
new_db "$WORK/tty.db"
big_export

# --- the progress bar, on a terminal ---
if command -v script >/dev/null; then
  script -qec "'$IMPORT' --db '$WORK/tty.db' '$WORK/big.csv' --mapping '$CRM_MAP' --source crm-d" \
    /dev/null >"$WORK/tty.out" 2>&1 || true
  case "$(cat "$WORK/tty.out")" in
    *"rows/s"*) ok ;;
    *) bad "a progress bar on a terminal: $(head -c 300 "$WORK/tty.out")" ;;
  esac
fi
}

run_sections "$@"

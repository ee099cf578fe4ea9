# SPDX-License-Identifier: MIT
# End-to-end tests of feedback-admin on real temporary database files: the database (init,
# check, foreign and newer files), the calendar's questions, closure days and bulk answers, and
# loading the official bank-holiday list. (Section bodies are not indented: some hold
# here-documents.)
. "$(dirname "$0")/lib.sh"
DB="$WORK/council.db"
SECTIONS=(database calendar govuk)

section_database() {
# --- help, usage ---
run "$ADMIN" --help;                      expect_rc 0 "--help"
expect_out_has "calendar" "--help lists subcommands"
run "$ADMIN" --no-such-flag;              expect_rc 64 "unknown flag"
run "$ADMIN";                             expect_rc 64 "no subcommand"

# --- init ---
run "$ADMIN" --db "$DB" init --region wales;  expect_rc 64 "unknown region"
expect_err_has "wales" "the bad region is named"
[ ! -e "$DB" ] && ok || bad "a failed init leaves no file"
run "$ADMIN" --db "$DB" init;             expect_rc 0 "init"
expect_eq "$(stat -c %a "$DB")" "600" "database file mode"
run "$ADMIN" --db "$DB" init;             expect_rc 73 "init refuses to overwrite"
expect_err_has "already exists" "init says why"
run "$ADMIN" --db "$WORK/no/such/dir/x.db" init; expect_rc 73 "init in a missing directory"
run "$ADMIN" --db "$DB" check;            expect_rc 0 "check a good database"
expect_out_has "integrity: ok" "check reports integrity"
run "$ADMIN" --db "$WORK/missing.db" check; expect_rc 66 "check a missing database"
run "$ADMIN" --db "$WORK/missing.db" calendar is-working 2026-11-20; expect_rc 66 "missing db"

# $FEEDBACK_DB is used when --db is absent.
run "$ADMIN" init --region scotland;      expect_rc 0 "init at \$FEEDBACK_DB"
[ -f "$FEEDBACK_DB" ] && ok || bad "init created \$FEEDBACK_DB"
run "$ADMIN" calendar is-working 2027-01-04; expect_rc 1 "Scotland's 2 January substitute"
expect_out_has "2nd January" "the reason names the holiday"

# A junk file and a newer schema are refused, and not modified.
printf 'this is not a database, just text\n%.0s' $(seq 200) > "$WORK/junk.db"
before=$(sha256sum < "$WORK/junk.db")
run "$ADMIN" --db "$WORK/junk.db" calendar is-working 2026-11-20; expect_rc 65 "junk file"
expect_eq "$(sha256sum < "$WORK/junk.db")" "$before" "junk file unchanged"
cp "$DB" "$WORK/newer.db"
sqlite3 "$WORK/newer.db" "PRAGMA user_version = 999" 2>/dev/null || python3 - "$WORK/newer.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.execute("PRAGMA user_version = 999"); c.commit()
PY
before=$(sha256sum < "$WORK/newer.db")
run "$ADMIN" --db "$WORK/newer.db" calendar is-working 2026-11-20; expect_rc 65 "newer schema"
expect_err_has "newer than this program" "newer schema message"
expect_eq "$(sha256sum < "$WORK/newer.db")" "$before" "newer file unchanged"
run "$ADMIN" --db "$WORK/newer.db" check; expect_rc 65 "check flags the newer schema"
}

section_calendar() {
must "init" "$ADMIN" --db "$DB" init

# --- calendar questions (England and Wales) ---
run "$ADMIN" --db "$DB" calendar add-days 2026-11-21 10; expect_rc 0 "add-days"
expect_out "2026-12-07" "Saturday receipt + 10"
run "$ADMIN" calendar add-days 2026-11-23 0 --db "$DB"; expect_out "2026-11-23" "--db after the subcommand"
run "$ADMIN" --db "$DB" calendar add-days 2026-12-25 0;  expect_out "2026-12-29" "N=0 rolls forward"
run "$ADMIN" --db "$DB" calendar add-days 2026-04-02 3;  expect_out "2026-04-09" "over Easter"
run "$ADMIN" --db "$DB" calendar add-days 2026-12-23 5 --region scotland; expect_out "2027-01-05" "--region"
run "$ADMIN" --db "$DB" calendar add-days 2026-02-30 3;  expect_rc 64 "bad date"
expect_err_has "2026-02-30" "bad date is quoted"
run "$ADMIN" --db "$DB" calendar add-days 26/11/2026 3;  expect_rc 64 "non-ISO date"
run "$ADMIN" --db "$DB" calendar add-days 2026-11-23 x;  expect_rc 64 "bad N"
run "$ADMIN" --db "$DB" calendar add-days 2026-11-23 -- -2; expect_rc 64 "negative N"
run "$ADMIN" --db "$DB" calendar add-days 2199-12-30 10; expect_rc 65 "past the range"
expect_err_has "2199" "the range is named"
run "$ADMIN" --db "$DB" calendar is-working 1970-06-01;  expect_rc 65 "before the range"
expect_err_has "1971" "the range is named"
run "$ADMIN" --db "$DB" calendar between 2026-11-21 2026-12-07; expect_out "10" "between"
run "$ADMIN" --db "$DB" calendar between 2026-12-07 2026-11-21; expect_rc 64 "between backwards"
run "$ADMIN" --db "$DB" calendar is-working 2026-11-20;  expect_rc 0 "a Friday"
expect_out "yes" "is-working yes"
run "$ADMIN" --db "$DB" calendar is-working 2026-11-22;  expect_rc 1 "a Sunday"
expect_out "no: Sunday (weekend)" "is-working weekend"
run "$ADMIN" --db "$DB" calendar is-working 2026-12-28;  expect_rc 1 "Boxing Day substitute"
expect_out_has "Boxing Day" "substitute day named"

run "$ADMIN" --db "$DB" calendar holidays --from 2026-01-01 --to 2026-12-31 --format csv
expect_rc 0 "holidays csv"
expect_eq "$(printf '%s\n' "$OUT" | head -1 | tr -d '\r')" "date,name,kind" "CSV header"
expect_eq "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l)" "8" "eight E&W bank holidays in 2026"
expect_out_has "2026-05-25,Spring bank holiday,bank-holiday" "spring bank holiday row"
run "$ADMIN" --db "$DB" calendar holidays --from 2026-01-01 --to 2026-12-31 --region scotland --format json
expect_out_has '"date": "2026-06-15"' "Scotland's 2026 one-off"
expect_out_has '"kind": "bank-holiday"' "json kind"
run "$ADMIN" --db "$DB" calendar holidays --from 2026-12-31 --to 2026-01-01; expect_rc 64 "reversed range"
run "$ADMIN" --db "$DB" calendar holidays --from 2026-01-01 --to 2026-12-31 --format xml; expect_rc 64 "bad format"

# --- closure days ---
run_tty "$ADMIN" --db "$DB" calendar closure add 2026-12-29 --to 2026-12-31 --reason "Christmas closure"
expect_rc 0 "closure add"
expect_err "added 3 closure days" "closure add count (confirmed at a terminal)"
run "$ADMIN" --db "$DB" calendar add-days 2026-12-23 5; expect_out "2027-01-07" "closures move deadlines"
run "$ADMIN" --db "$DB" calendar is-working 2026-12-30; expect_out "no: Christmas closure (closure)" "closure reason"
run "$ADMIN" --db "$DB" calendar closure add 2026-12-31 --to 2027-01-04 --reason "Again"
expect_rc 65 "overlapping closure refused"
run "$ADMIN" --db "$DB" calendar closure list --format csv
expect_eq "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l)" "3" "overlap added nothing"
run "$ADMIN" --db "$DB" calendar closure add 2026-12-29 --reason ""; expect_rc 64 "empty reason"
run "$ADMIN" --db "$DB" calendar holidays --from 2026-12-01 --to 2026-12-31 --format csv
expect_out_has "2026-12-30,Christmas closure,closure" "closure listed as a holiday row"
run "$ADMIN" --db "$DB" calendar closure remove 2026-12-30; expect_rc 0 "closure remove"
run "$ADMIN" --db "$DB" calendar closure remove 2026-12-30; expect_rc 65 "remove twice"
run "$ADMIN" --db "$DB" calendar closure list
expect_out_has "2026-12-29" "list keeps the rest"

# --- bulk mode ---
run_in $'2026-11-21,10\n2026-04-02,3\r\nbad-line\n2026-12-23,5\n2026-11-23,zz\n2026-11-23,0' \
  "$ADMIN" --db "$DB" calendar add-days --stdin
expect_rc 65 "bulk with bad lines"
expect_out $'2026-11-21,10,2026-12-07\n2026-04-02,3,2026-04-09\n2026-12-23,5,2027-01-06\n2026-11-23,0,2026-11-23' "bulk answers the good lines"
expect_err_has "line 3:" "bulk names the bad line"
expect_err_has "line 5:" "bulk names every bad line"
run_in $'2026-11-21,2026-12-07\n2026-04-01,2026-04-06\n' "$ADMIN" --db "$DB" calendar between --stdin
expect_rc 0 "bulk between"
expect_out $'2026-11-21,2026-12-07,10\n2026-04-01,2026-04-06,1' "bulk between answers"
run "$ADMIN" --db "$DB" calendar add-days 2026-11-21 3 --stdin; expect_rc 64 "--stdin with arguments"
}

section_govuk() {
must "init" "$ADMIN" --db "$DB" init

# --- load-govuk ---
printf '{"england-and-wales": {"events": [{"title": "X", "date": "2026-02-30"}]}}' > "$WORK/bad.json"
run "$ADMIN" --db "$DB" calendar load-govuk "$WORK/bad.json"; expect_rc 65 "bad date in JSON"
expect_err_has "2026-02-30" "bad JSON date named"
printf '{"england-and-wales": {"events": [' > "$WORK/trunc.json"
run "$ADMIN" --db "$DB" calendar load-govuk "$WORK/trunc.json"; expect_rc 65 "malformed JSON"
printf '{"england-and-wales": {"division":"england-and-wales","events": [{"title": "Made up day", "date": "2026-03-02", "notes": "", "bunting": true}]}, "atlantis": {"events": []}}' > "$WORK/unknown.json"
run "$ADMIN" --db "$DB" calendar load-govuk "$WORK/unknown.json"; expect_rc 65 "unknown division"
run "$ADMIN" --db "$DB" calendar is-working 2026-03-02; expect_rc 0 "a failed load loaded nothing"
run "$ADMIN" --db "$DB" calendar load-govuk "$WORK/missing.json"; expect_rc 66 "missing JSON file"
if [ -n "$FIXTURES" ] && [ -f "$FIXTURES/calendar/govuk-bank-holidays.json" ]; then
  run_tty "$ADMIN" --db "$DB" calendar load-govuk "$FIXTURES/calendar/govuk-bank-holidays.json"
  expect_rc 0 "load the official list"
  expect_err_has "england-and-wales:" "load summary (confirmed at a terminal)"
  run "$ADMIN" --db "$DB" calendar holidays --from 2026-01-01 --to 2026-12-31 --format csv
  expect_out_has "2026-12-28,Boxing Day,bank-holiday" "loaded titles used"
else
  echo "skipped: official bank-holiday list not found beside the repository (../shared/fixtures)"
fi
# A loaded year replaces the rules, only from a list of the whole year: a list for 2030 with one
# made-up day is refused; the whole of 2030 with the made-up day is loaded.
printf '{"england-and-wales": {"events": [{"title": "Made up day", "date": "2030-03-04", "notes": "", "bunting": true}]}}' > "$WORK/made-up.json"
run "$ADMIN" --db "$DB" calendar load-govuk "$WORK/made-up.json"; expect_rc 65 "a partial year is refused"
run "$ADMIN" --db "$DB" calendar is-working 2030-12-25; expect_rc 1 "rules kept for 2030"
ev2030() { printf '{"title": "%s", "date": "%s"}' "$2" "$1"; }
printf '{"england-and-wales": {"events": [%s, %s, %s, %s, %s, %s, %s, %s, %s]}}' \
  "$(ev2030 2030-01-01 "New Year")" "$(ev2030 2030-03-04 "Made up day")" \
  "$(ev2030 2030-04-19 "Good Friday")" "$(ev2030 2030-04-22 "Easter Monday")" \
  "$(ev2030 2030-05-06 "Early May")" "$(ev2030 2030-05-27 "Spring")" \
  "$(ev2030 2030-08-26 "Summer")" "$(ev2030 2030-12-25 "Christmas")" \
  "$(ev2030 2030-12-26 "Boxing Day")" > "$WORK/made-up.json"
run "$ADMIN" --db "$DB" calendar load-govuk "$WORK/made-up.json"; expect_rc 0 "load a whole year"
run "$ADMIN" --db "$DB" calendar is-working 2030-03-04; expect_rc 1 "loaded day is a holiday"
run "$ADMIN" --db "$DB" calendar is-working 2030-12-25; expect_rc 1 "the loaded Christmas"
run "$ADMIN" --db "$DB" calendar is-working 2031-12-25; expect_rc 1 "rules still used for 2031"
}

run_sections "$@"

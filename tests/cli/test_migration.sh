# SPDX-License-Identifier: MIT
# End-to-end test of migration 0006 on a database a schema-5 build made: the demo database with
# cases at later stages (tests/data/schema5/make.sh). Its policy becomes council-default data and
# `feedback-log show --format json` of every case is what the schema-5 build printed.
. "$(dirname "$0")/lib.sh"
DB="$WORK/demo.db"
SECTIONS=(schema5 broken_reference)

section_schema5() {
local data="$SRC/tests/data/schema5"
"$PY" -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript(open(sys.argv[2]).read())
db.commit()' "$DB" "$data/demo.sql"
expect_eq "$(q "$DB" "PRAGMA user_version")" "5" "the fixture is schema 5"
export FEEDBACK_TODAY
FEEDBACK_TODAY=$(cat "$data/today.txt")
run "$LOG" --db "$DB" list --all --format csv
expect_rc 0 "the first command migrates"
latest=$(find "$SRC/schema" -maxdepth 1 -name '[0-9][0-9][0-9][0-9]_*.sql' | wc -l)
expect_eq "$(q "$DB" "PRAGMA user_version")" "$latest" "now the latest schema, $latest"
refs=$(printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f1)
for r in $refs; do
  "$LOG" --db "$DB" show "$r" --format json --as-of "$FEEDBACK_TODAY"
done >"$WORK/shows.txt"
"$PY" - "$WORK/shows.txt" "$data/show.json" <<'PY' >"$WORK/diff.txt"
import json, sys
text = open(sys.argv[1]).read()
dec = json.JSONDecoder(); i = 0; after = []
while i < len(text):
    while i < len(text) and text[i].isspace(): i += 1
    if i >= len(text): break
    obj, i = dec.raw_decode(text, i); after.append(obj)
before = json.load(open(sys.argv[2]))
print(len(before), len(after))
# The timeline is shown in date order now (entry order within a day); the fixture was printed
# in entry order: the same events, in either order.
for c in before + after:
    c["events"] = sorted(c.get("events", []), key=lambda e: (e["on"], e["id"]))
for b, a in zip(sorted(before, key=lambda c: c["reference"]), sorted(after, key=lambda c: c["reference"])):
    if a != b:
        print("differs:", b["reference"])
PY
expect_eq "$(head -1 "$WORK/diff.txt" | cut -d' ' -f1)" "$(head -1 "$WORK/diff.txt" | cut -d' ' -f2)" \
  "every case is shown"
expect_eq "$(tail -n +2 "$WORK/diff.txt")" "" "every case shows as before the migration"
expect_eq "$(q "$DB" "SELECT count(*) FROM policy_word WHERE kind = 'channel'")" "8" \
  "the policy's channels became data"
run "$ADMIN" --db "$DB" check;                 expect_rc 0 "the migrated database checks clean"
unset FEEDBACK_TODAY
}

# A reference a migration would leave broken (a stage of a case that is not there, in a table
# schema 9 rebuilds with foreign keys off) stops the migration: exit 70 naming the table, and the
# file is as it was (still schema 5, byte for byte).
section_broken_reference() {
local data="$SRC/tests/data/schema5"
"$PY" -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript(open(sys.argv[2]).read())
db.execute("PRAGMA foreign_keys = OFF")
db.execute("INSERT INTO case_stage (case_id, procedure, stage, policy_version, started) "
           "SELECT 999999, procedure, stage, policy_version, started FROM case_stage LIMIT 1")
db.commit()' "$DB" "$data/demo.sql"
local sum
sum=$(sha256sum <"$DB")
run "$LOG" --db "$DB" list --format csv
expect_rc 70 "a broken reference stops the migration"
expect_err_has "left table case_stage row" "the message names the table"
expect_eq "$(sha256sum <"$DB")" "$sum" "the file is unchanged"
}

run_sections "$@"

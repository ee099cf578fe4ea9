# SPDX-License-Identifier: MIT
# End-to-end test of migration 0006 on a database a schema-5 build made: the demo database with
# cases at later stages (tests/data/schema5/make.sh). Its policy becomes council-default data and
# `feedback-log show --format json` of every case is what the schema-5 build printed.
. "$(dirname "$0")/lib.sh"
DB="$WORK/demo.db"
SECTIONS=(schema5 broken_reference independent_default)

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
# The contact restrictions came later (none on the fixture's people).
for c in after:
    if c.pop("contact_restrictions", None) != []:
        print("restrictions:", c["reference"])
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

# The shipped default's corporate stage 2 is an independent review (schema/0014): a database of
# the schema before it, with the default policy in force, gets it on its first command, and the
# stage 1 responder cannot answer stage 2 without an override; a database whose council stored a
# policy of its own keeps what it has.
section_independent_default() {
export FEEDBACK_TODAY=2026-11-02
local before stage2 back
before=13 # the step before schema/0014_independent_review.sql
# Set back to it: what later steps added is taken away (schema/0021_policy_document.sql's column).
back="ALTER TABLE policy_version DROP COLUMN document; PRAGMA user_version = $before"
stage2="SELECT group_concat(independent) FROM policy_stage WHERE procedure = 'corporate' AND stage = 2"
must_init_db "$DB"
must_new A --db "$DB" --type complaint --channel web --service HWY --summary "Bins"
A=$REF
sqlite3 "$DB" "UPDATE policy_stage SET independent = 0; $back"
must "respond stage 1" "$LOG" --db "$DB" respond "$A" --outcome not-upheld --officer alice
expect_eq "$(q "$DB" "$stage2")" "1" "the default's stage 2 is marked independent"
must "stage 2" "$ESC" --db "$DB" stage "$A" --reason "Still unhappy"
run "$LOG" --db "$DB" respond "$A" --outcome upheld --officer alice
expect_rc 65 "the stage 1 responder cannot answer stage 2"
expect_err_has "must be responded to by an officer not involved before: alice responded at stage 1" \
  "the refusal says why"
step "another officer answers stage 2" "$LOG" --db "$DB" respond "$A" --outcome upheld --officer bob

local own="$WORK/own.db"
must_init_db "$own"
must "export" "$ADMIN" --db "$own" policy export "$WORK/policy.json"
must "import" "$ADMIN" --db "$own" policy import "$WORK/policy.json"
sqlite3 "$own" "UPDATE policy_stage SET independent = 0; $back"
must "migrate" "$LOG" --db "$own" list
expect_eq "$(q "$own" "$stage2")" "0,0" "a council's own policy is left as it is"
unset FEEDBACK_TODAY
}

run_sections "$@"

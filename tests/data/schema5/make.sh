#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Makes the schema-5 fixture that tests/cli/test_migration.sh migrates: the demo database
# (examples/demo.sh) with a few more cases at later stages, as a build of schema 5 (before
# migration 0006, commit 3a3d397) made it, dumped to SQL, and `feedback-log show --format json`
# of every case as that build printed it. Run with that build's programs:
#   tests/data/schema5/make.sh OLD_BUILD_DIR
# It writes demo.sql, show.json and today.txt beside itself. The fixture is committed: the
# programs that made it are not kept.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
BUILD_DIR=$(cd "${1:?usage: make.sh OLD_BUILD_DIR}" && pwd)
cd "$here/../../.."
examples/demo.sh "$BUILD_DIR" >/dev/null
DB="$BUILD_DIR/demo.db"
export FEEDBACK_DB="$DB" USER=complaints.team
LOG="$BUILD_DIR/apps/feedback-log"
ESC="$BUILD_DIR/apps/feedback-escalate"
today=$(date +%F)
ago() { date -d "today - $1 days" +%F; }
ref() { "$LOG" list --format csv | tail -n +2 | sed -n "$1p" | cut -d, -f1; }
summary_ref() { "$LOG" list --format json | python3 -c '
import json, sys
print(next(r["reference"] for r in json.load(sys.stdin) if r["summary"].startswith(sys.argv[1])))' "$1"; }

# More of what a running council holds: a stage 2, a children's stage 2 with an extension, a
# hold resumed, the Ombudsman's decision with remedies, and an upheld case closed.
library=$(summary_ref "Staff member was rude")
"$ESC" "$library" --reason "Not satisfied with the apology" --on "$(ago 1)" >/dev/null
csc=$(summary_ref "Social worker changed")
"$LOG" respond "$csc" --outcome not-upheld --area communication --on "$(ago 9)" >/dev/null
"$ESC" "$csc" --reason "Wants an independent investigation" --on "$(ago 6)" >/dev/null
"$LOG" ack "$csc" --on "$(ago 5)" >/dev/null
"$LOG" extend "$csc" --days 15 --reason "Independent investigator appointed" --officer demo >/dev/null
parking=$(summary_ref "Penalty charge issued")
"$LOG" resume "$parking" --on "$(ago 4)" >/dev/null
pothole=$(summary_ref "Pothole on Mill Lane")
"$ESC" ombudsman "$pothole" --their-ref 26-001-234 --on "$(ago 12)" >/dev/null
"$ESC" decision "$pothole" --decision upheld --on "$(ago 3)" >/dev/null
"$ESC" remedy "$pothole" --kind payment --amount 150.00 --due "$(date -d 'today + 20 days' +%F)" >/dev/null
"$ESC" remedy "$pothole" --kind apology --due "$(ago 1)" >/dev/null
"$ESC" run >/dev/null

sqlite3 "$DB" .dump >"$here/demo.sql"
printf 'PRAGMA application_id = %s;\nPRAGMA user_version = %s;\n' \
  "$(sqlite3 "$DB" 'PRAGMA application_id')" "$(sqlite3 "$DB" 'PRAGMA user_version')" >>"$here/demo.sql"
echo "$today" >"$here/today.txt"
"$LOG" list --format csv | tail -n +2 | cut -d, -f1 | while read -r r; do
  FEEDBACK_TODAY=$today "$LOG" show "$r" --format json --as-of "$today"
done | python3 -c '
import json, sys
text = sys.stdin.read()
dec = json.JSONDecoder(); i = 0; out = []
while i < len(text):
    while i < len(text) and text[i].isspace(): i += 1
    if i >= len(text): break
    obj, i = dec.raw_decode(text, i); out.append(obj)
json.dump(out, sys.stdout, indent=1, ensure_ascii=False); print()' >"$here/show.json"
echo "schema-5 fixture: $(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$here/show.json") cases, as of $today"

# SPDX-License-Identifier: MIT
# End-to-end tests of `feedback-admin copy` (issue 15): a council moved from SQLite to PostgreSQL
# and back loses nothing, and a copy that cannot be made leaves the destination as it was. On a
# throwaway server (scripts/postgresql_cluster.sh) in a temporary directory, stopped at the end.
# Skipped (exit 77) where PostgreSQL's server is not installed, and when the whole suite runs on
# PostgreSQL: this test chooses each database's engine itself.
. "$(dirname "$0")/lib.sh"
export FEEDBACK_TODAY=2026-11-20
export USER=officer
SECTIONS=(roundtrip refusals)

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "PostgreSQL's server is not installed: skipped"
  exit 77
fi
if [ -n "$PG_CLUSTER" ]; then
  echo "the copy test chooses its engines itself: skipped on the PostgreSQL run"
  exit 77
fi

CLUSTER=$(mktemp -d /tmp/feedback-pg-XXXXXX)
trap '"$SRC/scripts/postgresql_cluster.sh" stop "$CLUSTER"; rm -rf "$WORK"' EXIT
PG=$("$SRC/scripts/postgresql_cluster.sh" start "$CLUSTER")
DB="$WORK/council.db"

# A council with cases in every state: new, acknowledged, responded, closed, on hold, resumed,
# extended, at stage 2, with the ombudsman and a remedy, withdrawn, escalated by the nightly run,
# under a legal hold; with contacts, notes, a survey, learning, equality answers, a contact
# restriction, a campaign, a closure day, a service renamed, and a second policy.
council() {
  must_init_db "$DB"
  must "closure" "$ADMIN" --db "$DB" calendar closure add 2026-12-29 --to 2026-12-31 \
    --reason "Christmas closure"
  must "preset" "$ADMIN" --db "$DB" policy preset apply lgsco-code-2026
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
  must "A equality" "$LOG" --db "$DB" equality "$A" age=35-44 sex=female
  must_new "B" --db "$DB" --type complaint --channel phone --service CSC \
    --summary "Social worker did not call Bob back" --received 2020-01-06 --name "Bob Jones" \
    --phone "07700 900222"
  B=$REF
  must "B hold" "$LOG" --db "$DB" hold "$B" --reason "Waiting for Bob's consent" --on 2020-01-08
  must "B resume" "$LOG" --db "$DB" resume "$B" --on 2020-01-10
  must "B extend" "$LOG" --db "$DB" extend "$B" --days 5 --reason "Bob's records are with the GP"
  must "B respond" "$LOG" --db "$DB" respond "$B" --outcome partially-upheld --on 2020-01-24
  must_new "C" --db "$DB" --type complaint --channel web --service HWY \
    --summary "Tripped on a paving slab" --received 2019-09-02 --name "Ann Smith" \
    --email ann@example.net
  C=$REF
  must "C respond" "$LOG" --db "$DB" respond "$C" --outcome not-upheld --on 2019-09-16
  must "C close" "$LOG" --db "$DB" close "$C" --on 2019-10-01
  must "C legal hold" "$LOG" --db "$DB" hold-legal "$C" --reason "Personal injury claim"
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
  must_new "E" --db "$DB" --type complaint --channel email --service HWY --summary "Bins" \
    --received 2026-10-01 --name "Dan Brown" --sponsor councillor --sponsor-name "Cllr Ann Jones"
  E=$REF
  must "E withdraw" "$LOG" --db "$DB" withdraw "$E"
  must_new "F" --db "$DB" --type complaint --channel web --service HWY --summary "Street light" \
    --received 2026-10-01 --name "ann  SMITH" --phone "447700900111"
  F=$REF
  must_new "G" --db "$DB" --type complaint --channel web --service ASC --summary "Care visit" \
    --received 2026-11-02
  G=$REF
  must "G ack" "$LOG" --db "$DB" ack "$G" --on 2026-11-03
  must_new "H" --db "$DB" --channel phone --summary "A question about bins" --received 2026-11-18
  must "restrict" "$LOG" --db "$DB" restrict add --officer carol --email "pat@example.org" \
    --reason "42 calls in a week" --restricts "phone contact" --review 2027-02-09
  must "campaign" "$LOG" --db "$DB" campaign create oak "$F" "$G"
  must "rename" "$ADMIN" --db "$DB" service rename HWY --name "Highways and lighting"
  must "nightly run" "$ESC" --db "$DB" run
}

# same_everywhere WHAT FILE...: each FILE equal to the first.
same_everywhere() {
  local what=$1 first=$2 file
  shift 2
  for file in "$@"; do
    if cmp -s "$first" "$file"; then ok; else
      bad "$what differs:"
      diff -u "$first" "$file" >&2 || true
    fi
  done
}

# SQLite -> PostgreSQL -> SQLite: every table's content, every case and the audit chain survive.
section_roundtrip() {
  council
  run "$ADMIN" copy --from "$DB" --to "$PG"
  expect_rc 0 "copy SQLite to PostgreSQL"
  run "$ADMIN" copy --from "$PG" --to "$WORK/back.db"
  expect_rc 0 "copy PostgreSQL to SQLite"
  local db n=0 refs ref
  for db in "$DB" "$PG" "$WORK/back.db"; do
    n=$((n + 1))
    run "$ADMIN" --db "$db" digest
    expect_rc 0 "digest $n"
    printf '%s\n' "$OUT" >"$WORK/digest.$n"
    run "$ADMIN" --db "$db" check
    expect_rc 0 "check $n"
    expect_out_has "audit chain: " "check $n verifies the audit chain"
    run "$LOG" --db "$db" list --all --format csv
    printf '%s\n' "$OUT" >"$WORK/list.$n"
  done
  same_everywhere "the digest" "$WORK/digest.1" "$WORK/digest.2" "$WORK/digest.3"
  same_everywhere "the list" "$WORK/list.1" "$WORK/list.2" "$WORK/list.3"
  # The digest covers what the council holds (hand-counted from council()).
  grep -qx 'schema-version [0-9]*' "$WORK/digest.1" && ok || bad "the digest names the version"
  grep -q '^case_record 8 ' "$WORK/digest.1" && ok || bad "eight cases: $(cat "$WORK/digest.1")"
  grep -q '^contact_restriction 1 ' "$WORK/digest.1" && ok || bad "one restriction"
  grep -q '^campaign_case 2 ' "$WORK/digest.1" && ok || bad "two cases in the campaign"
  grep -q '^policy_version 2 ' "$WORK/digest.1" && ok || bad "two policies"
  grep -q '^legal_hold 1 ' "$WORK/digest.1" && ok || bad "one legal hold"
  grep -q '^remedy 1 ' "$WORK/digest.1" && ok || bad "one remedy"
  grep -q '^service_event 1 ' "$WORK/digest.1" && ok || bad "one service change"
  refs=$(tail -n +2 "$WORK/list.1" | cut -d, -f1)
  [ "$(printf '%s\n' "$refs" | wc -l)" -eq 8 ] && ok || bad "eight cases listed: $refs"
  for ref in $refs; do
    n=0
    for db in "$DB" "$PG" "$WORK/back.db"; do
      n=$((n + 1))
      run "$LOG" --db "$db" show "$ref" --format json
      printf '%s\n' "$OUT" >"$WORK/show.$n"
    done
    same_everywhere "$ref's show --format json" "$WORK/show.1" "$WORK/show.2" "$WORK/show.3"
  done
  # The copies go on where the original would: the next reference and the next ids (the
  # PostgreSQL sequences were set past the ids copied), the chain extended and still verified.
  for db in "$DB" "$PG" "$WORK/back.db"; do
    run "$LOG" --db "$db" new --type complaint --channel web --service HWY --summary "After"
    expect_rc 0 "a case after the copy"
    expect_out "FB-2026-000009" "the next reference"
    run "$LOG" --db "$db" note FB-2026-000009 "Rang back"
    expect_rc 0 "a note after the copy"
    run "$ADMIN" --db "$db" check
    expect_rc 0 "the chain verifies after more events"
  done
  [ "$(q "$DB" "SELECT max(id) FROM case_event")" = \
    "$(psql -qAt "$PG" -c "SELECT max(id) FROM feedback.case_event")" ] && ok ||
    bad "the next event id on PostgreSQL is the original's"
}

# What cannot be copied is refused with the destination as it was.
section_refusals() {
  council
  local other="postgresql:///postgres?host=$CLUSTER&user=feedback"
  # The destination must be new: a database there is never written to (73, can't create).
  must "a second database" "$ADMIN" --db "$WORK/other.db" init
  must "its digest" "$ADMIN" --db "$WORK/other.db" digest
  local before=$OUT
  run "$ADMIN" copy --from "$DB" --to "$WORK/other.db"
  expect_rc 73 "a SQLite destination that holds a database"
  expect_err "feedback-admin: error: database already exists, not overwriting it: $WORK/other.db" \
    "says so"
  run "$ADMIN" --db "$WORK/other.db" digest
  expect_out "$before" "the destination unchanged"
  must "init on the server" "$ADMIN" --db "$other" init
  run "$ADMIN" copy --from "$DB" --to "$other"
  expect_rc 73 "a PostgreSQL destination with a feedback schema"
  expect_err_has "database already exists, not overwriting it: $other" "says so"
  # An empty file is taken.
  : >"$WORK/empty.db"
  run "$ADMIN" copy --from "$DB" --to "$WORK/empty.db"
  expect_rc 0 "an empty file is a new database"

  # The source must be there (66), and nothing is created.
  run "$ADMIN" copy --from "$WORK/missing.db" --to "$WORK/new.db"
  expect_rc 66 "a missing source"
  expect_err_has "database does not exist: $WORK/missing.db" "names it"
  [ ! -e "$WORK/new.db" ] && ok || bad "a destination was created for a missing source"
  run "$ADMIN" copy --from "postgresql:///nothere?host=$CLUSTER&user=feedback" --to "$WORK/new.db"
  expect_rc 75 "a PostgreSQL database that does not exist"
  [ ! -e "$WORK/new.db" ] && ok || bad "a destination was created for a missing source"

  # A name libpq cannot read is a usage error (64), not a server to try again: its password is
  # never shown, though libpq's own message quotes the name.
  run "$ADMIN" copy --from "$DB" --to "postgresql://officer:s3cret@[::1/feedback"
  expect_rc 64 "a malformed URI"
  expect_err_has "not a valid PostgreSQL connection name: postgresql://officer@[::1/feedback" \
    "names it"
  case "$ERR" in *s3cret*) bad "the password is in the message: $ERR" ;; *) ok ;; esac

  # A source at an older schema version is copied only once migrated (65).
  cp "$DB" "$WORK/old.db"
  q "$WORK/old.db" "PRAGMA user_version = 13"
  run "$ADMIN" copy --from "$WORK/old.db" --to "$WORK/new.db"
  expect_rc 65 "an older schema"
  expect_err_has "schema version 13, and this program copies only version" "says which"
  expect_err_has "migrate it first" "says what to do"
  [ ! -e "$WORK/new.db" ] && ok || bad "a destination was created for an old source"

  # A copy that fails half-way leaves no trace: text that is not UTF-8 (SQLite keeps any bytes)
  # cannot go to PostgreSQL; the new schema goes with the rows, and a second try can be made.
  cp "$DB" "$WORK/bytes.db"
  q "$WORK/bytes.db" "UPDATE case_record SET summary = CAST(X'4fff' AS TEXT) WHERE id = 8"
  run "$ADMIN" copy --from "$WORK/bytes.db" --to "$PG"
  expect_rc 65 "text PostgreSQL cannot hold"
  expect_err_has "text that is not valid UTF-8 cannot be stored" "says why"
  [ "$(psql -qAt "$PG" -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'feedback'")" = 0 ] &&
    ok || bad "the failed copy left tables behind"
  run "$ADMIN" copy --from "$DB" --to "$PG"
  expect_rc 0 "the copy made again"
}

run_sections "$@"

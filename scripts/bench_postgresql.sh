#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# PostgreSQL on the 1,000,000-case benchmark data (issue 15), beside SQLite in the same run.
#
#   scripts/bench_postgresql.sh [BUILD_DIR] [DATABASE]
#
# A throwaway server (scripts/postgresql_cluster.sh) in a temporary directory, stopped and removed
# at the end. DATABASE (default: BUILD_DIR/bench-1m.db, made by scripts/make_bench_db.py) is never
# written: it is copied first and the copy migrated, unless FEEDBACK_BENCH_COPY names a copy to use
# (and change) instead. Then:
#   1. the SQLite copy loaded into the server with `feedback-admin copy`, and copied back into a new
#      file, each timed (wall, CPU, peak memory), and the three digests compared;
#   2. show, new, ack and respond as whole processes on PostgreSQL (target: under 20 ms) beside
#      `psql -c` (the server's own binary) running one equivalent statement (for ack and respond an
#      UPDATE that leaves the row as it was), and the same commands on SQLite; then, where PgBouncer
#      is installed, the PostgreSQL commands and psql -c again through it, in session mode;
#   3. the first escalation run (the data was never escalated: every night since its oldest case,
#      measured once), then the whole council's overdue list, one night's run (--dry-run, and a
#      real run on a copy made before each timed run) and the annual report on PostgreSQL beside
#      SQLite (target: within 2x);
#   4. feedback-import of a generated export into a new database on each engine, beside psql's
#      \copy (COPY FROM STDIN) of the same file into a bare table of text columns.
# It ends with a table of figures and ratios. Few runs (the machine is shared): medians of
# FEEDBACK_BENCH_RUNS (default 5) for the interactive commands, 3 for the others.
#
# Settings (environment): FEEDBACK_BENCH_RUNS, FEEDBACK_BENCH_COPY (above),
# FEEDBACK_BENCH_PARTS=234 (which of parts 2 to 4 to run: 3 alone for the nightly run),
# FEEDBACK_BENCH_IMPORT_ROWS=100000 (the export's size), FEEDBACK_BENCH_KEEP=1 (keep the work
# directory and the server, and say where), FEEDBACK_BENCH_SERVER=DIR (a server kept by an earlier
# run, already holding the copy of DATABASE: step 1 is skipped and the server left running).
# Needs: a build, hyperfine, psql and Debian's postgresql (server), sqlite3, /usr/bin/time,
# /usr/bin/python3; for the pooled figures, pgbouncer. Exit status: 0; 1 if a command fails; 2
# for a missing build, database or tool.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$repo/build}
source_db=${2:-$build/bench-1m.db}
runs=${FEEDBACK_BENCH_RUNS:-5}
parts=${FEEDBACK_BENCH_PARTS:-234}
import_rows=${FEEDBACK_BENCH_IMPORT_ROWS:-100000}
py=/usr/bin/python3
bin=$build/apps
admin=$bin/feedback-admin
log=$bin/feedback-log
esc=$bin/feedback-escalate
report=$bin/feedback-report
import=$bin/feedback-import
mapping=$repo/examples/mappings/crm_complaints.json
export FEEDBACK_TODAY=2026-11-22 NO_COLOR=1 USER=bench

die() {
  echo "bench_postgresql.sh: error: $2" >&2
  exit "$1"
}

[[ $runs =~ ^[1-9][0-9]*$ ]] || die 2 "FEEDBACK_BENCH_RUNS must be a number"
[[ $parts =~ ^[234]+$ ]] || die 2 "FEEDBACK_BENCH_PARTS must be digits among 2, 3 and 4"
# part N: whether part N is to run.
part() { [[ $parts == *$1* ]]; }
for tool in "$admin" "$log" "$esc" "$report" "$import"; do
  [[ -x $tool ]] || die 2 "no $tool: build first (cmake --build $build)"
done
for tool in hyperfine psql sqlite3 "$py" /usr/bin/time; do
  command -v "$tool" >/dev/null || die 2 "no $tool"
done
# The psql that is timed: the server's own binary. Debian's `psql` is a Perl script choosing the
# version (pg_wrapper), and timing it timed Perl's start too: 33 against 9 ms for `SELECT 1`.
psql_timed=$(ls -d /usr/lib/postgresql/*/bin/psql 2>/dev/null | tail -1)
psql_timed=${psql_timed:-$(command -v psql)}

work=$(mktemp -d "${TMPDIR:-/tmp}/bench_postgresql.XXXXXX")
# The server runs as an unprivileged user, who cannot enter $work (mode 0700).
reuse=${FEEDBACK_BENCH_SERVER:-}
cluster=${reuse:-$(mktemp -d /tmp/bench_postgresql-server.XXXXXX)}
cleanup() {
  "$repo/scripts/pgbouncer_pool.sh" stop "$cluster" || true
  if [[ ${FEEDBACK_BENCH_KEEP:-0} == 1 || -n $reuse ]]; then
    echo "bench_postgresql.sh: kept $work and the server in $cluster" >&2
  else
    "$repo/scripts/postgresql_cluster.sh" stop "$cluster" || true
    rm -rf "$work"
  fi
}
trap cleanup EXIT
if [[ -n $reuse ]]; then
  pg="postgresql:///feedback?host=$cluster&user=feedback"
else
  pg=$("$repo/scripts/postgresql_cluster.sh" start "$cluster")
fi
server="postgresql:///postgres?host=$cluster&user=feedback"
echo "server: $("$(dirname "$(ls -d /usr/lib/postgresql/*/bin/postgres | tail -1)")/postgres" \
  --version); load average $(cut -d' ' -f1-3 /proc/loadavg)"

if [[ -n ${FEEDBACK_BENCH_COPY:-} ]]; then
  db=$FEEDBACK_BENCH_COPY
  [[ -f $db ]] || die 2 "no database at FEEDBACK_BENCH_COPY=$db"
else
  [[ -f $source_db ]] || die 2 "no database at $source_db: make it with scripts/make_bench_db.py"
  db=$work/bench.db
  echo "copying $source_db to $db"
  cp "$source_db" "$db"
fi
# The first opening migrates the copy; not timed.
"$log" --db "$db" list --limit 1 >/dev/null

# measure NAME CMD...: CMD under /usr/bin/time; "wall cpu peak_MiB" kept for the table.
measure() {
  local name=$1
  shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err" ||
    { cat "$work/$name.err" >&2; die 1 "$name failed: $*"; }
  figures[$name]=$(awk '{ printf "%.2f %.2f %.0f", $1, $2 + $3, $4 / 1024 }' "$work/$name.time")
  echo "$name: ${figures[$name]} (wall s, cpu s, peak MiB)"
}

declare -A figures
echo
if [[ -n $reuse ]]; then
  echo "== 1. the copy: skipped (the server given already holds the copy)"
else
echo "== 1. the copy, both ways"
measure copy-to-postgresql "$admin" copy --from "$db" --to "$pg"
measure copy-to-sqlite "$admin" copy --from "$pg" --to "$work/back.db"
measure digest-sqlite "$admin" --db "$db" digest
measure digest-postgresql "$admin" --db "$pg" digest
measure digest-back "$admin" --db "$work/back.db" digest
if cmp -s "$work/digest-sqlite.out" "$work/digest-postgresql.out" &&
  cmp -s "$work/digest-sqlite.out" "$work/digest-back.out"; then
  echo "digests: equal ($(tail -1 "$work/digest-sqlite.out"))"
else
  diff "$work/digest-sqlite.out" "$work/digest-postgresql.out" >&2 || true
  die 1 "the digests differ"
fi
echo "sizes: SQLite $(du -m "$db" | cut -f1) MiB; PostgreSQL $(psql -qAt "$pg" -c \
  "SELECT pg_database_size('feedback') / 1048576") MiB"
rm -f "$work/back.db"*
psql -q "$pg" -c "VACUUM ANALYZE" >/dev/null
fi

results=()
# bench NAME RUNS CMD... : one hyperfine run of the commands (each "label=command"); the medians
# kept in NAME.json.
bench() {
  local name=$1 n=$2
  shift 2
  local args=() spec
  for spec in "$@"; do
    args+=(-n "${spec%%=*}" "${spec#*=}")
  done
  hyperfine -N --style basic --warmup 1 --runs "$n" --export-json "$work/$name.json" "${args[@]}" \
    >"$work/$name.txt" 2>&1 || { cat "$work/$name.txt" >&2; die 1 "$name failed"; }
  results+=("$work/$name.json")
}

if part 2; then
echo
echo "== 2. interactive commands: PostgreSQL beside psql -c and SQLite"
psql_q() { echo "$psql_timed -X -q -A -t -o /dev/null $pg -c"; }
# Cases to act on: open, current stage not yet acknowledged (for ack) or not responded and not on
# hold (respond).
open_sql="FROM feedback.case_record c JOIN feedback.case_stage s ON s.id = c.current_stage
  WHERE c.status <> 'closed' AND c.type = 'complaint'"
# Twice as many as the runs: the second half for the runs through the pooler (below).
psql -qAt "$pg" -c "SELECT c.reference $open_sql AND s.acknowledged IS NULL AND s.responded IS NULL
  ORDER BY c.id LIMIT $((2 * runs))" >"$work/acks.refs"
psql -qAt "$pg" -c "SELECT c.reference $open_sql AND s.responded IS NULL AND s.acknowledged IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM feedback.case_hold h WHERE h.stage_id = s.id AND h.resumed_on IS NULL)
  ORDER BY c.id LIMIT $((2 * runs))" >"$work/responds.refs"
[[ $(wc -l <"$work/acks.refs") -eq $((2 * runs)) && $(wc -l <"$work/responds.refs") -eq $((2 * runs)) ]] ||
  die 1 "not enough open cases to act on"
for verb in ack respond; do
  head -n "$runs" "$work/${verb}s.refs" >"$work/$verb.refs"
  tail -n "$runs" "$work/${verb}s.refs" >"$work/$verb-pooled.refs"
done
ref=$(head -1 "$work/respond.refs")
case_id=$(psql -qAt "$pg" -c "SELECT id FROM feedback.case_record WHERE reference = '$ref'")
stage_id=$(psql -qAt "$pg" -c "SELECT current_stage FROM feedback.case_record WHERE id = $case_id")
service=$(psql -qAt "$pg" -c "SELECT service FROM feedback.case_record WHERE id = $case_id")
# bench_each NAME VERB COMMAND...: like bench, for a command that changes its case (ack, respond):
# each run takes the next case of VERB's list ({ref} in each command), through hyperfine's
# parameter list, one run per case and no warm-up. (A wrapper script choosing the case timed a
# shell, head and sed too.) The runs of each command are gathered into one result.
bench_each() {
  local name=$1 verb=$2
  shift 2
  local commands=() spec
  for spec in "$@"; do
    commands+=("${spec#*=}")
  done
  hyperfine -N --style basic --runs 1 --export-json "$work/$name.each.json" \
    --parameter-list ref "$(paste -sd, "$work/$verb.refs")" "${commands[@]}" >"$work/$name.txt" 2>&1 ||
    { cat "$work/$name.txt" >&2; die 1 "$name failed"; }
  # hyperfine names each run by its command with the case in it: named back by the command.
  "$py" - "$work/$name.each.json" "$work/$name.json" "$@" <<'PYEOF'
import json, sys
label = dict(reversed(spec.split("=", 1)) for spec in sys.argv[3:])
gathered = {name: [] for name in label.values()}
for r in json.load(open(sys.argv[1]))["results"]:
    command = r["command"].replace(r["parameters"]["ref"], "{ref}")
    gathered[label[command]].extend(r["times"])
json.dump({"results": [{"command": c, "times": t} for c, t in gathered.items()]},
          open(sys.argv[2], "w"))
PYEOF
  results+=("$work/$name.json")
}
respond_args="--outcome upheld --area communication"
new_args="--type complaint --channel web --service $service --summary Benchmark"
bench show "$runs" "show (postgresql)=$log --db $pg show $ref" \
  "show (psql -c)=$(psql_q) \"SELECT * FROM feedback.case_record c JOIN feedback.case_stage s ON s.case_id = c.id LEFT JOIN feedback.case_event e ON e.case_id = c.id WHERE c.reference = '$ref'\"" \
  "show (sqlite)=$log --db $db show $ref"
bench new "$runs" "new (postgresql)=$log --db $pg new $new_args" \
  "new (psql -c)=$(psql_q) \"INSERT INTO feedback.event_text (id, salt, body, digest) SELECT max(id) + 1, repeat('s', 32), 'Benchmark', repeat('d', 64) FROM feedback.event_text\"" \
  "new (sqlite)=$log --db $db new $new_args"
bench_each ack ack "ack (postgresql)=$log --db $pg ack {ref}" \
  "ack (psql -c)=$(psql_q) \"UPDATE feedback.case_stage SET acknowledged = acknowledged WHERE id = $stage_id\"" \
  "ack (sqlite)=$log --db $db ack {ref}"
bench_each respond respond "respond (postgresql)=$log --db $pg respond {ref} $respond_args" \
  "respond (psql -c)=$(psql_q) \"UPDATE feedback.case_stage SET responded = responded WHERE id = $stage_id\"" \
  "respond (sqlite)=$log --db $db respond {ref} $respond_args"

# The same through PgBouncer in session mode (docs/postgresql.md, "A pooler"), where it is
# installed: each command then gets a server process whose caches earlier commands warmed, as a
# team's server keeps them. psql -c goes through it too.
if ! pool=$("$repo/scripts/pgbouncer_pool.sh" start "$cluster"); then
  echo "PgBouncer is not there or did not start: no pooled figures"
else
  pooled="postgresql:///feedback?host=$pool&port=6432&user=feedback"
  psql_p() { echo "$psql_timed -X -q -A -t -o /dev/null $pooled -c"; }
  bench show-pooled "$runs" "show (pooled)=$log --db $pooled show $ref" \
    "show (psql -c, pooled)=$(psql_p) \"SELECT * FROM feedback.case_record c JOIN feedback.case_stage s ON s.case_id = c.id LEFT JOIN feedback.case_event e ON e.case_id = c.id WHERE c.reference = '$ref'\""
  bench new-pooled "$runs" "new (pooled)=$log --db $pooled new $new_args" \
    "new (psql -c, pooled)=$(psql_p) \"INSERT INTO feedback.event_text (id, salt, body, digest) SELECT max(id) + 1, repeat('s', 32), 'Benchmark', repeat('d', 64) FROM feedback.event_text\""
  bench_each ack-pooled ack-pooled "ack (pooled)=$log --db $pooled ack {ref}" \
    "ack (psql -c, pooled)=$(psql_p) \"UPDATE feedback.case_stage SET acknowledged = acknowledged WHERE id = $stage_id\""
  bench_each respond-pooled respond-pooled "respond (pooled)=$log --db $pooled respond {ref} $respond_args" \
    "respond (psql -c, pooled)=$(psql_p) \"UPDATE feedback.case_stage SET responded = responded WHERE id = $stage_id\""
  "$repo/scripts/pgbouncer_pool.sh" stop "$cluster"
fi

fi

if part 3; then
echo
echo "== 3. reports and the nightly run: PostgreSQL beside SQLite"
# The benchmark data was never escalated: its first run catches up every night since its oldest
# open case (about 267,000 steps). That run is measured once on each engine, up to the night
# before; the timed nightly run is then one night's.
measure catch-up-postgresql "$esc" --db "$pg" run --as-of 2026-11-21 --format csv
measure catch-up-sqlite "$esc" --db "$db" run --as-of 2026-11-21 --format csv
echo "catch-up steps: $(($(wc -l <"$work/catch-up-sqlite.out") - 1))"
# What autovacuum does before the next night: the steps just recorded counted for the planner.
psql -q "$pg" -c "VACUUM ANALYZE" >/dev/null
long=3
bench overdue "$long" "overdue (postgresql)=$esc --db $pg overdue --format csv" \
  "overdue (sqlite)=$esc --db $db overdue --format csv"
bench dry-run "$long" "run --dry-run (postgresql)=$esc --db $pg run --dry-run --format csv" \
  "run --dry-run (sqlite)=$esc --db $db run --dry-run --format csv"
bench annual "$long" "annual (postgresql)=$report --db $pg annual --year 2025/26" \
  "annual (sqlite)=$report --db $db annual --year 2025/26"
# A real run changes the database: each timed run works on a fresh copy (PostgreSQL: a database
# made from the loaded one as its template).
night_pg="postgresql:///night?host=$cluster&user=feedback"
hyperfine -N --style basic --runs 2 --export-json "$work/night.json" \
  --prepare "psql -X -q $server -c 'DROP DATABASE IF EXISTS night' -c 'CREATE DATABASE night TEMPLATE feedback'" \
  -n "run, one night (postgresql)" "$esc --db $night_pg run --format csv" \
  --prepare "cp $db $work/night.db" \
  -n "run, one night (sqlite)" "$esc --db $work/night.db run --format csv" >"$work/night.txt" 2>&1 ||
  { cat "$work/night.txt" >&2; die 1 "the nightly run failed"; }
results+=("$work/night.json")
psql -X -q "$server" -c 'DROP DATABASE IF EXISTS night'
rm -f "$work/night.db"*

fi

rows=0
if part 4; then
echo
echo "== 4. import: feedback-import beside COPY of the same file"
csv=$work/export.csv
"$py" "$repo/scripts/gen_legacy_csv.py" --cases "$import_rows" --revision 1 --out "$csv"
# Records, not lines: a quoted field may hold a line break.
rows=$("$py" -c 'import csv, sys
print(sum(1 for _ in csv.reader(open(sys.argv[1], newline=""))) - 1)' "$csv")
# council DB: a new database with the services the mapping routes to.
council() {
  "$admin" --db "$1" init >/dev/null
  local s
  for s in WST HWY HSG REV PRK PLN ENV LIB STC CUS; do
    "$admin" --db "$1" service add "$s" --name "$s" --directorate Place >/dev/null
  done
  "$admin" --db "$1" service add ASC --name "Adult social care" --directorate People \
    --procedure adults-statutory >/dev/null
  "$admin" --db "$1" service add SEN --name SEND --directorate People --procedure send >/dev/null
  "$admin" --db "$1" service add CSC --name "Children's social care" --directorate People \
    --procedure childrens-statutory >/dev/null
}
psql -X -q "$server" -c 'DROP DATABASE IF EXISTS import' -c 'CREATE DATABASE import'
import_pg="postgresql:///import?host=$cluster&user=feedback"
council "$import_pg"
council "$work/import.db"
measure import-postgresql "$import" --db "$import_pg" "$csv" --mapping "$mapping"
measure import-sqlite "$import" --db "$work/import.db" "$csv" --mapping "$mapping"
columns=$(head -1 "$csv" | "$py" -c 'import csv, sys
print(", ".join(f"\"c{i}\" TEXT" for i, _ in enumerate(next(csv.reader(sys.stdin)))))')
psql -X -q "$import_pg" -c "CREATE TABLE public.bare ($columns)"
measure copy-bare-postgresql "$psql_timed" -X -q "$import_pg" -c "\\copy public.bare FROM '$csv' WITH (FORMAT csv, HEADER true)"
measure import-floor-sqlite sqlite3 "$work/floor.db" ".import --csv $csv t"
fi

echo
echo "== figures (load average now $(cut -d' ' -f1-3 /proc/loadavg))"
"$py" - "$rows" "${results[@]}" <<'PYEOF'
import json, statistics, sys
rows = int(sys.argv[1])
print(f"{'command':<30} {'median ms':>10} {'reference':<26} {'ref ms':>9} {'ratio':>7}")
for path in sys.argv[2:]:
    results = json.load(open(path))["results"]
    first = results[0]
    ms = lambda r: statistics.median(r["times"]) * 1000
    for other in results[1:]:
        print(f"{first['command']:<30} {ms(first):10.1f} {other['command']:<26} "
              f"{ms(other):9.1f} {ms(first) / ms(other):7.2f}")
PYEOF
printf '%-30s %10s %10s %10s %12s\n' "whole process" "wall s" "cpu s" "peak MiB" "rows/s"
for name in copy-to-postgresql copy-to-sqlite digest-sqlite digest-postgresql catch-up-postgresql \
  catch-up-sqlite import-postgresql import-sqlite copy-bare-postgresql import-floor-sqlite; do
  [[ -n ${figures[$name]:-} ]] || continue
  read -r wall cpu peak <<<"${figures[$name]}"
  rate=-
  case $name in import-* | copy-bare-*) rate=$("$py" -c "print(int($rows / max($wall, 0.01)))") ;; esac
  printf '%-30s %10s %10s %10s %12s\n' "$name" "$wall" "$cpu" "$peak" "$rate"
done
if part 4; then
echo "import rows: $rows; import on PostgreSQL / COPY: $("$py" -c "
a, b = '${figures[import-postgresql]}'.split(), '${figures[copy-bare-postgresql]}'.split()
print(f'{float(a[0]) / max(float(b[0]), 0.01):.1f}x')")"
fi

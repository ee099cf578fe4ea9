#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# What an officer runs all day, on the 1,000,000-case database: feedback-log show, list (one
# service's open cases, and all 100,000 open cases as a table, CSV and JSON), letter (when the
# build has it) and feedback-escalate overdue (the whole council), each a whole process timed by
# hyperfine beside sqlite3 doing the equivalent query in the same run, and the peak memory of
# each (/usr/bin/time -v). Ratios are against the sqlite3 reference of the same run, so a busy
# machine moves both.
#
#   scripts/bench_officer.sh [BUILD_DIR] [DATABASE]
#
# DATABASE (default: BUILD_DIR/bench-1m.db, made by scripts/make_bench_db.py) is never written:
# it is copied into the work directory first (newer binaries migrate a database on opening it),
# unless FEEDBACK_BENCH_COPY names a copy to use (and change) instead.
#
# Targets (issue 12): show, list (one service) and letter under 20 ms; the whole-council overdue
# list under 200 ms; list of 100,000 rows in memory that does not grow with the rows (compare
# the peak of `list --limit 1000` with the peak of the whole list).
#
# Settings (environment):
#   FEEDBACK_BENCH_RUNS=10     timed runs per command (the 100,000-row lists: a third of it)
#   FEEDBACK_BENCH_WARMUP=2    untimed runs first
#   FEEDBACK_BENCH_COPY=PATH   use (and change) this copy instead of copying DATABASE
#   FEEDBACK_BENCH_KEEP=1      keep the work directory (hyperfine JSON, outputs) and say where
#
# Exit status: 0; 1 if a command fails; 2 for a missing build, database or tool.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$repo/build}
source_db=${2:-$build/bench-1m.db}
runs=${FEEDBACK_BENCH_RUNS:-10}
warmup=${FEEDBACK_BENCH_WARMUP:-2}
log=$build/apps/feedback-log
esc=$build/apps/feedback-escalate
export FEEDBACK_TODAY=2026-11-22
export NO_COLOR=1
export COLUMNS=120

die() {
  echo "bench_officer.sh: error: $2" >&2
  exit "$1"
}

[[ $runs =~ ^[1-9][0-9]*$ && $warmup =~ ^[0-9]+$ ]] ||
  die 2 "FEEDBACK_BENCH_RUNS and FEEDBACK_BENCH_WARMUP must be numbers"
[[ -x $log && -x $esc ]] ||
  die 2 "no $log or $esc: build first (cmake --build $build --target feedback-log feedback-escalate)"
for tool in hyperfine sqlite3 python3; do
  command -v "$tool" >/dev/null || die 2 "no $tool: apt-get install $tool"
done
[[ -x /usr/bin/time ]] || die 2 "no /usr/bin/time: apt-get install time"

work=$(mktemp -d "${TMPDIR:-/tmp}/bench_officer.XXXXXX")
if [[ ${FEEDBACK_BENCH_KEEP:-0} == 1 ]]; then
  trap 'echo "bench_officer.sh: work directory kept: $work" >&2' EXIT
else
  trap 'rm -rf "$work"' EXIT
fi
if [[ -n ${FEEDBACK_BENCH_COPY:-} ]]; then
  db=$FEEDBACK_BENCH_COPY
  [[ -f $db ]] || die 2 "no database at FEEDBACK_BENCH_COPY=$db"
else
  [[ -f $source_db ]] || die 2 "no database at $source_db: make it with scripts/make_bench_db.py"
  db=$work/bench.db
  echo "copying $source_db to $db" >&2
  cp "$source_db" "$db"
  if [[ -s $source_db-wal ]]; then
    cp "$source_db-wal" "$db-wal" # changes not yet checkpointed belong to the database
  fi
fi
export FEEDBACK_DB=$db
# The first opening migrates the copy; not timed.
"$log" list --limit 1 >/dev/null

# The busiest service, a case with the longest timeline among the first open ones, its id.
service=$(sqlite3 "$db" "SELECT service FROM case_record WHERE status <> 'closed'
  GROUP BY service ORDER BY count(*) DESC LIMIT 1")
ref=$(sqlite3 "$db" "SELECT c.reference FROM case_record c JOIN case_event e ON e.case_id = c.id
  WHERE c.id IN (SELECT id FROM case_record WHERE status <> 'closed' LIMIT 2000)
  GROUP BY c.id ORDER BY count(*) DESC LIMIT 1")
case_id=$(sqlite3 "$db" "SELECT id FROM case_record WHERE reference = '$ref'")
open_cases=$(sqlite3 "$db" "SELECT count(*) FROM case_record WHERE status <> 'closed'")
echo "database: $(sqlite3 "$db" "SELECT count(*) FROM case_record") cases, $open_cases open;" \
  "service $service; show $ref" >&2

# The sqlite3 references: the same rows read by the shell, printed as a list.
sql_show="SELECT * FROM case_record WHERE reference = '$ref';
SELECT * FROM case_stage WHERE case_id = $case_id;
SELECT e.*, t.body FROM case_event e LEFT JOIN event_text t ON t.id = e.text_id
  WHERE e.case_id = $case_id ORDER BY e.on_date, e.id;"
sql_open="SELECT c.reference, c.type, c.status, s.procedure, s.stage, c.service, c.owner,
  c.received, c.sponsor, c.summary, s.started, s.acknowledge_days, s.respond_days, s.acknowledged,
  s.responded FROM case_record c JOIN case_stage s ON s.id = c.current_stage
  WHERE c.status <> 'closed'"
sql_list_service="$sql_open AND c.service = '$service' ORDER BY c.received, c.id LIMIT 1000;"
sql_list_all="$sql_open ORDER BY c.received, c.id;"
sql_overdue="$sql_open AND s.responded IS NULL ORDER BY c.service, c.owner, c.received;"

results=()
# bench NAME RUNS TOOL-COMMAND SQLITE-COMMAND: both timed by hyperfine in one run, then the
# peak memory of each.
bench() {
  local name=$1 n=$2 tool=$3 reference=$4
  hyperfine --shell=none --style basic --warmup "$warmup" --runs "$n" \
    --export-json "$work/$name.json" -n "$name" "$tool" -n "$name (sqlite3)" "$reference" \
    >"$work/$name.txt" 2>&1 || {
    cat "$work/$name.txt" >&2
    die 1 "$name failed"
  }
  local peak_tool peak_ref
  peak_tool=$(/usr/bin/time -v $tool 2>&1 >/dev/null | awk '/Maximum resident/ {print $6}')
  peak_ref=$(/usr/bin/time -v $reference 2>&1 >/dev/null | awk '/Maximum resident/ {print $6}')
  results+=("$name|$work/$name.json|$peak_tool|$peak_ref")
}

# The shell's -cmd reads one argument: hyperfine --shell=none splits on spaces, so each query is
# in a file.
q() {
  printf '%s\n' "$2" >"$work/$1.sql"
  echo "sqlite3 -readonly $db -init $work/$1.sql .quit"
}
bench show "$runs" "$log show $ref" "$(q show "$sql_show")"
bench list-service "$runs" "$log list --service $service --limit 1000" \
  "$(q list_service "$sql_list_service")"
long=$(((runs + 2) / 3))
bench list-all-table "$long" "$log list" "$(q list_all "$sql_list_all")"
bench list-all-csv "$long" "$log list --format csv" "$(q list_all "$sql_list_all")"
bench list-all-json "$long" "$log list --format json" "$(q list_all "$sql_list_all")"
bench list-1000-json "$runs" "$log list --format json --limit 1000" "$(q list_1000 "$sql_open LIMIT 1000;")"
if "$log" letter --help >/dev/null 2>&1; then
  bench letter "$runs" "$log letter $ref --template acknowledgement" "$(q show "$sql_show")"
else
  echo "letter: not in this build, left out" >&2
fi
bench overdue "$runs" "$esc overdue --format csv" "$(q overdue "$sql_overdue")"
bench overdue-table "$runs" "$esc overdue" "$(q overdue "$sql_overdue")"

echo
# Wall time is what a person waits; CPU time (user + system) is what a busy machine disturbs
# least. Wall time is the median, CPU time the mean; the ratios are against sqlite3's of the same run.
printf '%-16s %9s %9s %7s %9s %9s %7s %9s %9s\n' command "wall ms" "sqlite3" ratio "cpu ms" \
  "sqlite3" ratio "peak MiB" "sqlite3"
for r in "${results[@]}"; do
  IFS='|' read -r name json peak_tool peak_ref <<<"$r"
  python3 - "$name" "$json" "$peak_tool" "$peak_ref" <<'PYEOF'
import json, statistics, sys
name, path, peak_tool, peak_ref = sys.argv[1:]
runs = json.load(open(path))["results"]
def med(r, key):
    return statistics.median(r[key]) * 1000
def cpu(r):  # hyperfine gives the mean of user and of system time
    return (r["user"] + r["system"]) * 1000
tool, ref = med(runs[0], "times"), med(runs[1], "times")
tool_cpu, ref_cpu = cpu(runs[0]), cpu(runs[1])
print(f"{name:<16} {tool:9.1f} {ref:9.1f} {tool / ref:7.2f} {tool_cpu:9.1f} {ref_cpu:9.1f} "
      f"{tool_cpu / ref_cpu:7.2f} {int(peak_tool) / 1024:9.1f} {int(peak_ref) / 1024:9.1f}")
PYEOF
done

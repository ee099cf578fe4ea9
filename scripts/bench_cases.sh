#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Case benchmarks on a large database: feedback-log new, show, ack, respond and list, each a
# whole process timed by hyperfine, against the floor of the same lookup done by sqlite3.
#
#   scripts/bench_cases.sh [BUILD_DIR] [CASES]   (defaults: build beside this script's parent,
#                                                 1000000 cases)
#
# The database (CASES cases, 10 % not closed) is made by scripts/make_bench_db.py and kept as
# BUILD_DIR/bench-1m.db (bench-CASES.db for other sizes); it is made again only when missing or
# holding another number of cases. Reads run on it; changes (new, ack, respond) run on a copy in
# a temporary directory, so the kept database never changes. ack and respond need a case not yet
# acknowledged or answered for every run: each run gets its own, listed from the database
# beforehand (hyperfine --parameter-list, one run each), after a few untimed warm-up runs.
#
# Targets (the issue's): new, show, ack and respond under 20 ms, median of repeated runs;
# list --open --service S returning 1,000 rows under 100 ms. "Today" is FEEDBACK_TODAY=2026-11-22.
#
# Needs: a build (cmake --build BUILD_DIR --target feedback-admin feedback-log), hyperfine,
# sqlite3, /usr/bin/time and Debian's /usr/bin/python3. Takes about 4 minutes with the database
# to make (most of it the generator and its integrity check), under a minute without.
#
# Settings (environment):
#   FEEDBACK_BENCH_RUNS=20     timed runs per command
#   FEEDBACK_BENCH_WARMUP=3    untimed runs first
#   FEEDBACK_BENCH_NICE=N      run the timed commands at niceness N (e.g. -10, as root) so that
#                              other work on a busy machine inflates the figures less
#   FEEDBACK_BENCH_KEEP=1      keep the work directory (hyperfine JSON, outputs) and say where
#   FEEDBACK_BENCH_STRICT=1    exit 3 if a target is missed
#
# Exit status: 0; 1 if a command fails; 2 for a missing build or tool; 3 for a missed target with
# FEEDBACK_BENCH_STRICT=1.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$repo/build}
cases=${2:-1000000}
runs=${FEEDBACK_BENCH_RUNS:-20}
nice_level=${FEEDBACK_BENCH_NICE:-}
warmup=${FEEDBACK_BENCH_WARMUP:-3}
py=/usr/bin/python3
admin=$build/apps/feedback-admin
log=$build/apps/feedback-log
export FEEDBACK_TODAY=2026-11-22
export NO_COLOR=1

die() {
  echo "bench_cases.sh: error: $2" >&2
  exit "$1"
}

[[ $cases =~ ^[1-9][0-9]*$ ]] || die 2 "CASES must be a positive number: '$cases'"
[[ $runs =~ ^[1-9][0-9]*$ && $warmup =~ ^[0-9]+$ ]] ||
  die 2 "FEEDBACK_BENCH_RUNS and FEEDBACK_BENCH_WARMUP must be numbers"
[[ -x $admin && -x $log ]] ||
  die 2 "no $admin or $log: build first (cmake --build $build --target feedback-admin feedback-log)"
[[ -x $py ]] || die 2 "no $py: apt-get install python3"
for tool in hyperfine sqlite3; do
  command -v "$tool" >/dev/null || die 2 "no $tool: apt-get install $tool"
done
[[ -x /usr/bin/time ]] || die 2 "no /usr/bin/time: apt-get install time"
# prio: the timed commands' prefix (nothing, or nice -n N).
prio=()
if [[ -n $nice_level ]]; then
  [[ $nice_level =~ ^-?[0-9]+$ ]] || die 2 "FEEDBACK_BENCH_NICE must be a number: '$nice_level'"
  if [[ $(nice -n "$nice_level" nice 2>/dev/null) != "$nice_level" ]]; then
    die 2 "cannot run at niceness $nice_level (a negative one needs root)"
  fi
  prio=(nice -n "$nice_level")
fi

if [[ $cases == 1000000 ]]; then
  db=$build/bench-1m.db
else
  db=$build/bench-$cases.db
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/bench_cases.XXXXXX")
if [[ ${FEEDBACK_BENCH_KEEP:-0} == 1 ]]; then
  trap 'echo "bench_cases.sh: work directory kept: $work" >&2' EXIT
else
  trap 'rm -rf "$work"' EXIT
fi

section() { printf '\n== %s\n' "$*"; }
# q SQL: one query on the kept database, read only.
q() { sqlite3 -readonly -batch -noheader "$db" "$1"; }

section "Setting"
echo "cpu:      $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), $(nproc) cores"
echo "build:    $build ($(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build/CMakeCache.txt" 2>/dev/null || echo '?'))"
echo "tools:    hyperfine $(hyperfine --version | cut -d' ' -f2), sqlite3 $(sqlite3 --version | cut -d' ' -f1), python $("$py" -c 'import platform; print(platform.python_version())')"
echo "load:     $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min; other work on the machine slows every figure)"
echo "runs:     $runs timed after $warmup warm-up, each a whole process (hyperfine -N: no shell)"
echo "priority: niceness ${nice_level:-$(nice)} for the timed commands"

section "Database"
have=0
if [[ -f $db ]]; then
  have=$(q "SELECT count(*) FROM case_record" 2>/dev/null || echo 0)
fi
if [[ $have == "$cases" ]]; then
  echo "kept: $db ($cases cases; delete it to make it again)"
else
  [[ -f $db ]] && echo "$db holds $have cases, not $cases: making it again"
  gen_start=$EPOCHREALTIME
  "$py" "$repo/scripts/make_bench_db.py" --admin "$admin" --db "$db" --cases "$cases" --force
  gen_end=$EPOCHREALTIME
  awk -v a="${gen_start/,/.}" -v b="${gen_end/,/.}" \
    'BEGIN { printf "generator wall time with its check: %.1f s\n", b - a }'
fi
echo "size: $(du -m "$db" | cut -f1) MiB; $(q "SELECT count(*) FROM case_record WHERE status <> 'closed'") cases not closed"

# The bench service: the fewest cases not closed that is still at least 1,000 (the generator's
# rule); the largest, for a list far longer than 1,000.
service=$(q "SELECT service FROM case_record WHERE status <> 'closed' GROUP BY service
             HAVING count(*) >= 1000 ORDER BY count(*), service LIMIT 1")
[[ -n $service ]] || service=$(q "SELECT service FROM case_record WHERE status <> 'closed'
                                  GROUP BY service ORDER BY count(*) DESC, service LIMIT 1")
largest=$(q "SELECT service FROM case_record WHERE status <> 'closed' GROUP BY service
             ORDER BY count(*) DESC, service LIMIT 1")
n_service=$(q "SELECT count(*) FROM case_record WHERE status <> 'closed' AND service = '$service'")
n_largest=$(q "SELECT count(*) FROM case_record WHERE status <> 'closed' AND service = '$largest'")
echo "bench service: $service ($n_service not closed); largest: $largest ($n_largest not closed)"

# Cases for show: the latest open case of the bench service, and a closed case that went
# through more than one stage (a longer page: stages, areas, holds).
show_ref=$(q "SELECT reference FROM case_record WHERE status = 'open' AND service = '$service'
              ORDER BY received DESC, id DESC LIMIT 1")
show_ref2=$(q "SELECT c.reference FROM case_record c JOIN case_stage s ON s.id = c.current_stage
               WHERE c.status = 'closed' AND c.service = 'CSC' AND s.stage >= 2
               ORDER BY c.id DESC LIMIT 1")
[[ -n $show_ref2 ]] || show_ref2=$show_ref
# A different case for every ack and respond run (warm-up included), spread over the open
# cases of the bench service in a fixed pseudo-random order. respond: complaints already
# acknowledged (so never one of the ack cases) and not on hold.
need=$((runs + warmup))
q "SELECT c.reference FROM case_record c JOIN case_stage s ON s.id = c.current_stage
   WHERE c.status = 'open' AND c.service = '$service' AND s.acknowledged IS NULL
   ORDER BY (c.id * 7919) % 1000003 LIMIT $need" >"$work/ack.refs"
q "SELECT c.reference FROM case_record c JOIN case_stage s ON s.id = c.current_stage
   WHERE c.status = 'open' AND c.service = '$service' AND c.type = 'complaint'
     AND s.acknowledged IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM case_hold h WHERE h.stage_id = s.id AND h.resumed_on IS NULL)
   ORDER BY (c.id * 7919) % 1000003 LIMIT $need" >"$work/respond.refs"
for f in ack respond; do
  [[ $(wc -l <"$work/$f.refs") -ge $need ]] ||
    die 1 "fewer than $need open cases to $f in service $service: use more CASES"
done
echo "show: $show_ref (open), $show_ref2 (closed, more than one stage);" \
  "ack and respond: $need cases each, e.g. $(head -n 1 "$work/ack.refs"), $(head -n 1 "$work/respond.refs")"

# The copy the changing commands work on.
mut=$work/mutable.db
cp "$db" "$mut"
# Written out now, or the first commit's fsync would pay for the whole copy.
sync "$mut"

# measure NAME COMMAND: hyperfine, $runs runs after $warmup, JSON into $work/NAME.json.
measure() {
  printf '%s ' "$1"
  "${prio[@]}" hyperfine -N --style none --warmup "$warmup" --runs "$runs" \
    --export-json "$work/$1.json" -n "$1" "$2" >"$work/$1.out" 2>&1 ||
    { cat "$work/$1.out" >&2; die 1 "$1: the command failed: $2"; }
}
# measure_each NAME REFS COMMAND: COMMAND with {ref} once for each of the timed references in
# REFS (one run each), after the warm-up references ran untimed.
measure_each() {
  local name=$1 refs=$2 cmd=$3 ref
  printf '%s ' "$name"
  while read -r ref; do
    eval "${prio[*]} ${cmd//\{ref\}/$ref}" >/dev/null || die 1 "$name: warm-up failed for $ref"
  done < <(head -n "$warmup" "$refs")
  "${prio[@]}" hyperfine -N --style none --runs 1 --export-json "$work/$name.json" \
    -L ref "$(tail -n +"$((warmup + 1))" "$refs" | paste -sd, -)" "$cmd" >"$work/$name.out" 2>&1 ||
    { cat "$work/$name.out" >&2; die 1 "$name: the command failed: $cmd"; }
}

section "Timing (hyperfine)"
measure show "$log --db '$db' show $show_ref"
measure show_json "$log --db '$db' show $show_ref --format json"
measure sqlite3_floor "sqlite3 '$db' \"select * from case_record where reference = '$show_ref'\""
measure show_closed "$log --db '$db' show $show_ref2"
# The floor of a change: sqlite3 committing one row in the same WAL file (and checkpointing it
# on exit, as the last connection), like the changes below.
measure sqlite3_write_floor "sqlite3 '$mut' \"update case_record set owner = hex(randomblob(4)) where reference = '$show_ref'\""
measure new "$log --db '$mut' new --type complaint --channel email --service $service --summary 'Bench: a new contact by email' --received 2026-11-20 --officer bench"
measure_each ack "$work/ack.refs" "$log --db '$mut' ack {ref} --officer bench"
measure_each respond "$work/respond.refs" "$log --db '$mut' respond {ref} --outcome upheld --officer bench"
measure list_1000 "$log --db '$db' list --open --service $service --limit 1000"
measure list_all "$log --db '$db' list --open --service $service"
measure list_csv "$log --db '$db' list --open --service $service --format csv"
measure list_largest_1000 "$log --db '$db' list --open --service $largest --limit 1000"
measure list_largest_all "$log --db '$db' list --open --service $largest --format csv"
echo

# Rows each list returns (a table has a header line; csv too).
rows() { "$log" --db "$db" list --open --service "$@" | tail -n +2 | wc -l; }
r_1000=$(rows "$service" --limit 1000)
r_all=$(rows "$service")
r_csv=$(rows "$service" --format csv)
r_l1000=$(rows "$largest" --limit 1000)
r_lall=$(rows "$largest" --format csv)
/usr/bin/time -v -o "$work/list.rusage" "$log" --db "$db" list --open --service "$largest" \
  --format csv >/dev/null
rss_kb=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$work/list.rusage")
/usr/bin/time -v -o "$work/show.rusage" "$log" --db "$db" show "$show_ref" >/dev/null
show_rss_kb=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$work/show.rusage")
# What the changes did to the copy (each acknowledged, each answered, the new cases there).
acked=$(sqlite3 "$mut" "SELECT count(*) FROM case_record c JOIN case_stage s ON s.id = c.current_stage
  WHERE s.acknowledged = '$FEEDBACK_TODAY' AND c.reference IN ($(sed "s/.*/'&'/" "$work/ack.refs" | paste -sd, -))")
answered=$(sqlite3 "$mut" "SELECT count(*) FROM case_record WHERE status = 'responded' AND reference IN
  ($(sed "s/.*/'&'/" "$work/respond.refs" | paste -sd, -))")
created=$(($(sqlite3 "$mut" "SELECT count(*) FROM case_record") - cases))

section "Query plans (EXPLAIN QUERY PLAN, as feedback-log asks)"
echo "list --open --service $service [--limit 1000]:"
q "EXPLAIN QUERY PLAN SELECT c.reference, c.type, c.status, s.procedure, s.stage, c.service,
   c.owner, c.received, c.sponsor, c.summary, s.id, s.started, s.acknowledge_days, s.respond_days,
   s.acknowledged, s.responded FROM case_record c JOIN case_stage s ON s.id = c.current_stage
   WHERE 1 AND c.status <> 'closed' AND c.service = '$service' ORDER BY c.received, c.id LIMIT 1000" |
  sed 's/^/  /'
echo "  then per row: holds and extensions of its stage:"
q "EXPLAIN QUERY PLAN SELECT held_on, resumed_on, reason FROM case_hold WHERE stage_id = 1
   ORDER BY held_on, id" | sed 's/^/    /'
q "EXPLAIN QUERY PLAN SELECT granted_on, days, reason FROM case_extension WHERE stage_id = 1
   ORDER BY granted_on, id" | sed 's/^/    /'
echo "show, ack, respond: the case by reference, its stages and events:"
q "EXPLAIN QUERY PLAN SELECT c.id FROM case_record c JOIN case_stage s ON s.id = c.current_stage
   WHERE c.reference = '$show_ref'" | sed 's/^/  /'
q "EXPLAIN QUERY PLAN SELECT id FROM case_stage WHERE case_id = 1 ORDER BY id" | sed 's/^/  /'
q "EXPLAIN QUERY PLAN SELECT id FROM case_event WHERE case_id = 1 ORDER BY id" | sed 's/^/  /'
echo "new: the next id:"
q "EXPLAIN QUERY PLAN SELECT coalesce(max(id), 0) + 1 FROM case_record" | sed 's/^/  /'
echo "for comparison, every open case (the overdue lists of a later issue), no service:"
q "EXPLAIN QUERY PLAN SELECT c.id FROM case_record c JOIN case_stage s ON s.id = c.current_stage
   WHERE 1 AND c.status <> 'closed' ORDER BY c.received, c.id" | sed 's/^/  /'

section "Summary"
echo "load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
"$py" - "$work" "$runs" "${FEEDBACK_BENCH_STRICT:-0}" <<EOF
import json, statistics, sys
work, runs, strict = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1"

def times(name):
    """Wall times of every run, and the mean CPU time (user + system) of a run, in ms."""
    wall, cpu = [], []
    for r in json.load(open(f"{work}/{name}.json"))["results"]:
        wall.extend(r["times"])
        cpu.extend([r["user"] + r["system"]] * len(r["times"]))
    return [1000 * t for t in wall], 1000 * statistics.fmean(cpu)

rows = [
    ("show", "show REF (open case, table)", "< 20 ms"),
    ("show_json", "show REF --format json", "< 20 ms"),
    ("sqlite3_floor", "sqlite3 DB \"select * ... where reference = REF\"", "floor"),
    ("show_closed", "show REF2 (closed, stages 1-2)", ""),
    ("sqlite3_write_floor", "sqlite3 DB \"update ... where reference = REF\"", "floor"),
    ("new", "new --type complaint ... --service $service", "< 20 ms"),
    ("ack", "ack REF (a fresh case each run)", "< 20 ms"),
    ("respond", "respond REF --outcome upheld (fresh each run)", "< 20 ms"),
    ("list_1000", "list --open --service $service --limit 1000 ($r_1000 rows)", "< 100 ms"),
    ("list_all", "list --open --service $service ($r_all rows)", ""),
    ("list_csv", "list --open --service $service --format csv ($r_csv rows)", ""),
    ("list_largest_1000", "list --open --service $largest --limit 1000 ($r_l1000 rows)", "< 100 ms"),
    ("list_largest_all", "list --open --service $largest --format csv ($r_lall rows)", ""),
]
medians = {}
missed = []
print(f"{'command':<58} {'median':>8} {'min':>8} {'max':>8} {'cpu':>7} {'runs':>5}  target    met")
for name, label, target in rows:
    t, cpu = times(name)
    med = statistics.median(t)
    medians[name] = med
    met = ""
    if target.startswith("<"):
        ok = med < float(target.split()[1])
        met = "yes" if ok else "NO"
        if not ok:
            missed.append(name)
    print(f"{label:<58} {med:8.2f} {min(t):8.2f} {max(t):8.2f} {cpu:7.2f} {len(t):5d}  {target:<9} {met}")
print("(milliseconds: wall time of the whole process; cpu = its mean user + system time, which")
print(" other work on the machine does not inflate the way it inflates wall time)")
ratio = medians["show"] / medians["sqlite3_floor"]
print(f"RATIO show / sqlite3 floor (medians): {ratio:.2f}x "
      f"({medians['show']:.2f} ms / {medians['sqlite3_floor']:.2f} ms); "
      f"json: {medians['show_json'] / medians['sqlite3_floor']:.2f}x")
for name in ("new", "ack", "respond"):
    print(f"RATIO {name} / sqlite3 write floor (medians): "
          f"{medians[name] / medians['sqlite3_write_floor']:.2f}x")
print("peak memory: list --open --service $largest --format csv $((rss_kb / 1024)) MiB; "
      "show $((show_rss_kb / 1024)) MiB")
print("changes on the copy: $acked of $runs + $warmup acknowledged, $answered answered, "
      "$created cases created by new")
if missed:
    print("missed: " + ", ".join(missed))
    if strict:
        sys.exit(3)
EOF

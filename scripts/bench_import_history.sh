#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Import benchmark for whole case histories: grouped rows (several rows, one case) and an events
# file (history joined to the cases by their reference) imported into a new database, into one
# with a case, and into a copy of a large one, side by side. The per-row cost must not grow with
# the size of the database: the rows/s should be about the same.
#
#   scripts/bench_import_history.sh BIG_DB [BUILD_DIR] [ROWS]
#
# BIG_DB is a feedback database with many cases (a million: scripts/make_bench_db.py writes
# one); it is only read: the benchmark works on a copy in a temporary directory (as large as
# BIG_DB; removed at the end), which the first command migrates to this build's schema. ROWS
# (default 20000) is the number of rows of each file: the findings have one row per remedy
# (examples/mappings/ombudsman_findings.json, about two rows a case), the events file ROWS
# events of the same cases (examples/mappings/ombudsman_case_events.json). Both are made by a
# seeded generator below (the same bytes every time).
#
# Each import is a whole process under /usr/bin/time -v: wall time, CPU time, peak memory. The
# load average is printed first and last: other work on the machine inflates wall times.
#
# Needs: a build (feedback-admin, feedback-import), sqlite3, /usr/bin/time and Debian's
# /usr/bin/python3.
# Settings (environment): FEEDBACK_BENCH_KEEP=1 keeps the work directory and says where.
# Exit status: 0; 1 if a command fails; 2 for a missing build, tool or database.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
big=${1:-}
build=${2:-$repo/build}
rows=${3:-20000}
py=/usr/bin/python3
admin=$build/apps/feedback-admin
import=$build/apps/feedback-import
findings_map=$repo/examples/mappings/ombudsman_findings.json
events_map=$repo/examples/mappings/ombudsman_case_events.json
export FEEDBACK_TODAY=2026-11-22

die() {
  echo "bench_import_history.sh: error: $2" >&2
  exit "$1"
}

[[ -n $big ]] || die 2 "usage: scripts/bench_import_history.sh BIG_DB [BUILD_DIR] [ROWS]"
[[ -f $big ]] || die 2 "no database $big"
[[ $rows =~ ^[1-9][0-9]*$ ]] || die 2 "ROWS must be a positive number: '$rows'"
[[ -x $admin && -x $import ]] ||
  die 2 "no $admin or $import: build first (cmake --build $build --target feedback-admin feedback-import)"
[[ -x $py ]] || die 2 "no $py: apt-get install python3"
[[ -x /usr/bin/time ]] || die 2 "no /usr/bin/time: apt-get install time"
command -v sqlite3 >/dev/null || die 2 "no sqlite3: apt-get install sqlite3"

work=$(mktemp -d "${TMPDIR:-/tmp}/bench_import_history.XXXXXX")
if [[ ${FEEDBACK_BENCH_KEEP:-0} == 1 ]]; then
  trap 'echo "bench_import_history.sh: work directory kept: $work" >&2' EXIT
else
  trap 'rm -rf "$work"' EXIT
fi

section() { printf '\n== %s\n' "$*"; }

section "Setting"
echo "cpu:     $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), $(nproc) cores"
echo "build:   $build ($(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build/CMakeCache.txt" 2>/dev/null || echo '?'))"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"

section "Exports"
# The findings: one row per remedy of a case that went to the Ombudsman (a case without a
# remedy has one row, without a decision no remedy); the events: a case diary of the same cases.
"$py" - "$rows" "$work/findings.csv" "$work/events.csv" <<'EOF'
import csv, datetime as dt, random, sys
rows, findings_path, events_path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
rng = random.Random(20261122)
services = ["Housing", "Council Tax", "Parking"]
what = ["Letter sent", "Phone call", "Visit", "Email received", "Chased"]
officers = ["J. Smith", "A. Khan", "R. Jones", "M. Patel", ""]
day = lambda d: d.strftime("%d/%m/%Y")
cases = []
with open(findings_path, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["Council Ref", "Received", "Type", "Service", "Description", "Responded",
                "Outcome", "Outcome Notes", "LGSCO Ref", "LGSCO Received", "Decision",
                "Decision Date", "Remedy", "Amount", "Remedy Due", "Remedy Done"])
    written, n = 0, 0
    while written < rows:
        n += 1
        ref = f"OMB-{n:06d}"
        received = dt.date(2019, 4, 1) + dt.timedelta(days=rng.randrange(2300))
        responded = received + dt.timedelta(days=rng.randrange(10, 40))
        upheld = rng.random() < 0.6
        base = [ref, day(received), "Stage 2 Complaint", rng.choice(services),
                f"Complaint {n} about the service", day(responded),
                "Upheld" if upheld else "Not Upheld", "Notes of the outcome" if upheld else ""]
        omb_received = responded + dt.timedelta(days=rng.randrange(20, 60))
        decided = omb_received + dt.timedelta(days=rng.randrange(60, 200))
        decided = decided.replace(day=1)
        omb = [f"{20 + n % 6} {n % 1000:03d} {n % 997:03d}", day(omb_received),
               "Upheld" if upheld else "Not Upheld", decided.strftime("%B %Y")]
        remedies = []
        if upheld:
            for k in range(rng.choice([1, 1, 2, 3])):
                due = decided + dt.timedelta(days=30 + 7 * k)
                done = day(due - dt.timedelta(days=rng.randrange(0, 10))) if rng.random() < 0.7 else ""
                if k % 2 == 0:
                    remedies.append(["Apology", "", day(due), done])
                else:
                    remedies.append(["Payment", f"£{rng.randrange(50, 1000)}.00", day(due), done])
        for r in remedies or [["", "", "", ""]]:
            if written < rows:
                w.writerow(base + omb + r)
                written += 1
        cases.append((ref, received))
with open(events_path, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["Council Ref", "When", "What", "Note", "By"])
    for i in range(rows):
        ref, received = cases[rng.randrange(len(cases))]
        when = dt.datetime.combine(received, dt.time(9)) + dt.timedelta(
            days=rng.randrange(0, 120), minutes=rng.randrange(0, 480))
        w.writerow([ref, when.strftime("%d/%m/%Y %H:%M"), rng.choice(what),
                    f"Diary entry {i}", rng.choice(officers)])
print(f"findings: {rows} rows, {len(cases)} cases; events: {rows} rows")
EOF

# The databases: a new one; a small one (one case, imported from another source: a database with
# cases keeps its write-ahead log during an import, where a first import into an empty one runs
# with a rollback journal, docs/import.md); and a copy of the big one. Each has the services the
# findings use.
section "Databases"
empty=$work/empty.db
small=$work/small.db
copy=$work/big.db
"$admin" --db "$empty" init >/dev/null
"$admin" --db "$small" init >/dev/null
cp "$big" "$copy"
start=$EPOCHREALTIME
"$admin" --db "$copy" service list >/dev/null # migrates the copy to this build's schema
end=$EPOCHREALTIME
awk -v a="${start/,/.}" -v b="${end/,/.}" 'BEGIN { printf "copy migrated in %.1f s\n", b - a }'
for db in "$empty" "$small" "$copy"; do
  for s in HSG REV PRK; do
    if ! "$admin" --db "$db" service list 2>/dev/null | grep -q "^$s\b"; then
      "$admin" --db "$db" service add "$s" --name "$s" --directorate Place >/dev/null
    fi
  done
done
head -n 2 "$work/findings.csv" >"$work/seed.csv"
"$import" --db "$small" "$work/seed.csv" --mapping "$findings_map" --source seed >/dev/null
count() { sqlite3 "$1" "SELECT count(*) FROM $2"; }
echo "empty: $(count "$empty" case_record) cases; small: $(count "$small" case_record) case;" \
  "big: $(count "$copy" case_record) cases, $(count "$copy" case_event) events," \
  "$(count "$copy" import_record) imported, $(du -m "$copy" | cut -f1) MiB"
sync

measure() {
  local name=$1
  shift
  /usr/bin/time -v -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err" ||
    { cat "$work/$name.err" >&2; die 1 "$name failed: $*"; }
  sync
}
figure() {
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + p[i] }
    /User time/ { u = $2 } /System time/ { s = $2 } /Maximum resident/ { r = $2 }
    END { printf "%.2f %.2f %d\n", w, u + s, r }' "$work/$1.time"
}

section "Timing (whole processes)"
for where in empty small big; do
  db=$empty
  [[ $where == small ]] && db=$small
  [[ $where == big ]] && db=$copy
  measure "findings-$where" "$import" --db "$db" "$work/findings.csv" --mapping "$findings_map"
  echo "findings into $where: $(cat "$work/findings-$where.out")"
  measure "events-$where" "$import" --db "$db" "$work/events.csv" --mapping "$events_map"
  echo "events into $where:   $(cat "$work/events-$where.out")"
done

section "Summary"
echo "load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
"$py" - "$rows" "$(figure findings-empty)" "$(figure findings-small)" "$(figure findings-big)" \
  "$(figure events-empty)" "$(figure events-small)" "$(figure events-big)" <<'EOF'
import sys
rows = int(sys.argv[1])
fig = [tuple(float(x) for x in a.split()) for a in sys.argv[2:8]]
print("rows/s (wall) of each import, ratios of wall times, CPU seconds (empty/small/big), peak")
print(f"{'rows of':<17} {'empty db':>9} {'small db':>9} {'big db':>9} {'big/empty':>10} "
      f"{'big/small':>10} {'cpu s':>16} {'peak MiB':>9}")
for i, name in enumerate(["grouped findings", "history events"]):
    e, s, b = fig[3 * i], fig[3 * i + 1], fig[3 * i + 2]
    cpu = f"{e[1]:.2f}/{s[1]:.2f}/{b[1]:.2f}"
    print(f"{name:<17} {rows / e[0]:9.0f} {rows / s[0]:9.0f} {rows / b[0]:9.0f} "
          f"{b[0] / e[0]:9.2f}x {b[0] / s[0]:9.2f}x {cpu:>16} {max(e[2], s[2], b[2]) / 1024:9.1f}")
EOF

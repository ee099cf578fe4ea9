#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Calendar benchmarks: the library against NumPy's busday_offset, the CLI's bulk mode against
# workalendar, and the start-up time of one calendar question. Every comparison runs in this
# one run, on the same pairs and the same holidays, and every answer is checked.
#
#   scripts/bench_calendar.sh [BUILD_DIR]        (default: build, beside this script's parent)
#
# BUILD_DIR must hold a configured build (scripts/setup.sh makes one); the benchmark program is
# off by default, so this turns FEEDBACK_BUILD_BENCH on there and builds it.
# Needs Debian's python3-numpy and python3-workalendar (loaded by /usr/bin/python3), and uses
# hyperfine if installed, else a timing loop in bash (EPOCHREALTIME). Takes under a minute.
#
# Settings (environment):
#   FEEDBACK_BENCH_PAIRS             pairs to generate (1000000)
#   FEEDBACK_BENCH_SEED              generator seed (20240601)
#   FEEDBACK_BENCH_REPS              library and NumPy repetitions (15)
#   FEEDBACK_BENCH_WORKALENDAR_LINES lines workalendar answers, scaled per line (20000)
#   FEEDBACK_BENCH_KEEP=1            keep the work directory (pairs, answers, JSON) and say where
#   FEEDBACK_BENCH_STRICT=1          exit 3 if a target is missed (answers are always checked)
#   FEEDBACK_BENCH_NO_HYPERFINE=1    time with the bash loop even if hyperfine is installed
#
# Exit status: 0; 1 if an answer differs between the tools (the mismatches are printed); 2 for
# a missing build or tool; 3 for a missed target with FEEDBACK_BENCH_STRICT=1.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$repo/build}
pairs_count=${FEEDBACK_BENCH_PAIRS:-1000000}
seed=${FEEDBACK_BENCH_SEED:-20240601}
reps=${FEEDBACK_BENCH_REPS:-15}
wk_lines=${FEEDBACK_BENCH_WORKALENDAR_LINES:-20000}
py=/usr/bin/python3 # Debian's interpreter: the one python3-numpy and python3-workalendar load in
admin=$build/apps/feedback-admin
bench=$build/scripts/bench/bench_calendar
here=$repo/scripts/bench

die() {
  echo "bench_calendar.sh: error: $2" >&2
  exit "$1"
}

[[ -x $admin ]] || die 2 "no $admin: build first (cmake -S . -B build && cmake --build build)"
if [[ ! -x $bench ]]; then
  cmake -S "$repo" -B "$build" -DFEEDBACK_BUILD_BENCH=ON >/dev/null &&
    cmake --build "$build" -j "$(nproc)" --target bench_calendar >/dev/null ||
    die 2 "could not build $bench (cmake -DFEEDBACK_BUILD_BENCH=ON)"
fi
[[ -x $py ]] || die 2 "no $py: apt-get install python3"
"$py" -c 'import numpy' 2>/dev/null || die 2 "NumPy does not load in $py: apt-get install python3-numpy"
"$py" -c 'import workalendar' 2>/dev/null ||
  die 2 "workalendar does not load in $py: apt-get install python3-workalendar"
# FEEDBACK_BENCH_NO_HYPERFINE=1 forces the fallback timer (to check it on a machine that has both).
use_hyperfine=0
if [[ ${FEEDBACK_BENCH_NO_HYPERFINE:-0} != 1 ]] && command -v hyperfine >/dev/null; then
  use_hyperfine=1
fi
if [[ $use_hyperfine == 1 ]]; then
  timer="hyperfine $(hyperfine --version | cut -d' ' -f2)"
else
  timer="bash EPOCHREALTIME loop (hyperfine not used)"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/bench_calendar.XXXXXX")
if [[ ${FEEDBACK_BENCH_KEEP:-0} == 1 ]]; then
  trap 'echo "bench_calendar.sh: work directory kept: $work" >&2' EXIT
else
  trap 'rm -rf "$work"' EXIT
fi
db=$work/bench.db

# kv FILE KEY: the value of a `KEY=value` line.
kv() { sed -n "s/^$2=//p" "$1" | head -n 1; }
# calc EXPR: floating-point arithmetic.
calc() { awk "BEGIN { printf \"%.6g\", $1 }"; }
# fmtn NUMBER DECIMALS: NUMBER rounded to DECIMALS places.
fmtn() { awk -v x="$1" -v d="$2" 'BEGIN { printf "%.*f", d, x }'; }
section() { printf '\n== %s\n' "$*"; }

# measure NAME RUNS WARMUP SHELL(yes|no) COMMAND: wall time of a whole process, into
# $work/NAME.times as `mean_ms stddev_ms min_ms median_ms runs`. With hyperfine, SHELL=yes runs
# COMMAND through its shell (for redirections), whose start-up hyperfine subtracts.
measure() {
  local name=$1 runs=$2 warmup=$3 shell=$4 cmd=$5
  if [[ $use_hyperfine == 1 ]]; then
    local shell_opt=()
    [[ $shell == no ]] && shell_opt=(-N)
    hyperfine "${shell_opt[@]}" --style basic --warmup "$warmup" --runs "$runs" \
      --export-json "$work/$name.json" -n "$name" "$cmd" >"$work/$name.hyperfine" 2>&1 ||
      { cat "$work/$name.hyperfine" >&2; die 1 "$name: the command failed"; }
    "$py" - "$work/$name.json" >"$work/$name.times" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(*(f"{1000 * r[k]:.4f}" for k in ("mean", "stddev", "min", "median")), len(r["times"]))
EOF
  else
    local i t0 t1 times=()
    for ((i = 0; i < warmup + runs; i++)); do
      t0=$EPOCHREALTIME
      # eval, not bash -c: no extra shell start-up in the figure (hyperfine subtracts its own).
      eval "$cmd" >/dev/null || die 1 "$name: the command failed"
      t1=$EPOCHREALTIME
      ((i >= warmup)) && times+=("$(calc "(${t1//[.,]/} - ${t0//[.,]/}) / 1000")")
    done
    printf '%s\n' "${times[@]}" | sort -g | awk '
      { t[NR] = $1; s += $1; q += $1 * $1 }
      END { m = s / NR; v = NR > 1 ? (q - NR * m * m) / (NR - 1) : 0
            printf "%.4f %.4f %.4f %.4f %d\n", m, sqrt(v > 0 ? v : 0), t[1], t[int((NR + 1) / 2)], NR }' \
      >"$work/$name.times"
  fi
}
# timing NAME FIELD: mean|stddev|min|median of a measure() result, in ms.
timing() {
  local i
  case $2 in mean) i=1 ;; stddev) i=2 ;; min) i=3 ;; median) i=4 ;; esac
  cut -d' ' -f"$i" "$work/$1.times"
}

section "Setting"
echo "cpu:      $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), $(nproc) cores"
echo "build:    $build ($(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build/CMakeCache.txt" 2>/dev/null || echo '?'))"
echo "python:   $py $("$py" -c 'import platform; print(platform.python_version())'), numpy $("$py" -c 'import numpy; print(numpy.__version__)'), workalendar $(dpkg-query -W -f='${Version}' python3-workalendar 2>/dev/null || echo '?')"
echo "timer:    $timer"
echo "load:     $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min; other work on the machine slows every figure)"
echo "pairs:    $pairs_count, dates uniform in 2015-01-01..2030-12-31, N uniform in 0..60, seed $seed"

section "Pairs and holidays"
"$bench" generate "$pairs_count" "$seed" "$work/pairs.csv"
"$admin" --db "$db" init >/dev/null
# Answers run up to about 90 days past 2030, so the list NumPy gets must reach well beyond.
holidays_from=2014-01-01
holidays_to=2032-12-31
"$admin" --db "$db" calendar holidays --from "$holidays_from" --to "$holidays_to" --format csv \
  >"$work/holidays.csv"
echo "$(wc -l <"$work/pairs.csv") pairs; $(($(wc -l <"$work/holidays.csv") - 1)) weekday holidays" \
  "$holidays_from..$holidays_to (feedback-admin calendar holidays --format csv, England and Wales)"

section "Library: WorkingCalendar::add_working_days ($reps repetitions of all pairs)"
"$bench" run "$work/pairs.csv" "$work/lib.csv" "$reps" | tee "$work/lib.txt"

section "NumPy: busday_offset(dates, n, roll='forward', holidays=...) on the same pairs"
if ! "$py" "$here/numpy_busday.py" --pairs "$work/pairs.csv" --holidays "$work/holidays.csv" \
  --holidays-to "$holidays_to" --expect "$work/lib.csv" --reps "$reps" | tee "$work/numpy.txt"; then
  die 1 "NumPy's answers differ from the library's (see MISMATCH lines above)"
fi

section "CLI bulk mode: feedback-admin calendar add-days --stdin, $pairs_count lines"
/usr/bin/time -v -o "$work/cli.rusage" "$admin" --db "$db" calendar add-days --stdin \
  <"$work/pairs.csv" >"$work/cli.csv"
if ! cmp -s "$work/cli.csv" "$work/lib.csv"; then
  diff "$work/lib.csv" "$work/cli.csv" | head -n 20 >&2
  die 1 "the CLI's answers differ from the library's"
fi
echo "answers identical to the library's (and so to NumPy's)"
cli_rss_kb=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$work/cli.rusage")
measure cli_add_days 10 1 yes "'$admin' --db '$db' calendar add-days --stdin <'$work/pairs.csv' >/dev/null"
# between --stdin on FROM,TO = each pair's date and its answer must give back N.
awk -F, '{ print $1 "," $3 }' "$work/lib.csv" >"$work/between_in.csv"
awk -F, '{ print $1 "," $3 "," $2 }' "$work/lib.csv" >"$work/between_expect.csv"
"$admin" --db "$db" calendar between --stdin <"$work/between_in.csv" >"$work/between_out.csv"
cmp -s "$work/between_out.csv" "$work/between_expect.csv" ||
  die 1 "calendar between --stdin did not give back N for every (date, add-days answer)"
measure cli_between 10 1 yes "'$admin' --db '$db' calendar between --stdin <'$work/between_in.csv' >/dev/null"
printf 'add-days: mean %s ms, sd %s ms, min %s ms (%s runs); max RSS %s MiB\n' \
  "$(fmtn "$(timing cli_add_days mean)" 1)" "$(fmtn "$(timing cli_add_days stddev)" 1)" \
  "$(fmtn "$(timing cli_add_days min)" 1)" "$(cut -d' ' -f5 "$work/cli_add_days.times")" \
  "$(fmtn "$(calc "$cli_rss_kb / 1024")" 1)"
printf 'between:  mean %s ms, sd %s ms, min %s ms; every line gave back N\n' \
  "$(fmtn "$(timing cli_between mean)" 1)" "$(fmtn "$(timing cli_between stddev)" 1)" \
  "$(fmtn "$(timing cli_between min)" 1)"

section "workalendar: UnitedKingdom().add_working_days on the first $wk_lines of the same lines"
"$py" "$here/workalendar_bulk.py" --pairs "$work/pairs.csv" --ours "$work/cli.csv" \
  --holidays "$work/holidays.csv" --lines "$wk_lines" | tee "$work/workalendar.txt"

section "One calendar question per process ($timer)"
measure single_add_days 200 20 no "'$admin' --db '$db' calendar add-days 2026-11-21 10"
measure single_between 200 20 no "'$admin' --db '$db' calendar between 2026-11-21 2026-12-25"
measure ref_true 200 20 no "/bin/true"
measure ref_sqlite3 200 20 no "sqlite3 '$db' 'select 1'"
for name in single_add_days single_between ref_true ref_sqlite3; do
  printf '%-16s mean %6s ms  sd %6s ms  min %6s ms  median %6s ms\n' "$name" \
    "$(fmtn "$(timing $name mean)" 2)" "$(fmtn "$(timing $name stddev)" 2)" \
    "$(fmtn "$(timing $name min)" 2)" "$(fmtn "$(timing $name median)" 2)"
done
echo "answer: $("$admin" --db "$db" calendar add-days 2026-11-21 10)," \
  "$("$admin" --db "$db" calendar between 2026-11-21 2026-12-25) working days"

# ---- Summary ----------------------------------------------------------------------------
lib_best=$(kv "$work/lib.txt" add_days_best_ns)
lib_median=$(kv "$work/lib.txt" add_days_median_ns)
np_best=$(kv "$work/numpy.txt" numpy_best_ns)
np_median=$(kv "$work/numpy.txt" numpy_median_ns)
npc_best=$(kv "$work/numpy.txt" numpy_busdaycal_best_ns)
npc_median=$(kv "$work/numpy.txt" numpy_busdaycal_median_ns)
# Best against best: on a shared machine other work only ever adds time, so the fastest
# repetition of each is the steadiest figure. busdaycal= is NumPy's faster form.
lib_ratio=$(calc "$np_best / $lib_best")
lib_ratio_cal=$(calc "$npc_best / $lib_best")
lib_ratio_median=$(calc "$np_median / $lib_median")
cli_mean=$(timing cli_add_days mean)
wk_plain=$(kv "$work/workalendar.txt" workalendar_plain_us_per_line)
wk_rolled=$(kv "$work/workalendar.txt" workalendar_rolled_us_per_line)
wk_1m_ms=$(calc "$wk_plain * $pairs_count / 1000")
wk_rolled_1m_ms=$(calc "$wk_rolled * $pairs_count / 1000")
cli_ratio=$(calc "$wk_1m_ms / $cli_mean")
cli_ratio_rolled=$(calc "$wk_rolled_1m_ms / $cli_mean")
single=$(timing single_add_days mean)

# verdict VAR EXPR: sets VAR to yes or NO (and notes a miss) by an awk condition.
missed=0
ok_lib='' ok_cli_time='' ok_cli_ratio='' ok_single=''
verdict() {
  if awk "BEGIN { exit !($2) }"; then
    printf -v "$1" yes
  else
    printf -v "$1" NO
    missed=1
  fi
}
verdict ok_lib "$lib_ratio >= 5 && $lib_ratio_cal >= 5"
verdict ok_cli_time "$cli_mean < 1000"
verdict ok_cli_ratio "$cli_ratio >= 50"
verdict ok_single "$(timing single_between mean) < 10 && $single < 10"

section "Summary"
echo "load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
{
  printf 'measure\tfigure\ttarget\tmet\n'
  printf 'library add-days, per call\t%s ns best, %s ns median (%s M answers/s best)\t\t\n' \
    "$(fmtn "$lib_best" 1)" "$(fmtn "$lib_median" 1)" "$(fmtn "$(calc "1000 / $lib_best")" 1)"
  printf 'library between, per call\t%s ns best, %s ns median\t\t\n' \
    "$(fmtn "$(kv "$work/lib.txt" between_best_ns)" 1)" "$(fmtn "$(kv "$work/lib.txt" between_median_ns)" 1)"
  printf 'NumPy busday_offset holidays=, per call\t%s ns best, %s ns median\t\t\n' \
    "$(fmtn "$np_best" 1)" "$(fmtn "$np_median" 1)"
  printf 'NumPy busday_offset busdaycal=, per call\t%s ns best, %s ns median\t\t\n' \
    "$(fmtn "$npc_best" 1)" "$(fmtn "$npc_median" 1)"
  printf 'RATIO NumPy / library (best)\t%sx vs holidays=, %sx vs busdaycal= (median/median %sx)\t>= 5x\t%s\n' \
    "$(fmtn "$lib_ratio" 1)" "$(fmtn "$lib_ratio_cal" 1)" "$(fmtn "$lib_ratio_median" 1)" "$ok_lib"
  printf 'answers equal to NumPy\t%s of %s differ\t0\tyes\n' \
    "$(kv "$work/numpy.txt" numpy_mismatches)" "$pairs_count"
  printf 'CLI add-days --stdin, %s lines, whole process\t%s ms mean (sd %s), max RSS %s MiB\t< 1000 ms\t%s\n' \
    "$pairs_count" "$(fmtn "$cli_mean" 0)" "$(fmtn "$(timing cli_add_days stddev)" 0)" \
    "$(fmtn "$(calc "$cli_rss_kb / 1024")" 0)" "$ok_cli_time"
  printf 'CLI between --stdin, %s lines, whole process\t%s ms mean\t\t\n' \
    "$pairs_count" "$(fmtn "$(timing cli_between mean)" 0)"
  printf 'workalendar add_working_days, per line\t%s us (%s lines timed; x%s = %s s est.)\t\t\n' \
    "$(fmtn "$wk_plain" 1)" "$(kv "$work/workalendar.txt" workalendar_lines)" "$pairs_count" \
    "$(fmtn "$(calc "$wk_1m_ms / 1000")" 1)"
  printf 'workalendar roll + add (our rule), per line\t%s us (%s s est.)\t\t\n' \
    "$(fmtn "$wk_rolled" 1)" "$(fmtn "$(calc "$wk_rolled_1m_ms / 1000")" 1)"
  printf 'RATIO workalendar / CLI\t%sx (roll + add: %sx)\t>= 50x\t%s\n' \
    "$(fmtn "$cli_ratio" 0)" "$(fmtn "$cli_ratio_rolled" 0)" "$ok_cli_ratio"
  printf 'answers equal to workalendar\t%s%% plain, %s%% roll + add\t\t\n' \
    "$(kv "$work/workalendar.txt" workalendar_plain_agree_pct)" \
    "$(kv "$work/workalendar.txt" workalendar_rolled_agree_pct)"
  printf 'single call: calendar add-days 2026-11-21 10\t%s ms mean (sd %s)\t< 10 ms\t%s\n' \
    "$(fmtn "$single" 2)" "$(fmtn "$(timing single_add_days stddev)" 2)" "$ok_single"
  printf 'single call: calendar between 2026-11-21 2026-12-25\t%s ms mean\t< 10 ms\t\n' \
    "$(fmtn "$(timing single_between mean)" 2)"
  printf 'reference: /bin/true\t%s ms mean\t\t\n' "$(fmtn "$(timing ref_true mean)" 2)"
  printf "reference: sqlite3 DB 'select 1'\t%s ms mean\t\t\n" "$(fmtn "$(timing ref_sqlite3 mean)" 2)"
} | column -t -s $'\t'
cat <<EOF

The library is timed through its public API (year_month_day in and out, range-checked), NumPy
on datetime64 arrays, both on one core; answers are stored, not discarded.
Library/NumPy ratios use the best of $reps repetitions of all pairs (medians shown too); the
CLI figures are whole-process means over 10 runs; the
workalendar time is in-process (no interpreter start-up), per line over $wk_lines lines,
scaled to $pairs_count. The CLI time is a whole process (start, read the database, answer, write).
workalendar answers differ where it lacks a holiday of ours (listed above) and, for plain
add_working_days, where the day of receipt is not a working day: it does not roll it forward.
EOF

if [[ $missed == 1 && ${FEEDBACK_BENCH_STRICT:-0} == 1 ]]; then
  die 3 "a target was missed (FEEDBACK_BENCH_STRICT=1)"
fi

#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Writes every report in every format for a few periods of a database into a directory, one
# file per run, so that two builds can be compared byte for byte (diff -r):
#
#   scripts/compare_report_outputs.sh --bin DIR --db FILE --as-of DATE --out DIR PERIOD...
#
# Each PERIOD is one argument holding the period flags, e.g. "--year 2020/21 --compare 1" or
# "--from 2020-01-15 --to 2020-03-10". Every report runs with each; the annual report runs with
# the periods that start with --year. A run that fails leaves its exit code and stderr in the
# file instead. Exit status: 0; 2 for bad usage.
set -euo pipefail

bin=
db=
as_of=
out=
periods=()
while [ $# -gt 0 ]; do
  case $1 in
  --bin) bin=$2; shift 2 ;;
  --db) db=$2; shift 2 ;;
  --as-of) as_of=$2; shift 2 ;;
  --out) out=$2; shift 2 ;;
  -h | --help) sed -n '3,12p' "$0"; exit 0 ;;
  *) periods+=("$1"); shift ;;
  esac
done
if [ -z "$bin" ] || [ -z "$db" ] || [ -z "$as_of" ] || [ -z "$out" ] || [ ${#periods[@]} -eq 0 ]; then
  echo "compare_report_outputs.sh: give --bin, --db, --as-of, --out and at least one period" >&2
  exit 2
fi
mkdir -p "$out"

reports=("volumes --by type" "volumes --by channel" "volumes --by channel-group"
  "volumes --by service" "volumes --by directorate" "volumes --by procedure" "volumes --by stage"
  timeliness kpi outcomes ombudsman learning satisfaction data-quality)
sections=(outcomes_by_service outcomes_areas outcomes_reclassified outcomes_redirected
  ombudsman_summary ombudsman_decisions ombudsman_remedies)
annual_sections=(volumes_by_type volumes_by_channel_group volumes_by_channel
  volumes_by_directorate volumes_by_service volumes_by_stage volumes_monthly kpi timeliness
  outcomes_by_service outcomes_areas outcomes_reclassified outcomes_redirected ombudsman_summary
  ombudsman_decisions ombudsman_remedies satisfaction learning data_quality)

# one NAME ARGS...: the report's output (or its failure) in $out/NAME.
one() {
  local name=$1
  shift
  local file="$out/$(printf '%s' "$name" | tr ' /' '_~')"
  if ! "$bin/feedback-report" --db "$db" "$@" --as-of "$as_of" >"$file" 2>"$file.err"; then
    echo "exit $?" >>"$file"
    cat "$file.err" >>"$file"
  fi
  rm -f "$file.err"
}

for period in "${periods[@]}"; do
  for report in "${reports[@]}"; do
    for format in table json markdown html; do
      # shellcheck disable=SC2086
      one "$report $period $format" $report $period --format "$format"
    done
    case $report in
    outcomes | ombudsman)
      for section in "${sections[@]}"; do
        case $section in "$report"_*)
          # shellcheck disable=SC2086
          one "$report $period csv $section" $report $period --format csv --section "$section" ;;
        esac
      done ;;
    *)
      # shellcheck disable=SC2086
      one "$report $period csv" $report $period --format csv ;;
    esac
  done
  case $period in
  --year*)
    year=$(printf '%s' "$period" | awk '{print $2}')
    for format in table json markdown html; do
      one "annual $year $format" annual --year "$year" --format "$format"
    done
    for section in "${annual_sections[@]}"; do
      one "annual $year csv $section" annual --year "$year" --format csv --section "$section"
    done ;;
  esac
done

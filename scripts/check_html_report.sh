#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Checks the annual report's HTML page in a real browser: writes it, and where Debian's
# chromium is installed renders it headless to a PNG screenshot and dumps the DOM Chromium
# built, asserting that the page rendered with its four SVG charts and its summary; then prints
# it to PDF (A4) and checks the page count (with pdfinfo, where installed) and, laying the page
# out at the printed width with its print style sheet, that no table is wider than the page.
#
#   scripts/check_html_report.sh [--db FILE --year YYYY/YY] [--bin DIR] [--out DIR]
#
# Without --db a small demo database is made first (three financial years of cases, with the
# real binaries) and the year is 2020/21. The binaries are taken from --bin, else
# $FEEDBACK_BIN, else build/apps beside this script. The page, the screenshot (annual.png) and
# the DOM (annual.dom.html), the PDF (annual.pdf) are left in --out (default: a temporary directory, named at the end).
#
# Chromium is not installed by setup; when /usr/bin/chromium (or $CHROMIUM) is missing the page
# is checked as text only and the script says it skipped the browser, exiting 0.
# Exit status: 0 when the checks pass; 1 when one fails; 2 for bad usage or a missing binary.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
db=
year=
out=
bin=${FEEDBACK_BIN:-$repo/build/apps}
while [ $# -gt 0 ]; do
  case $1 in
  --db) db=$2; shift 2 ;;
  --year) year=$2; shift 2 ;;
  --bin) bin=$2; shift 2 ;;
  --out) out=$2; shift 2 ;;
  -h | --help) sed -n '3,19p' "$0"; exit 0 ;;
  *) echo "check_html_report.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
done
for b in feedback-report feedback-log feedback-admin; do
  if [ ! -x "$bin/$b" ]; then
    echo "check_html_report.sh: no $bin/$b (build first, or give --bin DIR)" >&2
    exit 2
  fi
done
if [ -z "$out" ]; then
  out=$(mktemp -d /tmp/feedback-html-XXXXXX)
fi
mkdir -p "$out"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# A demo council: every month of three financial years, a few cases of each kind, most
# complaints answered within timescale, some late, some upheld.
make_demo() {
  local d=$1 log="$bin/feedback-log" admin="$bin/feedback-admin"
  export FEEDBACK_DB=$d FEEDBACK_TODAY=2021-06-30
  "$admin" init >/dev/null
  "$admin" service add HWY --name Highways --directorate Place >/dev/null
  "$admin" service add WST --name Waste --directorate Environment >/dev/null
  "$admin" service add CSC --name "Children's social care" --directorate "Children's services" \
    --procedure childrens-statutory >/dev/null
  local channels=(web email phone letter webchat face-to-face social-media staff-portal)
  local services=(HWY WST CSC)
  local outcomes=(upheld not-upheld partially-upheld not-upheld)
  local i=0 y m n day ref late
  for y in 2018 2019 2020; do
    for m in 04 05 06 07 08 09 10 11 12 01 02 03; do
      local yy=$y
      [ "$m" -lt 4 ] && yy=$((y + 1))
      # More cases each year, and more in winter.
      for ((n = 1; n <= 2 + y - 2018 + (10#$m % 12 < 3 ? 2 : 0); n++)); do
        i=$((i + 1))
        day=$(printf '%s-%s-%02d' "$yy" "$m" $((n * 4)))
        ref=$("$log" new --type complaint --channel "${channels[$((i % 8))]}" \
          --service "${services[$((i % 3))]}" --summary "demo $i" --received "$day")
        # Respond a week later (within timescale) or a month later (late) on a working day.
        late=$((i % 5 == 0 ? 30 : 7))
        local answer
        answer=$("$bin/feedback-admin" calendar add-days "$day" $((late / 7 * 5)))
        "$log" respond "$ref" --outcome "${outcomes[$((i % 4))]}" --area communication \
          --on "$answer" >/dev/null
        "$log" close "$ref" --on "$answer" >/dev/null
      done
      "$log" new --type compliment --channel web --service WST --summary "thanks" \
        --received "$yy-$m-08" >/dev/null
      "$log" new --type service-request --channel phone --service HWY --summary "bin" \
        --received "$yy-$m-09" >/dev/null
    done
  done
}

if [ -z "$db" ]; then
  db="$out/demo.db"
  rm -f "$db"
  make_demo "$db"
  year=${year:-2020/21}
fi
year=${year:-2020/21}
html="$out/annual.html"
FEEDBACK_TODAY=${FEEDBACK_TODAY:-2021-06-30} "$bin/feedback-report" --db "$db" annual \
  --year "$year" --format html >"$html"

# The page as written: self-contained, with the four charts.
grep -q '<!DOCTYPE html>' "$html" || fail "not an HTML document"
for chart in volumes channels timeliness outcomes; do
  grep -q "id=\"chart-$chart\"" "$html" || fail "the page has no $chart chart"
done
if grep -Eq '<script|<link|<img|src=|@import|url\(' "$html"; then
  fail "the page refers to something outside itself"
fi

chromium=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  echo "skip: $chromium is not installed; checked the page as text only ($html)"
  [ "$failures" -eq 0 ]
  exit
fi

profile=$(mktemp -d /tmp/feedback-chromium-XXXXXX)
trap 'rm -rf "$profile"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
  --disable-background-networking --disable-component-update --disable-sync
  --user-data-dir="$profile")
timeout 120 "$chromium" "${flags[@]}" --window-size=1000,3000 --screenshot="$out/annual.png" \
  "file://$html" >"$out/chromium.log" 2>&1 || fail "chromium could not take a screenshot"
timeout 120 "$chromium" "${flags[@]}" --dump-dom "file://$html" >"$out/annual.dom.html" \
  2>>"$out/chromium.log" || fail "chromium could not dump the DOM"

# The screenshot: a PNG of the full width, not a blank page (a blank PNG of this size is a few
# kilobytes; the charts and tables make it far larger).
if [ -s "$out/annual.png" ]; then
  [ "$(head -c 8 "$out/annual.png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] ||
    fail "the screenshot is not a PNG"
  [ "$(stat -c %s "$out/annual.png")" -gt 50000 ] || fail "the screenshot looks blank"
else
  fail "no screenshot"
fi

# The DOM Chromium built: the charts are there as SVG elements with their marks.
dom="$out/annual.dom.html"
svgs=$(grep -o '<svg' "$dom" | wc -l)
[ "$svgs" -ge 4 ] || fail "the DOM has $svgs SVG charts, expected 4"
for chart in volumes channels timeliness outcomes; do
  block=$(awk -v id="id=\"chart-$chart\"" 'index($0, id) {on = 1} on {print} on && /<\/figure>/ {exit}' "$dom")
  [ -n "$block" ] || { fail "the DOM has no chart-$chart"; continue; }
  case "$block" in *"<svg"*) ;; *) fail "chart-$chart holds no <svg>" ;; esac
  case "$block" in *"<rect"*"<title>"* | *"<polyline"*) ;; *) fail "chart-$chart has no bars or lines" ;; esac
done
grep -q '<table>' "$dom" || fail "the DOM has no tables"
grep -q 'Complaints and feedback: annual report' "$dom" || fail "the DOM has no title"
grep -q '<section id="summary"' "$dom" || fail "the DOM has no summary"

# Printed: A4, each section from a new page, so at least one page a section and not absurdly
# many: at least 15 table rows a page (a table cut into a row or two a page would need far more).
sections=$(grep -o '<section id="' "$html" | wc -l)
rows=$(grep -o '<tr' "$html" | wc -l)
timeout 120 "$chromium" "${flags[@]}" --no-pdf-header-footer --print-to-pdf="$out/annual.pdf" \
  "file://$html" >>"$out/chromium.log" 2>&1 || fail "chromium could not print to PDF"
if [ ! -s "$out/annual.pdf" ]; then
  fail "no PDF"
elif command -v pdfinfo >/dev/null; then
  pages=$(pdfinfo "$out/annual.pdf" | awk '/^Pages:/ {print $2}')
  size=$(pdfinfo "$out/annual.pdf" | awk '/^Page size:/ {print $3 "x" $5}')
  # A4 is 595.28 x 841.89 pt; Chromium rounds to whole CSS pixels.
  echo "$size" | awk -Fx '{exit !($1 > 593 && $1 < 597 && $2 > 840 && $2 < 844)}' ||
    fail "the PDF pages are $size pt, not A4"
  [ "$pages" -ge "$sections" ] || fail "the PDF has $pages pages for $sections sections"
  [ "$pages" -le $((sections + rows / 15)) ] ||
    fail "the PDF has $pages pages for $sections sections and $rows table rows"
else
  pages="?"
fi

# No table wider than the page: the page laid out at A4's printed width (210 mm less 15 mm
# margins: 180 mm, 680 CSS pixels) with its print rules in force, measured by a copy that
# writes each table's width into the DOM. (The copy alone has a script; the page has none.)
measure="$out/annual.measure.html"
sed -e 's/@media print {/@media all {/' \
  -e 's#</body>#<script>for (const t of document.querySelectorAll("table")) t.dataset.width = Math.ceil(t.getBoundingClientRect().width);</script></body>#' \
  "$html" >"$measure"
timeout 120 "$chromium" "${flags[@]}" --window-size=680,2000 --dump-dom "file://$measure" \
  >"$out/annual.measure.dom.html" 2>>"$out/chromium.log" || fail "chromium could not lay out the page"
widths=$(grep -o 'data-width="[0-9]*"' "$out/annual.measure.dom.html" | tr -dc '0-9\n' | sort -n)
tables=$(printf '%s\n' "$widths" | grep -c . || true)
[ "$tables" -gt 0 ] || fail "no table was measured"
widest=$(printf '%s\n' "$widths" | tail -1)
[ "${widest:-0}" -le 680 ] || fail "a table is $widest px wide; the printed page holds 680"

if [ "$failures" -eq 0 ]; then
  echo "ok: $html renders in $chromium with $svgs SVG charts (screenshot $out/annual.png);" \
    "printed: $pages A4 pages ($out/annual.pdf), the widest of $tables tables ${widest} px of 680"
fi
[ "$failures" -eq 0 ]

# SPDX-License-Identifier: MIT
# End-to-end tests of what an officer reads: `feedback-log show` (the timeline in date order, the
# Ombudsman block, the sponsor, a passed deadline on a weekend), `feedback-log list` (open cases
# by default, the terminal's width, wide characters) and text from the database that must not
# reach a terminal as control characters. Expected output is hand-written. Today is pinned to
# Sunday 2026-11-29; England and Wales calendar. (Section bodies are not indented.)
. "$(dirname "$0")/lib.sh"
DB="$WORK/council.db"
export FEEDBACK_DB="$DB"
export FEEDBACK_TODAY=2026-11-29
SECTIONS=(timeline weekend overdue_rule ombudsman sponsor open_default width wide control)

# no_esc DESCRIPTION: the last run's stdout and stderr hold no ESC (nor any other C0 control but
# line breaks) and no C1 control.
no_controls() {
  if printf '%s%s' "$OUT" "$ERR" | LC_ALL=C grep -q $'[\x01-\x09\x0b-\x1f\x7f]\|\xc2[\x80-\x9f]'; then
    bad "$1: control characters reach the terminal: $(printf '%s' "$OUT$ERR" | cat -v | head -5)"
  else
    ok
  fi
}

# widest: the widest line of $OUT in terminal columns.
widest() {
  printf '%s\n' "$OUT" | "$PY" -c '
import sys, unicodedata
def w(s):
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in s)
print(max((w(l) for l in sys.stdin.read().split("\n")), default=0))'
}

# A note written today, then an acknowledgement entered late for the day it was made: the
# timeline is in date order, and in the order entered within a day.
section_timeline() {
must_init_db "$DB"
must_new "complaint" --type complaint --channel email --service HWY --summary "Potholes" \
  --received 2026-11-02 --owner alice
must "note today" "$LOG" note "$REF" --officer bob "Called back"
must "second note today" "$LOG" note "$REF" --officer bob "Left a message"
must "ack late" "$LOG" ack "$REF" --officer carol --on 2026-11-03
run "$LOG" show "$REF"
expect_rc 0 "show"
expect_eq "$(printf '%s\n' "$OUT" | sed -n '/^Timeline$/,$p' | grep '^  2026-' | awk '{print $1, $3}')" \
  "$(lines "2026-11-02 created" "2026-11-02 classified" "2026-11-03 acknowledged" \
    "2026-11-29 note" "2026-11-29 note")" "timeline by date, then entry order"
expect_eq "$(printf '%s\n' "$OUT" | grep -n 'Called back\|Left a message' | cut -d: -f2 |
  awk '{print $NF}')" "$(lines back message)" "notes of one day in the order entered"
}

# Received Tuesday 24 November, acknowledgement in 3 working days: due Friday 27th, not made: on Sunday 29th it is overdue, though no
# working day has passed since.
section_weekend() {
must_init_db "$DB"
must_new "complaint" --type complaint --channel email --service HWY --summary "Bins" \
  --received 2026-11-24
run "$LOG" show "$REF"
expect_rc 0 "show"
expect_out_has "  Acknowledge    overdue (due Fri 27 Nov)" "a deadline passed on Friday, on Sunday"
case "$OUT" in *"due today"*) bad "Sunday is not the due day: [$OUT]" ;; *) ok ;; esac
run "$LOG" show "$REF" --as-of 2026-11-27
expect_out_has "  Acknowledge    due today (Fri 27 Nov)" "on the day itself"
run "$LOG" show "$REF" --as-of 2026-11-30
expect_out_has "  Acknowledge    1 working day overdue (due Fri 27 Nov)" "on Monday"
run "$LOG" show "$REF" --as-of 2026-11-25
expect_out_has "  Acknowledge    2 working days left (due Fri 27 Nov)" "before"
}

# One rule of "overdue" for show, list, list --overdue and the overdue list: a deadline is met
# on its last day and overdue from the day after, working day or not. Bins: acknowledgement due
# Friday 27 November; Lights: due Monday 30. Seen on Saturday, Sunday and Monday.
section_overdue_rule() {
must_init_db "$DB"
must_new "bins" --type complaint --channel email --service HWY --summary "Bins" \
  --received 2026-11-24
BINS=$REF
must_new "lights" --type complaint --channel email --service HWY --summary "Lights" \
  --received 2026-11-25
LIGHTS=$REF
local day
for day in 2026-11-28 2026-11-29; do
  run "$LOG" show "$BINS" --as-of "$day"
  expect_out_has "  Flags          overdue" "show on $day: flagged"
  expect_out_has "  Acknowledge    overdue (due Fri 27 Nov)" "show on $day"
  run "$LOG" list --as-of "$day" --format csv
  expect_eq "$(plain_out | cut -d, -f1,9,11)" \
    "$(lines reference,acknowledge_due,days_overdue "$BINS,2026-11-27,0" "$LIGHTS,2026-11-30,-1")" \
    "list on $day"
  run "$LOG" list --as-of "$day" --overdue --format csv
  expect_eq "$(plain_out | cut -d, -f1,9,11)" \
    "$(lines reference,acknowledge_due,days_overdue "$BINS,2026-11-27,0")" \
    "list --overdue on $day: Friday's deadline has passed"
  run "$ESC" overdue --as-of "$day" --format csv
  expect_rc 0 "overdue on $day"
  expect_eq "$(plain_out)" \
    "$(lines reference,service,owner,procedure,stage,deadline,due,working_days_overdue,level,sponsor \
      "$BINS,HWY,,corporate,1,acknowledge,2026-11-27,0,past-due,")" "overdue on $day: past due"
done
run "$ESC" overdue --as-of 2026-11-28
expect_out "$(lines \
  "reference       service  owner  procedure  stage  deadline     due         working_days_overdue  level     sponsor" \
  "$BINS  HWY             corporate      1  acknowledge  2026-11-27                     0  past-due")" \
  "overdue table on Saturday"
# Monday: a working day overdue; Lights is due today, not overdue.
run "$LOG" show "$BINS" --as-of 2026-11-30
expect_out_has "  Acknowledge    1 working day overdue (due Fri 27 Nov)" "show on Monday"
run "$LOG" show "$LIGHTS" --as-of 2026-11-30
expect_out_has "  Flags          none" "show on Monday: due today is not overdue"
expect_out_has "  Acknowledge    due today (Mon 30 Nov)" "show on Monday: due today"
run "$LOG" list --as-of 2026-11-30 --overdue --format csv
expect_eq "$(plain_out | cut -d, -f1,9,11)" \
  "$(lines reference,acknowledge_due,days_overdue "$BINS,2026-11-27,1")" "list --overdue on Monday"
run "$ESC" overdue --as-of 2026-11-30 --format csv
expect_eq "$(plain_out)" \
  "$(lines reference,service,owner,procedure,stage,deadline,due,working_days_overdue,level,sponsor \
    "$BINS,HWY,,corporate,1,acknowledge,2026-11-27,1,past-due,")" "overdue on Monday"
# Friday itself: met on its last day.
run "$LOG" list --as-of 2026-11-27 --overdue --format csv
expect_eq "$(plain_out)" \
  "reference,type,status,procedure,stage,service,owner,received,acknowledge_due,respond_due,days_overdue,on_hold,sponsor,summary" \
  "list --overdue on the due day: nothing"
run "$ESC" overdue --as-of 2026-11-27 --format csv
expect_eq "$(plain_out)" \
  "reference,service,owner,procedure,stage,deadline,due,working_days_overdue,level,sponsor" \
  "overdue on the due day: nothing"
}

# The Ombudsman's reference, decision and remedies, each with its due date and whether it is done
# or overdue.
section_ombudsman() {
must_init_db "$DB"
must_new "complaint" --type complaint --channel email --service HWY --summary "Potholes" \
  --received 2026-10-01 --owner alice
must "ack" "$LOG" ack "$REF" --on 2026-10-02
must "respond 1" "$LOG" respond "$REF" --outcome not-upheld --on 2026-10-20
must "escalate" "$ESC" "$REF" --reason "Still potholes" --on 2026-10-21
must "respond 2" "$LOG" respond "$REF" --outcome not-upheld --on 2026-11-02 \
  --officer reviewer
must "ombudsman" "$ESC" ombudsman "$REF" --their-ref "26 001 234" --on 2026-11-09
must "decision" "$ESC" decision "$REF" --decision upheld --on 2026-11-20
must "apology" "$ESC" remedy "$REF" --kind apology --due 2026-11-25
APOLOGY=$OUT
must "payment" "$ESC" remedy "$REF" --kind payment --amount 250 --due 2026-11-27
must "service change" "$ESC" remedy "$REF" --kind service-change --due 2026-12-18
must "apology done" "$ESC" remedy-done "$REF" "$APOLOGY"
run "$LOG" show "$REF"
expect_rc 0 "show"
expect_eq "$(printf '%s\n' "$OUT" | sed -n '/^Ombudsman$/,/^$/p')" "$(lines \
  "Ombudsman" \
  "  Reference      26 001 234, opened 2026-11-09 (after-response)" \
  "  Decision       upheld on 2026-11-20" \
  "  Remedies       #1 apology: due Wed 25 Nov, done 2026-11-29" \
  "                 #2 payment £250.00: overdue (due Fri 27 Nov)" \
  "                 #3 service-change: due Fri 18 Dec" \
  "")" "the Ombudsman block"
}

# The sponsor, named, with the last update.
section_sponsor() {
must_init_db "$DB"
must_new "sponsored" --type complaint --channel email --service HWY --summary "Lights" \
  --received 2026-11-23 --sponsor councillor --sponsor-name "Cllr Ann Smith"
run "$LOG" show "$REF"
expect_out_has "  Sponsor        councillor Cllr Ann Smith; last updated never" "the sponsor"
}

# `list` shows the open cases; --all adds the closed ones.
section_open_default() {
must_init_db "$DB"
must_new "open" --type complaint --channel email --service HWY --summary "Open one" \
  --received 2026-11-23
OPEN=$REF
must_new "closed" --type enquiry --channel email --service HWY --summary "Closed one" \
  --received 2026-11-23
CLOSED=$REF
must "withdraw" "$LOG" withdraw "$CLOSED" --on 2026-11-24
expect_eq "$(field "$CLOSED" "c['status']")" "closed" "the enquiry is closed"
run "$LOG" list --format csv
expect_rc 0 "list"
expect_eq "$(plain_out | cut -d, -f1)" "$(lines reference "$OPEN")" "list: open cases only"
run "$LOG" list --all --format csv
expect_eq "$(plain_out | cut -d, -f1)" "$(lines reference "$OPEN" "$CLOSED")" "list --all"
run "$LOG" list --closed --format csv
expect_eq "$(plain_out | cut -d, -f1)" "$(lines reference "$CLOSED")" "list --closed"
run "$LOG" list --open --format csv
expect_eq "$(plain_out | cut -d, -f1)" "$(lines reference "$OPEN")" "list --open"
run "$LOG" list --all --closed;           expect_rc 64 "--all with --closed"
}

# On a terminal the list takes the terminal's width (not a fixed 100 columns); COLUMNS says it
# when stdout is not a terminal.
section_width() {
must_init_db "$DB"
must_new "long" --type complaint --channel email --service HWY --received 2026-11-23 \
  --summary "$(printf 'word%.0s ' $(seq 1 60))"
run env COLUMNS=90 "$LOG" list
expect_rc 0 "list, COLUMNS=90"
expect_eq "$(widest)" "90" "cut to 90 columns"
run env COLUMNS=160 "$LOG" list
expect_eq "$(widest)" "160" "160 columns"
# A pseudo-terminal 90 columns wide as stdout.
set +e
OUT=$("$PY" - "$LOG" list <<'PYEOF'
import fcntl, os, pty, struct, subprocess, sys, termios
master, slave = pty.openpty()
fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 90, 0, 0))
env = dict(os.environ, NO_COLOR="1")
env.pop("COLUMNS", None)
proc = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=slave, stderr=slave, env=env)
os.close(slave)
out = b""
while True:
    try:
        chunk = os.read(master, 4096)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
proc.wait()
sys.stdout.write(out.replace(b"\r\n", b"\n").decode())
PYEOF
)
set -e
expect_eq "$(widest)" "90" "a terminal 90 columns wide"
}

# Chinese and Japanese take two columns each: the columns after them stay aligned and the line
# stays within the width.
section_wide() {
must_init_db "$DB"
must "service" "$ADMIN" service add 道路 --name "道路課" --directorate Place
must_new "wide" --type complaint --channel email --service 道路 --received 2026-11-23 \
  --summary "道路の穴が深すぎます。道路の穴が深すぎます。道路の穴が深すぎます。道路の穴が深すぎます。"
WIDE=$REF
must_new "narrow" --type complaint --channel email --service HWY --received 2026-11-23 \
  --summary "Potholes"
run env COLUMNS=80 "$LOG" list
expect_rc 0 "list"
expect_eq "$(printf '%s\n' "$OUT" | "$PY" -c '
import sys, unicodedata
def w(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
lines = sys.stdin.read().split("\n")
# The column after the service starts at the same place on each line.
print(sorted({w(l[:l.index("  2026-") + 2]) for l in lines[1:] if "  2026-" in l}))')" "[46]" \
  "the due column aligned after a wide service code"
# 80 columns, or 79 when the next wide character would take the 80th and 81st.
case "$(widest)" in 79 | 80) ok ;; *) bad "the wide summary cut to 80 columns: $(widest)" ;; esac
expect_out_has "道路の穴が" "wide summary shown"
expect_out_has "…" "cut with an ellipsis"
}

# A stored escape sequence (written by an import or by hand) never reaches the terminal: not in
# show, list, the overdue list, nor a warning.
section_control() {
must_init_db "$DB"
# Text that is not UTF-8 (a lone 0x9b, an 8-bit CSI) is refused on both engines (65, the value
# named, nothing stored): the same control comes as UTF-8 (U+009B).
run "$LOG" new --type complaint --channel email --service HWY --received 2026-11-02 \
  --summary $'Pot\x9bholes'
expect_rc 65 "text that is not UTF-8 is refused"
expect_err "feedback-log: error: text that is not valid UTF-8 cannot be stored: 'Pot\x9bholes' (write it as UTF-8)" \
  "the refusal names the value, its bad byte written out"
expect_eq "$(q "$DB" "SELECT count(*) FROM case_record")" "0" "nothing stored"
csi=$'\xc2\x9b'
must_new "escape" --type complaint --channel email --service HWY --received 2026-11-02 \
  --owner $'ali\x1b]0;owned\x07ce' --summary $'Pot\x1b[2Jholes'"$csi"$'\r\x7f'
must "note" "$LOG" note "$REF" $'Called\x1b[31m back\xc2\x9b'
run "$LOG" show "$REF"
expect_rc 0 "show"
no_controls "show"
expect_out_has "Pot^[[2Jholes" "show: ESC shown as ^["
run "$LOG" list
no_controls "list"
expect_out_has "Pot^[[2Jholes" "list: ESC shown as ^["
run "$LOG" list --format csv
case "$OUT" in *$'\x1b'*) ok ;; *) bad "CSV for scripts keeps the stored text as it is" ;; esac
run "$ESC" overdue
expect_rc 0 "overdue"
no_controls "overdue list"
expect_out_has "ali^[]0;owned^Gce" "overdue: the owner shown safely"
}

run_sections "$@"

# SPDX-License-Identifier: MIT
# Tiny assertion helpers for the end-to-end tests: each runs a real binary and checks its exit
# code, stdout or stderr. Sourced by tests/cli/test_*.sh.
set -u
PASSED=0
FAILED=0
WORK=$(mktemp -d /tmp/feedback-cli-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export FEEDBACK_DB="$WORK/default.db"
unset NO_COLOR FEEDBACK_TODAY

ok() { PASSED=$((PASSED + 1)); }
bad() { FAILED=$((FAILED + 1)); echo "FAIL: $*" >&2; }

# run CMD...: runs it, keeping stdout in $OUT, stderr in $ERR and the exit code in $RC.
run() {
  set +e
  "$@" >"$WORK/out" 2>"$WORK/err" </dev/null
  RC=$?
  set -e
  OUT=$(cat "$WORK/out")
  ERR=$(cat "$WORK/err")
}

# run_in INPUT CMD...: like run, with INPUT on stdin.
run_in() {
  local input=$1
  shift
  set +e
  printf '%s' "$input" | "$@" >"$WORK/out" 2>"$WORK/err"
  RC=$?
  set -e
  OUT=$(cat "$WORK/out")
  ERR=$(cat "$WORK/err")
}

# expect_rc CODE DESCRIPTION: the last run exited with CODE.
expect_rc() {
  if [ "$RC" -eq "$1" ]; then ok; else bad "$2: exit $RC, expected $1 (stderr: $ERR)"; fi
}

# expect_out TEXT DESCRIPTION: the last run printed exactly TEXT on stdout.
expect_out() {
  if [ "$OUT" = "$1" ]; then ok; else bad "$2: stdout was [$OUT], expected [$1]"; fi
}

# expect_out_has TEXT DESCRIPTION / expect_err_has TEXT DESCRIPTION: a substring.
expect_out_has() {
  case "$OUT" in *"$1"*) ok ;; *) bad "$2: stdout [$OUT] lacks [$1]" ;; esac
}
expect_err_has() {
  case "$ERR" in *"$1"*) ok ;; *) bad "$2: stderr [$ERR] lacks [$1]" ;; esac
}

# expect_eq ACTUAL EXPECTED DESCRIPTION
expect_eq() {
  if [ "$1" = "$2" ]; then ok; else bad "$3: got [$1], expected [$2]"; fi
}

finish() {
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" -eq 0 ]
}
set -e

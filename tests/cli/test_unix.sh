# SPDX-License-Identifier: MIT
# End-to-end tests of what every program does alike as a Unix citizen: --version, one error
# format with suggestions and one exit code per kind of mistake, confirmations on a terminal
# only, colour, backup and restore of a live database, the generated manual pages and
# completions, and what `cmake --install` puts where. (Section bodies are not indented: some
# hold here-documents.)
. "$(dirname "$0")/lib.sh"
DB="$WORK/council.db"
PROGRAMS=(feedback-admin feedback-log feedback-escalate feedback-report feedback-import)
SECTIONS=(version errors confirm colour backup restore manual completion install package nightly)
BUILD=$(dirname "$BIN") # the build tree: $BIN is its apps/

section_version() {
for p in "${PROGRAMS[@]}"; do
  run "$BIN/$p" --version;                expect_rc 0 "$p --version"
  expect_out_has "$p (feedback) " "$p --version names the program"
  expect_out_has "git revision " "$p --version names the revision"
  printf '%s\n' "$OUT" | grep -Eqx 'schema version [0-9]+' && ok ||
    bad "$p --version names the schema version: [$OUT]"
done
}

section_errors() {
must "init" "$ADMIN" --db "$DB" init
# A mistyped subcommand is named, with the nearest one, in one format, exit 64.
run "$LOG" --db "$DB" shwo FB-2026-000001; expect_rc 64 "mistyped subcommand"
expect_err "feedback-log: error: unknown subcommand 'shwo'; did you mean 'show'?" "did you mean"
run "$ESC" --db "$DB" overdu;             expect_rc 64 "overdu is not a case reference"
expect_err "feedback-escalate: error: unknown subcommand 'overdu'; did you mean 'overdue'?" \
  "escalate suggests overdue"
run "$ADMIN" --db "$DB" calendar betwen 2026-01-01 2026-02-01; expect_rc 64 "nested subcommand"
expect_err_has "did you mean 'calendar between'?" "the nested suggestion names its path"
run "$ADMIN" --db "$DB" frobnicate;       expect_rc 64 "unknown subcommand, nothing near"
expect_err_has "feedback-admin: error: unknown subcommand 'frobnicate'" "no guess"
# An unknown option, with the nearest one.
run "$LOG" --db "$DB" list --opne;        expect_rc 64 "mistyped option"
expect_err "feedback-log: error: unknown option '--opne'; did you mean '--open'?" "option hint"
# The parser's own errors are in the same format.
run "$ADMIN";                             expect_rc 64 "no subcommand"
expect_err_has "feedback-admin: error: a subcommand is required" "parser error format"
run "$ADMIN" --db;                        expect_rc 64 "option without its value"
expect_err_has "feedback-admin: error: " "missing value format"
# A word outside a program's fixed list (formats, regions) is a usage error (64); a word a
# vocabulary of the policy does not know (types, channels...) is wrong data (65). Both suggest.
run "$LOG" --db "$DB" list --format jsno; expect_rc 64 "unknown format"
expect_err_has "did you mean 'json'?" "format hint"
run "$ADMIN" --db "$DB" init --region scotlnd; expect_rc 64 "unknown region"
expect_err_has "did you mean 'scotland'?" "region hint"
run "$LOG" --db "$DB" new --channel emial --summary x; expect_rc 65 "unknown channel: data"
expect_err_has "did you mean 'email'?" "channel hint"
expect_eq "$(q "$DB" "SELECT count(*) FROM case_record")" "0" "nothing written"
# Reversed dates are an error, not 0.
run "$ADMIN" --db "$DB" calendar between 2026-02-01 2026-01-01; expect_rc 64 "reversed dates"
expect_err_has "before FROM" "reversed dates say so"
# Numeric options show as NUMBER in help, and help ends with examples.
run "$ADMIN" calendar add-days --help;    expect_rc 0 "subcommand help"
expect_out_has "NUMBER" "a number shows as NUMBER"
expect_out_has "Examples:" "help lists examples"
}

section_confirm() {
must "init" "$ADMIN" --db "$DB" init
must "service" "$ADMIN" --db "$DB" service add HWY --name Highways --directorate Place
must_new "case" --db "$DB" --type complaint --channel email --service HWY --summary "Pothole" \
  --received 2026-11-02
# In a script (stderr not a terminal) a write command says nothing on stderr.
run "$LOG" --db "$DB" ack "$REF" --on 2026-11-03; expect_rc 0 "ack in a script"
expect_err "" "no confirmation in a script"
# At a terminal it confirms in one line; --quiet silences it.
run_tty "$LOG" --db "$DB" note "$REF" "Called back"; expect_rc 0 "note at a terminal"
expect_err_has "$REF" "the confirmation names the case"
expect_eq "$(printf '%s\n' "$ERR" | grep -c .)" "1" "one line"
run_tty "$LOG" --db "$DB" --quiet note "$REF" "Again"; expect_rc 0 "note --quiet"
expect_err "" "--quiet says nothing"
run_tty "$ADMIN" --db "$WORK/second.db" init; expect_rc 0 "init at a terminal"
expect_err_has "created $WORK/second.db" "init confirms"
}

section_colour() {
must "init" "$ADMIN" --db "$DB" init
must "service" "$ADMIN" --db "$DB" service add HWY --name Highways --directorate Place
must_new "case" --db "$DB" --type complaint --channel email --service HWY --summary "Pothole" \
  --received 2026-11-02
esc=$(printf '\033[')
run "$LOG" --db "$DB" show "$REF";        expect_rc 0 "show into a pipe"
case "$OUT" in *"$esc"*) bad "no colour into a pipe" ;; *) ok ;; esac
run "$LOG" --db "$DB" --color always show "$REF"; expect_rc 0 "--color always"
case "$OUT" in *"$esc"*) ok ;; *) bad "--color always colours a pipe" ;; esac
run env NO_COLOR=1 "$LOG" --db "$DB" show "$REF" --color never; expect_rc 0 "--color never"
case "$OUT" in *"$esc"*) bad "--color never" ;; *) ok ;; esac
run "$LOG" --db "$DB" --color sometimes show "$REF"; expect_rc 64 "--color takes three words"
expect_err_has "auto, always or never" "the words are named"
}

# Rows of every table but the schema's bookkeeping, as one text to compare two databases.
dump() {
  "$PY" - "$1" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for (t,) in c.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"):
    for row in c.execute(f'SELECT * FROM "{t}" ORDER BY 1'):
        print(t, repr(row))
PY
}

section_backup() {
must "init" "$ADMIN" --db "$DB" init
if ! sqlite_only "the backup file" "a PostgreSQL database is backed up with pg_dump"; then
  # Refused with its own code, saying what to use instead; no file is made.
  run "$ADMIN" --db "$DB" backup "$WORK/copy.db"; expect_rc 69 "a PostgreSQL backup is refused"
  expect_err_has "pg_dump --format=custom --schema=feedback" "the refusal says what to use"
  [ ! -e "$WORK/copy.db" ] && ok || bad "a refused backup makes no file"
  return
fi
must "service" "$ADMIN" --db "$DB" service add HWY --name Highways --directorate Place
for i in 1 2 3; do
  must_new "case $i" --db "$DB" --type complaint --channel email --service HWY \
    --summary "Case $i" --received 2026-11-02
done
run "$ADMIN" --db "$DB" backup "$WORK/copy.db"; expect_rc 0 "backup"
expect_err "" "a script's backup says nothing"
expect_eq "$(stat -c %a "$WORK/copy.db")" "600" "the backup is private"
[ ! -e "$WORK/copy.db-wal" ] && ok || bad "the backup is one file"
expect_eq "$(dump "$WORK/copy.db")" "$(dump "$DB")" "the backup holds every row"
run "$ADMIN" --db "$WORK/copy.db" check;  expect_rc 0 "the backup checks"
run "$ADMIN" --db "$DB" backup "$WORK/copy.db"; expect_rc 73 "never overwrites"
expect_err_has "already exists" "says why"
run "$ADMIN" --db "$WORK/missing.db" backup "$WORK/x.db"; expect_rc 66 "no database"
run_tty "$ADMIN" --db "$DB" backup "$WORK/copy2.db"; expect_rc 0 "backup at a terminal"
expect_err_has "verified" "the confirmation says it verified"

# Writers keep writing during backups, and some are killed part-way through (the writer kills
# its own child, by its id): every copy is a consistent database whose cases are whole (each
# has its events).
"$PY" - "$LOG" "$DB" "$WORK/stop" <<'PY' &
import os, random, subprocess, sys, time
log, db, stop = sys.argv[1:4]
while not os.path.exists(stop):
    child = subprocess.Popen([log, "--db", db, "new", "--type", "complaint", "--channel", "email",
                              "--service", "HWY", "--summary", "busy", "--received", "2026-11-02"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if random.random() < 0.5:
        time.sleep(random.uniform(0, 0.02))
        child.kill()
    child.wait()
PY
writer=$!
for i in 1 2 3 4 5; do
  run "$ADMIN" --db "$DB" backup "$WORK/live-$i.db"
  if [ "$RC" -eq 0 ] || [ "$RC" -eq 75 ]; then ok; else bad "backup $i under writers: $RC ($ERR)"; fi
  if [ "$RC" -eq 0 ]; then
    run "$ADMIN" --db "$WORK/live-$i.db" check; expect_rc 0 "backup $i under writers checks"
    expect_eq "$(q "$WORK/live-$i.db" "SELECT count(*) FROM case_record c WHERE NOT EXISTS \
      (SELECT 1 FROM case_event e WHERE e.case_id = c.id)")" "0" "backup $i: whole cases"
  fi
done
touch "$WORK/stop"
wait "$writer" 2>/dev/null || true
run "$ADMIN" --db "$DB" check;            expect_rc 0 "the live database is fine after kills"
}

section_restore() {
must "init" "$ADMIN" --db "$DB" init
if ! sqlite_only "restoring a backup file" "a PostgreSQL database is restored with pg_restore"; then
  printf 'not read\n' >"$WORK/copy.db"
  run "$ADMIN" --db "$DB" restore --force "$WORK/copy.db"
  expect_rc 69 "a PostgreSQL restore is refused"
  expect_err_has "pg_restore --clean --single-transaction" "the refusal says what to use"
  run "$ADMIN" --db "$DB" check; expect_rc 0 "the database is as it was"
  return
fi
must "service" "$ADMIN" --db "$DB" service add HWY --name Highways --directorate Place
must_new "case" --db "$DB" --type complaint --channel email --service HWY --summary "Kept" \
  --received 2026-11-02
must "backup" "$ADMIN" --db "$DB" backup "$WORK/copy.db"
saved=$(dump "$DB")
must_new "later" --db "$DB" --type complaint --channel email --service HWY --summary "Later" \
  --received 2026-11-03
copy_sum=$(sha256sum < "$WORK/copy.db")
run "$ADMIN" --db "$DB" restore "$WORK/copy.db"; expect_rc 73 "restore over a database needs --force"
expect_err_has "--force" "says how"
run "$ADMIN" --db "$DB" restore --force "$WORK/copy.db"; expect_rc 0 "restore --force"
expect_eq "$(dump "$DB")" "$saved" "the restored database matches the backup"
expect_eq "$(sha256sum < "$WORK/copy.db")" "$copy_sum" "the backup is not changed"
run "$ADMIN" --db "$WORK/new.db" restore "$WORK/copy.db"; expect_rc 0 "restore to a new file"
expect_eq "$(dump "$WORK/new.db")" "$saved" "the new database matches the backup"
expect_eq "$(stat -c %a "$WORK/new.db")" "600" "the new database is private"
# A backup that does not verify is refused and the database is unchanged.
cp "$WORK/copy.db" "$WORK/bad.db"
sqlite3 "$WORK/bad.db" "PRAGMA foreign_keys=OFF; DELETE FROM service;" 2>/dev/null || "$PY" - "$WORK/bad.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.execute("DELETE FROM service"); c.commit()
PY
run "$ADMIN" --db "$DB" restore --force "$WORK/bad.db"; expect_rc 65 "a bad backup is refused"
expect_err_has "does not verify" "says why"
expect_eq "$(dump "$DB")" "$saved" "the database is unchanged"
printf 'not a database\n%.0s' $(seq 200) > "$WORK/junk.db"
run "$ADMIN" --db "$DB" restore --force "$WORK/junk.db"; expect_rc 65 "junk is refused"
run "$ADMIN" --db "$DB" restore --force "$WORK/none.db"; expect_rc 66 "a missing backup"
expect_eq "$(dump "$DB")" "$saved" "the database is still unchanged"
}

# Every subcommand path of PROGRAM, one a line ("calendar closure add"), from its help.
subcommands() {
  local p=$1 prefix=${2:-}
  local subs
  # shellcheck disable=SC2086
  subs=$("$BIN/$p" $prefix --help 2>/dev/null | awk '/^Subcommands:/{s=1; next} /^[^ ]/{s=0} s && /^  [a-z]/{print $1}')
  for s in $subs; do
    printf '%s\n' "${prefix:+$prefix }$s"
    subcommands "$p" "${prefix:+$prefix }$s"
  done
}

section_manual() {
pages="$BIN/generated/man1"
for p in "${PROGRAMS[@]}"; do
  page="$pages/$p.1"
  [ -f "$page" ] && ok || { bad "no manual page for $p"; continue; }
  [ -f "$page.gz" ] && ok || bad "no compressed page for $p"
  # Renders without a warning.
  warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 groff -ww -man -Tutf8 -z "$page" 2>&1)
  expect_eq "$warnings" "" "$p.1 renders without warnings"
  text=$(MANWIDTH=80 man -l "$page" 2>"$WORK/man-err")
  expect_eq "$(cat "$WORK/man-err")" "" "man -l $p.1 is silent"
  for section in NAME SYNOPSIS DESCRIPTION "EXIT STATUS" ENVIRONMENT FILES EXAMPLES "SEE ALSO"; do
    case "$text" in *"$section"*) ok ;; *) bad "$p.1 lacks $section" ;; esac
  done
  n=0
  while IFS= read -r sub; do
    n=$((n + 1))
    grep -Fq -- "$sub" <<<"$text" && ok || bad "$p.1 lacks subcommand '$sub'"
  done < <(subcommands "$p")
  [ "$p" = feedback-import ] || [ "$n" -gt 0 ] && ok || bad "no subcommands found for $p"
done
}

section_completion() {
# complete_words PROGRAM WORDS...: what bash completion offers for the last word, sorted.
complete_words() {
  # shellcheck disable=SC2016
  bash -c '. "$1"; shift; f=$(complete -p "$1" | sed "s/.*-F \([^ ]*\) .*/\1/");
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); $f; printf "%s\n" "${COMPREPLY[@]}" | sort' \
    _ "$BIN/generated/bash/$1" "$@"
}
for p in "${PROGRAMS[@]}"; do
  script="$BIN/generated/bash/$p"
  [ -f "$script" ] && ok || { bad "no bash completion for $p"; continue; }
  [ -f "$BIN/generated/zsh/_$p" ] && ok || bad "no zsh completion for $p"
  head -1 "$BIN/generated/zsh/_$p" | grep -q "^#compdef $p" && ok || bad "zsh: #compdef $p"
  zsh -n "$BIN/generated/zsh/_$p" && ok || bad "zsh -n: _$p does not parse"
  # In bash: what completing after the program's name offers.
  # shellcheck disable=SC2016
  offered=$(bash -c '. "$1"; f=$(complete -p "$2" | sed "s/.*-F \([^ ]*\) .*/\1/");
    COMP_WORDS=("$2" ""); COMP_CWORD=1; $f; printf "%s\n" "${COMPREPLY[@]}"' _ "$script" "$p")
  n=0
  while IFS= read -r sub; do
    case "$sub" in *" "*) continue ;; esac
    n=$((n + 1))
    grep -qx -- "$sub" <<<"$offered" && ok || bad "$p: completion lacks '$sub'"
  done < <(subcommands "$p")
  [ "$p" = feedback-import ] || [ "$n" -gt 0 ] && ok || bad "no subcommands found for $p"
  # Every nested subcommand is offered after its parent's name.
  while IFS= read -r sub; do
    case "$sub" in *" "*) ;; *) continue ;; esac
    parent=${sub% *}
    # shellcheck disable=SC2086
    complete_words "$p" $parent "" | grep -qx -- "${sub##* }" && ok ||
      bad "$p: completion after '$parent' lacks '${sub##* }'"
  done < <(subcommands "$p")
done
expect_eq "$(complete_words feedback-log list --format "" | tr '\n' ' ')" \
  "csv json markdown table " "formats complete"
expect_eq "$(complete_words feedback-admin init --region "" | tr '\n' ' ')" \
  "england-and-wales northern-ireland scotland " "regions complete"
expect_eq "$(complete_words feedback-admin calendar closure "" | tr '\n' ' ')" \
  "add list remove " "nested subcommands complete"
complete_words feedback-log new --channel "" | grep -qx email && ok || bad "channels complete"
}

section_install() {
root="$WORK/prefix"
run cmake --install "$BUILD" --prefix "$root"; expect_rc 0 "cmake --install"
for p in "${PROGRAMS[@]}"; do
  [ -x "$root/bin/$p" ] && ok || bad "bin/$p installed"
  readelf -S "$root/bin/$p" | grep -q '\.debug_info' && bad "bin/$p is not stripped" || ok
  [ -f "$root/share/man/man1/$p.1.gz" ] && ok || bad "man1/$p.1.gz installed"
  [ -f "$root/share/bash-completion/completions/$p" ] && ok || bad "bash completion of $p"
  [ -f "$root/share/zsh/site-functions/_$p" ] && ok || bad "zsh completion of $p"
done
run "$root/bin/feedback-admin" --version; expect_rc 0 "the installed program runs"
doc="$root/share/doc/feedback"
for f in README.md LICENSE copyright changelog.gz docs/import.md examples/mappings; do
  [ -e "$doc/$f" ] && ok || bad "share/doc/feedback/$f installed"
done
# man finds the installed page by name under the prefix.
run env MANPATH="$root/share/man" man -w feedback-log; expect_rc 0 "man finds the page"
expect_eq "$OUT" "$root/share/man/man1/feedback-log.1.gz" "where man finds it"
}

# The Debian package: built by CPack, its dependencies and files, unpacked into a temporary
# root; lintian's errors and warnings (scripts/test.sh installs lintian).
section_package() {
run cpack --config "$BUILD/CPackConfig.cmake" -B "$WORK/pkg"; expect_rc 0 "cpack"
deb=$(ls "$WORK"/pkg/feedback_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] && ok || { bad "no .deb built"; return; }
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libsqlite3 libfmt libstdc++6 tzdata; do
  case "$depends" in *"$lib"*) ok ;; *) bad "Depends [$depends] lacks $lib" ;; esac
done
run dpkg-deb -x "$deb" "$WORK/unpacked"; expect_rc 0 "dpkg-deb -x"
[ -x "$WORK/unpacked/usr/bin/feedback-log" ] && ok || bad "usr/bin/feedback-log in the package"
[ -f "$WORK/unpacked/usr/share/man/man1/feedback-log.1.gz" ] && ok || bad "its manual page"
[ -f "$WORK/unpacked/usr/share/zsh/vendor-completions/_feedback-log" ] && ok ||
  bad "zsh completion in Debian's place"
run "$WORK/unpacked/usr/bin/feedback-log" --version; expect_rc 0 "the unpacked program runs"
# dpkg would install it (its dependencies are met here), without installing it.
run dpkg --dry-run -i "$deb"; expect_rc 0 "dpkg --dry-run -i"
run lintian --no-tag-display-limit "$deb"
found=$(printf '%s\n' "$OUT" | grep -E '^[EW]: ' || true)
expect_eq "$found" "" "lintian finds no errors or warnings"
}

# examples/systemd/feedback-nightly.sh: the escalation run, a verified backup, rotation.
section_nightly() {
must "init" "$ADMIN" --db "$DB" init
mkdir -p "$WORK/backups"
if [ -n "$PG_CLUSTER" ]; then
  # On PostgreSQL the night's backup is pg_dump's, kept as the newest three .dump files.
  pg=$(db_uri "$DB")
  for day in 01 02 03 04; do printf 'old\n' > "$WORK/backups/council-2026-01-$day.dump"; done
  run env PATH="$BIN:$PATH" FEEDBACK_DB="$pg" FEEDBACK_BACKUP_DIR="$WORK/backups" \
    FEEDBACK_BACKUP_KEEP=3 FEEDBACK_RETRY_SLEEP=0 sh "$SRC/examples/systemd/feedback-nightly.sh"
  expect_rc 0 "the nightly script on PostgreSQL"
  today=$(date +%F)
  expect_eq "$(cd "$WORK/backups" && ls | tr '\n' ' ')" \
    "council-2026-01-03.dump council-2026-01-04.dump council-$today.dump " \
    "tonight's dump kept with the newest two before it"
  expect_eq "$(stat -c %a "$WORK/backups/council-$today.dump")" "600" "the dump is private"
  expect_eq "$(pg_restore --list "$WORK/backups/council-$today.dump" | grep -c 'TABLE DATA feedback case_record')" \
    "1" "the dump holds the cases"
  run env PATH="$BIN:$PATH" FEEDBACK_DB="$pg" FEEDBACK_BACKUP_DIR="$WORK/backups" \
    FEEDBACK_BACKUP_KEEP=3 FEEDBACK_RETRY_SLEEP=0 sh "$SRC/examples/systemd/feedback-nightly.sh"
  expect_rc 0 "the nightly script again"
  return
fi
for day in 01 02 03 04; do
  printf 'old\n' > "$WORK/backups/council-2026-01-$day.db"
done
printf 'keep me\n' > "$WORK/backups/notes.txt"
run env PATH="$BIN:$PATH" FEEDBACK_DB="$DB" FEEDBACK_BACKUP_DIR="$WORK/backups" \
  FEEDBACK_BACKUP_KEEP=3 FEEDBACK_RETRY_SLEEP=0 sh "$SRC/examples/systemd/feedback-nightly.sh"
expect_rc 0 "the nightly script"
today=$(date +%F)
expect_eq "$(cd "$WORK/backups" && ls | tr '\n' ' ')" \
  "council-2026-01-03.db council-2026-01-04.db council-$today.db notes.txt " \
  "tonight's backup kept with the newest two before it"
run "$ADMIN" --db "$WORK/backups/council-$today.db" check; expect_rc 0 "tonight's backup checks"
# A second run the same night keeps the first backup and succeeds.
run env PATH="$BIN:$PATH" FEEDBACK_DB="$DB" FEEDBACK_BACKUP_DIR="$WORK/backups" \
  FEEDBACK_BACKUP_KEEP=3 FEEDBACK_RETRY_SLEEP=0 sh "$SRC/examples/systemd/feedback-nightly.sh"
expect_rc 0 "the nightly script again"
# No database: the failure's exit code comes through.
run env PATH="$BIN:$PATH" FEEDBACK_DB="$WORK/none.db" FEEDBACK_BACKUP_DIR="$WORK/backups" \
  FEEDBACK_RETRY_SLEEP=0 sh "$SRC/examples/systemd/feedback-nightly.sh"
expect_rc 66 "a missing database fails the night"
# The units are valid systemd units (the nightly script is not installed here: that line aside).
found=$(cd "$SRC/examples/systemd" && systemd-analyze verify --man=no ./feedback-nightly.service \
  ./feedback-nightly.timer ./feedback-weekly.service ./feedback-weekly.timer 2>&1 |
  grep -v 'feedback-nightly is not executable' || true)
expect_eq "$found" "" "systemd-analyze verify finds nothing"
}

run_sections "$@"

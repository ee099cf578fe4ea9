#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The demo: a council's database in build/demo.db, and the questions a complaints team asks.
#   examples/demo.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${1:-build}
ADMIN="$BUILD_DIR/apps/feedback-admin"
DB="$BUILD_DIR/demo.db"
rm -f "$DB" "$DB-wal" "$DB-shm"
export FEEDBACK_DB="$DB"

"$ADMIN" init --region england-and-wales
"$ADMIN" calendar closure add 2026-12-29 --to 2026-12-31 --reason "Christmas closure"
echo
echo "== Bank holidays and closure days, December 2026 to January 2027"
"$ADMIN" calendar holidays --from 2026-12-01 --to 2027-01-31
echo
echo "== A complaint received on Wednesday 23 December 2026: stage 1 response due (10 working days)"
"$ADMIN" calendar add-days 2026-12-23 10
echo
echo "== Working days taken for a response on 15 January 2027"
"$ADMIN" calendar between 2026-12-23 2027-01-15

#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The demo: a small council's feedback database in BUILD_DIR/demo.db, with cases received
# over the last few weeks, then today's overdue list.
#   examples/demo.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${1:-build}
BIN="$BUILD_DIR/apps"
DB="$BUILD_DIR/demo.db"
rm -f "$DB" "$DB-wal" "$DB-shm"
export FEEDBACK_DB="$DB"
export USER=${USER:-complaints.team}
admin() { "$BIN/feedback-admin" "$@"; }
log() { "$BIN/feedback-log" "$@"; }
# A date N calendar days ago (GNU date).
ago() { date -d "today - $1 days" +%F; }

admin init --region england-and-wales >/dev/null
year=$(date +%Y)
admin calendar closure add "$year-12-29" --to "$year-12-31" --reason "Christmas closure" >/dev/null

while IFS='|' read -r code name directorate procedure; do
  if [ -n "$procedure" ]; then
    admin service add "$code" --name "$name" --directorate "$directorate" --procedure "$procedure"
  else
    admin service add "$code" --name "$name" --directorate "$directorate"
  fi
done <<'SERVICES'
HWY|Highways and street lighting|Place|
WST|Waste and recycling|Place|
PRK|Parking services|Place|
PLN|Planning and building control|Place|
HSG|Housing repairs|Housing|
CTAX|Council tax and benefits|Resources|
LIB|Libraries|Communities|
CSC|Children's social care|Children's services|childrens-statutory
SEN|Special educational needs|Children's services|send
ASC|Adult social care|Adults and health|adults-statutory
CEX|Chief executive's office|Chief executive's office|
SERVICES

officers=(j.patel s.okafor m.evans r.hughes a.kowalski l.chen)
n=0
# new TYPE CHANNEL SERVICE DAYS_AGO SUMMARY [more flags]: records a case, prints its reference.
new() {
  local type=$1 channel=$2 service=$3 days=$4 summary=$5
  shift 5
  local typeflag=()
  [ "$type" != "-" ] && typeflag=(--type "$type")
  n=$((n + 1))
  log new "${typeflag[@]}" --channel "$channel" --service "$service" --summary "$summary" \
    --received "$(ago "$days")" --officer "${officers[$((n % ${#officers[@]}))]}" "$@"
}
assign() { log assign "$1" --to "${officers[$2]}" --officer demo >/dev/null; }

# Complaints that are on time, late, extended, held, responded and closed.
c1=$(new complaint web HWY 30 "Pothole on Mill Lane not repaired after three reports" --name "Alex Turner" --email alex@example.org)
assign "$c1" 0; log ack "$c1" --on "$(ago 29)" >/dev/null
log respond "$c1" --outcome upheld --area service-failure --on "$(ago 20)" >/dev/null
log close "$c1" --on "$(ago 19)" >/dev/null
log learn "$c1" --problem "Repeat reports not linked" --improvement "Link duplicate pothole reports" \
  --action "Add duplicate check to the web form" --owner r.hughes --due "$(date -d 'today + 30 days' +%F)" >/dev/null
log survey "$c1" --satisfied yes --stars 4 --on "$(ago 15)" >/dev/null
c2=$(new complaint phone WST 25 "Bin missed four weeks running" --name "Priya Shah" --phone "01632 960123")
assign "$c2" 1; log ack "$c2" --on "$(ago 24)" >/dev/null
c3=$(new complaint email HSG 21 "Damp and mould not treated" --name "Tom Baker" --preferred-format large-print)
assign "$c3" 2; log ack "$c3" --on "$(ago 20)" >/dev/null
log extend "$c3" --days 10 --reason "Specialist survey needed" --officer demo >/dev/null
c4=$(new complaint letter CTAX 18 "Council tax bill sent to the wrong address")
assign "$c4" 3
c5=$(new complaint web PRK 12 "Penalty charge issued while displaying a valid permit" --email driver@example.org)
assign "$c5" 4; log ack "$c5" --on "$(ago 11)" >/dev/null
log hold "$c5" --reason "Waiting for a copy of the permit" --on "$(ago 8)" >/dev/null
c6=$(new complaint face-to-face LIB 9 "Staff member was rude at the library desk")
assign "$c6" 5; log ack "$c6" --on "$(ago 8)" >/dev/null
log respond "$c6" --outcome partially-upheld --area staff-behaviour --on "$(ago 2)" >/dev/null
c7=$(new complaint email PLN 6 "Planning application decided without a site visit")
assign "$c7" 0
c8=$(new complaint web HWY 3 "Street light out for a month")
assign "$c8" 1

# Statutory procedures through the services' defaults.
c9=$(new complaint letter CSC 20 "Social worker changed three times in six months" --name "Sam Reid")
assign "$c9" 2; log ack "$c9" --on "$(ago 19)" >/dev/null
c10=$(new complaint email ASC 15 "Care package reduced without assessment" --name "June Hill")
assign "$c10" 3; log ack "$c10" --on "$(ago 14)" >/dev/null
c11=$(new complaint email SEN 10 "EHC plan annual review late")
assign "$c11" 4

# Sponsored contacts: a councillor's complaint, an MP's request for information.
c12=$(new - letter HWY 14 "Cllr writes on behalf of residents about flooding" --sponsor councillor --sponsor-name "Cllr Pat Morgan")
assign "$c12" 5; log ack "$c12" --on "$(ago 13)" >/dev/null
log sponsor-update "$c12" --on "$(ago 7)" >/dev/null
c13=$(new - email CEX 5 "MP asks how many bins were missed last quarter" --sponsor mp --sponsor-name "Jo Bloggs MP" --info-request)
assign "$c13" 0

# Everything else that arrives.
c14=$(new enquiry webchat CTAX 4 "How do I apply for single person discount?")
assign "$c14" 1
c15=$(new compliment email WST 7 "Thanks to the crew who returned my bin")
log ack "$c15" --on "$(ago 6)" >/dev/null; log close "$c15" --on "$(ago 6)" >/dev/null
c16=$(new suggestion web LIB 8 "Open the library on Sunday afternoons")
c17=$(new service-request phone HWY 2 "Fallen tree blocking footpath")
c18=$(new - social-media HSG 1 "Angry post about repairs waiting list")
c19=$(new complaint web HWY 11 "Motorway junction lighting")
log redirect "$c19" --to "National Highways" >/dev/null
c20=$(new complaint phone WST 16 "Garden waste collection missed")
log withdraw "$c20" --on "$(ago 10)" >/dev/null
c21=$(new enquiry email HSG 13 "Reported a leak, who is coming?")
log classify "$c21" --as complaint >/dev/null
assign "$c21" 2
c22=$(new complaint phone PRK 40 "Blue badge bay painted in the wrong place")
log resolve-informally "$c22" --on "$(ago 40)" >/dev/null

echo "Demo database: $DB ($(log list --all --format csv | tail -n +2 | wc -l) cases)"
echo
echo "== Tonight's escalation run ($(date +%F)): the steps it records"
"$BIN/feedback-escalate" run
echo
echo "== Today's overdue list, with deadlines due in the next 2 working days"
"$BIN/feedback-escalate" overdue --within 2 --group-by service
echo
echo "== One case in full: $c3"
log show "$c3"
echo
echo "== A report: cases received in the last 60 days by service, beside the 60 days before"
"$BIN/feedback-report" volumes --by service --from "$(ago 59)" --to "$(date +%F)" --compare 1

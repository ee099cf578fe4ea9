# SPDX-License-Identifier: MIT
# End-to-end tests of feedback-import on exports with several rows per case, case histories and
# Ombudsman findings (examples/legacy/ombudsman_*, open311_history.jsonl), and of what a mapping
# refuses. (Section bodies are not indented: some hold here-documents.)
. "$(dirname "$0")/lib.sh"
MAPS="$SRC/examples/mappings"
LEGACY="$SRC/examples/legacy"
DB="$WORK/council.db"
export FEEDBACK_DB="$DB"
export FEEDBACK_TODAY=2026-11-22
OMB="$LEGACY/ombudsman_findings.csv"
OMB_MAP="$MAPS/ombudsman_findings.json"
EVENTS="$LEGACY/ombudsman_case_events.csv"
EVENTS_MAP="$MAPS/ombudsman_case_events.json"
O311="$LEGACY/open311_history.jsonl"
O311_MAP="$MAPS/open311_history.json"
SECTIONS=(grouped history refusals)

# places_db PATH: a database with the services the examples route to.
places_db() {
  must "init" "$ADMIN" --db "$1" init
  local s
  for s in HSG REV PRK HWY STC; do
    must "service $s" "$ADMIN" --db "$1" service add "$s" --name "$s" --directorate Place
  done
}

section_grouped() {
places_db "$DB"
# --- several rows, one case: the Ombudsman's findings, one row per remedy ---
run "$IMPORT" "$OMB" --mapping "$OMB_MAP"
expect_rc 0 "findings import"
expect_out_has "4 records, 3 cases: 3 added, 0 updated, 0 unchanged, 0 rejected" "4 rows are 3 cases"
expect_eq "$(q "$DB" "SELECT source_ref || ' ' || status FROM case_record ORDER BY id" | tr '\n' ,)" \
  "OMB-001 responded,OMB-002 responded,OMB-003 open," "one case per reference"
expect_eq "$(q "$DB" "SELECT their_ref, opened_on, decision, decided_on FROM ombudsman_case ORDER BY case_id" | tr '\n' ,)" \
  "24 001 234|2025-04-14|upheld|2025-09-01,24 009 876|2025-07-01|not-upheld|2025-10-01," \
  "Ombudsman phases, a month-only decision read as its first day"
expect_eq "$(q "$DB" "SELECT kind, coalesce(CAST(amount_pence AS TEXT), '-'), due, agreed_on, coalesce(done_on, '-') FROM remedy ORDER BY id" | tr '\n' ,)" \
  "apology|-|2025-10-15|2025-09-01|2025-10-20,payment|15000|2025-10-15|2025-09-01|-," \
  "each row of the case adds its remedy"
expect_eq "$(q "$DB" "SELECT outcome_text FROM case_legacy WHERE case_id = 1")" \
  "Roofer booked twice and did not come" "the old system's outcome text is kept"
expect_eq "$(q "$DB" "SELECT count(*) FROM case_legacy WHERE case_id = 2")" "0" \
  "no legacy row where the old system said nothing"
expect_eq "$(q "$DB" "SELECT kind FROM case_event WHERE case_id = 1 ORDER BY id" | paste -sd ' ')" \
  "imported ombudsman ombudsman-decision remedy remedy remedy-done" "the timeline in date order"
expect_eq "$(q "$DB" "SELECT last_activity FROM case_record WHERE id = 1")" "2025-10-20" \
  "last activity is the remedy done"
# --- re-import: nothing changed ---
run "$IMPORT" "$OMB" --mapping "$OMB_MAP"
expect_rc 0 "re-import"
expect_out_has "3 cases: 0 added, 0 updated, 3 unchanged, 0 rejected" "re-import changes nothing"
expect_eq "$(q "$DB" "SELECT count(*) FROM remedy")" "2" "no remedy twice"
# --- a newer register: the payment is made ---
sed 's/,£150.00,15\/10\/2025,$/,£150.00,15\/10\/2025,30\/10\/2025/' "$OMB" >"$WORK/newer.csv"
run "$IMPORT" "$WORK/newer.csv" --mapping "$OMB_MAP"
expect_rc 0 "newer register"
expect_out_has "0 added, 1 updated, 2 unchanged" "the case with the payment is updated"
expect_eq "$(q "$DB" "SELECT done_on FROM remedy WHERE kind = 'payment'")" "2025-10-30" "payment done"
# --- the rows of one case must be together ---
{ head -2 "$OMB"; tail -1 "$OMB"; sed -n 3p "$OMB"; } >"$WORK/apart.csv"
places_db "$WORK/apart.db"
run "$IMPORT" --db "$WORK/apart.db" "$WORK/apart.csv" --mapping "$OMB_MAP"
expect_rc 65 "rows of a case apart"
expect_err_has "apart.csv:4: record: the reference 'OMB-001' is on line 2 too: the rows of one case must be together" \
  "names both lines"
expect_eq "$(q "$WORK/apart.db" "SELECT count(*) FROM case_record")" "0" "refused: nothing written"
}

section_history() {
places_db "$DB"
# --- an array of events inside each record; a source in another time zone ---
run "$IMPORT" "$O311" --mapping "$O311_MAP"
expect_rc 0 "Open311 with notes"
expect_out_has "3 records: 3 added" "three requests"
expect_eq "$(q "$DB" "SELECT received FROM case_record WHERE source_ref = 'SR-1001'")" "2025-03-02" \
  "23:30 in New York is the next day in London"
expect_eq "$(q "$DB" "SELECT closed_on FROM case_record WHERE source_ref = 'SR-1001'")" "2025-03-09" \
  "closed from the second column when the first is empty"
expect_eq "$(q "$DB" "SELECT summary FROM case_record WHERE source_ref = 'SR-1002'")" \
  "Graffiti: Graffiti on the bus shelter" "an empty cell takes its template text with it"
expect_eq "$(q "$DB" "SELECT summary FROM case_record WHERE source_ref = 'SR-1001'")" \
  "Potholes: Deep pothole outside the school (at 12 High Street)" "a full template"
expect_eq "$(q "$DB" "SELECT on_date || ' ' || kind || ' ' || (SELECT body FROM event_text t WHERE t.id = text_id) FROM case_event WHERE case_id = 1 AND kind LIKE 'legacy-%' ORDER BY id" | paste -sd ,)" \
  "2025-03-02 legacy-note Logged by the call centre,2025-03-05 legacy-closed Patched by crew 3" \
  "notes in date order, kinds through the map"
expect_eq "$(q "$DB" "SELECT resolution FROM case_legacy WHERE case_id = 3")" "Removed" \
  "the resolution description kept"
run "$IMPORT" "$O311" --mapping "$O311_MAP"
expect_out_has "0 added, 0 updated, 3 unchanged" "re-import: nothing new"
expect_eq "$(q "$DB" "SELECT count(*) FROM case_event WHERE kind LIKE 'legacy-%'")" "3" "no event twice"
# --- a newer feed with one more note: only it is added ---
sed 's/"notes":\[\]/"notes":[{"datetime":"2025-03-07T12:00:00","type":"update","summary":"Booked"}]/' \
  "$O311" >"$WORK/newer.jsonl"
run "$IMPORT" "$WORK/newer.jsonl" --mapping "$O311_MAP"
expect_rc 0 "newer feed"
expect_out_has "0 added, 1 updated, 2 unchanged" "one case has a new event"
expect_eq "$(q "$DB" "SELECT on_date || ' ' || kind || ' ' || (SELECT body FROM event_text t WHERE t.id = text_id) FROM case_event WHERE case_id = 2 AND kind LIKE 'legacy-%'")" \
  "2025-03-07 legacy-update Booked" "the new note"
# --- an events file joined by the case reference ---
must "findings" "$IMPORT" "$OMB" --mapping "$OMB_MAP"
run "$IMPORT" "$EVENTS" --mapping "$EVENTS_MAP"
expect_rc 0 "events file"
expect_out_has "3 records of events: 3 added" "three events"
expect_eq "$(q "$DB" "SELECT e.on_date || ' ' || e.officer || ' ' || e.kind FROM case_event e JOIN case_record c ON c.id = e.case_id WHERE c.source_ref = 'OMB-001' AND e.kind LIKE 'legacy-%' ORDER BY e.id" | paste -sd ,)" \
  "2025-02-05 J. Smith legacy-contact,2025-04-11 J. Smith legacy-contact" "the diary, with its officers"
run "$IMPORT" "$EVENTS" --mapping "$EVENTS_MAP"
expect_out_has "0 added, 0 updated, 3 unchanged" "events file again: nothing new"
printf 'Council Ref,When,What,Note,By\nOMB-999,01/03/2025 10:00,Phone call,x,\n' >"$WORK/orphan.csv"
run "$IMPORT" "$WORK/orphan.csv" --mapping "$EVENTS_MAP"
expect_rc 65 "an event of no case"
expect_err_has "orphan.csv:2: identity: no case imported from lgsco-register has the reference 'OMB-999'" \
  "the reference is named"
}

section_refusals() {
places_db "$DB"
# --- a month-only date without a stated day; a pattern naming a field twice ---
sed 's/, "missing_day": 1//' "$OMB_MAP" >"$WORK/noday.json"
run "$IMPORT" "$OMB" --mapping "$WORK/noday.json"
expect_rc 65 "month-only without missing_day"
expect_err_has 'fields.ombudsman_decided.formats[0]: "%B %Y": has no day (%d)' "named"
sed 's/"formats": \["%B %Y"\]/"formats": ["%d %B %Y %d"]/' "$OMB_MAP" >"$WORK/twice.json"
run "$IMPORT" "$OMB" --mapping "$WORK/twice.json"
expect_rc 65 "a pattern naming the day twice"
expect_err_has '"%d %B %Y %d": names the day twice' "named"
# --- a repeated key that the mapping reads; the JSON reject file is JSON Lines ---
sed 's/"duplicate_keys": "last"/"duplicate_keys": "reject"/' "$O311_MAP" >"$WORK/dk.json"
run "$IMPORT" "$O311" --mapping "$WORK/dk.json" --on-error skip --reject-file "$WORK/rej.jsonl"
expect_rc 65 "a repeated key read by the mapping"
expect_err_has 'open311_history.jsonl:2: status: the key "status" appears twice in one object' \
  "the key is named"
expect_eq "$(wc -l <"$WORK/rej.jsonl" | tr -d ' ')" "1" "one rejected record, one line"
expect_eq "$("$PY" -c 'import json,sys; r=json.loads(open(sys.argv[1]).readline()); print(r["line"], r["record"]["service_request_id"])' "$WORK/rej.jsonl")" \
  "2 SR-1002" "the reject line is the record, as JSON"
sed 's/"duplicate_keys": "last",//' "$O311_MAP" | sed 's/"summary": {"template": "{service_name}: {description}\[ (at {address})\]"}/"summary": "description"/' >"$WORK/nostatus.json"
"$PY" - "$WORK/nostatus.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
del m["fields"]["status"]
json.dump(m, open(sys.argv[1], "w"))
PY
places_db "$WORK/ns.db"
run "$IMPORT" --db "$WORK/ns.db" "$O311" --mapping "$WORK/nostatus.json"
expect_rc 0 "a repeated key the mapping does not read is ignored"
# --- --dry-run in stop mode lists every service it would create ---
printf '%s\n' '{"service_request_id":"A","requested_datetime":"2025-03-01T10:00:00","agency":"Parks","description":"x","status":"open"}' \
  '{"service_request_id":"B","requested_datetime":"not a date","agency":"Parks","description":"y","status":"open"}' \
  '{"service_request_id":"C","requested_datetime":"2025-03-01T10:00:00","agency":"Lighting","description":"z","status":"open"}' >"$WORK/svc.jsonl"
"$PY" - "$O311_MAP" "$WORK/svc.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
f = m["fields"]
for k in ["closed", "resolution", "event_date", "event_kind", "event_text"]:
    del f[k]
f["summary"] = "description"
f["service"] = "agency"
json.dump(m, open(sys.argv[2], "w"))
PY
run "$IMPORT" "$WORK/svc.jsonl" --mapping "$WORK/svc.json" --create-services --dry-run
expect_rc 65 "dry run with a bad record"
expect_out_has "Parks, Lighting" "every service it would create, after the bad record too"
expect_eq "$(q "$DB" "SELECT count(*) FROM service WHERE code IN ('Parks', 'Lighting')")" "0" \
  "dry run: no service created"
# --- an outcome on a case without a response ---
sed 's/,10\/03\/2025,Upheld,/,,Upheld,/' "$OMB" >"$WORK/noresp.csv"
run "$IMPORT" "$WORK/noresp.csv" --mapping "$OMB_MAP" --on-error skip
expect_rc 65 "an outcome without a response"
expect_err_has "noresp.csv:2: outcome: upheld, but the case has no response" "named"
expect_eq "$(q "$DB" "SELECT source_ref FROM case_record WHERE source = 'lgsco-register' ORDER BY id" | paste -sd ,)" "OMB-002,OMB-003" \
  "both rows of the bad case rejected, the others imported"
# --- a constant type is the mapping's, not the officer's ---
run "$IMPORT" "$O311" --mapping "$O311_MAP"
expect_eq "$(q "$DB" "SELECT classified_by FROM case_record WHERE source_ref = 'SR-1001'" | grep -c "type service-request: by the import mapping")" \
  "1" "classified by the import mapping"
}

run_sections "$@"

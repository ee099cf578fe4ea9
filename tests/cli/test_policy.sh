# SPDX-License-Identifier: MIT
# End-to-end tests of feedback-admin policy and service commands on real temporary databases.
# (Section bodies are not indented: some hold here-documents.)
. "$(dirname "$0")/lib.sh"
DB="$WORK/council.db"
SECTIONS=(show import)

# edit FILE PYTHON: applies the Python statement to the parsed document `d` and writes it back.
edit() {
  python3 - "$1" "$2" <<'PY'
import json, sys
path, code = sys.argv[1], sys.argv[2]
with open(path) as f:
    d = json.load(f)
exec(code)
with open(path, "w") as f:
    json.dump(d, f, indent=2)
PY
}

# show and export: the seeded policy, as a table and as the JSON document export writes.
section_show() {
run "$ADMIN" --db "$DB" init;                       expect_rc 0 "init"

# --- show ---
run "$ADMIN" --db "$DB" policy show;                expect_rc 0 "policy show"
expect_out_has "policy version 1" "show names the version"
expect_out_has "childrens-statutory" "show lists procedures"
expect_out_has "Stage 2: independent investigation" "show lists stages"
expect_out_has "corporate stage 2" "show says where send escalates"
expect_out_has "sponsor_update_days" "show lists settings"
run "$ADMIN" --db "$DB" policy show --format json;  expect_rc 0 "policy show json"
V1_JSON=$OUT
expect_out_has '"respond_days": 25' "json holds childrens stage 2"
run "$ADMIN" --db "$DB" policy show --format csv;   expect_rc 64 "show refuses csv"
run "$ADMIN" --db "$DB" policy show --version 2;    expect_rc 65 "unknown version"
expect_err_has "no policy version 2" "unknown version named"
run "$ADMIN" --db "$WORK/missing.db" policy show;   expect_rc 66 "missing database"
run "$ADMIN" --db "$DB" policy;                     expect_rc 64 "policy needs a subcommand"

# --- export ---
run "$ADMIN" --db "$DB" policy export "$WORK/policy.json"; expect_rc 0 "export to a file"
expect_eq "$(cat "$WORK/policy.json")" "$V1_JSON" "export is the show --format json document"
run "$ADMIN" --db "$DB" policy export -;            expect_rc 0 "export to stdout"
expect_eq "$OUT" "$V1_JSON" "export - writes stdout"
run "$ADMIN" --db "$DB" policy export "$WORK/no/such/dir/p.json"; expect_rc 73 "export to a missing directory"
run "$ADMIN" --db "$DB" policy export;              expect_rc 64 "export needs FILE"
}

# import: new versions from edited documents, invalid ones refused; services, and a policy's
# service overrides naming them.
section_import() {
must "init" "$ADMIN" --db "$DB" init
must "export" "$ADMIN" --db "$DB" policy export "$WORK/policy.json"
V1_JSON=$(cat "$WORK/policy.json")

# --- import ---
cp "$WORK/policy.json" "$WORK/edited.json"
edit "$WORK/edited.json" 'd["procedures"]["corporate"]["stages"][0]["respond_days"] = 15'
run "$ADMIN" --db "$DB" policy import "$WORK/edited.json" --note "longer stage 1"
expect_rc 0 "import an edited policy"
expect_out "policy version 2 imported" "import names the new version"
run "$ADMIN" --db "$DB" policy show --format json
expect_out_has '"version": 2' "show is now version 2"
run "$ADMIN" --db "$DB" policy export -
python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(0 if d["procedures"]["corporate"]["stages"][0]["respond_days"] == 15 else 1)' <<<"$OUT" \
  && ok || bad "version 2 has corporate stage 1 respond_days 15"
run "$ADMIN" --db "$DB" policy show
expect_out_has "policy version 2" "table shows version 2"
run "$ADMIN" --db "$DB" policy show --version 1 --format json
expect_eq "$OUT" "$V1_JSON" "version 1 is unchanged"
run_in "$(cat "$WORK/policy.json")" "$ADMIN" --db "$DB" policy import -
expect_rc 0 "import from stdin"
expect_out "policy version 3 imported" "stdin import is version 3"
V3_JSON=$("$ADMIN" --db "$DB" policy show --format json)

# Invalid documents: exit 65, the path named, nothing stored.
bad_import() {
  local description=$1 path=$2 code=$3
  cp "$WORK/policy.json" "$WORK/bad.json"
  edit "$WORK/bad.json" "$code"
  run "$ADMIN" --db "$DB" policy import "$WORK/bad.json"
  expect_rc 65 "$description"
  expect_err_has "$WORK/bad.json: $path" "$description names the path"
  run "$ADMIN" --db "$DB" policy show --format json
  expect_eq "$OUT" "$V3_JSON" "$description changes nothing"
}
bad_import "renamed procedure still named" \
  "procedures.corporat.stages[0].next: unknown procedure 'corporate'" \
  'd["procedures"]["corporat"] = d["procedures"].pop("corporate")'
bad_import "response from a missing acknowledgement" \
  "procedures.corporate.stages[0].respond_from: counts from the acknowledgement" \
  'd["procedures"]["corporate"]["stages"][0].update(acknowledge_days=None, respond_from="acknowledgement")'
bad_import "a cycle in next" \
  "procedures.corporate.stages[1].next: escalation from this stage goes round in a loop" \
  'd["procedures"]["corporate"]["stages"][1]["next"] = {"procedure": "send", "stage": 1}'
bad_import "retired procedure still the default" \
  "types.complaint.procedure: procedure 'send' is retired" \
  'd["procedures"]["send"]["retired"] = True; d["types"]["complaint"]["procedure"] = "send"'
bad_import "negative days" "procedures.corporate.stages[0].respond_days: must not be negative" \
  'd["procedures"]["corporate"]["stages"][0]["respond_days"] = -5'
bad_import "stage without respond_days" "procedures.corporate.stages[1]: no respond_days" \
  'del d["procedures"]["corporate"]["stages"][1]["respond_days"]'
bad_import "misspelt key" "procedures.send.stages[0].respond_dayz: unknown key" \
  'd["procedures"]["send"]["stages"][0]["respond_dayz"] = 20'
bad_import "next to a missing stage" "procedures.send.stages[0].next: corporate has no stage 4" \
  'd["procedures"]["send"]["stages"][0]["next"]["stage"] = 4'
bad_import "unknown setting" "settings.retention_yeers: unknown setting" \
  'd["settings"]["retention_yeers"] = 7'
bad_import "unknown sponsor in a rule" "classification_rules[0].sponsors[0]: unknown sponsor" \
  'd["classification_rules"][0]["sponsors"][0] = "mayor"'
head -c 200 "$WORK/policy.json" > "$WORK/truncated.json"
run "$ADMIN" --db "$DB" policy import "$WORK/truncated.json"; expect_rc 65 "malformed JSON"
expect_err_has "malformed JSON" "malformed JSON is named"
run "$ADMIN" --db "$DB" policy show --format json
expect_eq "$OUT" "$V3_JSON" "malformed JSON changes nothing"
run "$ADMIN" --db "$DB" policy import "$WORK/missing.json"; expect_rc 66 "missing policy file"

# --- each version's document (schema 21) ---
# A policy is read from its version's stored document, made from the version's rows; check
# compares the two. Changed behind the program's back, the document is what commands read, and
# check names the version.
run "$ADMIN" --db "$DB" check;                      expect_rc 0 "check after the imports"
expect_out_has "policy documents: ok" "every document is the one its rows make"
expect_eq "$(q "$DB" "SELECT count(*) FROM policy_version WHERE document IS NULL")" "0" \
  "every version has its document"
swap() { # swap FROM TO: in version 3's document, each "respond_days": FROM becomes TO
  q "$DB" "UPDATE policy_version SET document = replace(document, '\"respond_days\": $1', \
'\"respond_days\": $2') WHERE version = 3" >/dev/null
}
swap 10 1012
run "$ADMIN" --db "$DB" policy export -
expect_out_has '"respond_days": 1012' "the document is what is read"
run "$ADMIN" --db "$DB" check;                      expect_rc 65 "check finds a changed document"
expect_out_has "policy version 3: its document differs from its rows" "check names the version"
swap 1012 10
run "$ADMIN" --db "$DB" check;                      expect_rc 0 "check once it is put back"
run "$ADMIN" --db "$DB" policy show --format json
expect_eq "$OUT" "$V3_JSON" "version 3 reads as before"

# --- services ---
run "$ADMIN" --db "$DB" service list;               expect_rc 0 "empty service list"
expect_out "code  name  directorate  procedure" "empty list has the header"
run_tty "$ADMIN" --db "$DB" service add waste --name "Waste and recycling" --directorate Environment \
  --procedure corporate
expect_rc 0 "service add"
expect_err "service waste added" "service add says so (at a terminal)"
run "$ADMIN" --db "$DB" service add childrens --name "Children's social care" \
  --directorate "Children's services" --procedure childrens-statutory
expect_rc 0 "service add with a statutory procedure"
run "$ADMIN" --db "$DB" service add libraries --name "Libraries, archives" --directorate Communities
expect_rc 0 "service add without a procedure"
run "$ADMIN" --db "$DB" service list --format csv;  expect_rc 0 "service list csv"
expect_out "$(printf 'code,name,directorate,procedure\r\nchildrens,Children'"'"'s social care,Children'"'"'s services,childrens-statutory\r\nlibraries,"Libraries, archives",Communities,\r\nwaste,Waste and recycling,Environment,corporate\r')" \
  "service list csv rows"
run "$ADMIN" --db "$DB" service list --format json
expect_out_has '"code": "libraries", "name": "Libraries, archives", "directorate": "Communities", "procedure": null' \
  "json null procedure"
run "$ADMIN" --db "$DB" service list
expect_out_has "waste      Waste and recycling" "table list"
run "$ADMIN" --db "$DB" service add waste --name Again --directorate Environment
expect_rc 65 "duplicate service"
expect_err_has "service waste already exists" "duplicate named"
run "$ADMIN" --db "$DB" service add parking --name Parking --directorate Environment --procedure corprate
expect_rc 65 "unknown procedure"
expect_err_has "corprate" "unknown procedure quoted"
expect_err_has "corporate, childrens-statutory" "allowed procedures listed"
run "$ADMIN" --db "$DB" service add parking --directorate Environment
expect_rc 64 "missing --name"
run "$ADMIN" --db "$DB" service add parking --name "" --directorate Environment
expect_rc 64 "empty --name"
run "$ADMIN" --db "$DB" service list --format xml;  expect_rc 64 "bad format"
run "$ADMIN" --db "$DB" service list --format csv
expect_eq "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l)" "3" "failed adds added nothing"

# A service override in a policy must name an existing service.
cp "$WORK/policy.json" "$WORK/override.json"
edit "$WORK/override.json" 'd["service_overrides"] = [{"service": "waste", "procedure": "priority-correspondence", "stage": 1, "respond_days": 4}]'
run "$ADMIN" --db "$DB" policy import "$WORK/override.json"; expect_rc 0 "override for a known service"
expect_out "policy version 4 imported" "override import is version 4"
edit "$WORK/override.json" 'd["service_overrides"][0]["service"] = "wastes"'
run "$ADMIN" --db "$DB" policy import "$WORK/override.json"; expect_rc 65 "override for an unknown service"
expect_err_has "unknown service 'wastes'" "unknown service named"
run "$ADMIN" --db "$DB" policy show
expect_out_has "policy version 4" "failed import stored nothing"
}

run_sections "$@"

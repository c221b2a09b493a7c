#!/bin/sh
# tiacheck check: the shipped catalogue is valid; a broken one lists every problem as
# file:line:col, exits 1 and writes nothing; --json, --strict, usage errors.
. "$TC_TOP/tests/e2e/lib.sh"
export TIACHECK_NOW=2026-11-25T06:00:00Z
cd "$T_DIR" || exit 1
cp -R "$TC_TOP/catalog" catalog

tc --lang en check
expect_rc 0 "shipped catalogue is valid"
expect_out "catalog: 10 services, 0 errors, 2 warnings"
expect_err "catalog/services/google-analytics.json:45:15: warning: no document of kind 'dpf' to monitor"
expect_err "catalog/organisation.json:13:22: warning: the list was last reviewed 909 days ago"

tc check --strict
expect_rc 1 "--strict fails on the warning"

tc check --json
expect_rc 0 "check --json"
t_check "check --json is valid JSON" json_valid "$OUT"
expect_out '"ok":	true'
expect_out '"services":	10'
t_check "check --json prints nothing on stderr" test -z "$ERR"

tc -q check
expect_rc 0 "check -q"
t_check "quiet: no warnings, no summary" test -z "$OUT$ERR"

# a broken catalogue: several problems in several files
cp -R "$TC_TOP/catalog" bad
"$PY" - <<'PYEOF'
import json
p = "bad/services/hubspot.json"
d = json.load(open(p))
d["purpse"] = "typo"
d["locations"].append({"country": "IN", "kinds": ["support"]})
open(p, "w").write(json.dumps(d, indent=2, ensure_ascii=False) + "\n")
p = "bad/services/younium.json"
d = json.load(open(p))
del d["personnummer_justification"]
open(p, "w").write(json.dumps(d, indent=2, ensure_ascii=False) + "\n")
open("bad/services/brevo.json", "a").write("}\n")
PYEOF
before=$(find bad -type f | sort | xargs md5sum; ls -a)
tc -C bad check
expect_rc 1 "broken catalogue"
expect_err "bad/services/hubspot.json:"
expect_err "unknown field 'purpse'; did you mean 'purpose'?"
expect_err "data in India (IN) leaves the EU/EEA but no transfer mechanism is recorded for IN"
expect_err "bad/services/younium.json:"
expect_err "'personnummer' is a national identification number"
expect_err "bad/services/brevo.json:"
expect_err "JSON syntax error"
expect_err "tiacheck: error: the catalogue 'bad' has 4 errors"
t_check "hubspot typo reported at its key" sh -c "grep -q 'hubspot.json:[0-9]*:3: error: unknown field' '$T_DIR/.err'"
after=$(find bad -type f | sort | xargs md5sum; ls -a)
t_check "check writes nothing" test "$before" = "$after"
t_check "no database created" test ! -e tiacheck.db

tc -C bad check --json
expect_rc 1 "broken catalogue --json"
t_check "broken --json is valid JSON" json_valid "$OUT"
t_check "--json lists 4 errors with positions" sh -c "printf '%s' \"\$1\" | $PY -c '
import json, sys
d = json.load(sys.stdin)
assert d[\"ok\"] is False and d[\"errors\"] == 4, d
for g in d[\"diagnostics\"]:
    assert g[\"line\"] >= 1 and g[\"col\"] >= 1 and g[\"level\"] in (\"error\", \"warning\"), g
'" _ "$OUT"

# messages from the catalogue cannot drive the terminal
mkdir -p esc/services esc/reference
cp catalog/reference/*.json esc/reference/
cp catalog/organisation.json esc/
printf '{"id": "x", "\033[31mred": 1}\n' >esc/services/x.json
tc -C esc check
expect_rc 1 "control characters in a key"
t_check "no raw ESC on stderr" sh -c "! grep -q \"$(printf '\033')\" '$T_DIR/.err'"

tc -C nowhere check
expect_rc 3 "missing catalogue"
expect_err "cannot read catalogue 'nowhere'"

tc check extra
expect_rc 2 "unexpected argument"
expect_err "tiacheck: check: unexpected argument 'extra'"
tc check --bogus
expect_rc 2 "unknown option"
expect_err "tiacheck: check: unknown or ambiguous option '--bogus'"
tc check --help
expect_rc 0 "check --help"
expect_out "usage: tiacheck check"
expect_out "--strict"

# issue 14: scoped destinations ask for the facts that decide them (warnings only)
cp -R "$TC_TOP/catalog" scoped
"$PY" - <<'PYEOF'
import json
def svc(id, locs, extra):
    d = {"id": id, "name": id, "legal_entity": id + " Ltd", "country": "SE",
         "role": "processor", "purpose": {"en": "x"}, "categories": ["email"],
         "locations": locs}
    d.update(extra)
    open("scoped/services/%s.json" % id, "w").write(json.dumps(d, indent=2) + "\n")
svc("jp-lab", [{"country": "JP", "kinds": ["storage"]}],
    {"subjects": ["customers"], "mechanisms": [{"country": "JP", "type": "adequacy"}]})
svc("ca-payroll", [{"country": "CA", "kinds": ["processing"]}],
    {"sector": "commercial", "subjects": ["employees"],
     "mechanisms": [{"country": "CA", "type": "adequacy"}]})
svc("us-hr", [{"country": "US", "kinds": ["storage"]}],
    {"subjects": ["applicants"], "mechanisms": [{"country": "US", "type": "dpf",
     "dpf_url": "https://www.dataprivacyframework.gov/list", "dpf_status": "active",
     "dpf_checked": "2026-11-01"}]})
p = "scoped/services/hubspot.json"
d = json.load(open(p))
d["dpa"] = {"notice_days": 30, "objection_days": 10}
d["subprocessors"] = [{"name": "Infosys BPM Limited", "aliases": ["Infosys"],
    "purpose": {"sv": "Kundsupport", "en": "Customer support"}, "sector": "commercial",
    "locations": [{"country": "IN", "kinds": ["remote_access", "support"]}],
    "mechanisms": [{"country": "IN", "type": "scc", "scc_module": "3"}]}]
open(p, "w").write(json.dumps(d, indent=2, ensure_ascii=False) + "\n")
PYEOF
tc --lang en -C scoped check
expect_rc 0 "scoped destinations: warnings, no error"
expect_err 'scoped/services/jp-lab.json:'
expect_err 'add "sector" to services/jp-lab.json (a code of reference/sectors.json): the adequacy decision for Japan excludes importers of the sectors academic, press, religious, political'
expect_err "the adequacy decision for Canada is a grey zone for employees: PIPEDA covers employee data only for federally regulated employers"
expect_err "add \"hr\" to this DPF mechanism (true when the participant's certification covers HR data): 'subjects' has applicants"
expect_out "scoped: 13 services, 0 errors, 6 warnings"
t_check "a known sub-processor with SCCs raises nothing" sh -c "! grep -q 'hubspot.json' '$T_DIR/.err'"

# issue 14: messages that suggest the right fix, one per problem
cp -R "$TC_TOP/catalog" fixes
"$PY" - <<'PYEOF'
import json
def svc(id, locs, extra):
    d = {"id": id, "name": id, "legal_entity": id + " Ltd", "country": "SE",
         "role": "processor", "purpose": {"en": "x"}, "categories": ["email"],
         "locations": locs}
    d.update(extra)
    open("fixes/services/%s.json" % id, "w").write(json.dumps(d, indent=2) + "\n")
svc("kr-bureau", [{"country": "KR", "kinds": ["storage"]}], {})
svc("none-in", [{"country": "IN", "kinds": ["support"]}],
    {"mechanisms": [{"country": "IN", "type": "none"}]})
svc("ps-office", [{"country": "PS", "kinds": ["support"]}], {"dpa": {"date": "2026-02-30"}})
svc("us-parent", [{"country": "IE", "kinds": ["storage"]}, {"country": "US", "kinds": ["support"]}],
    {"parent": {"name": "Parent Inc.", "country": "US"}})
p = "fixes/services/hubspot.json"
d = json.load(open(p))
d["subprocessors"] = [{"name": "Lion City Support Pte. Ltd.",
    "locations": [{"country": "SG", "kinds": ["support"]}]}]
open(p, "w").write(json.dumps(d, indent=2, ensure_ascii=False) + "\n")
PYEOF
tc -C fixes check
expect_rc 1 "wrong fixes are errors"
expect_err "no transfer mechanism is recorded for KR; add one to 'mechanisms': adequacy when the importer is within the decision's scope, else scc, bcr or art49"
expect_err "and the mechanism recorded for IN (line 22) is 'none': nothing covers this transfer; record scc, bcr or art49"
expect_err "unknown country code 'PS'; it is not in reference/countries.json"
expect_err "data in 'PS' (a code not in reference/countries.json, so a third country) leaves the EU/EEA"
expect_err "'2026-02-30' is not a date of the calendar"
expect_err "data in United States (US) leaves the EU/EEA but no transfer mechanism is recorded for US; add one to 'mechanisms': dpf when the importer is active on the Data Privacy Framework List, else scc"
expect_err "fixes/services/hubspot.json:"
expect_err "data in Singapore (SG) leaves the EU/EEA but no transfer mechanism is recorded for SG; add one to 'mechanisms': scc, bcr or art49"
t_check "never 'dpf' for Korea" sh -c "! grep 'kr-bureau' '$T_DIR/.err' | grep -q dpf"
t_check "never 'PS (PS)'" sh -c "! grep -q 'PS (PS)' '$T_DIR/.err'"
t_check "the US parent is not reported apart" sh -c "! grep -q 'parent company .Parent Inc.' '$T_DIR/.err'"
t_check "one message for us-parent" test "$(grep -c 'us-parent.json' "$T_DIR/.err")" = 1
t_check "'none' is not also a warning" sh -c "! grep -q 'records that nothing covers' '$T_DIR/.err'"
expect_err "tiacheck: error: the catalogue 'fixes' has 6 errors"

tc -C fixes check --json
expect_rc 1 "sub-processor problems in --json"
t_check "the sub-processor's flow is placed under its entry" sh -c "printf '%s' \"\$1\" | $PY -c '
import json, sys
d = json.load(sys.stdin)
hits = [g for g in d[\"diagnostics\"] if g[\"file\"].endswith(\"hubspot.json\") and \"Singapore\" in g[\"message\"]]
assert len(hits) == 1 and hits[0][\"level\"] == \"error\" and hits[0][\"line\"] > 1, hits
'" _ "$OUT"
t_end

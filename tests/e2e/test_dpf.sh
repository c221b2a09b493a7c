#!/bin/sh
# DPF status as evidence (issue 14 item 5): a service's page on the DPF List is a
# monitored document of kind "dpf"; when it turns from active to inactive between
# two runs, the run records a high finding and the US flow that relies on the DPF is
# no longer covered, in `flows --json` and in the report JSON. The page is served on
# 127.0.0.1 (static HTML: "render": "static").
. "$TC_TOP/tests/e2e/lib.sh"

W=$T_DIR/work
PAGES=$T_DIR/pages
mkdir -p "$W/catalog/services" "$W/catalog/reference" "$PAGES"
cp "$TC_TOP"/catalog/reference/*.json "$W/catalog/reference/"
cp "$TC_TOP/catalog/organisation.json" "$W/catalog/"
FIX=$TC_TOP/tests/fixtures/dpf
cp "$FIX/active-hr.html" "$PAGES/acme-dpf.html"

"$PY" "$TC_TOP/tests/servers/faultserver.py" --root "$PAGES" --port-file "$T_DIR/http.port" \
	--lifetime 300 >"$T_DIR/http.log" 2>&1 &
HTTP_PID=$!
T_CLEANUP="kill $HTTP_PID 2>/dev/null;"
i=0; while [ ! -s "$T_DIR/http.port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
HTTP_PORT=$(cat "$T_DIR/http.port")
BASE=http://127.0.0.1:$HTTP_PORT
export TIACHECK_NOW=2026-11-25T06:00:00Z
TODAY=2026-11-25
RECORDED=2026-11-05

# The hand-written evidence says active with HR data: only the page can change it.
cat >"$W/catalog/services/acme.json" <<JSON
{
  "id": "acme",
  "name": "Acme Analytics",
  "legal_entity": "Acme Analytics Europe Ltd",
  "country": "IE",
  "role": "processor",
  "purpose": { "sv": "Besöksstatistik.", "en": "Visitor statistics." },
  "parent": { "name": "Acme Analytics, Inc.", "country": "US" },
  "categories": ["email"],
  "subjects": ["customers", "employees"],
  "sector": "commercial",
  "locations": [ { "country": "IE", "kinds": ["storage"] },
                 { "country": "US", "kinds": ["processing"], "entity": "Acme Analytics, Inc.",
                   "role": "subprocessor" } ],
  "mechanisms": [ { "country": "US", "type": "dpf", "dpf_url": "$BASE/pages/acme-dpf.html",
                    "dpf_status": "active", "dpf_checked": "$RECORDED", "hr": true } ],
  "documents": [
    { "id": "dpf", "kind": "dpf", "url": "$BASE/pages/acme-dpf.html", "render": "static" }
  ]
}
JSON
cat >"$W/tiacheck.conf" <<CONF
db = tiacheck.db
reports_dir = reports
fetch.retries = 0
fetch.timeout = 5
fetch.connect_timeout = 2
CONF
cd "$W" || exit 1
like() { case "$1" in $2) return 0 ;; esac; return 1; }  # VALUE GLOB

# The US flow of acme from flows JSON on stdin: "classification|reason.en".
us_flow='
import json, sys
d = json.load(sys.stdin)
d = d["flows"] if isinstance(d, dict) else d
f = [x for x in d if x["service"] == "acme" and x["country"] == "US" and x["depth"] == 1]
print(f[0]["classification"] + "|" + f[0]["reason"]["en"] if len(f) == 1 else "none")'

tc check
expect_rc 0 "check: a monitored DPF page"
t_check "no warning about a missing DPF page" sh -c "! grep -q \"no document of kind 'dpf'\" '$T_DIR/.err'"

tc flows --json
expect_rc 0 "flows before any run"
F=$(printf '%s' "$OUT" | "$PY" -c "$us_flow")
t_check "flows: the recorded status until the page is fetched ($F)" \
	like "$F" "partial_covered|*(checked $RECORDED)*has not been fetched successfully yet*"

tc --lang en run
expect_rc 0 "run 1: the page shows an active participant"
expect_out "1 documents: 1 new"
R=$("$PY" -c "$us_flow" <reports/latest.json)
t_check "report JSON: covered, from the page fetched today ($R)" \
	like "$R" "partial_covered|*DPF List ($BASE/pages/acme-dpf.html), fetched $TODAY: an active participant; HR data: covered."
t_check "no DPF finding for an active page" sh -c "! grep -q dpf_status_changed reports/latest.json"

cp "$FIX/inactive.html" "$PAGES/acme-dpf.html"
tc run
expect_rc 0 "run 2: the page shows an inactive participant"
expect_out "1 ändrade"
t_check "report JSON: a high dpf_status_changed finding" "$PY" -c '
import json, sys
r = json.load(open("reports/latest.json"))
fs = [f for c in r.get("changes", []) for f in c.get("findings", [])] + r.get("findings", [])
fs += [i for i in r.get("items", []) if i.get("type") == "finding"]
ok = [f for f in fs if f["kind"] == "dpf_status_changed" and f["severity"] == "high"
      and "inactive" in f["message"]["en"] and f["subject"] == "Example Analytics, Inc."]
sys.exit(0 if ok else 1)'
R=$("$PY" -c "$us_flow" <reports/latest.json)
t_check "report JSON: the flow is no longer covered ($R)" \
	like "$R" "partial_not_covered|*fetched $TODAY: inactive*"
t_check "report (sv) states the finding" grep -q "status på DPF-listan ändrad från aktiv deltagare till inaktiv" reports/latest.md

tc flows --json
expect_rc 0 "flows after the change"
F=$(printf '%s' "$OUT" | "$PY" -c "$us_flow")
t_check "flows: not covered, reason from the page ($F)" \
	like "$F" "partial_not_covered|*DPF status is not*fetched $TODAY: inactive*"

tc flows --json --depth 1
F=$(printf '%s' "$OUT" | "$PY" -c "$us_flow")
t_check "flows --depth 1: also from the page" like "$F" "partial_not_covered|*"

tc tia --json
expect_rc 0 "tia after the change"
t_check "tia: the US record's legal basis is the page's (inactive, fetched $TODAY)" "$PY" -c '
import json, sys
d = json.loads(sys.argv[1])
recs = d["records"] if isinstance(d, dict) else d
us = [r for r in recs if r["flow"]["country"] == "US" and r["flow"]["service"] == "acme"]
ok = len(us) == 1 and us[0]["flow"]["classification"] == "partial_not_covered"
ok = ok and us[0]["legal"]["dpf_status"] == "inactive" and us[0]["legal"]["dpf_checked"] == sys.argv[2]
sys.exit(0 if ok else 1)' "$OUT" "$TODAY"
t_end

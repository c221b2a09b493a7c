#!/bin/sh
# tiacheck tia: records for the flows leaving the EU/EEA of the shipped catalogue
# (GA4 depends on the DPF, US parents as exposure with EU storage, personnummer
# weighed); sv and en, with no raw code in either; --json keeps the codes; -o written
# atomically; a stale DPF turns GA4 red; an entity name with Markdown/HTML comes out
# escaped.
. "$TC_TOP/tests/e2e/lib.sh"
export TIACHECK_NOW=2026-11-25T06:00:00Z
cd "$T_DIR" || exit 1
cp -R "$TC_TOP/catalog" catalog

# no_raw_codes LANG TEXT: no enum value of a role, classification, mechanism, location
# kind or rating reaches the reader: none as a table cell or in parentheses; in
# Swedish none as a word either; in English none that is not an English word.
cat >nocodes.py <<'PYEOF'
import re, sys
text = sys.stdin.read()
# codes that are no English word; in Swedish also those that are
cells = ("subprocessor", "parent", "eu", "eea", "adequate", "partial_covered",
         "partial_not_covered", "third", "dpf", "scc", "bcr", "art49", "remote_access")
words = ("subprocessor", "partial_covered", "partial_not_covered", "remote_access", "art49")
if sys.argv[1] == "sv":
    cells += ("processor", "controller", "adequacy", "green", "amber", "red", "storage",
              "processing", "none")
    words += ("processor", "storage", "amber", "green")
bad = [c for c in cells if re.search(r"(\(|\| )" + re.escape(c) + r"( \||\))", text)]
bad += [w for w in words if re.search(r"\b" + w + r"\b", text)]
if bad:
    sys.exit("raw codes: %s" % ", ".join(bad))
PYEOF
no_raw_codes() {
	t_check "$1 output shows no raw code" sh -c "printf '%s' \"\$1\" | $PY nocodes.py $1" _ "$2"
}

tc -q tia
expect_rc 0 "tia (Swedish, the organisation's language)"
expect_out "# Konsekvensbedömning av överföringar: Elinfo / EL-VIS"
expect_out "| 1 | Google Analytics 4 | Google LLC | Förenta staterna (USA) | delvis adekvat, omfattas | EU-US Data Privacy Framework (DPF) | 6 | gul |"
expect_out "omfattas bara eftersom Google LLC är registrerad som aktiv deltagare (kontrollerad 2026-11-20)"
expect_out "| 3 | Microsoft (Azure, Microsoft 365) | Microsoft Corporation | Förenta staterna (USA) | delvis adekvat, omfattas inte: tredjeland | standardavtalsklausuler (SCC) | 8 | gul (personnummer) |"
expect_out "Moderbolaget Microsoft Corporation i Förenta staterna (USA) kan tvingas lämna ut uppgifter"
expect_out "Personnummer når Förenta staterna (USA)"
expect_out "Rättslig grund för överföringen (EDPB steg 2)"
expect_out "- **Mottagare och roll:** Microsoft Corporation (moderbolag)"
no_raw_codes sv "$OUT"

tc -q tia --lang en
expect_rc 0 "tia --lang en"
expect_out "# Transfer-impact assessment: Elinfo / EL-VIS"
expect_out "covered only because Google LLC is recorded as an active participant (checked 2026-11-20)"
expect_out "Re-check Google LLC on the DPF participant list"
expect_out "The parent company HubSpot, Inc. in United States can be compelled to give access"
expect_out "even when the data is stored in the EU/EEA"
expect_out "- **Storage and processing:** Norway, Ireland, Netherlands (Amsterdam)"
expect_out "+4 Data: Postal address (2), Email address (2), Usage logs (2), Name (2), Swedish personal identity number (personnummer) (4), Phone number (2): highest weight 4; personnummer is a national identification number and weighs most."
expect_out "  - FISA Section 702 (50 U.S.C. § 1881a): Targeted collection"
expect_out "Record the DPO's decision for HubSpot"
expect_no_out "Younium"
expect_out "- **Importer and role:** HubSpot, Inc. (sub-processor)"
no_raw_codes en "$OUT"

tc -q --lang en tia
expect_rc 0 "global --lang"
expect_out "# Transfer-impact assessment"

tc -q tia --json
expect_rc 0 "tia --json"
t_check "tia --json is valid JSON" json_valid "$OUT"
t_check "TIA JSON content" sh -c "printf '%s' \"\$1\" | $PY -c '
import json, sys
d = json.load(sys.stdin)
r = d[\"records\"]
assert d[\"tiacheck_tia\"] == 1 and len(r) == 3, len(r)
by = {x[\"flow\"][\"service\"]: x for x in r}
ga = by[\"google-analytics\"]
assert ga[\"flow\"][\"classification\"] == \"partial_covered\" and ga[\"assessment\"][\"rating\"] == \"amber\"
assert ga[\"legal\"][\"dpf_checked\"] == \"2026-11-20\" and ga[\"decision\"][\"next_review\"] == \"2027-05-24\"
ms = by[\"microsoft\"]
assert ms[\"data\"][\"personnummer\"] and ms[\"assessment\"][\"score\"] == 8
assert \"NO\" in ms[\"geography\"][\"storage\"] and ms[\"identity\"][\"parent_country\"] == \"US\"
assert all(set(x) == {\"flow\", \"identity\", \"data\", \"geography\", \"legal\", \"assessment\", \"decision\"} for x in r)
assert all(l[\"text\"][\"sv\"] and l[\"text\"][\"en\"] for x in r for l in x[\"assessment\"][\"score_lines\"])
'" _ "$OUT"

tc -q tia google-analytics --lang en
expect_rc 0 "tia SERVICE"
expect_out "| 1 | Google Analytics 4 |"
expect_no_out "| 2 |"

tc tia --lang en -o tia-en.md
expect_rc 0 "tia -o FILE"
t_check "nothing on stdout with -o" test -z "$OUT"
expect_err "wrote 3 transfer-impact records to 'tia-en.md'"
tc -q tia --lang en
t_check "the file holds the same document" sh -c "printf '%s\n' \"\$1\" | cmp -s - tia-en.md" _ "$OUT"
t_check "no temporary file left" sh -c "! ls | grep -q 'tmp'"

tc -q tia -o no/such/dir/tia.md
expect_rc 3 "tia -o into a missing directory"
expect_err "cannot create"

tc tia --lang de
expect_rc 2 "tia --lang de"
tc tia nosuch
expect_rc 2 "tia unknown service"
tc tia --help
expect_rc 0 "tia --help"
expect_out "usage: tiacheck tia"

# a DPF check older than a year: GA4 is no longer covered and turns red
"$PY" - <<'PYEOF'
import json
p = "catalog/services/google-analytics.json"
d = json.load(open(p))
d["mechanisms"][0]["dpf_checked"] = "2025-06-01"
open(p, "w").write(json.dumps(d, indent=2, ensure_ascii=False) + "\n")
PYEOF
tc tia --lang en google-analytics
expect_rc 0 "tia with a stale DPF check"
expect_err "warning: DPF status was checked 542 days ago (2025-06-01), more than a year"
expect_out "| 1 | Google Analytics 4 | Google LLC | United States | partial adequacy, not covered: third country | EU-US Data Privacy Framework (DPF) | 14 | red |"
expect_out "the DPF status was checked more than a year ago"
expect_out "Check Google LLC on the DPF participant list and record status and date"

# an entity name with Markdown and HTML in it stays text
"$PY" - <<'PYEOF'
import json
p = "catalog/services/hubspot.json"
d = json.load(open(p))
d["locations"][1]["entity"] = "Evil <b>Corp</b> | *Inc* [x](http://e.test)"
open(p, "w").write(json.dumps(d, indent=2, ensure_ascii=False) + "\n")
PYEOF
tc -q tia --lang en hubspot
expect_rc 0 "tia with a hostile entity name"
expect_out "| HubSpot | Evil &lt;b&gt;Corp&lt;/b&gt; \\| \\*Inc\\* \\[x\\](http://e.test) |"
expect_out "## 1. HubSpot → Evil &lt;b&gt;Corp&lt;/b&gt; \\| \\*Inc\\* \\[x\\](http://e.test), United States"
expect_no_out "<b>"
t_end

#!/bin/sh
# tiacheck tia: records for the flows leaving the EU/EEA of the shipped catalogue
# (GA4 depends on the DPF, US parents as exposure with EU storage, personnummer
# weighed); sv and en; --json; -o written atomically; a stale DPF turns GA4 red.
. "$TC_TOP/tests/e2e/lib.sh"
export TIACHECK_NOW=2026-11-25T06:00:00Z
cd "$T_DIR" || exit 1
cp -R "$TC_TOP/catalog" catalog

tc -q tia
expect_rc 0 "tia (Swedish, the organisation's language)"
expect_out "# Konsekvensbedömning av överföringar: Elinfo / EL-VIS"
expect_out "| 1 | Google Analytics 4 | Google LLC | Förenta staterna (USA) | partial_covered | dpf | 6 | gul |"
expect_out "omfattas bara eftersom Google LLC är registrerad som aktiv deltagare (kontrollerad 2026-11-20)"
expect_out "| 3 | Microsoft (Azure, Microsoft 365) | Microsoft Corporation | Förenta staterna (USA) | partial_not_covered | scc | 8 | gul (personnummer) |"
expect_out "Moderbolaget Microsoft Corporation i Förenta staterna (USA) kan tvingas lämna ut uppgifter"
expect_out "Personnummer når Förenta staterna (USA)"
expect_out "Rättslig grund för överföringen (EDPB steg 2)"

tc -q tia --lang en
expect_rc 0 "tia --lang en"
expect_out "# Transfer-impact assessment: Elinfo / EL-VIS"
expect_out "covered only because Google LLC is recorded as an active participant (checked 2026-11-20)"
expect_out "Re-check Google LLC on the DPF participant list"
expect_out "The parent company HubSpot, Inc. in United States can be compelled to give access"
expect_out "even when the data is stored in the EU/EEA"
expect_out "- **Storage and processing:** Norway, Ireland, Netherlands (Amsterdam)"
expect_out "+4 Data: Postal address (2), Email address (2), Usage logs (2), Name (2), Swedish personal identity number (personnummer) (4), Phone number (2): highest weight 4; personnummer is a national identification number and weighs most."
expect_out "- **Laws of concern:** FISA Section 702"
expect_out "Record the DPO's decision for HubSpot"
expect_no_out "Younium"

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
expect_out "| 1 | Google Analytics 4 | Google LLC | United States | partial_not_covered | dpf | 10 | red |"
expect_out "the DPF status was checked more than a year ago"
expect_out "Check Google LLC on the DPF participant list and record status and date"
t_end

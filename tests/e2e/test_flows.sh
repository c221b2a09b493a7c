#!/bin/sh
# tiacheck flows on the shipped catalogue: Norway is EEA, Google LLC in the US leaves
# the EU/EEA covered only by the recorded DPF, the US parents are exposure, the
# Swedish sub-processors are EU; labels in the user's language and no raw code in sv
# or en (the JSON keeps the codes); --json, --outside, --depth, SERVICE, usage errors.
. "$TC_TOP/tests/e2e/lib.sh"
export TIACHECK_NOW=2026-11-25T06:00:00Z
cd "$T_DIR" || exit 1
cp -R "$TC_TOP/catalog" catalog

# no_raw_codes LANG TEXT: no enum value of a role, classification, mechanism or
# location kind reaches the reader: in Swedish none as a word; in English none that is
# not an English word.
cat >nocodes.py <<'PYEOF'
import re, sys
text = sys.stdin.read()
words = ("subprocessor", "partial_covered", "partial_not_covered", "remote_access", "art49",
         "dpf", "scc", "bcr", "eea", "eu", "adequate")
if sys.argv[1] == "sv":
    words += ("processor", "controller", "storage", "processing", "parent", "adequacy", "third",
              "yes")
bad = [w for w in words if re.search(r"(?<![\w-])" + w + r"(?![\w-])", text)]
if bad:
    sys.exit("raw codes: %s" % ", ".join(bad))
PYEOF
no_raw_codes() {
	t_check "$1 output shows no raw code" sh -c "printf '%s' \"\$1\" | $PY nocodes.py $1" _ "$2"
}

row() { # service country: the table row(s)
	printf '%s\n' "$OUT" | grep -E "^(OUT)? +$1 " | grep " $2 "
}

tc --lang en flows
expect_rc 0 "flows"
expect_out "SERVICE"
expect_out "15 flows; 3 leave the EU/EEA (OUT): 1 covered only by the DPF, 0 without a transfer tool; 5 with personnummer."
t_check "Microsoft storage in Norway is EEA" sh -c "printf '%s\n' \"\$1\" | grep -E '^ +microsoft .* NO Norway .*storage.* EEA ' | grep -q yes" _ "$OUT"
t_check "Google LLC in the US: OUT, partial adequacy covered by DPF" sh -c "printf '%s\n' \"\$1\" | grep -qE '^OUT +google-analytics +Google LLC +sub-processor .* US United States .* partial adequacy, covered +DPF'" _ "$OUT"
t_check "HubSpot's US parent is exposure" sh -c "printf '%s\n' \"\$1\" | grep -qE '^OUT +hubspot +HubSpot, Inc\. .*remote access, support, parent company'" _ "$OUT"
t_check "Microsoft's US parent is exposure, personnummer flagged" sh -c "printf '%s\n' \"\$1\" | grep -qE '^OUT +microsoft +Microsoft Corporation +parent company .* US .* partial adequacy, not covered: third country +SCC +yes'" _ "$OUT"
t_check "the Swedish sub-processors are EU" sh -c "for s in gunnar-nilsson mpel-konsult tk-data sek-svensk-elstandard tekniktxt; do printf '%s\n' \"\$1\" | grep -qE \"^ +\$s .* SE Sweden .* EU \" || { echo \"not EU: \$s\"; exit 1; }; done" _ "$OUT"
no_raw_codes en "$OUT"
t_check "no colour without a terminal" sh -c "! printf '%s' \"\$1\" | grep -q \"$(printf '\033')\"" _ "$OUT"

tc flows
expect_rc 0 "flows in the organisation's language"
expect_out "TJÄNST"
expect_out "NO Norge"
expect_out "3 lämnar EU/EES (OUT)"
t_check "Swedish labels" sh -c "printf '%s\n' \"\$1\" | grep -qE '^OUT +microsoft +Microsoft Corporation +moderbolag +US Förenta staterna \\(USA\\) +moderbolag +delvis adekvat, omfattas inte: tredjeland +SCC +ja'" _ "$OUT"
t_check "Swedish kinds" sh -c "printf '%s\n' \"\$1\" | grep -qE '^OUT +hubspot +HubSpot, Inc\. +underbiträde .* fjärråtkomst, support, moderbolag'" _ "$OUT"
no_raw_codes sv "$OUT"

tc flows --json
expect_rc 0 "flows --json"
t_check "flows --json is valid JSON" json_valid "$OUT"
t_check "Flow JSON content" sh -c "printf '%s' \"\$1\" | $PY -c '
import json, sys
flows = json.load(sys.stdin)
keys = {\"service\", \"service_name\", \"entity\", \"role\", \"depth\", \"via\", \"country\",
        \"country_name\", \"kinds\", \"status\", \"classification\", \"leaves_eea\", \"mechanism\",
        \"categories\", \"personnummer\", \"scope\", \"reason\"}
assert len(flows) == 15, len(flows)
for f in flows:
    assert set(f) == keys, set(f) ^ keys
by = {(f[\"service\"], f[\"country\"]): f for f in flows}
no = by[(\"microsoft\", \"NO\")]
assert no[\"status\"] == \"EEA\" and no[\"classification\"] == \"eea\" and not no[\"leaves_eea\"]
assert no[\"personnummer\"] is True and no[\"country_name\"][\"sv\"] == \"Norge\"
ga = by[(\"google-analytics\", \"US\")]
assert ga[\"leaves_eea\"] and ga[\"classification\"] == \"partial_covered\" and ga[\"mechanism\"] == \"dpf\"
assert ga[\"status\"] == \"ADEQUATE_PARTIAL\" and \"parent\" in ga[\"kinds\"]
assert \"covered only because Google LLC\" in ga[\"reason\"][\"en\"]
ms = by[(\"microsoft\", \"US\")]
assert ms[\"role\"] == \"parent\" and ms[\"kinds\"] == [\"parent\"] and ms[\"leaves_eea\"]
assert by[(\"hubspot\", \"US\")][\"entity\"] == \"HubSpot, Inc.\"
assert by[(\"brevo\", \"FR\")][\"mechanism\"] is None and by[(\"brevo\", \"FR\")][\"via\"] is None
for s in (\"gunnar-nilsson\", \"mpel-konsult\", \"tk-data\", \"sek-svensk-elstandard\", \"tekniktxt\"):
    f = by[(s, \"SE\")]
    assert f[\"classification\"] == \"eu\" and f[\"role\"] == \"subprocessor\", f
'" _ "$OUT"

tc flows --outside --json
expect_rc 0 "flows --outside --json"
t_check "--outside keeps only flows leaving the EU/EEA" sh -c "printf '%s' \"\$1\" | $PY -c '
import json, sys
f = json.load(sys.stdin)
assert len(f) == 3 and all(x[\"leaves_eea\"] for x in f), f
'" _ "$OUT"

tc --lang en flows --depth 1 microsoft younium
expect_rc 0 "flows --depth 1 SERVICE..."
expect_out "microsoft"
expect_out "younium"
expect_no_out "hubspot"
expect_out "5 flows; 1 leave"

tc flows --depth 3
expect_rc 2 "--depth 3"
expect_err "--depth takes 1 or 2"
tc flows nosuch
expect_rc 2 "unknown service"
expect_err "no service 'nosuch' in the catalogue"
tc flows --bogus
expect_rc 2 "unknown option"
tc flows --help
expect_rc 0 "flows --help"
expect_out "usage: tiacheck flows"

# a broken catalogue: nothing on stdout, exit 1
cp -R catalog bad
printf '{\n' >bad/services/broken.json
tc -C bad flows
expect_rc 1 "flows on a broken catalogue"
t_check "nothing on stdout" test -z "$OUT"
expect_err "bad/services/broken.json:2:1: error: JSON syntax error"
# the hard cases: scoped adequacy in the table, a declared sub-processor at depth 2
HARD=$TC_TOP/tests/fixtures/tia-hard
tc -q -C "$HARD" --lang en flows helpdesk
expect_rc 0 "flows with a declared sub-processor"
expect_out "Infosys BPM Limited"
expect_out "sub-processor (depth 2)"
expect_out "IN India"
tc -q -C "$HARD" --lang en flows --depth 1 helpdesk
expect_rc 0 "flows --depth 1 leaves the declared sub-processor out"
expect_no_out "Infosys"
tc -q -C "$HARD" --lang sv flows kyoto-research peoplesoft-cloud
expect_rc 0 "flows of importers outside a decision's scope (sv)"
expect_out "delvis adekvat, omfattas inte: tredjeland"
expect_out "2 flöden; 2 lämnar EU/EES (OUT): 0 omfattas bara genom DPF, 1 utan överföringsmekanism"
t_end

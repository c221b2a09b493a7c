#!/bin/sh
# tiacheck policy: the generated section (golden files for sv/en x md/html/text,
# deterministic, -o, --date, languages) and `policy --check` on our own fixture
# policies (text, HTML, a URL on 127.0.0.1) and, when it is there, on the seed policy.
# UPDATE_GOLDEN=1 rewrites tests/golden/policy/* from the fixture catalogue.
. "$TC_TOP/tests/e2e/lib.sh"

FIX=$TC_TOP/tests/fixtures/policy
CAT=$FIX/catalog
GOLD=$TC_TOP/tests/golden/policy
export TIACHECK_NOW=2026-11-25T06:00:00Z
unset TIACHECK_CATALOG TIACHECK_CONFIG

ext_of() { case $1 in text) echo txt ;; *) echo "$1" ;; esac; }

# ---- golden files: both languages, every format ----
for lang in sv en; do
	for fmt in md html text; do
		g=$GOLD/$lang.$(ext_of $fmt)
		tc -q -C "$CAT" policy --lang $lang --format $fmt
		expect_rc 0 "policy --lang $lang --format $fmt"
		printf '%s\n' "$OUT" >"$T_DIR/$lang.$fmt"
		if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
			mkdir -p "$GOLD" && cp "$T_DIR/$lang.$fmt" "$g"
			t_ok "golden $g updated"
		elif cmp -s "$T_DIR/$lang.$fmt" "$g"; then
			t_ok "$lang $fmt matches $(basename "$g")"
		else
			t_fail "$lang $fmt differs from $(basename "$g")"
			diff -u "$g" "$T_DIR/$lang.$fmt" | head -30
		fi
		# the same catalogue gives the same bytes
		tc -q -C "$CAT" policy --lang $lang --format $fmt
		t_check "$lang $fmt deterministic" [ "$OUT" = "$(cat "$T_DIR/$lang.$fmt")" ]
		# what we generate, --check reads back as consistent
		tc -q -C "$CAT" policy --check "$g"
		expect_rc 0 "generated $lang $fmt is consistent with the catalogue"
	done
done

# ---- what the text says ----
tc -q -C "$CAT" policy --lang sv --format md
expect_out "## Externa tjänster"
expect_out "## Underbiträden"
expect_out "Listan granskades senast 2026-11-20."
expect_out "Uppgifter överförs till USA (lagring, behandling). Överföringen sker med stöd av EU–US Data Privacy Framework (Google LLC är certifierat, kontrollerat 2026-11-20)."
expect_out "Moderbolaget Microsoft Corporation finns i USA"
expect_out "EU/EES – Norge, Irland och Nederländerna (Amsterdam)"
expect_out "RemoteDesk Inc. är inte aktivt certifierat"
expect_no_out "2026-11-25"
tc -q -C "$CAT" policy --lang en --format text
expect_out "Data is transferred to the United States (storage, processing). The transfer relies on the EU–US Data Privacy Framework (Google LLC is certified, checked 2026-11-20)."
expect_out "The parent company Microsoft Corporation is in the United States"
expect_out "This list was last reviewed on 2026-11-20."
tc -q -C "$CAT" policy --lang en --format html
expect_out "<h3>Smith &amp; Jones &lt;Konsult&gt; (Smith &amp; Jones Ltd)</h3>"
expect_out '<a href="https://remotedesk.example/legal/dpa?lang=sv&amp;v=2">'
expect_no_out "<script"
expect_no_out "<i>"

# ---- languages: the organisation's default, the global --lang ----
tc -q -C "$CAT" policy
t_check "default language is the organisation's (sv, md)" [ "$OUT" = "$(cat "$T_DIR/sv.md")" ]
tc -q -C "$CAT" --lang en policy --format html
t_check "global --lang en is honoured" [ "$OUT" = "$(cat "$T_DIR/en.html")" ]

# ---- -o FILE and --date ----
tc -q -C "$CAT" policy --lang en --format md -o "$T_DIR/out.md"
expect_rc 0 "policy -o FILE"
t_check "-o writes nothing on stdout" [ -z "$OUT" ]
t_check "-o FILE has the text" cmp -s "$T_DIR/out.md" "$T_DIR/en.md"
tc -q -C "$CAT" policy --date
expect_out "Texten uppdaterades 2026-11-25."
tc -q -C "$CAT" policy --lang en --date=2026-12-01
expect_out "This text was updated on 2026-12-01."
tc -q -C "$CAT" policy -o "$T_DIR/no/such/dir/x.md"
expect_rc 3 "-o into a missing directory"
expect_err "tiacheck: "

tc -q -C "$T_DIR/no-catalogue" policy
expect_rc 3 "policy without a catalogue"
expect_err "cannot read catalogue"

# ---- usage errors ----
tc -q -C "$CAT" policy --format pdf
expect_rc 2 "--format pdf"
tc -q -C "$CAT" policy --lang de
expect_rc 2 "--lang de"
tc -q -C "$CAT" policy --json
expect_rc 2 "--json without --check"
tc -q -C "$CAT" policy --date=2026-02-30
expect_rc 2 "--date with an impossible date"
tc -q -C "$CAT" policy --check "$FIX/seed-shaped.txt" -o "$T_DIR/x"
expect_rc 2 "--check with -o"
tc -q -C "$CAT" policy extra-argument
expect_rc 2 "an unexpected argument"
expect_err "Try 'tiacheck help policy'"

# ---- --check on our own seed-shaped policy (text) ----
P=$FIX/seed-shaped.txt
tc -q -C "$CAT" policy --check "$P"
expect_rc 1 "check seed-shaped.txt finds discrepancies"
expect_out "seed-shaped.txt:46: medel: Policyn nämner SendGrid, som inte finns i katalogen."
expect_out "med hjälp av Sendgrid"
expect_out "seed-shaped.txt:66: hög: Policyn anger att uppgifterna hos Google Analytics 4 finns inom EU"
expect_out "seed-shaped.txt:14: medel: Policyn nämner TeamViewer"
expect_out "seed-shaped.txt:16: medel: Policyn nämner Billogram"
expect_out "seed-shaped.txt:32: hög: Policyn anger att uppgifterna hos HubSpot finns inom EU/EES"
expect_out "saknas i policyn: Logg, Personnummer"
expect_out "Norge (EES, inte EU)"
expect_out "seed-shaped.txt: medel: RemoteDesk (RemoteDesk Inc.) finns i katalogen, men policyn nämner den inte."
expect_out "8 avvikelser, 1 notering."
expect_no_out "Smith"
tc -q -C "$CAT" --lang en policy --check "$P"
expect_out "The policy names SendGrid, which is not in the catalogue."
tc -q -C "$CAT" policy --check "$P" --json
expect_rc 1 "check --json exit code"
if json_valid "$OUT"; then t_ok "check --json is valid JSON"; else t_fail "check --json is not JSON"; fi
printf '%s' "$OUT" >"$T_DIR/check.json"
t_check "check --json has the expected findings" "$PY" - "$T_DIR/check.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["consistent"] is False and d["discrepancies"] == 8 and d["notes"] == 1, d
f = d["findings"]
kinds = sorted((x["kind"], x["service"] or x["name"]) for x in f)
want = sorted([
    ("unknown_service", "TeamViewer"), ("unknown_service", "Billogram"),
    ("unknown_service", "SendGrid"), ("location_mismatch", "hubspot"),
    ("location_mismatch", "microsoft"), ("location_mismatch", "google-analytics"),
    ("categories_mismatch", "microsoft"), ("parent_not_mentioned", "microsoft"),
    ("not_mentioned", "remote-desk")])
assert kinds == want, kinds
ga = [x for x in f if x["service"] == "google-analytics"][0]
assert ga["severity"] == "high" and ga["countries"] == ["US"] and ga["line"] == 66, ga
sg = [x for x in f if x["name"] == "SendGrid"][0]
assert sg["line"] == 46 and "Sendgrid" in sg["snippet"] and sg["message"]["sv"], sg
ms = [x for x in f if x["kind"] == "categories_mismatch"][0]
assert ms["missing"] == ["log", "personnummer"] and ms["extra"] == [] and ms["severity"] == "high", ms
nm = [x for x in f if x["kind"] == "not_mentioned"][0]
assert nm["line"] is None, nm
EOF

# a catalogue without reference/known-services.json: the built-in list is used
cp -R "$CAT" "$T_DIR/cat2" && rm "$T_DIR/cat2/reference/known-services.json"
tc -C "$T_DIR/cat2" policy --check "$P"
expect_rc 1 "check with the built-in list of known services"
expect_out "Policyn nämner SendGrid"
expect_err "using the built-in list of known services"
printf '{"services": "not a list"}\n' >"$T_DIR/cat2/reference/known-services.json"
tc -q -C "$T_DIR/cat2" policy --check "$P"
expect_rc 3 "a broken known-services.json"
expect_err "known-services.json: 'services' has the wrong type"

# ---- --check on HTML (through extract) ----
tc -q -C "$CAT" policy --check "$FIX/seed-shaped.html"
expect_rc 1 "check seed-shaped.html"
expect_out "Policyn nämner SendGrid"
expect_out "hos Google Analytics 4 finns inom EU"
expect_no_out "Younium"

# ---- unreadable input ----
tc -q -C "$CAT" policy --check "$T_DIR/missing.txt"
expect_rc 3 "check of a missing file"
expect_err "tiacheck: error: cannot read the policy"
printf 'Google Analytics 4\n\377\376 broken\n' >"$T_DIR/bad.txt"
tc -q -C "$CAT" policy --check "$T_DIR/bad.txt"
expect_rc 3 "check of a file that is not UTF-8"

# ---- --check URL on 127.0.0.1 ----
PORT=$(free_port)
"$PY" -m http.server "$PORT" --bind 127.0.0.1 --directory "$FIX" >"$T_DIR/http.log" 2>&1 &
HTTP_PID=$!
T_CLEANUP="kill $HTTP_PID 2>/dev/null; wait $HTTP_PID 2>/dev/null"
if wait_port "$PORT"; then
	tc -q -C "$CAT" policy --check "http://127.0.0.1:$PORT/seed-shaped.html"
	expect_rc 1 "check a URL"
	expect_out "Policyn nämner SendGrid"
	expect_out "hos Google Analytics 4 finns inom EU"
	tc -q -C "$CAT" policy --check "http://127.0.0.1:$PORT/seed-shaped.txt" --json
	expect_rc 1 "check a plain-text URL"
	expect_out '"line":46'
	tc -q -C "$CAT" policy --check "http://127.0.0.1:$PORT/nothing-here.html"
	expect_rc 3 "check a URL that answers 404"
	expect_err "404"
else
	t_fail "http.server did not start on $PORT"
fi

# ---- the seed policy with the shipped catalogue (read in place, never copied) ----
SEED=$TC_TOP/../shared/seed/000_5d107ffb27647eaf.txt
if [ -f "$SEED" ]; then
	tc -q -C "$TC_TOP/catalog" policy --check "$SEED"
	expect_rc 1 "check the seed policy"
	expect_out "Policyn nämner SendGrid, som inte finns i katalogen."
	expect_out "Policyn anger att uppgifterna hos Google Analytics 4 finns inom EU, men enligt katalogen går uppgifter till Förenta staterna (USA)"
	expect_out "Policyn säger att vissa tjänster finns utanför EU/EES, men ingen tjänsts beskrivning anger något land utanför EU/EES."
	tc -q -C "$TC_TOP/catalog" policy --check "$SEED" --json
	if json_valid "$OUT"; then t_ok "seed check --json is valid"; else t_fail "seed check --json"; fi
else
	echo "ok - skipped: the seed policy is not at $SEED"
fi

t_end

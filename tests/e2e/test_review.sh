#!/bin/sh
# The DPO's weekly loop, four weeks on loopback: the demo's simulated vendor web
# (scripts/demo/web, weeks 1-3) plus tests/fixtures/review/week4, a real SMTP server.
#   week 1  baseline: first-run counts;
#   week 2  run --no-mail: a new sub-processor in India, a transfer clause changed;
#           the DPO acknowledges (a note required for high severity), adopts the new
#           sub-processor into the catalogue (an invalid edit writes nothing);
#   week 3  a normal run mails nothing: every item was decided on;
#   week 4  a new sub-processor in Singapore: alerts.mode = immediate and a language
#           per recipient; the mails lead with the item and its due date; objected;
#           run --only writes its own report.
# Then the report's layout is measured in headless Chromium at 1280 and 390 px.
. "$TC_TOP/tests/e2e/lib.sh"

W=$T_DIR/work
WEB=$T_DIR/web
MAIL=$T_DIR/mail
mkdir -p "$W/catalog/services" "$W/catalog/reference" "$WEB" "$MAIL"
cp -R "$TC_TOP/scripts/demo/web/." "$WEB/"
cp -R "$TC_TOP/tests/fixtures/review/week4" "$WEB/"
echo 1 >"$WEB/current-week"

"$PY" "$TC_TOP/scripts/demo/vendorweb.py" --root "$WEB" --port-file "$T_DIR/web.port" \
	--lifetime 300 >"$T_DIR/web.log" 2>&1 &
T_CLEANUP="kill $! 2>/dev/null;"
"$PY" "$TC_TOP/tests/servers/smtpserver.py" --port-file "$T_DIR/smtp.port" --dir "$MAIL" \
	--lifetime 300 >"$T_DIR/smtp.log" 2>&1 &
T_CLEANUP="$T_CLEANUP kill $! 2>/dev/null;"
i=0; while { [ ! -s "$T_DIR/web.port" ] || [ ! -s "$T_DIR/smtp.port" ]; } && [ $i -lt 100 ]; do
	sleep 0.1; i=$((i + 1)); done
t_check "test servers listen" test -s "$T_DIR/web.port" -a -s "$T_DIR/smtp.port"
BASE=http://127.0.0.1:$(cat "$T_DIR/web.port")

cp "$TC_TOP"/catalog/reference/*.json "$W/catalog/reference/"
cp "$TC_TOP/scripts/demo/catalog/organisation.json" "$W/catalog/"
for f in "$TC_TOP"/scripts/demo/catalog/services/*.json; do
	sed "s|@BASE@|$BASE|g" "$f" >"$W/catalog/services/$(basename "$f")"
done
conf() { # RECIPIENTS [MODE]
	cat >"$W/tiacheck.conf" <<CONF
db = tiacheck.db
reports_dir = reports
fetch.retries = 0
fetch.timeout = 5
fetch.connect_timeout = 2
smtp.url = smtp://127.0.0.1:$(cat "$T_DIR/smtp.port")
smtp.starttls = off
smtp.from = tiacheck@norrskencykel.example
smtp.to = $1
smtp.timeout = 5
alerts.mode = ${2:-digest}
CONF
}
conf "dataskydd@norrskencykel.example"
cd "$W" || exit 1
week() { echo "$1" >"$WEB/current-week"; }
nmail() { ls "$MAIL"/*.json 2>/dev/null | wc -l; }
# jq-like checks on a JSON file: PYEXPR over r (the document); exit 0 when true
jcheck() { "$PY" -c 'import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if eval(sys.argv[2]) else 1)' "$1" "$2"; }
item() { # FILE KIND COUNTRY: the id of the first item of that kind about that country
	"$PY" -c 'import json,sys
r=json.load(open(sys.argv[1]))
for i in r["items"]:
    if i["kind"]==sys.argv[2] and sys.argv[3] in i.get("countries",[]): print(i["id"]); break' "$@"; }

# --- week 1: the baseline ---------------------------------------------------------
week 1
TIACHECK_NOW=2026-11-02T06:00:00Z tc --lang en run
expect_rc 0 "week 1: baseline"
expect_out "6 documents: 6 new, 0 unchanged"
R1=reports/tiacheck-2026-11-02-run1.json
t_check "first run counts: 6 new, 0 unchanged" jcheck "$R1" 'r["summary"]["new"]==6 and r["summary"]["unchanged"]==0'
t_check "first run: nothing to review" jcheck "$R1" 'r["summary"]["open_items"]==0 and all(s["status"]!="red" or s["flows_without_mechanism"]>0 for s in r["services"])'

# --- week 2: changes detected without mail ----------------------------------------
week 2
TIACHECK_NOW=2026-11-09T06:00:00Z tc run --no-mail
expect_rc 0 "week 2: run --no-mail"
t_check "no e-mail with --no-mail" test "$(nmail)" = 0
R2=reports/tiacheck-2026-11-09-run2.json
IN=$(item "$R2" subprocessor_added IN)
PH=$(item "$R2" undeclared_transfer PH)
t_check "the new sub-processor in India is an item ($IN)" test -n "$IN"
t_check "the Philippines transfer is one item ($PH)" test -n "$PH"
t_check "due date = detected + 30 days (objection window), 30 days left" \
	jcheck "$R2" "[i for i in r['items'] if i['id']=='$IN'][0]['due']=='2026-12-09' and [i for i in r['items'] if i['id']=='$IN'][0]['days_left']==30"
t_check "the same entity is one item (its undeclared transfer folded in)" \
	jcheck "$R2" "len([i for i in r['items'] if 'Vantage' in json.dumps(i.get('message',''))])==1 and [i for i in r['items'] if i['id']=='$IN'][0]['also']"
t_check "findings section consistent with the summary" \
	jcheck "$R2" 'len(r["findings"])==r["summary"]["new_findings"]>0'
t_check "every item is open, with a command that settles it" \
	jcheck "$R2" 'all(i["state"]=="open" and i["actions"] for i in r["items"])'
t_check "the action list leads with high severity" \
	jcheck "$R2" 'r["items"][0]["severity"]=="high"'

# --- the DPO decides ------------------------------------------------------------------
export TIACHECK_NOW=2026-11-10T08:00:00Z
tc ack "$IN"
expect_rc 2 "a high-severity item needs --note"
expect_err "high severity"
tc ack F999 --note x
expect_rc 3 "ack of an unknown item"
expect_err "no item F999"
tc --lang en ack "$PH" --note "Support from the Philippines: SCCs in DPA v5, accepted" --by dpo
expect_rc 0 "ack with a note"
expect_out "acknowledged by dpo"
for id in $("$PY" -c 'import json,sys; print(" ".join(i["id"] for i in json.load(open(sys.argv[1]))["items"] if i["severity"]!="high"))' "$R2"); do
	tc ack "$id" --note "read" --by dpo
	expect_rc 0 "ack $id"
done
PF=$(sqlite3 tiacheck.db "select id from documents where service='postfart' and doc='dpa'")
tc --lang en ack "S$PF" --note "Postfart's site was down (503); known outage" --by dpo
expect_rc 0 "a failure streak is an item too (S$PF)"
expect_out "acknowledged by dpo"
cp catalog/services/kundkort.json "$T_DIR/kundkort.before"
tc adopt F999
expect_rc 2 "adopt of an unknown item is a usage error"
tc adopt "$PH"
expect_rc 2 "adopt of an item that is not a sub-processor"
tc adopt "$IN"
expect_rc 1 "adopt without a mechanism for India: the catalogue would be invalid"
expect_err "nothing was written"
t_check "the invalid adopt wrote nothing" cmp -s catalog/services/kundkort.json "$T_DIR/kundkort.before"
tc adopt --dry-run --mechanism scc "$IN"
expect_rc 0 "adopt --dry-run"
expect_out '+       "name": "Vantage Support Services Pvt Ltd",'
t_check "the dry run wrote nothing" cmp -s catalog/services/kundkort.json "$T_DIR/kundkort.before"
tc --lang en adopt --mechanism scc --kinds support,remote_access --by dpo "$IN"
expect_rc 0 "adopt"
expect_out "adopted"
tc check
expect_rc 0 "the adopted catalogue is valid"
tc flows --json --depth 2
t_check "the Indian sub-processor's flow is covered by SCCs, once" sh -c '
	printf "%s" "$1" | "$2" -c "import json,sys; f=[x for x in json.load(sys.stdin) if x[\"country\"]==\"IN\"]; sys.exit(0 if len(f)==1 and f[0][\"mechanism\"]==\"scc\" else 1)"' _ "$OUT" "$PY"
tc tia kundkort
expect_rc 0 "tia after adopt"
expect_out "Vantage Support Services Pvt Ltd | Indien | tredjeland | standardavtalsklausuler (SCC)"
tc --lang en history kundkort/subprocessors
expect_rc 0 "history shows decisions"
expect_out "$IN"
expect_out "adopted by dpo"
tc history lonebro/dpa
expect_out "SCCs in DPA v5"
unset TIACHECK_NOW

# --- week 3: nothing new, nothing re-mailed -------------------------------------------
week 3
TIACHECK_NOW=2026-11-16T06:00:00Z tc run
expect_rc 0 "week 3: a normal run"
t_check "nothing mailed: every item was decided on after --no-mail" test "$(nmail)" = 0
tc ack "S$PF" --note "again"
expect_rc 3 "a streak that ended is no item any more"
R3=reports/tiacheck-2026-11-16-run3.json
t_check "the adopted item: state adopted, covered by the catalogue" \
	jcheck "$R3" "[i for i in r['items'] if i['id']=='$IN'][0]['state']=='adopted' and [i for i in r['items'] if i['id']=='$IN'][0]['covered_by']['kind']=='subprocessor'"
t_check "the acknowledged item keeps its note" \
	jcheck "$R3" "[i for i in r['items'] if i['id']=='$PH'][0]['decision']['note'].startswith('Support from')"
t_check "no open item or change, every service green" \
	jcheck "$R3" 'r["summary"]["open_items"]==0 and r["summary"]["open_changes"]==0 and all(s["status"]=="green" for s in r["services"])'

# --- the published policy lists the adopted sub-processor, and checks clean -------------
for l in sv en; do
	for f in md html text; do
		tc policy --lang $l --format $f -o "$T_DIR/policy.$l.$f"
		expect_rc 0 "policy $l $f"
		t_check "the $l $f policy names the known sub-processor" grep -q "Vantage Support Services" "$T_DIR/policy.$l.$f"
		t_check "the $l $f policy does not say there are no sub-processors" \
			sh -c '! grep -Eq "inga underbiträden|no sub-processors" "$1"' _ "$T_DIR/policy.$l.$f"
		tc policy --check "$T_DIR/policy.$l.$f"
		expect_rc 0 "policy --check finds nothing in tiacheck's own $l $f policy"
	done
done

# --- week 4: a new sub-processor in Singapore, immediate, two languages ----------------
week 4
conf "dataskydd@norrskencykel.example:sv, cfo@norrskencykel.example:en" immediate
TIACHECK_NOW=2026-11-24T06:00:00Z tc run
expect_rc 0 "week 4: a normal run"
t_check "two e-mails: one per language" test "$(nmail)" = 2
R4=reports/tiacheck-2026-11-24-run4.json
SG=$(item "$R4" subprocessor_added SG)
t_check "the Singapore sub-processor is an item ($SG) due 2026-12-24" \
	jcheck "$R4" "[i for i in r['items'] if i['id']=='$SG'][0]['due']=='2026-12-24' and [i for i in r['items'] if i['id']=='$SG'][0]['state']=='open'"
"$PY" - "$MAIL" "$SG" "$IN" "$PH" <<'PYEOF' >"$T_DIR/mailcheck.out" 2>&1
import json, glob, re, sys
d, sg, old1, old2 = sys.argv[1:5]
msgs = [json.load(open(f)) for f in sorted(glob.glob(d + "/*.json"))]
def body(m):
    return "\n".join(p.get("text", "") for p in m["parts"] if p.get("type") == "text/plain")
ok = True
def check(what, cond):
    global ok
    print(("ok - " if cond else "FAIL ") + what)
    ok = ok and cond
sv = [m for m in msgs if "dataskydd@norrskencykel.example" in m["rcpt"]]
en = [m for m in msgs if "cfo@norrskencykel.example" in m["rcpt"]]
check("one Swedish, one English e-mail, each to its reader", len(sv) == 1 and len(en) == 1
      and len(sv[0]["rcpt"]) == 1 and len(en[0]["rcpt"]) == 1)
if sv and en:
    s, e = sv[0], en[0]
    check("sv subject led by the item: " + s["subject"], "Nytt underbiträde i Singapore hos Kundkort CRM" in s["subject"])
    check("en subject led by the item: " + e["subject"], "New sub-processor in Singapore at Kundkort CRM" in e["subject"])
    bs, be = body(s), body(e)
    check("the finding comes first, with its due date and commands",
          bs.index(sg) < bs.index("Ändrade dokument") and "2026-12-24 (30 dagar kvar)" in bs
          and "tiacheck adopt " + sg in bs and "tiacheck ack " + sg in bs)
    check("English body in English", "30 days left" in be and "What settles it" in be and "dagar" not in be)
    check("decided items are not mailed again", not re.search(r"\b(%s|%s)\b" % (old1, old2), bs + be))
sys.exit(0 if ok else 1)
PYEOF
t_check "the e-mails of week 4 (see below)" test $? = 0
sed 's/^/  /' "$T_DIR/mailcheck.out"
TIACHECK_NOW=2026-11-25T09:00:00Z tc --lang en ack "$SG" --objected "E-mail to Kundkort's DPO 2026-11-25: no transfers to Singapore" --by dpo
expect_rc 0 "objection recorded"
expect_out "objected by dpo"
tc --lang en history kundkort/subprocessors
expect_out "objected by dpo"

# --- run --only: its own report, latest.* untouched --------------------------------------
TIACHECK_NOW=2026-11-25T10:00:00Z tc run --only kundkort
expect_rc 0 "run --only kundkort"
t_check "a partial run writes its own report" test -f reports/tiacheck-2026-11-25-run5-only.json
t_check "latest.json is still the whole week-4 report" jcheck reports/latest.json 'r["run"]["id"]==4'
t_check "the partial report shows the objection" \
	jcheck reports/tiacheck-2026-11-25-run5-only.json "[i for i in r['items'] if i['id']=='$SG'][0]['state']=='objected'"

# --- the report in a browser ---------------------------------------------------------------
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
	t_check "chromium is installed (needed for the layout checks)" false
else
	for w in 1280 390; do
		t_case "layout at $w px"
		"$PY" "$TC_TOP/tests/e2e/measure_layout.py" "$CHROMIUM" reports/latest.html "$w" "$T_DIR" \
			>"$T_DIR/measure-$w.json" 2>"$T_DIR/measure-$w.err"
		t_check "the page is measured at $w px" jcheck "$T_DIR/measure-$w.json" "r['viewport']==$w"
		t_check "nothing wider than $w px ($(cat "$T_DIR/measure-$w.json"))" \
			jcheck "$T_DIR/measure-$w.json" "r['scroll_width']<=r['viewport'] and not r['too_wide']"
		t_check "no word broken inside a table cell at $w px" \
			jcheck "$T_DIR/measure-$w.json" "r['broken_words']==[]"
		"$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run \
			--disable-background-networking --disable-component-update --disable-sync \
			--user-data-dir="$T_DIR/chromium-shot" --window-size=$w,2000 \
			--screenshot="$T_DIR/report-$w.png" "file://$W/reports/latest.html" \
			>/dev/null 2>&1
		t_check "a $w px screenshot of the report" "$PY" -c '
import struct, sys
b = open(sys.argv[1], "rb").read(24)
w, h = struct.unpack(">II", b[16:24])
sys.exit(0 if b[:8] == b"\x89PNG\r\n\x1a\n" and w >= int(sys.argv[2]) and h == 2000 else 1)' \
			"$T_DIR/report-$w.png" "$w"
	done
	[ -n "${TC_KEEP_SCREENSHOTS:-}" ] && cp "$T_DIR"/report-*.png "$TC_KEEP_SCREENSHOTS/" 2>/dev/null
fi
t_end

#!/bin/sh
# The weekly job end to end: pages served on 127.0.0.1 change between runs; a real
# SMTP server on 127.0.0.1 receives the alert; the SMTP server down keeps the alert
# pending until the next run; kill -9 at named points is recovered; a second
# concurrent run refuses; fetch failures are reported and never become changes.
. "$TC_TOP/tests/e2e/lib.sh"

W=$T_DIR/work
PAGES=$T_DIR/pages
MAIL=$T_DIR/mail
mkdir -p "$W/catalog/services" "$W/catalog/reference" "$PAGES" "$MAIL"
cp "$TC_TOP"/catalog/reference/*.json "$W/catalog/reference/"
cp "$TC_TOP/catalog/organisation.json" "$W/catalog/"
FIX=$TC_TOP/tests/fixtures/pages
cp "$FIX/acme-dpa-v1.html" "$PAGES/acme-dpa.html"
cp "$FIX/acme-sub-v1.html" "$PAGES/acme-sub.html"

# --- servers --------------------------------------------------------------------
"$PY" "$TC_TOP/tests/servers/faultserver.py" --root "$PAGES" --port-file "$T_DIR/http.port" \
	--lifetime 300 >"$T_DIR/http.log" 2>&1 &
HTTP_PID=$!
T_CLEANUP="kill $HTTP_PID 2>/dev/null;"
NSMTP=0
start_smtp() { # each server instance numbers its messages from 1: a directory each
	rm -f "$T_DIR/smtp.port"
	NSMTP=$((NSMTP + 1))
	mkdir -p "$MAIL/$NSMTP"
	"$PY" "$TC_TOP/tests/servers/smtpserver.py" --port-file "$T_DIR/smtp.port" --dir "$MAIL/$NSMTP" \
		--lifetime 300 >>"$T_DIR/smtp.log" 2>&1 &
	SMTP_PID=$!
	T_CLEANUP="$T_CLEANUP kill $SMTP_PID 2>/dev/null;"
	i=0; while [ ! -s "$T_DIR/smtp.port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	SMTP_PORT=$(cat "$T_DIR/smtp.port")
}
i=0; while [ ! -s "$T_DIR/http.port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
HTTP_PORT=$(cat "$T_DIR/http.port")
start_smtp
t_check "test servers listen" test -n "$HTTP_PORT" -a -n "$SMTP_PORT"
BASE=http://127.0.0.1:$HTTP_PORT

cat >"$W/catalog/services/acme.json" <<JSON
{
  "id": "acme",
  "name": "Acme Cloud",
  "legal_entity": "Acme Cloud Ltd",
  "country": "IE",
  "role": "processor",
  "purpose": { "sv": "Drift av vår webbtjänst.", "en": "Hosting our web service." },
  "address": "1 Example Street, Dublin, Ireland",
  "categories": ["email", "name"],
  "locations": [ { "country": "IE", "kinds": ["storage", "processing"] },
                 { "country": "DE", "kinds": ["storage"] } ],
  "documents": [
    { "id": "dpa", "kind": "dpa", "url": "$BASE/pages/acme-dpa.html" },
    { "id": "subprocessors", "kind": "subprocessors", "url": "$BASE/pages/acme-sub.html" }
  ]
}
JSON
cat >"$W/catalog/services/beta.json" <<JSON
{
  "id": "beta",
  "name": "Beta Mail",
  "legal_entity": "Beta Mail AB",
  "country": "SE",
  "role": "processor",
  "purpose": { "sv": "Utskick av e-post.", "en": "Sending e-mail." },
  "address": "Exempelgatan 1, 111 11 Stockholm",
  "categories": ["email"],
  "locations": [ { "country": "SE", "kinds": ["storage", "processing"] } ],
  "documents": [
    { "id": "privacy", "kind": "privacy", "url": "$BASE/challenge" },
    { "id": "dpa", "kind": "dpa", "url": "$BASE/404" }
  ]
}
JSON
write_conf() {
	cat >"$W/tiacheck.conf" <<CONF
# test configuration
db = tiacheck.db
reports_dir = reports
fetch.retries = 0
fetch.timeout = 5
fetch.connect_timeout = 2
fetch.failures_alert = 2
smtp.url = smtp://127.0.0.1:$SMTP_PORT
smtp.starttls = off
smtp.from = tiacheck@example.se
smtp.to = dpo@example.se, backup@example.se
smtp.timeout = 5
CONF
}
write_conf
cd "$W" || exit 1
nmail() { ls "$MAIL"/*/*.json 2>/dev/null | wc -l; }
integrity() { sqlite3 "$W/tiacheck.db" 'PRAGMA integrity_check;'; }

# --- run 1: baseline --------------------------------------------------------------
tc --lang en run
expect_rc 0 "first run (baseline; beta's pages fail)"
expect_out "4 documents: 2 new, 0 unchanged, 0 changed, 2 failed"
expect_out "report: reports/"
t_check "report files written" test -s reports/latest.html -a -s reports/latest.md -a -s reports/latest.json
t_check "report JSON is valid" json_valid "$(cat reports/latest.json)"
t_check "challenge page is a named failure in the report" grep -q '"challenge"' reports/latest.json
t_check "404 is a named failure in the report" grep -q '"http_404"' reports/latest.json
t_check "failures carry http_status and, for extraction failures, chars" "$PY" -c '
import json, sys
f = {x["kind"]: x for x in json.load(open("reports/latest.json"))["failures"]}
sys.exit(0 if f["http_404"]["http_status"] == 404 and f["challenge"]["http_status"] == 403
         and isinstance(f["challenge"].get("chars"), int) else 1)'
t_check "no change recorded from failures" test "$(sqlite3 tiacheck.db 'select count(*) from changes')" = 0
t_check "no alert mail for a first failure" test "$(nmail)" = 0

# --- run 2: noise only --------------------------------------------------------------
cp "$FIX/acme-dpa-noise.html" "$PAGES/acme-dpa.html"
tc --lang en run
expect_rc 0 "second run: only a build hash changed"
expect_out "0 changed, 2 failed"
# beta has now failed twice in a row (fetch.failures_alert = 2): one alert for it
t_check "persisting failures alerted once" test "$(nmail)" = 1
t_check "failure alert names the service" grep -q "Beta Mail" "$MAIL/1/msg-1.json"

# --- run 3: a real change --------------------------------------------------------------
cp "$FIX/acme-dpa-v2.html" "$PAGES/acme-dpa.html"
cp "$FIX/acme-sub-v2.html" "$PAGES/acme-sub.html"
tc run
expect_rc 0 "third run: the DPA and the sub-processor list changed"
expect_out "2 ändrade"
t_check "one alert e-mail for the change" test "$(nmail)" = 2
M=$MAIL/1/msg-2.json
"$PY" - "$M" >"$T_DIR/mailcheck.txt" 2>&1 <<'PYEOF'
import json, sys
m = json.load(open(sys.argv[1], encoding="utf-8"))
ok = []
def check(name, cond):
    print(("ok " if cond else "FAIL ") + name)
check("envelope recipients", sorted(m["rcpt"]) == ["backup@example.se", "dpo@example.se"])
check("envelope sender", m["from"] == "tiacheck@example.se")
check("multipart/alternative", m["content_type"] == "multipart/alternative")
types = [p["type"] for p in m["parts"]]
check("text and html parts", types == ["text/plain", "text/html"])
check("Date header", bool(m.get("date_iso")))
check("Message-ID header", "Message-ID" in m["headers"] or "Message-Id" in m["headers"])
check("subject names the service", "Acme Cloud" in m["subject"])
check("subject keeps Swedish letters", any(c in m["subject"] for c in "åäöÅÄÖ"))
check("subject RFC 2047 encoded", "=?UTF-8?" in m["raw_headers"].upper() or "=?utf-8?" in m["raw_headers"])
text = m["parts"][0]["text"]
html = m["parts"][1]["text"]
check("diff excerpt in the text part", "Acme Support Services" in text)
check("finding about India in the text", "Indien" in text or "India" in text)
check("new sub-processor in the text", "Globex" in text)
check("vendor script inert in the html part", "<script>alert" not in html)
check("review commands in the text", "tiacheck ack" in text and "tiacheck diff" in text)
check("no bare LF, lines within limits", not m["bare_lf"] and m["max_line"] <= 998)
PYEOF
while read -r line; do
	case "$line" in ok*) t_ok "mail: ${line#ok }" ;; *) t_fail "mail: $line" ;; esac
done <"$T_DIR/mailcheck.txt"
t_check "vendor script inert in the HTML report" sh -c '! grep -q "<script>alert" reports/latest.html'
t_check "HTML report has no external assets" sh -c '! grep -Eiq "(src|href)=\"?(https?:)?//[^\"]*\.(css|js)" reports/latest.html'

# diff, history, ack, report
tc diff acme/dpa
expect_rc 0 "diff of the DPA"
expect_out "Acme Support Services"
tc diff --json acme/subprocessors
expect_rc 0 "diff --json"
t_check "diff --json is valid JSON" json_valid "$OUT"
CH=$(sqlite3 tiacheck.db "select c.id from changes c join documents d on d.id=c.doc where d.doc='dpa' and d.service='acme' order by c.id desc limit 1")
tc --lang en history acme/dpa
expect_rc 0 "history"
expect_out "change $CH"
expect_out "open"
tc ack "$CH" --note "read it"
expect_rc 0 "ack"
tc ack "$CH"
expect_rc 0 "ack twice keeps the first"
expect_err "already acknowledged"
tc ack 99999
expect_rc 3 "ack of an unknown change"
expect_err "no change 99999"
tc report --format json
expect_rc 0 "report re-rendered from the store"
t_check "re-rendered JSON is valid" json_valid "$OUT"
tc report --format html 1
expect_rc 0 "report of run 1"
expect_out "<!DOCTYPE html>"

# fourth-party flows from the vendor's published list
tc flows --json --depth 2
expect_rc 0 "flows --depth 2"
t_check "the new sub-processor is a depth-2 flow to India" sh -c '
	printf "%s" "$1" | "$2" -c "import json,sys; f=json.load(sys.stdin); sys.exit(0 if any(x[\"depth\"]==2 and x[\"country\"]==\"IN\" and \"Globex\" in x[\"entity\"] and x[\"leaves_eea\"] for x in f) else 1)"' _ "$OUT" "$PY"
tc flows --json --depth 1
t_check "no depth-2 flow with --depth 1" sh -c '! printf "%s" "$1" | grep -q Globex' _ "$OUT"
tc tia --json acme
expect_rc 0 "tia includes fourth-party flows"
expect_out "Globex"
tc --lang sv report --format md
SV=$OUT
tc --lang en report --format md
t_check "report --lang en differs from Swedish" test "$OUT" != "$SV"

# --only: one service
tc --lang en run --only acme --no-mail
expect_rc 0 "run --only acme"
expect_out "2 documents:"
tc run --only nosuch
expect_rc 2 "run --only with an unknown service"

# reextract: a baseline made by older rules becomes a technical change, never alerted
SNAP=$(sqlite3 tiacheck.db "select s.id from snapshots s join documents d on d.id=s.doc where d.service='acme' and d.doc='dpa' order by s.id desc limit 1")
printf '# Data Processing Addendum\nAs an older extractor saw it.' >"$T_DIR/old.txt"
OLDSHA=$(sha256sum "$T_DIR/old.txt" | cut -d' ' -f1)
sqlite3 tiacheck.db "insert or ignore into blobs(sha, kind, size, data) values ('$OLDSHA', 'text', $(wc -c <"$T_DIR/old.txt"), readfile('$T_DIR/old.txt')); update snapshots set text_sha='$OLDSHA', extractor_version=0 where id=$SNAP;"
tech_before=$(sqlite3 tiacheck.db "select count(*) from changes where technical=1")
tc --lang en reextract acme/dpa
expect_rc 0 "reextract"
expect_out "technical change"
t_check "a technical change was recorded" \
	test "$(sqlite3 tiacheck.db "select count(*) from changes where technical=1")" -eq $((tech_before + 1))
tc --lang en reextract
expect_out "0 with a technical change"
mails_before=$(nmail)
tc run
t_check "a technical change raises no alert" test "$(nmail)" = "$mails_before"
tc --lang en history acme/dpa
expect_out "technical: new extraction rules"

# --- run 4: nothing new: no mail ---------------------------------------------------------
tc run
expect_rc 0 "fourth run: nothing new"
t_check "no further e-mail when nothing is new" test "$(nmail)" = 2

# --- SMTP down: the alert stays pending, goes out with the next run, once ----------------
kill "$SMTP_PID"; wait "$SMTP_PID" 2>/dev/null
# a new version (going back to v1 would be a variant flip-flop: cosmetic, no alert)
sed 's#</main>#<p>Clause seven on audits applies to all customers.</p></main>#' \
	"$FIX/acme-dpa-v1.html" >"$PAGES/acme-dpa.html"
tc run
expect_rc 3 "run with the SMTP server down"
expect_err "stays pending"
t_check "an alert is pending" test "$(sqlite3 tiacheck.db "select count(*) from alerts where status='pending'")" = 1
start_smtp
write_conf
tc run
expect_rc 0 "next run with the SMTP server back"
t_check "the pending alert was delivered" test "$(nmail)" = 3
t_check "nothing pending" test "$(sqlite3 tiacheck.db "select count(*) from alerts where status='pending'")" = 0
tc run
t_check "delivered once only" test "$(nmail)" = 3

# --- kill -9 at each named point: the next run completes, nothing lost, no duplicate -----
v=1
for point in after-snapshot after-fetch after-report after-alert-create; do
	# a new version each time (a return to an earlier one is a cosmetic flip-flop)
	sed "s#</main>#<p>Clause on $point applies to all customers.</p></main>#" \
		"$FIX/acme-dpa-v$v.html" >"$PAGES/acme-dpa.html"
	if [ $v = 1 ]; then v=2; else v=1; fi
	before=$(nmail)
	changes_before=$(sqlite3 tiacheck.db "select count(*) from changes")
	TIACHECK_CRASH_AT=$point "$TIACHECK" run >/dev/null 2>&1
	rc=$?
	t_check "killed at $point" test "$rc" -eq 137
	t_check "store intact after a kill at $point" test "$(integrity)" = ok
	tc run
	expect_rc 0 "run after a kill at $point"
	t_check "the change made before the kill at $point was kept" \
		test "$(sqlite3 tiacheck.db "select count(*) from changes")" -eq $((changes_before + 1))
	t_check "exactly one alert for it after the kill at $point" test "$(nmail)" -eq $((before + 1))
	t_check "no unalerted change left after $point" \
		test "$(sqlite3 tiacheck.db "select count(*) from changes where alert_id is null and technical=0")" = 0
done

# --- one run at a time --------------------------------------------------------------------
cat >"$W/catalog/services/slow.json" <<JSON
{
  "id": "slow", "name": "Slow Vendor", "legal_entity": "Slow Vendor AB", "country": "SE",
  "role": "processor", "purpose": { "sv": "Test.", "en": "Test." },
  "address": "Exempelgatan 2, 111 11 Stockholm", "categories": ["email"],
  "locations": [ { "country": "SE", "kinds": ["storage"] } ],
  "documents": [ { "id": "terms", "kind": "other", "url": "$BASE/endless?slow=1" } ]
}
JSON
"$TIACHECK" run --no-mail >"$T_DIR/first.out" 2>&1 &
FIRST=$!
sleep 1
tc run --no-mail
expect_rc 4 "a second concurrent run refuses"
expect_err "another tiacheck run"
wait $FIRST
t_check "the first run finished" test $? -ne 4
rm -f "$W/catalog/services/slow.json"

# --- an invalid catalogue writes nothing -------------------------------------------------
cp tiacheck.db "$T_DIR/before.db"
echo '{ "id": "broken", ' >"$W/catalog/services/broken.json"
tc run
expect_rc 3 "run with an invalid catalogue"
expect_err "broken.json:"
t_check "the database was not touched" cmp -s tiacheck.db "$T_DIR/before.db"
rm -f "$W/catalog/services/broken.json"

# --- dry run keeps nothing -------------------------------------------------------------------
runs_before=$(sqlite3 tiacheck.db "select count(*) from runs")
tc run --dry-run
expect_rc 0 "dry run"
t_check "dry run recorded nothing" test "$(sqlite3 tiacheck.db "select count(*) from runs")" = "$runs_before"
t_end

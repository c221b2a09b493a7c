#!/bin/sh
# Noise end to end (issue 13): pages served on 127.0.0.1 change between runs. A link
# added around an address, a moved "Generated on" stamp and a return to a recent version
# are recorded as cosmetic changes and never alerted; a real edit next to a stamp is;
# an ignore rule drops its lines, and adding it re-extracts the baseline at once as a
# technical change; a short real-shaped list is a document; a feed's added and removed
# items are findings.
. "$TC_TOP/tests/e2e/lib.sh"

W=$T_DIR/work
PAGES=$T_DIR/pages
MAIL=$T_DIR/mail
mkdir -p "$W/catalog/services" "$W/catalog/reference" "$PAGES" "$MAIL"
cp "$TC_TOP"/catalog/reference/*.json "$W/catalog/reference/"
cp "$TC_TOP/catalog/organisation.json" "$W/catalog/"
FX=$TC_TOP/tests/fixtures/extract

# The short list page: ADDR is the contact line, STAMP the generation stamp, ROW the
# second row, EXTRA an extra line (a visitor counter).
list_page() { # ADDR STAMP ROW EXTRA
	cat >"$PAGES/list.html" <<HTML
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Sub-processors</title></head>
<body><div class="wrap">
<h2>Sub-processors</h2>
<table>
<tr><th>Name</th><th>Purpose</th><th>Country</th></tr>
<tr><td>Granhult Hosting AB</td><td>Server hosting</td><td>Sweden</td></tr>
<tr><td>$3</td></tr>
</table>
<p>Questions: $1</p>
<p>Generated on $2</p>
<p>$4</p>
</div></body></html>
HTML
	touch -d "@$(( $(date +%s) + ${NPAGE:-0} ))" "$PAGES/list.html" # a new ETag each time
	NPAGE=$(( ${NPAGE:-0} + 1 ))
}
ROW1='Postlåda Mail Inc.</td><td>E-mail delivery</td><td>United States'
ROW2='Postlåda Mail Inc.</td><td>E-mail delivery</td><td>Canada'
list_page 'our privacy team' '2026-03-01 10:00' "$ROW1" 'Visitors today: 17'
cp "$FX/feed_v1.xml" "$PAGES/feed.xml"
cp "$FX/subproc_table32.html" "$PAGES/table32.html"

"$PY" "$TC_TOP/tests/servers/faultserver.py" --root "$PAGES" --port-file "$T_DIR/http.port" \
	--lifetime 300 >"$T_DIR/http.log" 2>&1 &
HTTP_PID=$!
"$PY" "$TC_TOP/tests/servers/smtpserver.py" --port-file "$T_DIR/smtp.port" --dir "$MAIL" \
	--lifetime 300 >"$T_DIR/smtp.log" 2>&1 &
SMTP_PID=$!
T_CLEANUP="kill $HTTP_PID $SMTP_PID 2>/dev/null;"
i=0; while { [ ! -s "$T_DIR/http.port" ] || [ ! -s "$T_DIR/smtp.port" ]; } && [ $i -lt 100 ]; do
	sleep 0.1; i=$((i + 1)); done
BASE=http://127.0.0.1:$(cat "$T_DIR/http.port")

catalog() { # LIST TABLE32: extra JSON fields of those documents (may be omitted)
	cat >"$W/catalog/services/nordvik.json" <<JSON
{
  "id": "nordvik", "name": "Nordvik Analytics", "legal_entity": "Nordvik Analytics AB",
  "country": "SE", "role": "processor",
  "purpose": { "sv": "Analys.", "en": "Analytics." },
  "address": "Exempelgatan 1, 111 11 Stockholm", "categories": ["email"],
  "locations": [ { "country": "SE", "kinds": ["storage", "processing"] } ],
  "documents": [
    { "id": "list", "kind": "subprocessors", "url": "$BASE/pages/list.html"${1:-} },
    { "id": "feed", "kind": "subprocessors", "url": "$BASE/pages/feed.xml" },
    { "id": "table32", "kind": "other", "url": "$BASE/pages/table32.html"${2:-} }
  ]
}
JSON
}
catalog ""
cat >"$W/tiacheck.conf" <<CONF
db = tiacheck.db
reports_dir = reports
fetch.retries = 0
fetch.timeout = 5
smtp.url = smtp://127.0.0.1:$(cat "$T_DIR/smtp.port")
smtp.starttls = off
smtp.from = tiacheck@example.se
smtp.to = dpo@example.se
smtp.timeout = 5
CONF
cd "$W" || exit 1
nmail() { ls "$MAIL"/*.json 2>/dev/null | wc -l; }
q() { sqlite3 tiacheck.db "$1"; }
classes() { q "select class || ':' || coalesce(class_reason, '') from changes c join documents d on d.id = c.doc where d.doc = 'list' order by c.id" | tr '\n' ' '; }

# --- baseline: a short real-shaped list is a document, not a failure -------------------
tc --lang en run
expect_rc 0 "baseline run"
expect_out "3 new, 0 unchanged, 0 changed, 0 failed"
S32=$(sqlite3 tiacheck.db "select s.id from snapshots s join documents d on d.id = s.doc where d.doc = 'table32'")
tc history --export --text "$S32" -
t_check "the 32-row table page is a document (not a challenge): its 32 rows" \
	test "$(printf '%s\n' "$OUT" | grep -c '^| ')" = 34
M0=$(nmail) # the first run's findings (a transfer to the United States) may alert

# --- a name turned into a link (same words, a link target added): cosmetic ---------------------------------------------
list_page 'our <a href="https://help.granhult.example/privacy">privacy team</a>' \
	'2026-03-01 10:00' "$ROW1" 'Visitors today: 17'
tc --lang en run
expect_rc 0 "run with a link added"
expect_out "0 changed"
t_check "link-only change recorded as cosmetic (got: $(classes))" test "$(classes)" = "cosmetic:link_targets "
t_check "no alert for a link added" test "$(nmail)" = "$M0"
t_check "the run JSON lists it as cosmetic" "$PY" -c '
import json, sys
c = json.load(open("reports/latest.json"))["changes"]
sys.exit(0 if [x.get("class") for x in c] == ["cosmetic"] and c[0]["technical"] else 1)'

# --- only the generation stamp moved: cosmetic ----------------------------------------------
list_page 'our <a href="https://help.granhult.example/privacy">privacy team</a>' \
	'2026-03-08 10:00' "$ROW1" 'Visitors today: 17'
tc --lang en run
expect_rc 0 "run with a new stamp"
expect_out "0 changed"
t_check "stamp-only change recorded as cosmetic" \
	test "$(classes)" = "cosmetic:link_targets cosmetic:volatile_stamp "
t_check "no alert for a stamp" test "$(nmail)" = "$M0"
tc --lang en history nordvik/list
t_check "history shows the cosmetic changes" sh -c 'printf "%s" "$1" | grep -q "cosmetic: a volatile stamp; no alert"' _ "$OUT"

# --- a real edit next to a stamp alerts; the feed gains and loses an item -------------------
list_page 'our <a href="https://help.granhult.example/privacy">privacy team</a>' \
	'2026-03-15 10:00' "$ROW2" 'Visitors today: 17'
cp "$FX/feed_v2.xml" "$PAGES/feed.xml"
tc --lang en run
expect_rc 0 "run with a real edit"
expect_out "2 changed"
t_check "the edit is substantive" \
	test "$(classes)" = "cosmetic:link_targets cosmetic:volatile_stamp substantive: "
t_check "one alert for the edits" test "$(nmail)" = $((M0 + 1))
t_check "the feed's added item is a finding" \
	test "$(q "select count(*) from findings where kind = 'subprocessor_added' and key like '%inferix%'")" = 1
t_check "the feed's removed item is a finding" \
	test "$(q "select count(*) from findings where kind = 'subprocessor_removed' and key like '%brightpost%'")" = 1

# --- back to the previous version: a flip-flop, cosmetic --------------------------------
list_page 'our <a href="https://help.granhult.example/privacy">privacy team</a>' \
	'2026-03-08 10:00' "$ROW1" 'Visitors today: 17'
tc run
expect_rc 0 "run with the previous version back"
t_check "flip-flop recorded as cosmetic" \
	test "$(classes)" = "cosmetic:link_targets cosmetic:volatile_stamp substantive: cosmetic:flip_flop "
t_check "no alert for a flip-flop" test "$(nmail)" = $((M0 + 1))

# --- an ignore rule: the baseline is re-extracted at once, a technical change -----------------
catalog ', "ignore": ["^Visitors today: [0-9]+$"]'
list_page 'our <a href="https://help.granhult.example/privacy">privacy team</a>' \
	'2026-03-08 10:00' "$ROW1" 'Visitors today: 18'
tc --lang en run
expect_rc 0 "run with a new ignore rule"
expect_out "0 changed"
t_check "the rule change re-extracted the baseline as technical" \
	test "$(q "select count(*) from changes where class = 'technical' and class_reason = 'rules'")" = 1
t_check "no alert for a rule change" test "$(nmail)" = $((M0 + 1))
list_page 'our <a href="https://help.granhult.example/privacy">privacy team</a>' \
	'2026-03-08 10:00' "$ROW1" 'Visitors today: 19'
tc run
expect_rc 0 "run with the ignored line changed"
t_check "an ignored line is no change" test "$(q "select count(*) from changes")" = 6
tc --lang en history nordvik/list
t_check "history names the rule change" sh -c 'printf "%s" "$1" | grep -q "text rules changed"' _ "$OUT"

# --- min_chars: the 32-row page held to a minimum it does not reach is a failure --------
catalog ', "ignore": ["^Visitors today: [0-9]+$"]' ', "min_chars": 5000'
echo '<!-- served again -->' >>"$PAGES/table32.html" # new bytes: extracted again
tc --lang en run
expect_rc 0 "run with min_chars above the page's text"
expect_out "1 failed"
t_check "the failure is too_small against min_chars" \
	test "$(q "select kind from failures order by id desc limit 1")" = too_small

# --- check: a bad regular expression or min_chars is an error with file:line -------------------
catalog ', "ignore": ["(unclosed"]' ', "min_chars": 0'
tc check
expect_rc 1 "check refuses a bad ignore rule and min_chars 0"
expect_err "nordvik.json:"
expect_err "not a POSIX extended regular expression"
expect_err "min_chars 0: expected 1 to 100000"
t_end

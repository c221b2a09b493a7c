#!/bin/sh
# Robustness and secrets: kill -9 at random moments across many runs; a database
# locked by another process; a report directory that cannot be written; the SMTP
# password never in output, reports or the database; vendor text with terminal
# escapes shown inert; hostile catalogue values with a location.
. "$TC_TOP/tests/e2e/lib.sh"

W=$T_DIR/work
PAGES=$T_DIR/pages
MAIL=$T_DIR/mail
mkdir -p "$W/catalog/services" "$W/catalog/reference" "$PAGES" "$MAIL"
cp "$TC_TOP"/catalog/reference/*.json "$W/catalog/reference/"
cp "$TC_TOP/catalog/organisation.json" "$W/catalog/"
FIX=$TC_TOP/tests/fixtures/pages
cp "$FIX/acme-dpa-v1.html" "$PAGES/dpa.html"
cp "$FIX/acme-sub-v1.html" "$PAGES/sub.html"

"$PY" "$TC_TOP/tests/servers/faultserver.py" --root "$PAGES" --port-file "$T_DIR/http.port" \
	--lifetime 400 >"$T_DIR/http.log" 2>&1 &
HTTP_PID=$!
"$PY" "$TC_TOP/tests/servers/smtpserver.py" --port-file "$T_DIR/smtp.port" --dir "$MAIL" \
	--require-auth "dpo-bot:S3cret-Pw-4711" --lifetime 400 >"$T_DIR/smtp.log" 2>&1 &
SMTP_PID=$!
T_CLEANUP="kill $HTTP_PID $SMTP_PID 2>/dev/null;"
i=0; while { [ ! -s "$T_DIR/http.port" ] || [ ! -s "$T_DIR/smtp.port" ]; } && [ $i -lt 100 ]; do
	sleep 0.1; i=$((i + 1)); done
BASE=http://127.0.0.1:$(cat "$T_DIR/http.port")
cat >"$W/catalog/services/acme.json" <<JSON
{
  "id": "acme", "name": "Acme Cloud", "legal_entity": "Acme Cloud Ltd", "country": "IE",
  "role": "processor", "purpose": { "sv": "Drift.", "en": "Hosting." },
  "address": "1 Example Street, Dublin, Ireland", "categories": ["email"],
  "locations": [ { "country": "IE", "kinds": ["storage", "processing"] } ],
  "documents": [
    { "id": "dpa", "kind": "dpa", "url": "$BASE/pages/dpa.html" },
    { "id": "subprocessors", "kind": "subprocessors", "url": "$BASE/pages/sub.html" }
  ]
}
JSON
cat >"$W/tiacheck.conf" <<CONF
fetch.retries = 0
fetch.timeout = 5
smtp.url = smtp://127.0.0.1:$(cat "$T_DIR/smtp.port")
smtp.starttls = off
smtp.user = dpo-bot
smtp.from = tiacheck@example.se
smtp.to = dpo@example.se
CONF
export TIACHECK_SMTP_PASSWORD=S3cret-Pw-4711
cd "$W" || exit 1
nmail() { ls "$MAIL"/*.json 2>/dev/null | wc -l; }

tc -v run
expect_rc 0 "baseline run with SMTP authentication"

# --- kill -9 at random moments, many times; afterwards nothing lost or doubled ----------
i=0
seed=4711
while [ $i -lt 12 ]; do
	# a new version each time (a return to an earlier one is a cosmetic flip-flop)
	words=$(printf '%s' "$i" | tr 0123456789 abcdefghij)
	sed "s#</main>#<p>Clause $words applies to all customers.</p></main>#" \
		"$FIX/acme-dpa-v$((i % 2 + 1)).html" >"$PAGES/dpa.html"
	"$TIACHECK" run >/dev/null 2>&1 &
	pid=$!
	seed=$(( (seed * 1103515245 + 12345) % 2147483648 ))
	delay_ms=$(( seed % 400 ))
	sleep "$(printf '0.%03d' "$delay_ms")"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	t_check "integrity after kill -9 number $((i + 1)) (at ${delay_ms} ms)" \
		test "$(sqlite3 tiacheck.db 'pragma integrity_check')" = ok
	tc run
	t_check "the run after kill $((i + 1)) completes" test "$RC" -eq 0
	i=$((i + 1))
done
t_check "every change was recorded (one per page version)" \
	test "$(sqlite3 tiacheck.db "select count(*) from changes where technical=0")" -eq 12
t_check "every change was alerted" \
	test "$(sqlite3 tiacheck.db "select count(*) from changes where alert_id is null and technical=0")" = 0
t_check "no alert left pending" \
	test "$(sqlite3 tiacheck.db "select count(*) from alerts where status='pending'")" = 0
# A kill between the server's OK and the commit of "sent" resends that alert once,
# with the same Message-ID (the documented window); so count distinct Message-IDs.
distinct_ids() {
	"$PY" -c 'import json,sys; print(len({json.load(open(f))["headers"].get("Message-ID") for f in sys.argv[1:]}))' "$MAIL"/*.json
}
t_check "one distinct e-mail per alert" \
	test "$(distinct_ids)" -eq "$(sqlite3 tiacheck.db "select count(*) from alerts where status='sent'")"
t_check "resends only from kills inside the window (at most 3 of 12)" \
	test "$(nmail)" -le $(( $(sqlite3 tiacheck.db "select count(*) from alerts where status='sent'") + 3 ))

# --- secrets -------------------------------------------------------------------------
tc -v mail --test
expect_rc 0 "test message with authentication"
all=$(cat "$T_DIR/.out" "$T_DIR/.err")
t_check "password not in verbose output" sh -c "! printf '%s' \"\$1\" | grep -q S3cret" _ "$all"
t_check "password not in the database" sh -c '! grep -aq S3cret tiacheck.db tiacheck.db-wal 2>/dev/null'
t_check "password not in any report" sh -c '! grep -rq S3cret reports'
t_check "the server saw the login" grep -q '"login"' "$MAIL/msg-1.json"
unset TIACHECK_SMTP_PASSWORD
echo "S3cret-Pw-4711" >"$T_DIR/pw"
chmod 644 "$T_DIR/pw"
echo "smtp.password_file = $T_DIR/pw" >>tiacheck.conf
tc mail --test
expect_rc 3 "a password file readable by others is refused"
expect_err "chmod 600"
t_check "refusal does not print the password" sh -c "! grep -q S3cret '$T_DIR/.err'"
chmod 600 "$T_DIR/pw"
tc mail --test
expect_rc 0 "password from an owner-only file"
sed -i '/password_file/d' tiacheck.conf
export TIACHECK_SMTP_PASSWORD=S3cret-Pw-4711

# --- terminal escapes in vendor text are inert ----------------------------------------
printf '<html><body><main><h1>Terms</h1><p>%s</p><p>Escape: \033]0;owned\007 and \033[2J cleared? %s</p></main></body></html>' \
	"$(head -c 300 /dev/zero | tr '\0' 'x')" "$(head -c 100 /dev/zero | tr '\0' 'y')" >"$PAGES/dpa.html"
tc run --no-mail
tc diff acme/dpa
t_check "no raw ESC reaches the terminal from diff" sh -c '! grep -q "$(printf "\033")" "$1"' _ "$T_DIR/.out"

# --- a database locked by another process ----------------------------------------------
cp "$FIX/acme-dpa-v2.html" "$PAGES/dpa.html"
( echo "begin exclusive;"; sleep 8; echo "commit;" ) | sqlite3 tiacheck.db >/dev/null 2>&1 &
LOCKER=$!
sleep 0.5
tc run --no-mail
expect_rc 3 "run while another process holds the database"
expect_err "tiacheck.db"
kill $LOCKER 2>/dev/null; wait $LOCKER 2>/dev/null
t_check "store intact after the locked run" test "$(sqlite3 tiacheck.db 'pragma integrity_check')" = ok
tc run --no-mail
expect_rc 0 "the next run completes"

# --- a report directory that cannot be written -------------------------------------------
echo "reports_dir = $W/not-a-dir" >>tiacheck.conf
echo "I am a file" >"$W/not-a-dir"
cp "$FIX/acme-dpa-v1.html" "$PAGES/dpa.html"
tc run --no-mail
expect_rc 3 "run whose report cannot be written"
expect_err "cannot write the report"
expect_err "not-a-dir"
sed -i '/reports_dir/d' tiacheck.conf
t_check "the change was kept though the report failed" \
	test "$(sqlite3 tiacheck.db "select count(*) from changes where alert_id is null and technical=0")" -ge 1

# --- hostile catalogue values get a location ---------------------------------------------
mkdir -p "$T_DIR/badcat/services"
cp -r "$W/catalog/reference" "$W/catalog/organisation.json" "$T_DIR/badcat/"
printf '{ "id": "x", "id": "y" }' >"$T_DIR/badcat/services/x.json"
tc -C "$T_DIR/badcat" check
expect_rc 1 "duplicate keys"
expect_err "x.json:1:"
head -c 3000000 /dev/zero | tr '\0' ' ' >"$T_DIR/badcat/services/x.json"
tc -C "$T_DIR/badcat" check
expect_rc 1 "a huge file"
expect_err "x.json"
deep=$(printf '%0.s[' $(seq 1 5000))
printf '{"id": "x", "purpose": %s' "$deep" >"$T_DIR/badcat/services/x.json"
tc -C "$T_DIR/badcat" check
expect_rc 1 "deep nesting"
expect_err "x.json:1:"
printf '{"id": "x\377\376", "name": "bad utf8"}' >"$T_DIR/badcat/services/x.json"
tc -C "$T_DIR/badcat" check
expect_rc 1 "invalid UTF-8"
expect_err "x.json:1:"

# --- a baseline whose text cannot be read is a named failure, never a change -------------
cd "$W" || exit 1
cp "$FIX/acme-dpa-v1.html" "$PAGES/dpa.html"
tc run --no-mail
BASESNAP=$(sqlite3 tiacheck.db "select s.id from snapshots s join documents d on d.id=s.doc where d.service='acme' and d.doc='dpa' order by s.id desc limit 1")
BOGUS=0000000000000000000000000000000000000000000000000000000000000000
sqlite3 tiacheck.db "update snapshots set text_sha='$BOGUS' where id=$BASESNAP"
changes_before=$(sqlite3 tiacheck.db "select count(*) from changes")
cp "$FIX/acme-dpa-v2.html" "$PAGES/dpa.html"
tc --lang en run --no-mail
expect_rc 0 "run whose baseline text is missing (a failure, the other document is fine)"
expect_out "0 changed, 1 failed"
t_check "no change from an unreadable baseline" \
	test "$(sqlite3 tiacheck.db "select count(*) from changes")" = "$changes_before"
t_check "the report names the failure baseline_unreadable" grep -q '"baseline_unreadable"' reports/latest.json
sqlite3 tiacheck.db "update snapshots set extractor_version=0, raw_sha='$BOGUS' where id=$BASESNAP"
tc --lang en run --no-mail
expect_out "0 changed, 1 failed"
t_check "no change when the baseline cannot be re-extracted either" \
	test "$(sqlite3 tiacheck.db "select count(*) from changes")" = "$changes_before"
t_check "re-extraction failure is baseline_unreadable too" grep -q '"baseline_unreadable"' reports/latest.json
tc reextract acme/dpa
expect_rc 3 "reextract of an unreadable baseline fails"
expect_err "acme/dpa:"

# --- a database deleted while a run writes to it -------------------------------------------
cat >"$W/catalog/services/slow.json" <<JSON
{
  "id": "slow", "name": "Slow Vendor", "legal_entity": "Slow Vendor AB", "country": "SE",
  "role": "processor", "purpose": { "sv": "Test.", "en": "Test." },
  "address": "Exempelgatan 2, 111 11 Stockholm", "categories": ["email"],
  "locations": [ { "country": "SE", "kinds": ["storage"] } ],
  "documents": [ { "id": "terms", "kind": "other", "url": "$BASE/endless?slow=1" } ]
}
JSON
"$TIACHECK" run --no-mail >"$T_DIR/gone.out" 2>"$T_DIR/gone.err" &
GONE=$!
sleep 1.5
rm -f tiacheck.db tiacheck.db-wal tiacheck.db-shm
run wait $GONE
t_check "a run whose database was deleted exits 3" test "$RC" -eq 3
t_check "it says the database was deleted" grep -q "deleted or replaced" "$T_DIR/gone.err"
rm -f "$W/catalog/services/slow.json"

# --- a missing database next to earlier reports is not started again as run 1 ------------
tc run --no-mail
expect_rc 3 "a missing database next to reports is refused"
expect_err "move the old reports"
t_check "no new database was created" test ! -e tiacheck.db
mv reports "$T_DIR/old-reports"
tc --lang en run --no-mail
expect_rc 0 "with the old reports moved away the run starts over"
expect_out "run 1:"
t_end

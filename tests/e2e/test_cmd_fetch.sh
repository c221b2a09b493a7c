#!/bin/sh
# tiacheck fetch against real servers on 127.0.0.1: nginx (ETag/304, gzip, redirects)
# and the fault server (every way a fetch can go wrong). No failure may create a
# change; every failure is reported with its kind; the last good snapshot stands.
. "$TC_TOP/tests/e2e/lib.sh"

W=$T_DIR/work
PAGES=$T_DIR/pages
mkdir -p "$W/catalog/services" "$W/catalog/reference" "$PAGES"
cp "$TC_TOP"/catalog/reference/*.json "$W/catalog/reference/"
cp "$TC_TOP/catalog/organisation.json" "$W/catalog/"
cp "$TC_TOP/tests/fixtures/pages/acme-dpa-v1.html" "$PAGES/dpa.html"

"$PY" "$TC_TOP/tests/servers/faultserver.py" --root "$PAGES" --port-file "$T_DIR/http.port" \
	--lifetime 300 >"$T_DIR/http.log" 2>&1 &
HTTP_PID=$!
T_CLEANUP="kill $HTTP_PID 2>/dev/null; sh '$TC_TOP/tests/servers/nginx.sh' stop '$T_DIR/nginx' >/dev/null 2>&1;"
NGINX_PORT=$(sh "$TC_TOP/tests/servers/nginx.sh" start "$T_DIR/nginx" | head -n 1)
i=0; while [ ! -s "$T_DIR/http.port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
F=http://127.0.0.1:$(cat "$T_DIR/http.port")
N=http://127.0.0.1:$NGINX_PORT
t_check "servers listen" test -n "$NGINX_PORT" -a -s "$T_DIR/http.port"

# one service, one document per behaviour
docs=""
add() { docs="$docs{ \"id\": \"$1\", \"kind\": \"other\", \"url\": \"$2\" },"; }
add dpa "$F/pages/dpa.html"
add nginx "$N/page.html"
add nginx-301 "$N/moved-301"
add nginx-302 "$N/moved-302"
add gone "$N/gone"
add flaky "$F/flaky?key=e2e&fail=1"
add reset "$F/reset"
add slow "$F/slow-drip"
add notfound "$F/404"
add loop "$F/redirect-loop"
add tofile "$F/redirect-file"
add toftp "$F/redirect-ftp"
add endless "$F/endless"
add bomb "$F/bomb?mb=64"
add latin1 "$F/charset-latin1"
add challenge "$F/challenge"
add challenge200 "$F/challenge?code=200"
add empty "$F/empty"
add othersite "$F/redirect-other-site"
docs=${docs%,}
cat >"$W/catalog/services/vendor.json" <<JSON
{
  "id": "vendor", "name": "Vendor", "legal_entity": "Vendor AB", "country": "SE",
  "role": "processor", "purpose": { "sv": "Test.", "en": "Test." },
  "address": "Exempelgatan 1, 111 11 Stockholm", "categories": ["email"],
  "locations": [ { "country": "SE", "kinds": ["storage"] } ],
  "documents": [ $docs ]
}
JSON
cat >"$W/tiacheck.conf" <<CONF
fetch.retries = 2
fetch.retry_delay_ms = 100
fetch.timeout = 3
fetch.connect_timeout = 2
fetch.max_body = 2M
CONF
cd "$W" || exit 1
kind_of() { sqlite3 tiacheck.db "select f.kind from failures f join documents d on d.id=f.doc where d.doc='$1' order by f.id desc limit 1"; }

for round in 1 2; do
	tc fetch --json
	expect_rc 0 "fetch round $round (some documents fail, others do not)"
	t_check "fetch --json is valid JSON (round $round)" json_valid "$OUT"
	t_check "no change from any failure (round $round)" \
		test "$(sqlite3 tiacheck.db 'select count(*) from changes')" = 0
done
for spec in reset:connect slow:timeout notfound:http_404 gone:http_410 loop:too_many_redirects \
	tofile:redirect_scheme toftp:redirect_scheme endless:too_large bomb:too_large \
	challenge:challenge challenge200:challenge empty:empty othersite:redirect_other_site \
	flaky:too_small latin1:too_small; do
	doc=${spec%%:*}; want=${spec#*:}
	got=$(kind_of "$doc")
	t_check "$doc fails as $want (got '$got')" test "$got" = "$want"
done
for doc in dpa nginx nginx-301 nginx-302; do
	t_check "$doc has a snapshot" test "$(sqlite3 tiacheck.db "select count(*) from snapshots s join documents d on d.id=s.doc where d.doc='$doc'")" -ge 1
done
t_check "5xx then success: fetched after a retry (then too short to count)" \
	test "$(sqlite3 tiacheck.db "select count(*) from failures f join documents d on d.id=f.doc where d.doc='flaky' and f.kind like 'http_5%'")" = 0
t_check "conditional GET: nginx answered 304 the second time" \
	test "$(sqlite3 tiacheck.db "select not_modified from snapshots s join documents d on d.id=s.doc where d.doc='nginx' order by s.id desc limit 1")" = 1
t_check "conditional GET on the fault server's pages too" \
	test "$(sqlite3 tiacheck.db "select not_modified from snapshots s join documents d on d.id=s.doc where d.doc='dpa' order by s.id desc limit 1")" = 1
t_check "the final URL after a redirect is recorded" \
	test "$(sqlite3 tiacheck.db "select final_url from snapshots s join documents d on d.id=s.doc where d.doc='nginx-302' order by s.id limit 1")" = "$N/page.html"
t_check "gzip from nginx decoded (text extracted)" \
	contains "$("$TIACHECK" history --export --text "$(sqlite3 tiacheck.db "select s.id from snapshots s join documents d on d.id=s.doc where d.doc='nginx' order by s.id limit 1")" -)" 'Paragraph 40'
t_check "failures counted per document" \
	test "$(sqlite3 tiacheck.db "select fail_streak from documents where doc='notfound'")" = 2

tc --lang en fetch
expect_out "moved    vendor/nginx-301  now at $N/page.html"
expect_out "moved    vendor/notfound  gone"
expect_out "failed   vendor/challenge  blocked by a bot challenge"

# the last good snapshot stands when a page later fails
rm "$PAGES/dpa.html"
tc --lang en fetch vendor/dpa
expect_rc 3 "fetch of a document that now 404s (the only one asked)"
expect_out "failed   vendor/dpa  not found (HTTP 404)"
tc --lang en history vendor/dpa
expect_out "failing: 1 fetch(es) in a row"
expect_out "snapshot"
cp "$TC_TOP/tests/fixtures/pages/acme-dpa-v1.html" "$PAGES/dpa.html"
touch -d '2026-01-01' "$PAGES/dpa.html"
tc fetch vendor/dpa
expect_rc 0 "back again"
t_check "same page back: still no change" test "$(sqlite3 tiacheck.db 'select count(*) from changes')" = 0

# a real change is one change
cp "$TC_TOP/tests/fixtures/pages/acme-dpa-v2.html" "$PAGES/dpa.html"
tc --lang en fetch vendor/dpa
expect_out "changed  vendor/dpa"
t_check "one change" test "$(sqlite3 tiacheck.db 'select count(*) from changes')" = 1
tc fetch vendor/nosuch
expect_rc 2 "unknown document named"
expect_err "has no document 'nosuch'"
tc fetch --parallel 0
expect_rc 2 "bad --parallel"

# timings for the benchmark, only when asked for
TIACHECK_TIMINGS=1 tc fetch vendor/dpa
expect_rc 0 "fetch with TIACHECK_TIMINGS=1"
expect_err "tiacheck: timings: fetch_wall="
expect_err "store_writes=1 docs=1"
tc fetch vendor/dpa
t_check "no timings without TIACHECK_TIMINGS" sh -c '! grep -q timings "$1"' _ "$T_DIR/.err"

# a run lock that cannot be taken for another reason than another run: exit 3, not 4
mkdir -p "$T_DIR/lockdb/t.db.lock"
tc --db "$T_DIR/lockdb/t.db" fetch vendor/dpa
expect_rc 3 "a lock file that cannot be opened is a failure"
expect_err "cannot take the run lock"
t_check "no 'pid 0' in the lock message" sh -c '! grep -q "pid 0" "$1"' _ "$T_DIR/.err"
t_check "store integrity" test "$(sqlite3 tiacheck.db 'pragma integrity_check')" = ok
t_check "database is owner-only" test "$(stat -c %a tiacheck.db)" = 600
t_end

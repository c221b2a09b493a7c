#!/bin/sh
# The address policy holds for every command that fetches: `policy --check URL` on
# 127.0.0.1 (a URL the user names, so its own origin is allowed) must not follow a
# redirect to another loopback port, another loopback host, a private or link-local
# address, or another site, unless the catalogue names that exact origin. Each refusal
# is a `tiacheck:` message that names the refused URL, and the target sees no request.
. "$TC_TOP/tests/e2e/lib.sh"

FIX=$TC_TOP/tests/fixtures/policy
PAGES=$T_DIR/pages
mkdir -p "$PAGES"
cp "$FIX/seed-shaped.html" "$PAGES/policy.html"
unset TIACHECK_CATALOG TIACHECK_CONFIG

# two fault servers: A is the URL the user names, B is another port of the same host
for s in a b; do
	"$PY" "$TC_TOP/tests/servers/faultserver.py" --root "$PAGES" --port-file "$T_DIR/$s.port" \
		--lifetime 300 >"$T_DIR/$s.log" 2>&1 &
	eval "PID_$s=\$!"
done
T_CLEANUP="kill $PID_a $PID_b 2>/dev/null; wait $PID_a $PID_b 2>/dev/null;"
i=0; while { [ ! -s "$T_DIR/a.port" ] || [ ! -s "$T_DIR/b.port" ]; } && [ $i -lt 100 ]; do
	sleep 0.1; i=$((i + 1)); done
PA=$(cat "$T_DIR/a.port" 2>/dev/null); PB=$(cat "$T_DIR/b.port" 2>/dev/null)
if [ -z "$PA" ] || [ -z "$PB" ] || ! wait_port "$PA" || ! wait_port "$PB"; then
	t_fail "fault servers did not start"; t_end; exit 1
fi
A=http://127.0.0.1:$PA
B=http://127.0.0.1:$PB
# hits PORT TARGET: how many requests the server on PORT saw for TARGET (path?query)
hits() { "$PY" - "$1" "$2" <<'PY'
import sys, urllib.parse, urllib.request
q = urllib.parse.urlencode({"target": sys.argv[2]})
print(urllib.request.urlopen("http://127.0.0.1:%s/__stats?%s" % (sys.argv[1], q), timeout=5).read().decode())
PY
}
# redirect_to URL: a URL on A that redirects to URL
redirect_to() { printf '%s/redirect-to?url=%s' "$A" "$("$PY" -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1")"; }

CAT=$T_DIR/catalog
cp -R "$FIX/catalog" "$CAT"

# ---- what the user names is fetched, and redirects within its origin are followed ----
tc -q -C "$CAT" policy --check "$A/pages/policy.html"
expect_rc 1 "the named loopback URL is fetched and checked"
expect_out "Policyn nämner SendGrid"
tc -q -C "$CAT" policy --check "$(redirect_to "$A/pages/policy.html")"
expect_rc 1 "a redirect within the named origin is followed"

# ---- refused redirects: each names the URL it refused ----
refused() { # description, target URL, words the message must hold
	d=$1; target=$2; shift 2
	tc -q -C "$CAT" policy --check "$(redirect_to "$target")"
	expect_rc 3 "$d"
	expect_err "tiacheck: error: cannot read the policy '$A/redirect-to"
	expect_err "'$target'"
	for w in "$@"; do expect_err "$w"; done
}
refused "redirect to another port of the named loopback host" "$B/pages/policy.html?port" \
	"redirect_private" "loopback" "$B"
t_check "the other port saw no request" test "$(hits "$PB" "/pages/policy.html?port")" = 0
refused "redirect to another loopback host" "http://127.0.0.2:$PA/pages/policy.html" \
	"redirect_other_site" "a loopback address"
refused "redirect to localhost (another origin)" "http://localhost:$PA/pages/policy.html" \
	"redirect_other_site" "a loopback address"
refused "redirect to a private address" "http://10.1.2.3/policy.html" \
	"redirect_other_site" "a private address"
refused "redirect to cloud metadata" "http://169.254.169.254/latest/meta-data/" \
	"redirect_other_site" "a link-local address"
refused "redirect to another site" "https://www.example.com/policy.html" \
	"redirect_other_site" "another site"
refused "redirect to another scheme" "file:///etc/passwd" "redirect_scheme"
refused "redirect to https on the named port" "https://127.0.0.1:$PA/pages/policy.html" \
	"redirect_private"

# ---- a named URL on a private address is fetched only as named ----
tc -q -C "$CAT" policy --check "http://127.0.0.2:$PA/pages/policy.html"
expect_rc 3 "a named loopback URL that does not answer"
expect_err "tiacheck: error: cannot read the policy 'http://127.0.0.2:$PA/pages/policy.html'"
expect_err "connect"

# ---- the catalogue names the other origin: the redirect is followed ----
sed "s|https://www.brevo.com/legal/privacypolicy/|$B/pages/policy.html|" \
	"$FIX/catalog/services/brevo.json" >"$CAT/services/brevo.json"
tc -q -C "$CAT" policy --check "$(redirect_to "$B/pages/policy.html?named")"
expect_rc 1 "a redirect to an origin the catalogue names is followed"
t_check "the named origin was reached" test "$(hits "$PB" "/pages/policy.html?named")" = 1

t_end

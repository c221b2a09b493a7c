#!/bin/sh
# What the monitor decides for each document, run after run: the same bytes, other
# bytes with the same normalised text, whitespace-only differences and a failure in
# between are never changes; only a different text is, exactly once; a document that
# comes back after a failure is compared with its last good snapshot.
. "$TC_TOP/tests/e2e/lib.sh"

W=$T_DIR/work
P=$T_DIR/pages
mkdir -p "$W/catalog/services" "$W/catalog/reference" "$P"
cp "$TC_TOP"/catalog/reference/*.json "$W/catalog/reference/"
cp "$TC_TOP/catalog/organisation.json" "$W/catalog/"
"$PY" "$TC_TOP/tests/servers/faultserver.py" --root "$P" --port-file "$T_DIR/http.port" \
	--lifetime 300 >"$T_DIR/http.log" 2>&1 &
T_CLEANUP="kill $! 2>/dev/null;"
i=0; while [ ! -s "$T_DIR/http.port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
B=http://127.0.0.1:$(cat "$T_DIR/http.port")/pages

# page NAME BUILD TEXT: an HTML page whose visible text is TEXT and whose script name
# carries BUILD (a build hash: bytes differ, text does not)
page() {
	cat >"$P/$1.html" <<HTML
<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Terms of $1</title>
<script src="/static/app.$2.js"></script></head><body><main>
<h1>Data processing terms of $1</h1>
<p>$3</p>
<p>The processor stores personal data in Ireland and Germany and gives thirty days of notice before it engages a new sub-processor. The customer may object within that period.</p>
</main></body></html>
HTML
}
T1="We process customer data only on documented instructions from the customer."
T2="We process customer data only on documented instructions from the customer, and for billing."
for d in same bytes space changed fails; do page "$d" aaaa "$T1"; done
docs=""
for d in same bytes space changed fails; do
	docs="$docs{ \"id\": \"$d\", \"kind\": \"dpa\", \"url\": \"$B/$d.html\" },"
done
cat >"$W/catalog/services/v.json" <<JSON
{ "id": "v", "name": "Vendor", "legal_entity": "Vendor Ltd", "country": "IE",
  "role": "processor", "purpose": { "sv": "Test.", "en": "Test." },
  "address": "1 Example Street, Dublin", "categories": ["email"],
  "locations": [ { "country": "IE", "kinds": ["storage"] } ],
  "documents": [ ${docs%,} ] }
JSON
printf 'fetch.retries = 0\nfetch.timeout = 5\n' >"$W/tiacheck.conf"
cd "$W" || exit 1
outcome() { # DOC: the outcome of DOC in the last `fetch --json`
	printf '%s' "$OUT" | "$PY" -c 'import json,sys; d=json.load(sys.stdin)
print([x["outcome"] for x in d["documents"] if x["document"]==sys.argv[1]][0])' "$1"
}
nchanges() { sqlite3 tiacheck.db "select count(*) from changes c join documents d on d.id=c.doc where d.doc='$1'"; }
expect_outcome() { # DOC WANT
	got=$(outcome "$1")
	if [ "$got" = "$2" ]; then t_ok "$1: $2"; else t_fail "$1: outcome '$got', want '$2'"; fi
}

tc fetch --json
expect_rc 0 "round 1: every document is new"
for d in same bytes space changed fails; do expect_outcome "$d" new; done

# round 2: other bytes, same text; whitespace only; a real edit; a 404
page bytes bbbb "$T1"
sed 's|<p>We process| <p>\n\n   We   process|' "$P/space.html" >"$P/space.tmp" && mv "$P/space.tmp" "$P/space.html"
page changed aaaa "$T2"
rm "$P/fails.html"
tc fetch --json
expect_rc 0 "round 2"
expect_outcome same unchanged
expect_outcome bytes unchanged
expect_outcome space unchanged
expect_outcome changed changed
expect_outcome fails failed
t_case "round 2: changes in the store"
for d in same bytes space fails; do t_check "$d: no change recorded" test "$(nchanges "$d")" = 0; done
t_check "changed: exactly one change" test "$(nchanges changed)" = 1

# round 3: the failing page is back as it was; nothing else moves
page fails aaaa "$T1"
tc fetch --json
expect_rc 0 "round 3"
for d in same bytes space changed fails; do expect_outcome "$d" unchanged; done
t_case "round 3: no new change"
t_check "still one change in all" test "$(sqlite3 tiacheck.db 'select count(*) from changes')" = 1
t_case "round 3: each confirmation is a snapshot (written in one batch)"
for d in same bytes space changed; do
	t_check "$d: a snapshot of round 3" test "$(sqlite3 tiacheck.db "select count(*) from snapshots s
		join documents d on d.id=s.doc where d.doc='$d' and s.run=(select max(id) from runs)")" = 1
done

# round 4: the store refuses every new snapshot; the confirmations held for one
# batch are failures "store", nothing is half written, and the next run is whole
sqlite3 tiacheck.db "CREATE TRIGGER refuse BEFORE INSERT ON snapshots
	BEGIN SELECT RAISE(ABORT, 'disk is full (test)'); END;"
before=$(sqlite3 tiacheck.db 'select count(*) from snapshots')
tc fetch --json
expect_rc 3 "round 4: the store refuses the batch"
for d in same bytes space changed fails; do expect_outcome "$d" failed; done
expect_err "disk is full (test)"
t_case "round 4: nothing written"
t_check "no snapshot added" test "$(sqlite3 tiacheck.db 'select count(*) from snapshots')" = "$before"
sqlite3 tiacheck.db "DROP TRIGGER refuse;"
tc fetch --json
expect_rc 0 "round 5: the store takes snapshots again"
for d in same bytes space changed fails; do expect_outcome "$d" unchanged; done
t_end

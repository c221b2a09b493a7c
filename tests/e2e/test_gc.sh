#!/bin/sh
# Evidence over the years: `tiacheck history --export` gives back the exact bytes
# fetched (from the compressed store), and `tiacheck gc` applies store.keep: old
# confirmations fold into one snapshot per month, versions stay, the database shrinks.
. "$TC_TOP/tests/e2e/lib.sh"

W=$T_DIR/work
PAGES=$T_DIR/pages
mkdir -p "$W/catalog/services" "$W/catalog/reference" "$PAGES"
cp "$TC_TOP"/catalog/reference/*.json "$W/catalog/reference/"
cp "$TC_TOP/catalog/organisation.json" "$W/catalog/"
cp "$TC_TOP/tests/fixtures/pages/acme-dpa-v1.html" "$PAGES/dpa.html"
"$PY" "$TC_TOP/tests/servers/faultserver.py" --root "$PAGES" --port-file "$T_DIR/http.port" \
	--lifetime 300 >"$T_DIR/http.log" 2>&1 &
T_CLEANUP="kill $! 2>/dev/null;"
i=0; while [ ! -s "$T_DIR/http.port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
U=http://127.0.0.1:$(cat "$T_DIR/http.port")/pages
cat >"$W/catalog/services/vendor.json" <<JSON
{
  "id": "vendor", "name": "Vendor", "legal_entity": "Vendor AB", "country": "SE",
  "role": "processor", "purpose": { "sv": "Test.", "en": "Test." },
  "address": "Exempelgatan 1, 111 11 Stockholm", "categories": ["email"],
  "locations": [ { "country": "SE", "kinds": ["storage"] } ],
  "documents": [ { "id": "dpa", "kind": "dpa", "url": "$U/dpa.html" } ]
}
JSON
cd "$W" || exit 1
q() { sqlite3 tiacheck.db "$1"; }

# six weekly fetches of the same page, then a changed one
for n in 1 2 3 4 5 6; do "$TIACHECK" fetch >/dev/null 2>&1; done
cp "$TC_TOP/tests/fixtures/pages/acme-dpa-v2.html" "$PAGES/dpa.html"
tc fetch
expect_rc 0 "fetch of the changed page"
t_check "seven snapshots, one change" test "$(q 'select count(*) from snapshots')/$(q 'select count(*) from changes')" = 7/1
t_check "bodies are stored compressed" test "$(q 'select count(*) from blobs where codec = 1')" -ge 1

tc history --export 7 "$T_DIR/v2.html"
expect_rc 0 "history --export of the newest snapshot"
t_check "the export is the exact bytes fetched" cmp -s "$T_DIR/v2.html" "$TC_TOP/tests/fixtures/pages/acme-dpa-v2.html"
tc history --export 1 -
expect_rc 0 "history --export to standard output"
t_check "the first snapshot is the first version" test "$OUT" = "$(cat "$TC_TOP/tests/fixtures/pages/acme-dpa-v1.html")"
tc history --export --text 7 -
expect_rc 0 "history --export --text"
expect_out "Data Processing Addendum"
tc history --export 99 "$T_DIR/none"
expect_rc 3 "history --export of a snapshot that does not exist"
expect_err "there is no snapshot 99"
tc history --export 7
expect_rc 2 "history --export without FILE"
tc history --text vendor/dpa
expect_rc 2 "history --text without --export"

# the six fetches of the first version happened long ago, weekly from 5 January
q "update snapshots set fetched_at = date('2026-01-05', '+' || (7 * (id - 1)) || ' days') || 'T06:00:00Z' where id <= 5;
   update snapshots set fetched_at = '2026-02-09T06:00:00Z' where id = 6;"
tc --lang en gc
expect_rc 0 "gc with the default store.keep (all)"
expect_out "every snapshot kept"
expect_out "database size before:"
t_check "nothing folded" test "$(q 'select count(*) from snapshots')" = 7
tc gc --keep monthly
expect_rc 2 "gc with a bad policy"
expect_err "store.keep 'monthly' is neither"
echo "store.keep = changes+monthly:4" >tiacheck.conf
tc --lang en gc
expect_rc 0 "gc with store.keep = changes+monthly:4"
expect_out "2 confirmation(s) older than 4 weeks folded"
expect_out "database size after:"
before=$(echo "$OUT" | sed -n 's/^database size before: \([0-9]*\) bytes.*/\1/p')
after=$(echo "$OUT" | sed -n 's/^database size after: *\([0-9]*\) bytes.*/\1/p')
t_check "size before and after are printed ($before, $after)" test -n "$before" -a -n "$after"
t_check "January folded into its first confirmation" test "$(q 'select group_concat(id) from snapshots')" = "1,2,5,6,7"
t_check "which counts the fetches it stands for" test "$(q 'select confirmations from snapshots where id = 2')" = 2
tc history --json vendor/dpa
expect_rc 0 "history --json after gc"
expect_out '"confirmations_folded":	2'
t_check "store integrity after gc" test "$(q 'pragma integrity_check')" = ok
tc history --export 6 "$T_DIR/v1.html"
expect_rc 0 "the version before the change is still exported"
t_check "with its exact bytes" cmp -s "$T_DIR/v1.html" "$TC_TOP/tests/fixtures/pages/acme-dpa-v1.html"
tc history --export 3 -
expect_rc 3 "a folded confirmation is gone"
t_end

#!/bin/sh
# tiacheck init: scaffolds a catalogue that passes check, copies the shipped reference
# data byte for byte, writes a config the loader accepts, refuses to overwrite.
. "$TC_TOP/tests/e2e/lib.sh"
export TIACHECK_NOW=2026-11-25T06:00:00Z
cd "$T_DIR" || exit 1

tc --lang en init --name "Acme AB"
expect_rc 0 "init"
expect_out "created ./catalog/organisation.json"
expect_out "created ./tiacheck.conf"
expect_err "next: edit"
for f in catalog/organisation.json catalog/services/example.json \
	catalog/reference/countries.json catalog/reference/categories.json tiacheck.conf; do
	t_check "$f created" test -s "$f"
done
for f in "$TC_TOP"/catalog/reference/*.json; do
	f=$(basename "$f")
	t_check "reference/$f is the shipped one" \
		cmp -s "catalog/reference/$f" "$TC_TOP/catalog/reference/$f"
done
t_check "database created" test -s tiacheck.db
t_check "database is owner-only" test "$(stat -c %a tiacheck.db)" = 600
t_check "config is owner-only" test "$(stat -c %a tiacheck.conf)" = 600
t_check "organisation name" grep -q '"name":	"Acme AB"' catalog/organisation.json

tc --lang en check
expect_rc 0 "the scaffold passes check (and its tiacheck.conf loads)"
expect_out "catalog: 1 service, 0 errors, 0 warnings"
tc --lang en flows
expect_rc 0 "flows on the scaffold"
expect_out "example"

sum=$(md5sum catalog/organisation.json)
echo '{"changed": true}' >catalog/services/example.json
tc init
expect_rc 3 "init refuses to overwrite"
expect_err "'./catalog/organisation.json' exists; not overwriting it (use --force)"
t_check "files untouched" test "$(md5sum catalog/organisation.json)" = "$sum"
t_check "example untouched" grep -q changed catalog/services/example.json

tc -q init --force
expect_rc 0 "init --force"
t_check "example restored" grep -q '"id": "example"' catalog/services/example.json
t_check "no temporary files" sh -c "! find . -name '*.tmp.*' | grep -q ."

tc init other
expect_rc 0 "init DIR"
t_check "DIR/catalog created" test -s other/catalog/services/example.json
t_check "DIR/tiacheck.conf created" test -s other/tiacheck.conf

tc init a b
expect_rc 2 "init with two directories"
tc init --bogus
expect_rc 2 "init unknown option"
expect_err "tiacheck: init: unknown or ambiguous option '--bogus'"
tc init --name
expect_rc 2 "init --name without a name"
expect_err "tiacheck: init: option '--name' needs a value (NAME)"
tc init --help
expect_rc 0 "init --help"
expect_out "usage: tiacheck init"
t_end

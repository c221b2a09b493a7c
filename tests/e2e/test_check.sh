#!/bin/sh
# tiacheck check: the shipped catalogue is valid; a broken one lists every problem as
# file:line:col, exits 1 and writes nothing; --json, --strict, usage errors.
. "$TC_TOP/tests/e2e/lib.sh"
export TIACHECK_NOW=2026-11-25T06:00:00Z
cd "$T_DIR" || exit 1
cp -R "$TC_TOP/catalog" catalog

tc check
expect_rc 0 "shipped catalogue is valid"
expect_out "catalog: 10 services, 0 errors, 1 warning"
expect_err "catalog/organisation.json:13:22: warning: the list was last reviewed 909 days ago"

tc check --strict
expect_rc 1 "--strict fails on the warning"

tc check --json
expect_rc 0 "check --json"
t_check "check --json is valid JSON" json_valid "$OUT"
expect_out '"ok":	true'
expect_out '"services":	10'
t_check "check --json prints nothing on stderr" test -z "$ERR"

tc -q check
expect_rc 0 "check -q"
t_check "quiet: no warnings, no summary" test -z "$OUT$ERR"

# a broken catalogue: several problems in several files
cp -R "$TC_TOP/catalog" bad
"$PY" - <<'PYEOF'
import json
p = "bad/services/hubspot.json"
d = json.load(open(p))
d["purpse"] = "typo"
d["locations"].append({"country": "IN", "kinds": ["support"]})
open(p, "w").write(json.dumps(d, indent=2, ensure_ascii=False) + "\n")
p = "bad/services/younium.json"
d = json.load(open(p))
del d["personnummer_justification"]
open(p, "w").write(json.dumps(d, indent=2, ensure_ascii=False) + "\n")
open("bad/services/brevo.json", "a").write("}\n")
PYEOF
before=$(find bad -type f | sort | xargs md5sum; ls -a)
tc -C bad check
expect_rc 1 "broken catalogue"
expect_err "bad/services/hubspot.json:"
expect_err "unknown field 'purpse'; did you mean 'purpose'?"
expect_err "data in India (IN) leaves the EU/EEA but no transfer mechanism is recorded for IN"
expect_err "bad/services/younium.json:"
expect_err "'personnummer' is a national identification number"
expect_err "bad/services/brevo.json:"
expect_err "JSON syntax error"
expect_err "tiacheck: error: the catalogue 'bad' has 4 errors"
t_check "hubspot typo reported at its key" sh -c "grep -q 'hubspot.json:[0-9]*:3: error: unknown field' '$T_DIR/.err'"
after=$(find bad -type f | sort | xargs md5sum; ls -a)
t_check "check writes nothing" test "$before" = "$after"
t_check "no database created" test ! -e tiacheck.db

tc -C bad check --json
expect_rc 1 "broken catalogue --json"
t_check "broken --json is valid JSON" json_valid "$OUT"
t_check "--json lists 4 errors with positions" sh -c "printf '%s' \"\$1\" | $PY -c '
import json, sys
d = json.load(sys.stdin)
assert d[\"ok\"] is False and d[\"errors\"] == 4, d
for g in d[\"diagnostics\"]:
    assert g[\"line\"] >= 1 and g[\"col\"] >= 1 and g[\"level\"] in (\"error\", \"warning\"), g
'" _ "$OUT"

# messages from the catalogue cannot drive the terminal
mkdir -p esc/services esc/reference
cp catalog/reference/*.json esc/reference/
cp catalog/organisation.json esc/
printf '{"id": "x", "\033[31mred": 1}\n' >esc/services/x.json
tc -C esc check
expect_rc 1 "control characters in a key"
t_check "no raw ESC on stderr" sh -c "! grep -q \"$(printf '\033')\" '$T_DIR/.err'"

tc -C nowhere check
expect_rc 3 "missing catalogue"
expect_err "cannot read catalogue 'nowhere'"

tc check extra
expect_rc 2 "unexpected argument"
expect_err "tiacheck: check: unexpected argument 'extra'"
tc check --bogus
expect_rc 2 "unknown option"
expect_err "tiacheck: check: unknown or ambiguous option '--bogus'"
tc check --help
expect_rc 0 "check --help"
expect_out "usage: tiacheck check"
expect_out "--strict"
t_end

#!/bin/sh
# Catalogue input that JSON allows but tiacheck must refuse: a NUL (\u0000) in a string
# (issue 11, defect 8: cJSON ends the C string there, so the rest of the text was lost
# without a word). Every command that loads the catalogue refuses it with file:line:col.
. "$TC_TOP/tests/e2e/lib.sh"
export TIACHECK_NOW=2026-11-25T06:00:00Z
cd "$T_DIR" || exit 1

# Put "\u0000" into string values of a service and of the reference data; print where
# each one stands as FILE:LINE:COL (columns count characters, as tiacheck's do).
cp -R "$TC_TOP/catalog" bad
where=$("$PY" - <<'PYEOF'
import json
def plant(path, edit):
    d = json.load(open(path, encoding="utf-8"))
    edit(d)
    text = json.dumps(d, indent=2, ensure_ascii=False) + "\n"
    open(path, "w", encoding="utf-8").write(text)
    for n, line in enumerate(text.split("\n"), 1):
        if "\\u0000" in line:
            print("%s:%d:%d" % (path, n, line.index("\\u0000") + 1))
            return
def svc(d):
    d["name"] = "HubSpot\u0000 (and a hidden tail)"
plant("bad/services/hubspot.json", svc)
PYEOF
)
t_case "the planted NUL is in the file"
t_check "one NUL planted ($where)" test -n "$where"

before=$(find bad -type f | sort | xargs md5sum)
tc -C bad check
expect_rc 1 "check refuses a NUL in a catalogue string"
expect_err "$where: error: a string may not contain \\u0000 (a NUL character)"
expect_err "tiacheck: error: the catalogue 'bad' has 1 error"
after=$(find bad -type f | sort | xargs md5sum)
t_check "check writes nothing" test "$before" = "$after"

tc -C bad check --json
expect_rc 1 "check --json refuses it too"
t_check "check --json is valid JSON" json_valid "$OUT"
expect_out "u0000"

tc -C bad flows
t_check "flows does not run on the truncated name (exit $RC)" test "$RC" -ne 0
expect_err "$where: error: a string may not contain"

# the same in the reference data, which the catalogue loader reads first
cp -R "$TC_TOP/catalog" badref
"$PY" - <<'PYEOF'
import json
p = "badref/reference/countries.json"
d = json.load(open(p, encoding="utf-8"))
d["countries"][0]["en"] = "Andorra\u0000X"
open(p, "w", encoding="utf-8").write(json.dumps(d, indent=2, ensure_ascii=False) + "\n")
PYEOF
tc -C badref check
expect_rc 1 "check refuses a NUL in the reference data"
expect_err "countries.json:"
expect_err "a string may not contain \\u0000"

# \u0001 and other escaped controls are not NUL: the catalogue still loads
cp -R "$TC_TOP/catalog" ctl
"$PY" - <<'PYEOF'
import json
p = "ctl/services/hubspot.json"
d = json.load(open(p, encoding="utf-8"))
d["purpose"]["en"] = d["purpose"]["en"] + "\u00e5"
open(p, "w", encoding="utf-8").write(json.dumps(d, indent=2, ensure_ascii=True) + "\n")
PYEOF
tc -C ctl check
expect_rc 0 "an escaped non-NUL character (\\u00e5) is fine"

t_end

#!/bin/sh
# make demo (scripts/demo.sh) end to end: three weekly runs against the simulated vendor
# web and the SMTP sink on 127.0.0.1; checks what the demo promises to show.
. "$TC_TOP/tests/e2e/lib.sh"

D=$T_DIR/demo
run env DEMO_DIR="$D" TIACHECK="$TIACHECK" sh "$TC_TOP/scripts/demo.sh"
expect_rc 0 "make demo's script"
# the demo's organisation writes Swedish: the runs' summaries are in Swedish
expect_out "körning 1: 6 dokument: 6 nya"
expect_out "körning 2: 6 dokument: 0 nya, 2 oförändrade, 2 ändrade, 2 misslyckade"
expect_out "körning 3: 6 dokument: 0 nya, 6 oförändrade, 0 ändrade, 0 misslyckade"
expect_out "E-mails:  1 in"

R2=$D/work/reports/tiacheck-2026-11-09-run2.json
t_case "week 2 report"
t_check "week 2 report written" test -s "$R2"
q() { "$PY" -c "import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if ($1) else 1)" "$R2"; }
t_check "the new sub-processor in India is a finding" \
	q "any(f['kind']=='subprocessor_added' and 'IN' in (f.get('countries_after') or []) for c in r['changes'] for f in c.get('findings',[]))"
t_check "the changed transfer clause is a change of Lönebro's DPA" \
	q "any(c['service']=='lonebro' and c['document']=='dpa' for c in r['changes'])"
t_check "the cookie-banner and build-hash change is not a change" \
	q "not any(c['service']=='nordstat' for c in r['changes'])"
t_check "the 503 and the challenge are failures" \
	q "sorted(f['kind'] for f in r['failures'])==['challenge','http_503']"
t_case "the alert e-mail"
t_check "one e-mail saved" test "$(ls "$D"/mail/*.eml | wc -l)" = 1
t_check "its subject names the changed vendors" grep -q "Kundkort CRM" "$D/mail/msg-1.json"
t_check "it carries the diff of the sub-processor list" grep -q "Vantage Support Services" "$D/mail/msg-1.eml"
t_end

#!/bin/sh
# make demo: tiacheck's weekly job, shown offline. A small simulated vendor web (four
# fictional vendors of a fictional Swedish bike shop, pages written for this demo) is
# served on 127.0.0.1, an SMTP sink on 127.0.0.1 saves every alert as an .eml file, and
# three weekly runs follow each other:
#   week 1  the baseline: every page is new;
#   week 2  a new sub-processor in India, a transfer clause changed (support from the
#           Philippines), a cookie-banner and build-hash change (noise), a 503 and a
#           bot-challenge page (fetch failures, never changes);
#   week 3  nothing changed; the failing pages are back.
# Both servers stop by themselves (at the end, or after two minutes at the latest).
# Output: build/demo/ (DEMO_DIR to change it).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
demo=$top/scripts/demo
out=${DEMO_DIR:-$top/build/demo}
bin=${TIACHECK:-$top/tiacheck}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

rm -rf "$out"
mkdir -p "$out/web" "$out/mail" "$out/work/catalog/services" "$out/work/catalog/reference"
cp -R "$demo/web/." "$out/web/"
echo 1 >"$out/web/current-week"

pids=""
cleanup() { for p in $pids; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_file() { # FILE: until it is non-empty (at most ~10 s)
	i=0
	while [ ! -s "$1" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	[ -s "$1" ] || { echo "tiacheck: demo: a test server did not start (see $out/*.log)" >&2; exit 3; }
}
"$PY" "$demo/vendorweb.py" --root "$out/web" --port-file "$out/web.port" --lifetime 120 \
	>"$out/web.log" 2>&1 &
pids="$pids $!"
"$PY" "$top/tests/servers/smtpserver.py" --port-file "$out/smtp.port" --dir "$out/mail" \
	--lifetime 120 >"$out/smtp.log" 2>&1 &
pids="$pids $!"
wait_file "$out/web.port"
wait_file "$out/smtp.port"
base=http://127.0.0.1:$(cat "$out/web.port")

cp "$top"/catalog/reference/*.json "$out/work/catalog/reference/"
cp "$demo/catalog/organisation.json" "$out/work/catalog/"
for f in "$demo"/catalog/services/*.json; do
	sed "s|@BASE@|$base|g" "$f" >"$out/work/catalog/services/$(basename "$f")"
done
cat >"$out/work/tiacheck.conf" <<CONF
# tiacheck demo configuration (written by scripts/demo.sh)
db = tiacheck.db
reports_dir = reports
fetch.retries = 0
fetch.timeout = 5
fetch.connect_timeout = 2
smtp.url = smtp://127.0.0.1:$(cat "$out/smtp.port")
smtp.starttls = off
smtp.from = tiacheck@norrskencykel.example
smtp.to = dataskydd@norrskencykel.example
smtp.timeout = 5
CONF

cd "$out/work"
week=1
for day in 2026-11-02 2026-11-09 2026-11-16; do
	echo "$week" >"$out/web/current-week"
	echo
	echo "== week $week ($day): tiacheck run"
	rc=0
	TIACHECK_NOW="${day}T06:00:00Z" "$bin" run || rc=$?
	# 0: nothing needs attention; 1: something does (the demo's point); else a failure.
	[ "$rc" -le 1 ] || { echo "tiacheck: demo: week $week: tiacheck run exited $rc" >&2; exit "$rc"; }
	week=$((week + 1))
done

echo
echo "Reports:  $out/work/reports/ (latest: $out/work/reports/latest.html)"
n=$(ls "$out"/mail/*.eml 2>/dev/null | wc -l)
echo "E-mails:  $n in $out/mail/"
for m in "$out"/mail/*.json; do
	[ -f "$m" ] || continue
	"$PY" -c 'import json,sys; print("  " + sys.argv[2] + ": " + json.load(open(sys.argv[1]))["subject"])' \
		"$m" "$(basename "$m" .json).eml"
done
echo "Try:      cd $out/work && $bin history kundkort && $bin flows"
# the review loop: the open items of the last report, and the command that settles each
"$PY" - "$out/work/reports/latest.json" "$bin" <<'PYEOF'
import json, sys
r = json.load(open(sys.argv[1]))
items = [i for i in r.get("items", []) if i["state"] == "open" and not i.get("covered")]
if items:
    print("Decide:   %d open item(s) in the report's action list, e.g.:" % len(items))
    for i in items[:3]:
        msg = (i.get("message") or {}).get("en") or i["kind"]
        cmd = i["actions"][0].replace("tiacheck ", sys.argv[2] + " ", 1)
        if cmd.endswith(" adopt " + i["id"]):
            cmd += " --mechanism scc --dry-run"
        cmd = cmd.replace(" TEXT", ' "what you decided"').replace(" HOW", ' "when and how"')
        print("  %s (%s): %s\n    %s" % (i["id"], i["severity"], msg, cmd))
PYEOF

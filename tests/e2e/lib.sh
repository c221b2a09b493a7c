# Shared helpers for end-to-end tests (sourced). Each test runs the real binary in a
# scratch directory, checks stdout, stderr and the exit code, and ends with t_end.
# Env from tests/run.sh: TIACHECK (binary), TC_TOP (source tree).
set -u
: "${TC_TOP:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${TIACHECK:=$TC_TOP/tiacheck}"
T_NAME=$(basename "$0" .sh)
T_PASS=0
T_FAIL=0
T_DIR=$(mktemp -d "${TMPDIR:-/tmp}/tc-$T_NAME.XXXXXX")
T_CLEANUP=""
t_cleanup() { eval "$T_CLEANUP"; rm -rf "$T_DIR"; }
trap t_cleanup EXIT
trap 'exit 130' INT TERM
export NO_COLOR=1
# Python with Debian's modules (aiosmtpd); a pyenv shim may shadow it on PATH.
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

# Results count cases, not assertions: a case is one command run (run/tc) with the
# checks that follow it, up to the next run or t_case; it passes when all its checks do.
T_CASE_OPEN=0
T_CASE_BAD=0
T_CHECKS=0
t_case_close() {
	[ "$T_CASE_OPEN" = 1 ] || return 0
	if [ "$T_CASE_BAD" = 1 ]; then T_FAIL=$((T_FAIL + 1)); else T_PASS=$((T_PASS + 1)); fi
	T_CASE_OPEN=0; T_CASE_BAD=0
}
t_case() { t_case_close; T_CASE_OPEN=1; echo "case - $*"; } # start a named case
t_ok()   { T_CASE_OPEN=1; T_CHECKS=$((T_CHECKS + 1)); echo "ok - $1"; }
t_fail() { T_CASE_OPEN=1; T_CASE_BAD=1; T_CHECKS=$((T_CHECKS + 1)); echo "FAIL $T_NAME: $1"; }
t_check() { # description, then a command: passes when it succeeds
	d=$1; shift
	if "$@"; then t_ok "$d"; else t_fail "$d"; fi
}
# run CMD...: runs it, leaves $OUT, $ERR (file contents) and $RC
run() {
	t_case_close
	"$@" >"$T_DIR/.out" 2>"$T_DIR/.err"
	RC=$?
	OUT=$(cat "$T_DIR/.out")
	ERR=$(cat "$T_DIR/.err")
}
tc() { run "$TIACHECK" "$@"; }
expect_rc() { # want description
	if [ "$RC" -eq "$1" ]; then t_ok "$2 (exit $1)"; else
		t_fail "$2: exit $RC, want $1"; echo "  stdout: $(echo "$OUT" | head -c 600)"
		echo "  stderr: $(echo "$ERR" | head -c 600)"; fi
}
contains() { case "$1" in *"$2"*) return 0 ;; *) return 1 ;; esac; }
expect_out() { if contains "$OUT" "$1"; then t_ok "stdout has '$1'"; else
	t_fail "stdout lacks '$1'"; echo "  stdout: $(echo "$OUT" | head -c 1500)"; fi; }
expect_err() { if contains "$ERR" "$1"; then t_ok "stderr has '$1'"; else
	t_fail "stderr lacks '$1'"; echo "  stderr: $(echo "$ERR" | head -c 1500)"; fi; }
expect_no_out() { if contains "$OUT" "$1"; then t_fail "stdout has '$1'"; else
	t_ok "stdout lacks '$1'"; fi; }
json_valid() { printf '%s' "$1" | "$PY" -c 'import json,sys; json.load(sys.stdin)' 2>/dev/null; }
# free_port: a TCP port on 127.0.0.1 that nothing listens on now
free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
# wait_port PORT: until something listens (at most ~10 s)
wait_port() {
	i=0
	while [ $i -lt 100 ]; do
		"$PY" -c "import socket,sys; s=socket.socket(); s.settimeout(0.2); sys.exit(s.connect_ex(('127.0.0.1',$1)))" && return 0
		sleep 0.1; i=$((i + 1))
	done
	return 1
}
t_end() {
	t_case_close
	echo "$T_NAME: $T_CHECKS checks in $((T_PASS + T_FAIL)) cases"
	echo "$T_NAME: $T_PASS passed, $T_FAIL failed"; [ "$T_FAIL" -eq 0 ]
}

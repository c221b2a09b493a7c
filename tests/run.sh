#!/bin/sh
# Runs every unit test binary and every end-to-end script, and ends with the total
# "N passed, N failed". Each program prints its own "NAME: N passed, N failed" last;
# a program that dies before that line counts as one failure.
# Env: TIACHECK (binary), BUILD (build dir), VALGRIND=1 (run units under valgrind),
#      TESTS="pattern" (only run tests whose file name contains it).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
: "${BUILD:=build/default}"
: "${TIACHECK:=$top/tiacheck}"
export TIACHECK TC_TOP="$top"
total_p=0
total_f=0
failed_names=""
logdir=$(mktemp -d "${TMPDIR:-/tmp}/tiacheck-tests.XXXXXX")

tally() { # name logfile rc
	line=$(grep -E '^[A-Za-z0-9_./-]+: [0-9]+ passed, [0-9]+ failed$' "$2" | tail -n 1)
	if [ -z "$line" ]; then
		p=0; f=1
		echo "FAIL $1: ended (exit $3) without a summary line"
	else
		p=$(echo "$line" | sed 's/.*: \([0-9]*\) passed.*/\1/')
		f=$(echo "$line" | sed 's/.* \([0-9]*\) failed$/\1/')
		if [ "$3" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; echo "FAIL $1: exit $3"; fi
	fi
	total_p=$((total_p + p)); total_f=$((total_f + f))
	[ "$f" -gt 0 ] && failed_names="$failed_names $1"
	grep -E '^(FAIL|not ok)' "$2" | head -n 40
	printf '%-40s %s\n' "$1" "${line:-no summary}"
}

for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	case "$name" in *"${TESTS:-}"*) ;; *) continue ;; esac
	if [ "${VALGRIND:-0}" = 1 ]; then
		valgrind -q --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99 \
			"$t" >"$logdir/$name.log" 2>&1
	else
		"$t" >"$logdir/$name.log" 2>&1
	fi
	tally "$name" "$logdir/$name.log" $?
done

for t in tests/e2e/test_*.sh; do
	[ -f "$t" ] || continue
	name=$(basename "$t" .sh)
	case "$name" in *"${TESTS:-}"*) ;; *) continue ;; esac
	timeout 600 sh "$t" >"$logdir/$name.log" 2>&1
	tally "$name" "$logdir/$name.log" $?
done

echo "logs: $logdir"
[ -n "$failed_names" ] && echo "failing:$failed_names"
echo "$total_p passed, $total_f failed"
[ "$total_f" -eq 0 ]

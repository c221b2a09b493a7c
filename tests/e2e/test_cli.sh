#!/bin/sh
# The command line: help and usage for every command, exit codes for misuse, and
# `tiacheck extract` on pages we wrote (HTML, PDF, challenge, consent wall, XPath).
. "$TC_TOP/tests/e2e/lib.sh"
FX=$TC_TOP/tests/fixtures/extract

tc --help
expect_rc 0 "--help"
expect_out "Exit codes:"
t_check "help on stdout, nothing on stderr" test -z "$ERR"
tc --version
expect_rc 0 "--version"
expect_out "tiacheck 0."
tc
expect_rc 2 "no command"
tc nosuch
expect_rc 2 "unknown command"
expect_err "tiacheck: error: 'nosuch' is not a tiacheck command"
tc --lang de check
expect_rc 2 "bad --lang"
tc --help
t_check "--help lines fit 79 columns" sh -c '! printf "%s\n" "$1" | grep -q "^.\{80\}"' _ "$OUT"

# Every command's help is generated from its entry and describes every option it
# accepts; `help --lint` fails on an option without help, a command without summary,
# synopsis, description or exit codes.
tc help --lint
expect_rc 0 "help --lint: every command entry is complete"
tc help --commands
expect_rc 0 "help --commands"
CMDS=$OUT
t_check "help --commands lists the 18 commands" test "$(echo "$CMDS" | wc -l)" -eq 18
for cmd in $CMDS; do
	tc help --options "$cmd"
	opts=$OUT
	tc "$cmd" --help
	t_check "$cmd --help exits 0 with the help on stdout only" \
		test "$RC" -eq 0 -a -z "$ERR" -a -n "$OUT"
	expect_out "usage: tiacheck $cmd"
	expect_out "Exit codes:"
	for o in $opts; do
		contains "$OUT" "$o" || t_fail "$cmd --help does not describe $o"
	done
	t_check "$cmd --help lines fit 79 columns" sh -c '! printf "%s\n" "$1" | grep -q "^.\{80\}"' _ "$OUT"
	help_out=$OUT
	tc help "$cmd"
	t_check "help $cmd is $cmd --help" test "$RC" -eq 0 -a "$OUT" = "$help_out"
	tc "$cmd" --no-such-option
	t_check "$cmd: an unknown option is a usage error (exit $RC)" test "$RC" -eq 2 -a -z "$OUT"
	expect_err "tiacheck: $cmd: "
	expect_err "Try 'tiacheck help $cmd'."
done

tc help nosuch
expect_rc 2 "help for an unknown command"
expect_err "tiacheck: help: unknown command 'nosuch'"
tc diff --from
expect_rc 2 "an option without its value"
expect_err "tiacheck: diff: option '--from' needs a value (SNAP)"
tc check --json=yes
expect_rc 2 "a value for an option that takes none"
expect_err "tiacheck: check: option '--json' takes no value"
tc ack -z 1
expect_rc 2 "an unknown short option"
expect_err "tiacheck: ack: unknown option '-z'"
tc --no-such-global
expect_rc 2 "an unknown global option"
expect_err "Try 'tiacheck --help'."
tc -C
expect_rc 2 "a global option without its value"
expect_err "tiacheck: option '--catalog' needs a value (DIR)"
tc version extra
expect_rc 2 "version takes no argument"

# The man page is generated from the same entries.
tc help --man
expect_rc 0 "help --man"
t_check "doc/tiacheck.1 is up to date (./tiacheck help --man > doc/tiacheck.1)" \
	test "$OUT" = "$(cat "$TC_TOP/doc/tiacheck.1")"
expect_out ".SH COMMANDS"
expect_out ".SH EXIT STATUS"

# extract
tc extract "$FX/dpa_page.html"
expect_rc 0 "extract an HTML page"
expect_out "# "
t_check "no script or cookie banner text" sh -c '! printf "%s" "$1" | grep -qi "accept all cookies"' _ "$OUT"
tc extract --json "$FX/dpa_page.html"
t_check "extract --json is valid" json_valid "$OUT"
tc extract "$FX/subprocessors.pdf"
expect_rc 0 "extract a PDF"
expect_out "| --- |"
tc extract "$FX/challenge_cloudflare.html"
expect_rc 1 "a challenge page is a failed extraction"
tc extract "$FX/consent_wall.html"
expect_rc 1 "a consent wall is a failed extraction"
tc extract "$FX/empty.html"
expect_rc 1 "an empty page"
tc extract --select '//section[@id="no-such-id"]' "$FX/dpa_page.html"
expect_rc 1 "a select rule that matches nothing"
tc extract --select '//[' "$FX/dpa_page.html"
expect_rc 2 "a malformed XPath"
tc extract "$T_DIR/missing.html"
expect_rc 3 "a file that does not exist"
expect_err "missing.html"
printf '<html><body><main><h1>T</h1><p>%s \033[31m red \033]0;title\007</p></main></body></html>' \
	"$(head -c 400 /dev/zero | tr '\0' 'a')" >"$T_DIR/esc.html"
tc extract "$T_DIR/esc.html"
t_check "no raw ESC in extracted text" sh -c '! printf "%s" "$1" | grep -q "$(printf "\033")"' _ "$OUT"
t_end

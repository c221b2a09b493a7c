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
for cmd in init check flows tia policy fetch extract diff history ack reextract run report mail help version; do
	tc help "$cmd"
	t_check "help $cmd" test "$RC" -eq 0 -a -n "$OUT"
	tc "$cmd" --help
	t_check "$cmd --help" test "$RC" -eq 0 -a -n "$OUT"
done
tc help nosuch
expect_rc 2 "help for an unknown command"
for cmd in check flows tia fetch diff history ack run report mail extract; do
	tc "$cmd" --no-such-option
	t_check "$cmd: unknown option is a usage error (exit $RC)" test "$RC" -eq 2
done

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

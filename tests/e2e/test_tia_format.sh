#!/bin/sh
# tiacheck tia --format: the same records as a Markdown (default), HTML or plain-text
# document, on stdout or written with -o; a bad kind, or --format with --json, is a
# usage error.
. "$TC_TOP/tests/e2e/lib.sh"
export TIACHECK_NOW=2026-11-25T06:00:00Z
cd "$T_DIR" || exit 1
cp -R "$TC_TOP/catalog" catalog

tc -q tia
md=$OUT
tc -q tia --format md
expect_rc 0 "tia --format md"
t_check "--format md is the default document" test "$OUT" = "$md"

tc -q tia --format html --lang en
expect_rc 0 "tia --format html"
expect_out "<!DOCTYPE html>"
expect_out "<html lang=\"en\">"
expect_out "Transfer-impact assessment"

tc -q tia --format text
expect_rc 0 "tia --format text"
expect_out "Konsekvensbedömning av överföringar"
expect_no_out "<html"
expect_no_out "# "

tc -q tia --format html -o tia.html
expect_rc 0 "tia --format html -o FILE"
t_check "the HTML file was written" grep -q "<!DOCTYPE html>" tia.html

tc -q tia --format pdf
expect_rc 2 "tia --format pdf"
expect_err "tiacheck: tia: --format takes md, html or text, not 'pdf'"
t_check "nothing on stdout" test -z "$OUT"

tc -q tia --json --format html
expect_rc 2 "tia --json --format html"
expect_err "tiacheck: tia: --format and --json do not go together"
t_end

#!/bin/sh
# Builds the libFuzzer harnesses tests/fuzz/fuzz_NAME.c with clang (ASan + UBSan) into
# build/fuzz/ and runs each for a bounded time; called by `make fuzz`.
#
#   sh tests/fuzz/run.sh [NAME...]      NAME: extract catalog diff subproc gazetteer
#                                       utf8 subproc_feed
#
# Env: FUZZ_SECONDS (60) time per target; FUZZ_CC (clang-14, else clang);
#      FUZZ_BUILD_ONLY=1 build and stop; FUZZ_ARGS extra libFuzzer flags;
#      FUZZ_EXTRA_SEEDS="NAME:FILE-OR-DIR ..." more seeds (copied into build/ only).
# The corpus of a target lives in build/fuzz/corpus-NAME; it is seeded at every run
# from our fixtures of the right kind (copied, never committed). Crashes, leaks,
# timeouts and OOMs are written to build/fuzz/artifacts/NAME-*. For each target it
# prints executions, exec/s, coverage and findings; exits 1 when anything was found,
# 2 when a harness did not build.
#
# Adding a target: tests/fuzz/fuzz_NAME.c, one line in `targets` below (modules it
# links, max input length, seed kinds), and its replay in
# tests/unit/test_fuzz_regressions.c.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2

secs=${FUZZ_SECONDS:-60}
out=build/fuzz
cc=${FUZZ_CC:-}
if [ -z "$cc" ]; then
	if command -v clang-14 >/dev/null 2>&1; then cc=clang-14; else cc=clang; fi
fi
pkgs="libcurl libxml-2.0 sqlite3 libcjson libcrypto poppler-glib"
pkg_cflags=$(pkg-config --cflags $pkgs) || exit 2
pkg_libs=$(pkg-config --libs $pkgs) || exit 2
version=$(cat VERSION 2>/dev/null || echo 0.1.0)
san="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
# The Makefile's flags minus -Werror (other people's code under another compiler must
# not stop the fuzzing) plus the sanitizers and the repository top for the harnesses.
cflags="-std=c11 -D_GNU_SOURCE -Wall -Wextra -Wshadow -Wno-unused-parameter -g -O1 $san \
 -Iinclude $pkg_cflags -DTC_VERSION=\"$version\" -DTC_FUZZ_TOP=\"$top\""
libs="$pkg_libs -lm -lpthread"

# name | modules (src/LAYER/X.c) | -max_len | seed kinds (see seed_files)
# Every target also links the base modules every module may call (COMMON below).
# -max_len stays above the modules' own limits (64 KB link URL in extract_html.c,
# 64 KB JSON key in jsondoc.c) so that what happens at a limit gets tried; libFuzzer
# grows input lengths slowly, so most inputs stay small anyway.
targets="
extract|util utf8 extract extract_html extract_pdf gazetteer subproc subproc_feed|98304|html pdf text
catalog|util catalog refdata refscope jsondoc|131072|catalog
diff|util diff|65536|pair
subproc|util subproc gazetteer findings phrases dpf diff refdata refscope jsondoc|65536|pair text
gazetteer|util gazetteer|65536|text gazdata
utf8|util utf8|4096|text
subproc_feed|util utf8 gazetteer subproc subproc_feed|65536|feed
"

# Fixture files of one kind, one path per line.
seed_files() {
	case $1 in
	html) find tests/fixtures -type f \( -name '*.html' -o -name '*.htm' -o -name '*.xhtml' \) ;;
	pdf) find tests/fixtures -type f -name '*.pdf' ;;
	text) find tests/fixtures -type f \( -name '*.txt' -o -name '*.md' -o -name '*.text' \) ;;
	gazdata) echo catalog/reference/gazetteer.json ;;
	feed) find tests/fixtures/subproc -type f \( -name '*.xml' -o -name '*.json' \) ;;
	catalog)
		find catalog -maxdepth 2 -type f -name '*.json' -not -path 'catalog/reference/*'
		find tests/fixtures -type f -name '*.json' -path '*catalog*' ;;
	esac 2>/dev/null | sort
}

# A small PDF with a two-column table, so the PDF path has a seed even when the
# fixtures hold none (offsets are not exact: poppler repairs the xref).
make_pdf_seed() {
	printf '%s\n' '%PDF-1.4' \
		'1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj' \
		'2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj' \
		'3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >> endobj' \
		'4 0 obj << /Length 200 >> stream' \
		'BT /F1 12 Tf 72 720 Td (Sub-processors) Tj 0 -20 Td (Entity) Tj 200 0 Td (Country) Tj -200 -20 Td (Example Ltd) Tj 200 0 Td (Ireland) Tj -200 -20 Td (Sample Inc.) Tj 200 0 Td (United States) Tj ET' \
		'endstream endobj' \
		'5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj' \
		'6 0 obj << /Title (Sub-processor list) >> endobj' \
		'trailer << /Root 1 0 R /Info 6 0 R >>' '%%EOF'
}

# Copy the seeds of a target into its corpus directory (names by content hash).
seed_corpus() { # name kinds
	dir=$out/corpus-$1
	mkdir -p "$dir"
	n=0
	for kind in $2; do
		case $kind in
		pair) # two normalised texts joined by the harness's separator line
			prev=""
			for f in $(seed_files text); do
				if [ -n "$prev" ]; then
					{ cat "$prev"; printf '\n\036\n'; cat "$f"; } >"$dir/.seed"
					h=$(sha1sum <"$dir/.seed" | cut -c1-16)
					mv "$dir/.seed" "$dir/seed-$h"
					n=$((n + 1))
				fi
				prev=$f
			done
			continue ;;
		pdf)
			make_pdf_seed >"$dir/seed-builtin-pdf"
			n=$((n + 1)) ;;
		esac
		for f in $(seed_files "$kind"); do
			h=$(sha1sum <"$f" | cut -c1-16)
			cp "$f" "$dir/seed-$h"
			n=$((n + 1))
		done
	done
	for extra in ${FUZZ_EXTRA_SEEDS:-}; do
		case $extra in "$1":*) ;; *) continue ;; esac
		for f in $(find "${extra#*:}" -type f | sort); do
			h=$(sha1sum <"$f" | cut -c1-16)
			cp "$f" "$dir/seed-$h"
			n=$((n + 1))
		done
	done
	rm -f "$dir/.seed"
	# libFuzzer needs at least one input to start from.
	[ -n "$(ls -A "$dir")" ] || printf 'x' >"$dir/seed-empty"
	echo "$n"
}

# The source of module NAME: src/LAYER/NAME.c (one layer holds it).
src_of() { ls src/*/"$1".c 2>/dev/null | head -n 1; }

# Compile the modules a target needs (once per run) and link the harness.
COMMON="utf8 i18n msg_vocab msg_report msg_policy msg_tia msg_flows msg_cli"
build_target() { # name modules
	set -- "$1" "$(printf '%s\n' $2 $COMMON | awk '!seen[$0]++' | tr '\n' ' ')"
	for m in $2; do
		[ -n "$(src_of "$m")" ] || { echo "src/*/$m.c missing"; return 1; }
	done
	[ -f "tests/fuzz/fuzz_$1.c" ] || { echo "tests/fuzz/fuzz_$1.c missing"; return 1; }
	objs=""
	for m in $2; do
		o=$out/obj/$m.o
		if [ ! -f "$o.built" ] || [ "$(cat "$o.built")" != "$run_id" ]; then
			# shellcheck disable=SC2086
			$cc $cflags -fsanitize=fuzzer-no-link -c -o "$o" "$(src_of "$m")" \
				>>"$out/build.log" 2>&1 || { echo "$(src_of "$m") does not compile"; return 1; }
			echo "$run_id" >"$o.built"
		fi
		objs="$objs $o"
	done
	# shellcheck disable=SC2086
	$cc $cflags -fsanitize=fuzzer -o "$out/fuzz_$1" "tests/fuzz/fuzz_$1.c" $objs $libs \
		>>"$out/build.log" 2>&1 || { echo "fuzz_$1 does not link"; return 1; }
	return 0
}

# The libFuzzer dictionary of a target, one token a line.
write_dict() { # name file
	case $1 in
	extract) printf '"%s"\n' '<html>' '<head>' '<body>' '<title>' '<meta charset="' \
		'<table>' '<tr>' '<td>' '<th>' '</td>' '</tr>' '<ul>' '<ol>' '<li>' '<h1>' \
		'<h2>' '<h6>' '<p>' '<br>' '<div>' '<span>' '<a href="' '<main>' '<article>' \
		'<nav>' '<footer>' '<header>' '<script>' '<style>' '<noscript>' '<template>' \
		' hidden' ' style="display:none"' ' class="cookie' ' aria-hidden="true"' \
		' role="' '&nbsp;' '&amp;' '&#' '<!--' '-->' '<![CDATA[' '%PDF-' 'charset=' \
		'windows-1252' 'utf-16' '?utm_source=' '\xc2\xa0' '\xc2\xad' '\xe2\x80\x8b' \
		'\xef\xac\x81' '|' 'Just a moment' 'cookies' ;;
	catalog) printf '"%s"\n' '"id"' '"name"' '"country"' '"role"' '"purpose"' '"sv"' \
		'"en"' '"parent"' '"locations"' '"kinds"' '"storage"' '"processing"' \
		'"remote_access"' '"support"' '"mechanisms"' '"type"' '"dpf"' '"scc"' '"bcr"' \
		'"art49"' '"adequacy"' '"documents"' '"kind"' '"dpa"' '"url"' '"format"' \
		'"select"' '"remove"' '"categories"' '"personnummer"' '"decision"' \
		'"measures"' '"dpo"' '"activities"' '"languages"' '"US"' '"EU"' '"SE"' \
		'"2026-11-25"' '"https://' '"subprocessor"' '"controller"' '"processor"' \
		'\\u0000' '\\ud800' ':' '[' ']' '{' '}' 'null' 'true' '1e999' ;;
	diff | subproc | gazetteer) printf '"%s"\n' '| ' ' |' '| --- |' '# ' '- ' '\x1e' \
		'United States' 'USA' 'US' 'EU/EEA' 'EU/EES' 'Ireland' 'India' '(SG)' \
		'-based' 'worldwide' 'customer-selected' 'third countries' 'Jersey' \
		'New Jersey' 'Georgia' 'Turkey' 'Chad' 'Jordan' 'Guinea' 'China' 'German' \
		'Sverige' 'indiska' 'Entity' 'Country' 'Location' 'Purpose' 'Sub-processor' \
		'Inc.' 'Ltd' 'GmbH' 'AB' ;;
	subproc_feed) printf '"%s"\n' '<rss version="2.0">' '<channel>' '<item>' '</item>' \
		'<title>' '</title>' '<description>' '<category>' '<feed>' '<entry>' \
		'<summary type="html">' '<content:encoded>' '<![CDATA[' '&lt;p&gt;' '&#' \
		'<!ENTITY' 'Purpose: ' 'Location: ' 'New sub-processor: ' 'Removed: ' ' \xe2\x80\x93 ' \
		'[' '{' '"name"' '"purpose"' '"countries"' '"location"' '"subprocessors"' \
		'Ireland' 'United States' ;;
	esac >"$2"
}

mkdir -p "$out/obj" "$out/artifacts" "$out/logs"
: >"$out/build.log"
run_id=$$-$(date +%s)
want=${*:-extract catalog diff subproc gazetteer}
found=0
broken=0
summary=""
old_ifs=$IFS
for name in $want; do
	line=$(printf '%s\n' "$targets" | grep "^$name|") || { echo "unknown target '$name'"; exit 2; }
	IFS='|'
	# shellcheck disable=SC2086
	set -- $line
	IFS=$old_ifs
	modules=$2 maxlen=$3 kinds=$4
	if ! why=$(build_target "$name" "$modules"); then
		echo "fuzz_$name: not built ($why; see $out/build.log)"
		case $why in *missing) ;; *) broken=1 ;; esac
		summary="$summary
$(printf '%-10s %s' "$name" "skipped: $why")"
		continue
	fi
	[ "${FUZZ_BUILD_ONLY:-0}" = 1 ] && { echo "built $out/fuzz_$name"; continue; }
	nseeds=$(seed_corpus "$name" "$kinds")
	write_dict "$name" "$out/$name.dict"
	log=$out/logs/$name.log
	before=$(ls "$out/artifacts" | grep -c "^$name-")
	echo "fuzz_$name: $secs s, $nseeds seeds, corpus $out/corpus-$name, log $log"
	# Leaks are findings too; UBSan aborts on the first report.
	ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1} \
	UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
	TMPDIR=$( [ -w /dev/shm ] && echo /dev/shm || echo "${TMPDIR:-/tmp}") \
	TC_TOP=$top \
		"$out/fuzz_$name" -max_total_time="$secs" -max_len="$maxlen" -rss_limit_mb=2048 \
		-timeout=30 -dict="$out/$name.dict" -print_final_stats=1 \
		-artifact_prefix="$out/artifacts/$name-" ${FUZZ_ARGS:-} "$out/corpus-$name" \
		>"$log" 2>&1
	rc=$?
	after=$(ls "$out/artifacts" | grep -c "^$name-")
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
	cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -n 1)
	corp=$(ls "$out/corpus-$name" | wc -l)
	new=$((after - before))
	status="ok"
	if [ "$new" -gt 0 ] || [ "$rc" -ne 0 ]; then
		found=1
		status="FOUND $new (exit $rc): $(ls -t "$out/artifacts" | grep "^$name-" | head -n "$((new > 0 ? new : 1))" | tr '\n' ' ')"
		grep -m 3 -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error|SUMMARY|^fuzz_' "$log" | sed 's/^/    /'
	fi
	summary="$summary
$(printf '%-10s execs %-10s exec/s %-6s %-22s corpus %-6s %s' "$name" "${execs:-?}" "${speed:-?}" "${cov:-cov: ?}" "$corp" "$status")"
done
echo "---- fuzz summary ($secs s per target) ----$summary"
[ "$broken" = 1 ] && exit 2
[ "$found" = 1 ] && exit 1
exit 0

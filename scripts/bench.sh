#!/bin/sh
# bench.sh: tiacheck against urlwatch, side by side, on the same pages served on
# loopback (scripts/bench/server.py), one after the other on the same machine.
#
#   make bench                      quick profile: N = 100 and 1000, delay 0 and 100 ms
#   BENCH_FULL=1 make bench         adds N = 10000 and a simulated N = 100000 (generated
#                                   pages), with documents/s and memory over time
#   sh scripts/bench.sh [options]
#
# Options (or the environment variables in brackets):
#   --n "100 1000"      numbers of documents               [BENCH_N]
#   --delays "0 100"    per-request delays in ms           [BENCH_DELAYS]
#   --tools "tiacheck urlwatch curl"   what to run         [BENCH_TOOLS]
#                       (curl: a bare parallel fetch, the floor of fetching alone)
#   --change 0.05       share of pages changed before the third run  [BENCH_CHANGE]
#   --hosts 16          loopback addresses 127.0.0.1..16   [BENCH_HOSTS]
#   --gzip              serve gzip to clients that accept it [BENCH_GZIP=1]
#   --source auto|corpus|generated   pages from ../shared/corpus or generated [BENCH_SOURCE]
#   --full              N = 100 1000 10000 100000, --memtrace on [BENCH_FULL=1]
#   --memtrace          sample tiacheck every second: documents fetched so far, documents/s,
#                       resident memory (reports/bench/memtrace-DATE.tsv) [BENCH_MEMTRACE=1]
#   --quick             N = 100, delay 0 only              [BENCH_QUICK=1]
#   --dry               harness self-test: N = 20, delay 0 and 20, no extraction bench [BENCH_DRY=1]
#   --no-extract        skip the extraction throughput bench [BENCH_EXTRACT=0]
#   --tc-config FILE    tiacheck.conf for the tiacheck runs (default: none, defaults)
#   --perf              also profile tiacheck's first and unchanged runs with perf
#                       (reports/bench/perf-DATE-N-DELAY-RUN.txt)  [BENCH_PERF=1]
#
# Per (N, delay), for each tool: run 1 "first" (everything new), run 2 "same"
# (nothing changed), then the server changes a share of pages substantively (a new
# paragraph and a new sub-processor row), run 3 "changed". Each run is timed with
# /usr/bin/time: wall, user + sys CPU, peak resident memory; documents per second.
# tiacheck runs with TIACHECK_TIMINGS=1: where its time went (fetch, extract, compare
# and findings, hashing, store writes), from its "tiacheck: timings:" line on stderr
# ("n/a" for a tiacheck that prints none).
# Results: a table on stdout and in reports/bench/bench-DATE.txt (+ .tsv).
set -eu
TOP=$(cd "$(dirname "$0")/.." && pwd)
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

N_LIST=${BENCH_N:-}
DELAYS=${BENCH_DELAYS:-"0 100"}
TOOLS=${BENCH_TOOLS:-"tiacheck urlwatch curl"}
CHANGE=${BENCH_CHANGE:-0.05}
HOSTS=${BENCH_HOSTS:-16}
GZIP=${BENCH_GZIP:-0}
SOURCE=${BENCH_SOURCE:-auto}
FULL=${BENCH_FULL:-0}
QUICK=${BENCH_QUICK:-0}
DRY=${BENCH_DRY:-0}
EXTRACT=${BENCH_EXTRACT:-1}
PERF=${BENCH_PERF:-0}
MEMTRACE=${BENCH_MEMTRACE:-0}
TC_CONF=${BENCH_TC_CONFIG:-}
TIACHECK=${TIACHECK:-$TOP/tiacheck}
OUTDIR=${BENCH_OUT:-$TOP/reports/bench}

while [ $# -gt 0 ]; do
	case $1 in
	--n) N_LIST=$2; shift ;;
	--delays) DELAYS=$2; shift ;;
	--tools) TOOLS=$2; shift ;;
	--change) CHANGE=$2; shift ;;
	--hosts) HOSTS=$2; shift ;;
	--gzip) GZIP=1 ;;
	--source) SOURCE=$2; shift ;;
	--full) FULL=1 ;;
	--quick) QUICK=1 ;;
	--dry) DRY=1 ;;
	--no-extract) EXTRACT=0 ;;
	--perf) PERF=1 ;;
	--memtrace) MEMTRACE=1 ;;
	--tc-config) TC_CONF=$2; shift ;;
	-h|--help) sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "bench: unknown option '$1' (try --help)" >&2; exit 2 ;;
	esac
	shift
done
if [ -z "$N_LIST" ]; then
	N_LIST="100 1000"
	[ "$FULL" = 1 ] && { N_LIST="100 1000 10000 100000"; MEMTRACE=1; }
	[ "$QUICK" = 1 ] && { N_LIST="100"; DELAYS="0"; }
	[ "$DRY" = 1 ] && { N_LIST="20"; DELAYS="0 20"; EXTRACT=0; }
fi

# --- dependencies of the bench only (not of tiacheck): urlwatch, GNU time, curl ---
need=""
case " $TOOLS " in *" urlwatch "*) command -v urlwatch >/dev/null 2>&1 || need="$need urlwatch" ;; esac
case " $TOOLS " in *" curl "*) command -v curl >/dev/null 2>&1 || need="$need curl" ;; esac
[ -x /usr/bin/time ] || need="$need time"
command -v sqlite3 >/dev/null 2>&1 || need="$need sqlite3"
if [ -n "$need" ]; then
	echo "bench: installing Debian packages for the benchmark:$need"
	SUDO=""
	[ "$(id -u)" -ne 0 ] && SUDO=sudo
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $need >/dev/null
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/tc-bench.XXXXXX")
SERVER_PID=""
stop_server() {
	if [ -n "$SERVER_PID" ]; then
		kill "$SERVER_PID" 2>/dev/null || true
		wait "$SERVER_PID" 2>/dev/null || true
		SERVER_PID=""
	fi
}
cleanup() { stop_server; [ "${BENCH_KEEP:-0}" = 1 ] && echo "bench: kept $WORK" || rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$OUTDIR"
STAMP=$(date -u +%Y%m%d-%H%M%S)
TSV=$OUTDIR/bench-$STAMP.tsv
TXT=$OUTDIR/bench-$STAMP.txt
MEMTSV=$OUTDIR/memtrace-$STAMP.tsv
[ "$MEMTRACE" = 1 ] && printf 'n\tdelay_ms\tscenario\tseconds\tdocuments\tdocs_per_s\trss_kb\n' >"$MEMTSV"
printf 'n\tdelay_ms\ttool\tscenario\twall_s\tuser_s\tsys_s\tmaxrss_kb\trc\trequests\tok\tnot_modified\tbytes\tmax_inflight\n' >"$TSV"
: >"$WORK/extra.txt"

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
ctl() { # ctl PATH: GET a control URL of the server, print the body
	"$PY" -c 'import sys,urllib.request; print(urllib.request.urlopen("http://127.0.0.1:%s%s" % (sys.argv[1], sys.argv[2]), timeout=30).read().decode())' "$PORT" "$1"
}

tc_works=1
if case " $TOOLS " in *" tiacheck "*) true ;; *) false ;; esac; then
	if [ ! -x "$TIACHECK" ] || ! "$TIACHECK" help fetch >/dev/null 2>&1; then
		echo "bench: $TIACHECK is missing or has no 'fetch' command: skipping tiacheck (run make first)" >&2
		tc_works=0
	fi
fi

# memtrace TOOL_PID N DELAY SCENARIO DIR: while the timed process runs, every second one
# row: seconds, documents fetched so far (the server's request count), documents/s
# over the last interval and the resident memory of the tool (the process under
# /usr/bin/time).
memtrace() {
	tpid=$1 n=$2 delay=$3 scen=$4 d=$5 t=0 last=0
	sleep 1
	while kill -0 "$tpid" 2>/dev/null; do
		t=$((t + 1))
		# the tool: the deepest process under /usr/bin/time (a wrapper script may sit between)
		child=$tpid k=0
		while [ $k -lt 5 ] && c=$(pgrep -P "$child" 2>/dev/null | head -n 1) && [ -n "$c" ]; do
			child=$c k=$((k + 1))
		done
		rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/${child:-0}/status" 2>/dev/null || true)
		reqs=$(ctl "/__stats" 2>/dev/null | sed -n 's/.*"requests": *\([0-9]*\).*/\1/p')
		[ -n "$reqs" ] || reqs=$last
		[ -n "$rss" ] && printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$delay" "$scen" "$t" \
			"$reqs" "$((reqs - last))" "$rss" >>"$MEMTSV"
		last=$reqs
		sleep 1
	done
}

# timings_of FILE: tiacheck's "tiacheck: timings: k=v ..." line (the last one), or n/a
timings_of() {
	l=$(grep '^tiacheck: timings:' "$1" 2>/dev/null | tail -n 1 | sed 's/^tiacheck: timings: *//')
	echo "${l:-n/a}"
}

# run_tool TOOL N DELAY SCENARIO DIR: one timed run, one row in the TSV
run_tool() {
	tool=$1 n=$2 delay=$3 scen=$4 d=$5
	ctl "/__stats?reset=1" >/dev/null
	case $tool in
	tiacheck)
		set -- "$TIACHECK" -C "$d/catalog" --db "$d/tiacheck.db"
		[ -n "$TC_CONF" ] && set -- "$@" -c "$TC_CONF"
		set -- "$@" fetch ;;
	urlwatch)
		set -- urlwatch --urls "$d/urlwatch/urls.yaml" --config "$d/urlwatch/urlwatch.yaml" \
			--hooks "$d/urlwatch/hooks.py" --cache "$d/urlwatch/cache.db" ;;
	curl)
		set -- curl -s --parallel --parallel-max 16 --compressed --config "$d/curl.conf" ;;
	esac
	rc=0
	# exec: the process under /usr/bin/time is the child of $tpid (for memtrace)
	(cd "$d" && export HOME="$d" NO_COLOR=1 TIACHECK_TIMINGS=1 &&
		exec /usr/bin/time -o "$d/time.txt" -f '%e %U %S %M' "$@" \
		>"$d/$tool-$scen.out" 2>"$d/$tool-$scen.err") &
	tpid=$!
	mpid=""
	if [ "$MEMTRACE" = 1 ] && [ "$tool" = tiacheck ]; then
		memtrace "$tpid" "$n" "$delay" "$scen" "$d" &
		mpid=$!
	fi
	wait "$tpid" || rc=$?
	[ -n "$mpid" ] && { wait "$mpid" 2>/dev/null || true; }
	# GNU time writes "Command exited with non-zero status N" first on failure.
	# shellcheck disable=SC2046
	set -- $(tail -n 1 "$d/time.txt")
	wall=$1 user=$2 sys=$3 rss=$4
	st=$(ctl "/__stats")
	set -- $("$PY" -c 'import json,sys; s=json.loads(sys.argv[1]); print(s["requests"], s["ok"], s["not_modified"], s["bytes"], s["max_inflight"])' "$st")
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$delay" "$tool" "$scen" \
		"$wall" "$user" "$sys" "$rss" "$rc" "$1" "$2" "$3" "$4" "$5" >>"$TSV"
	printf 'bench: N=%-6s delay=%-4s %-9s %-8s wall %6ss cpu %6ss rss %7s KB  rc %s  (%s requests, %s 304)\n' \
		"$n" "$delay" "$tool" "$scen" "$wall" "$(echo "$user $sys" | awk '{printf "%.2f", $1 + $2}')" "$rss" "$rc" "$1" "$3"
	if [ "$tool" = tiacheck ]; then
		tm=$(timings_of "$d/$tool-$scen.err")
		printf 'timings\t%s\t%s\t%s\t%s\n' "$n" "$delay" "$scen" "$tm" >>"$WORK/facts.tsv"
		echo "bench:   where the time went: $tm"
	fi
	if [ "$rc" -gt 1 ] || { [ "$tool" = urlwatch ] && [ "$rc" -ne 0 ]; }; then
		echo "bench: $tool exited $rc; last lines of its stderr:" >&2
		tail -n 5 "$d/$tool-$scen.err" >&2
	fi
}

store_sizes() { # store_sizes N DELAY DIR: tiacheck's and urlwatch's store sizes
	n=$1 delay=$2 d=$3
	if [ -f "$d/tiacheck.db" ]; then
		sqlite3 "$d/tiacheck.db" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null 2>&1 || true
		bytes=$(wc -c <"$d/tiacheck.db")
		docs=$(sqlite3 "$d/tiacheck.db" 'SELECT count(*) FROM documents;' 2>/dev/null || echo 0)
		snaps=$(sqlite3 "$d/tiacheck.db" 'SELECT count(*) FROM snapshots;' 2>/dev/null || echo 0)
		blobs=$(sqlite3 -separator ' ' "$d/tiacheck.db" "SELECT kind, count(*), sum(size) FROM blobs GROUP BY kind;" 2>/dev/null | tr '\n' ';' || true)
		changes=$(sqlite3 "$d/tiacheck.db" 'SELECT count(*) FROM changes;' 2>/dev/null || echo '?')
		printf 'store\t%s\t%s\ttiacheck\t%s\t%s\t%s\t%s\n' "$n" "$delay" "$bytes" "$docs" "$snaps" "$changes" >>"$WORK/facts.tsv"
		[ -n "$blobs" ] && echo "tiacheck store N=$n delay=$delay: blobs (kind count bytes): $blobs" >>"$WORK/extra.txt"
	fi
	if [ -f "$d/urlwatch/cache.db" ]; then
		bytes=$(wc -c <"$d/urlwatch/cache.db")
		snaps=$(sqlite3 "$d/urlwatch/cache.db" 'SELECT count(*) FROM CacheEntry;' 2>/dev/null || echo 0)
		printf 'store\t%s\t%s\turlwatch\t%s\t%s\t%s\t-\n' "$n" "$delay" "$bytes" "$n" "$snaps" >>"$WORK/facts.tsv"
	fi
}

# profile_tiacheck N DELAY DIR: a first and an unchanged run of tiacheck under perf,
# on a fresh database; the flat profile (self time by symbol) goes to reports/bench/.
profile_tiacheck() {
	n=$1 delay=$2 d=$3
	command -v perf >/dev/null 2>&1 || { echo "bench: perf not installed (apt-get install linux-perf): no profile" >&2; return 0; }
	ctl "/__reset" >/dev/null
	rm -f "$d/perf.db" "$d/perf.db-wal" "$d/perf.db-shm"
	for scen in first same; do
		(cd "$d" && perf record -q -F 1999 -g -o "$d/perf-$scen.data" -- "$TIACHECK" -C "$d/catalog" \
			--db "$d/perf.db" fetch >/dev/null 2>&1) || true
		f=$OUTDIR/perf-$STAMP-n$n-d$delay-$scen.txt
		perf report -i "$d/perf-$scen.data" --no-children --stdio --percent-limit 0.5 -g none \
			--sort dso,symbol 2>/dev/null | grep -v '^$' >"$f" || true
		echo "bench: profile of tiacheck $scen run (N=$n, delay $delay ms): $f"
	done
}

# tiacheck's concurrency for the latency floor: fetch.parallel (default 16).
CONC=16
if [ -n "$TC_CONF" ]; then
	c=$(sed -n 's/^[[:space:]]*fetch\.parallel[[:space:]]*=[[:space:]]*\([0-9]*\).*/\1/p' "$TC_CONF" | tail -n 1)
	[ -n "$c" ] && CONC=$c
fi

echo "bench: N in {$N_LIST}, delay in {$DELAYS} ms, tools {$TOOLS}, change $CHANGE, $HOSTS hosts, gzip $GZIP; work dir $WORK"
: >"$WORK/facts.tsv"
for n in $N_LIST; do
	for delay in $DELAYS; do
		PORT=$(free_port)
		d=$WORK/n$n-d$delay
		mkdir -p "$d"
		gz=""
		[ "$GZIP" = 1 ] && gz="--gzip"
		# The server stops by itself after an hour at most (or when we stop it).
		# N = 100000 is simulated: generated pages, whatever --source says.
		src=$SOURCE
		# Its pages are at most BENCH_SIM_KB (default 24) KB: the run measures what
		# grows with N (rows, memory over time), not the parser on 14 GB of markup.
		simkb=""
		[ "$n" -ge 100000 ] && { src=generated; simkb=${BENCH_SIM_KB:-24}; }
		GEN_MAX_KB=$simkb "$PY" "$TOP/scripts/bench/server.py" --n "$n" --port "$PORT" --hosts "$HOSTS" \
			--delay-ms "$delay" --source "$src" --lifetime 3600 $gz \
			--ready-file "$d/ready.json" >"$d/server.log" 2>&1 &
		SERVER_PID=$!
		i=0
		while [ ! -s "$d/ready.json" ]; do
			i=$((i + 1))
			if [ $i -gt 300 ] || ! kill -0 "$SERVER_PID" 2>/dev/null; then
				echo "bench: the server did not start:" >&2; cat "$d/server.log" >&2; exit 3
			fi
			sleep 0.1
		done
		"$PY" "$TOP/scripts/bench/configs.py" --n "$n" --port "$PORT" --hosts "$HOSTS" --out "$d"
		for tool in $TOOLS; do
			[ "$tool" = tiacheck ] && [ "$tc_works" = 0 ] && continue
			ctl "/__reset" >/dev/null
			run_tool "$tool" "$n" "$delay" first "$d"
			[ "$tool" = curl ] && continue
			run_tool "$tool" "$n" "$delay" same "$d"
			ctl "/__mutate?share=$CHANGE&seed=7" >"$d/mutated-$tool.json"
			run_tool "$tool" "$n" "$delay" changed "$d"
		done
		store_sizes "$n" "$delay" "$d"
		if [ "$PERF" = 1 ] && [ "$tc_works" = 1 ]; then
			profile_tiacheck "$n" "$delay" "$d"
		fi
		stop_server
	done
done

# --- extraction throughput: tiacheck's extractor vs a bare libxml2 parse ---
if [ "$EXTRACT" = 1 ]; then
	if [ -f "$TOP/include/tiacheck/extract.h" ] && ls "$TOP"/src/io/extract*.c >/dev/null 2>&1; then
		BB=$TOP/build/bench
		mkdir -p "$BB"
		WARN="-Wall -Wextra -Werror -Wshadow -Wmissing-prototypes -Wstrict-prototypes -Wformat=2 -Wno-format-nonliteral -Wpointer-arith -Wvla -Wundef"
		PKGS="libcurl libxml-2.0 sqlite3 libcjson libcrypto poppler-glib"
		# shellcheck disable=SC2046,SC2086
		if ${CC:-cc} -std=c11 -D_GNU_SOURCE $WARN ${CFLAGS:--O2 -g} -I"$TOP/include" -I"$TOP/src/io" \
			$(pkg-config --cflags $PKGS) -o "$BB/extract_bench" "$TOP/scripts/bench/extract_bench.c" \
			"$TOP/src/base/util.c" "$TOP/src/base/utf8.c" "$TOP"/src/io/extract*.c \
			$(for m in gazetteer subproc subproc_feed; do [ -f "$TOP/src/domain/$m.c" ] && echo "$TOP/src/domain/$m.c"; done) \
			$(pkg-config --libs $PKGS) -lm -lpthread 2>"$WORK/extract_build.log"; then
			for src in corpus generated; do
				# The changes the bench makes must be visible through the extractor.
				"$PY" "$TOP/scripts/bench/gen_pages.py" --out "$WORK/check-$src" --source "$src" \
					--check "$BB/extract_bench" >>"$WORK/extra.txt" 2>&1 || true
				pd=$WORK/pages-$src
				if "$PY" "$TOP/scripts/bench/gen_pages.py" --out "$pd" --count 200 --source "$src" >"$WORK/gen-$src.log" 2>&1; then
					"$BB/extract_bench" -r 5 "$pd"/*.html >"$WORK/extract-$src.out" 2>&1 || true
					printf 'extract\t%s\t%s\t%s\n' "$src" "$(sed 's/^gen_pages: //' "$WORK/gen-$src.log")" \
						"$(tr '\n' ' ' <"$WORK/extract-$src.out")" >>"$WORK/facts.tsv"
				fi
			done
		else
			echo "extract: could not build build/bench/extract_bench (see below)" >>"$WORK/extra.txt"
			head -n 5 "$WORK/extract_build.log" >>"$WORK/extra.txt"
		fi
	else
		echo "extract: include/tiacheck/extract.h or src/io/extract*.c missing: skipped" >>"$WORK/extra.txt"
	fi
fi

# --- browser-rendered page: time per page and peak memory (issue 13) ---
# BENCH_BROWSER=0 skips it; BENCH_BROWSER_N pages (default 5) in one headless Chromium,
# after a first page that includes the browser's start. Memory: the browser's processes
# plus the driver, sampled from /proc after each page (tests/unit/test_fetch_browser.c).
if [ "${BENCH_BROWSER:-1}" = 1 ] && [ "$DRY" != 1 ]; then
	bb=$TOP/build/default/tests/test_fetch_browser
	if make -C "$TOP" --no-print-directory "build/default/tests/test_fetch_browser" \
		>"$WORK/browser_build.log" 2>&1; then
		TC_TOP=$TOP timeout 300 "$bb" --bench "${BENCH_BROWSER_N:-5}" >>"$WORK/extra.txt" 2>&1 ||
			echo "browser page: the browser bench failed" >>"$WORK/extra.txt"
	else
		echo "browser page: could not build $bb (see $WORK/browser_build.log)" >>"$WORK/extra.txt"
	fi
fi

{
	echo "tiacheck benchmark $STAMP  ($(uname -srm), $(nproc) cores)"
	echo "pages: source $SOURCE ($(sed -n 's/.*"source": "\([a-z]*\)".*/\1/p' "$d/ready.json")), $HOSTS loopback hosts, gzip $GZIP, change share $CHANGE"
	echo "tiacheck: $("$TIACHECK" version 2>/dev/null || echo '?')$( [ -n "$TC_CONF" ] && echo ", config $TC_CONF")  urlwatch: $(urlwatch --version 2>/dev/null || echo '-')"
	if [ "$MEMTRACE" = 1 ]; then set -- --memtrace "$MEMTSV"; else set --; fi
	"$PY" "$TOP/scripts/bench/table.py" --concurrency "$CONC" "$@" "$TSV" "$WORK/facts.tsv"
	echo
	cat "$WORK/extra.txt"
} | tee "$TXT"
echo "bench: results in $TXT and $TSV"

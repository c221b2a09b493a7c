/*
 * extract_bench: extraction throughput of tiacheck's extractor against a bare parse of
 * the same pages with libxml2's HTML parser alone (the floor extraction cannot beat).
 *
 *   extract_bench [-r ROUNDS] [-m both|bare|extract] FILE...
 *   extract_bench -p FILE       print the normalised text of one page (to check pages)
 *
 * Reads every FILE into memory, then for ROUNDS rounds (default 5) times, on the
 * process CPU clock, (a) htmlReadMemory + xmlFreeDoc over all files and (b) tc_extract
 * + release over all files (-m: only one of them, for profiling with perf), and prints
 * one line per measure with the best round:
 *   bare_parse_mbps X
 *   extract_mbps Y
 *   ratio Y/X
 *   pages N  mbytes M  ok K  (K pages extracted with status OK)
 * Built by scripts/bench.sh into build/bench/ with the Makefile's flags.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

#include "tiacheck/extract.h"
#include "tiacheck/util.h"

typedef struct page {
	char *data;
	size_t len;
} page;

static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The parse a caller must pay for anyway: the options and the encoding (UTF-8, from
 * the Content-Type) that the extractor gives libxml2. */
static int bare_parse(const page *p)
{
	htmlDocPtr doc = htmlReadMemory(p->data, (int)p->len, NULL, "UTF-8",
		HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
		HTML_PARSE_NONET | HTML_PARSE_COMPACT);

	if (!doc)
		return -1;
	xmlFreeDoc(doc);
	return 0;
}

static int extract_one(const page *p)
{
	tc_extract_opts o;
	tc_extract_result r;
	int ok;

	memset(&o, 0, sizeof o);
	memset(&r, 0, sizeof r);
	o.content_type = "text/html; charset=utf-8";
	o.url = "http://127.0.0.1/p.html";
	ok = tc_extract(p->data, p->len, &o, &r) == 0 && r.status == TC_EX_OK;
	tc_extract_result_release(&r);
	return ok;
}

/* -p: the extractor's text of one page on stdout, its status on stderr. */
static int print_text(const char *path)
{
	char err[256];
	tc_buf b = TC_BUF_INIT;
	tc_extract_opts o;
	tc_extract_result r;
	int rc;

	if (tc_read_file(path, (size_t)64 << 20, &b, err, sizeof err) != 0) {
		fprintf(stderr, "extract_bench: %s\n", err);
		return 1;
	}
	memset(&o, 0, sizeof o);
	memset(&r, 0, sizeof r);
	o.content_type = "text/html; charset=utf-8";
	rc = tc_extract(b.data, b.len, &o, &r);
	fprintf(stderr, "status %s%s%s\n", tc_extract_status_name(r.status), r.detail[0] ? ": " : "", r.detail);
	if (rc == 0)
		fwrite(r.text, 1, r.len, stdout);
	tc_extract_result_release(&r);
	tc_buf_release(&b);
	return rc == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	int rounds = 5, argi = 1, okpages = 0, rc = 1, do_bare = 1, do_ex = 1;
	size_t n = 0, total = 0;
	page *pages = NULL;
	double best_bare = 1e30, best_ex = 1e30;

	if (argc == 3 && strcmp(argv[1], "-p") == 0)
		return print_text(argv[2]);
	while (argi + 1 < argc && argv[argi][0] == '-') {
		if (strcmp(argv[argi], "-r") == 0) {
			rounds = atoi(argv[argi + 1]);
		} else if (strcmp(argv[argi], "-m") == 0) {
			do_bare = strcmp(argv[argi + 1], "extract") != 0;
			do_ex = strcmp(argv[argi + 1], "bare") != 0;
		} else {
			break;
		}
		argi += 2;
	}
	if (rounds < 1 || argi >= argc) {
		fprintf(stderr, "usage: extract_bench [-r ROUNDS] [-m both|bare|extract] FILE...\n");
		return 2;
	}
	pages = calloc((size_t)(argc - argi), sizeof *pages);
	if (!pages)
		return 1;
	for (int i = argi; i < argc; i++) {
		char err[256];
		tc_buf b = TC_BUF_INIT;

		if (tc_read_file(argv[i], (size_t)64 << 20, &b, err, sizeof err) != 0) {
			fprintf(stderr, "extract_bench: %s\n", err);
			goto out;
		}
		pages[n].data = b.data;
		pages[n].len = b.len;
		total += b.len;
		n++;
	}
	xmlInitParser();
	for (int r = 0; r < rounds; r++) {
		double t0 = cpu_now(), t1, t2;
		int ok = 0;

		for (size_t i = 0; do_bare && i < n; i++)
			bare_parse(&pages[i]);
		t1 = cpu_now();
		for (size_t i = 0; do_ex && i < n; i++)
			ok += extract_one(&pages[i]);
		t2 = cpu_now();
		if (t1 - t0 < best_bare)
			best_bare = t1 - t0;
		if (t2 - t1 < best_ex)
			best_ex = t2 - t1;
		okpages = ok;
	}
	printf("bare_parse_mbps %.1f\n", (double)total / 1e6 / best_bare);
	printf("extract_mbps %.1f\n", (double)total / 1e6 / best_ex);
	printf("ratio %.3f\n", best_bare / best_ex);
	printf("pages %zu mbytes %.1f ok %d\n", n, (double)total / 1e6, okpages);
	rc = 0;
out:
	for (size_t i = 0; i < n; i++)
		free(pages[i].data);
	free(pages);
	return rc;
}

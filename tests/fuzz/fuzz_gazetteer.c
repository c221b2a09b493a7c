/*
 * fuzz_gazetteer: libFuzzer harness for the gazetteer. An input is text scanned with
 * the shipped catalog/reference/gazetteer.json in both modes (prose and table cell),
 * and folded with tc_gz_fold(). Matches must lie inside the text, in text order,
 * with a code the gazetteer knows (or a region token); folding must keep the length.
 * An input that starts with '{' is also loaded as gazetteer data (the data is ours,
 * but a DPO edits it) and, when it loads, used to scan a fixed sample.
 *
 * Needs the repository top: $TC_TOP, else the TC_FUZZ_TOP the build defines, else ".".
 * tests/unit/test_fuzz_regressions.c includes this file with TC_FUZZ_NO_MAIN.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tiacheck/gazetteer.h"
#include "tiacheck/util.h"

#ifndef TC_FUZZ_TOP
#define TC_FUZZ_TOP "."
#endif

static tc_gazetteer *fg_gz;

static const char fg_sample[] =
	"| Entity | Country |\n| --- | --- |\n| Example Ltd | Ireland, US and IN |\n"
	"Data may be processed in the USA, Indien or in EU/EES (customer-selected region).";

/* Load the shipped gazetteer once; 0 ok. */
static int fg_setup(char *err, size_t errlen)
{
	const char *top = getenv("TC_TOP");
	char *path;
	int rc;

	if (fg_gz)
		return 0;
	path = tc_path_join(top && *top ? top : TC_FUZZ_TOP, "catalog/reference/gazetteer.json");
	rc = tc_gazetteer_load(path, &fg_gz, err, errlen);
	free(path);
	return rc;
}

/* Scan text in one mode and check the matches; NULL when sane, else why. */
static const char *fg_scan(const tc_gazetteer *g, const char *text, size_t len,
			   enum tc_gz_mode mode)
{
	tc_gz_match *m = NULL;
	size_t n = tc_gazetteer_scan(g, text, len, mode, &m);
	const char *why = NULL;

	if (n && !m)
		return "matches counted but no array";
	for (size_t i = 0; i < n && !why; i++) {
		if (!m[i].code)
			why = "match without a code";
		else if (m[i].start >= m[i].end || m[i].end > len)
			why = "match outside the text or empty";
		else if (i && m[i].start < m[i - 1].start)
			why = "matches out of text order";
		else if (!tc_gazetteer_is_region(m[i].code) && !tc_gazetteer_code(g, m[i].code))
			why = "match with a code the gazetteer does not know";
		else if (m[i].kind < TC_GZ_NAME || m[i].kind > TC_GZ_GROUP)
			why = "match of an unknown kind";
		else
			(void)tc_gazetteer_name(g, m[i].code, i % 2 ? TC_LANG_SV : TC_LANG_EN);
	}
	free(m);
	return why;
}

/* Scan, fold and maybe load data; 0 when sane, -1 with a message in why[]. */
static int fuzz_gazetteer_one(const uint8_t *data, size_t size, char *why, size_t whylen)
{
	const char *text = (const char *)data, *w;
	tc_buf fold = TC_BUF_INIT;
	int ret = -1;

	if (fg_setup(why, whylen) < 0)
		return -1;
	if ((w = fg_scan(fg_gz, text, size, TC_GZ_TEXT)) ||
	    (w = fg_scan(fg_gz, text, size, TC_GZ_CELL))) {
		snprintf(why, whylen, "scan: %s", w);
		return -1;
	}
	tc_buf_init(&fold, size + 16);
	(void)tc_gz_fold(&fold, text, size);
	if (fold.len != size) {
		snprintf(why, whylen, "fold changed the length from %zu to %zu", size, fold.len);
		goto out;
	}
	if (size && text[0] == '{') {
		tc_gazetteer *g = NULL;
		char err[512];

		if (tc_gazetteer_load_json(text, size, "fuzz.json", &g, err, sizeof(err)) == 0) {
			w = fg_scan(g, fg_sample, sizeof(fg_sample) - 1, TC_GZ_TEXT);
			if (!w)
				w = fg_scan(g, fg_sample, sizeof(fg_sample) - 1, TC_GZ_CELL);
			(void)tc_gazetteer_count(g);
			tc_gazetteer_free(g);
			if (w) {
				snprintf(why, whylen, "scan with fuzzed data: %s", w);
				goto out;
			}
		}
	}
	ret = 0;
out:
	tc_buf_release(&fold);
	return ret;
}

#ifndef TC_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char why[512];

	if (fuzz_gazetteer_one(data, size, why, sizeof(why)) < 0) {
		fprintf(stderr, "fuzz_gazetteer: %s\n", why);
		abort();
	}
	return 0;
}
#endif

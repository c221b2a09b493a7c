/*
 * fuzz_subproc_feed: libFuzzer harness for the feed reader (subproc_feed). An input
 * is any bytes, read as RSS/Atom and as JSON (and sniffed). A feed's text must be
 * valid UTF-8 and, parsed again, give the rows tc_subproc_feed_parse() gives; rows
 * must be well formed (entity, key, raw line, FEED layout, non-empty codes).
 *
 * Needs the repository top: $TC_TOP, else the TC_FUZZ_TOP the build defines, else ".".
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tiacheck/subproc_feed.h"
#include "tiacheck/utf8.h"
#include "tiacheck/util.h"

#ifndef TC_FUZZ_TOP
#define TC_FUZZ_TOP "."
#endif

static tc_gazetteer *ff_gz;

static int ff_setup(void)
{
	const char *top = getenv("TC_TOP");
	char err[256], *path;
	int rc;

	if (ff_gz)
		return 0;
	if (!top || !*top)
		top = TC_FUZZ_TOP;
	path = tc_path_join(top, "catalog/reference/gazetteer.json");
	rc = tc_gazetteer_load(path, &ff_gz, err, sizeof(err));
	free(path);
	if (rc < 0)
		fprintf(stderr, "fuzz_subproc_feed: %s\n", err);
	return rc;
}

static void ff_check(const char *data, size_t size, enum tc_feed_kind kind)
{
	char *text = NULL, err[256];
	tc_subproc_list a = TC_SUBPROC_LIST_INIT;

	if (tc_subproc_feed_text(ff_gz, data, size, kind, &text, err, sizeof(err)) < 0) {
		if (!*err)
			abort();
		return;
	}
	if (!text || !tc_utf8_is_valid(text, strlen(text)))
		abort();
	if (tc_subproc_parse(ff_gz, text, &a, err, sizeof(err)) < 0)
		abort();
	for (size_t i = 0; i < a.nrows; i++) {
		const tc_subproc_row *r = &a.rows[i];

		if (!r->entity || !r->key || !r->raw || r->line == 0)
			abort();
		for (size_t k = 0; k < r->ncountries; k++)
			if (!r->countries[k] || !r->countries[k][0])
				abort();
	}
	tc_subproc_list_release(&a);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tc_subproc_list l = TC_SUBPROC_LIST_INIT;
	char err[256];

	if (ff_setup() < 0)
		abort();
	(void)tc_subproc_feed_sniff((const char *)data, size, NULL);
	ff_check((const char *)data, size, TC_FEED_RSS);
	ff_check((const char *)data, size, TC_FEED_JSON);
	if (tc_subproc_feed_parse(ff_gz, (const char *)data, size, &l, err, sizeof(err)) == 0)
		for (size_t i = 0; i < l.nrows; i++)
			if (l.rows[i].layout != TC_SUBPROC_FEED)
				abort();
	tc_subproc_list_release(&l);
	return 0;
}

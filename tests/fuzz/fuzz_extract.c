/*
 * fuzz_extract: libFuzzer harness for the extract module (HTML, PDF and plain text).
 * Each input is extracted twice: once with no options (format sniffed from the bytes),
 * once with a content type, a base URL and fixed select/remove XPath expressions, so
 * that the XPath paths of extract_html.c run too. A result that says OK must hold the
 * normalised text of formats.md (LF lines, no blank lines, no trailing or doubled
 * spaces, valid UTF-8, no NUL); a violation aborts, which libFuzzer records as a crash.
 *
 * Built by tests/fuzz/run.sh. tests/unit/test_fuzz_regressions.c includes this file
 * with TC_FUZZ_NO_MAIN defined and calls fuzz_extract_one() on saved inputs.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tiacheck/extract.h"
#include "tiacheck/util.h"

/* Fixed options of the second pass: each one a path of extract_html.c. */
static const char *const fx_select[] = { "//main | //article | //body", "//table" };
static const char *const fx_remove[] = { "//nav", "//*[contains(@class,'cookie')]",
					 "//footer" };

/* Check r->text against the normalised-text contract; NULL when it holds, else why. */
static const char *fx_check_text(const tc_extract_result *r)
{
	const char *t = r->text;

	if (!t)
		return "text is NULL";
	if (strlen(t) != r->len)
		return "len differs from strlen(text) (NUL inside or wrong len)";
	if (r->status != TC_EX_OK)
		return r->len ? "text not empty when status is not OK" : NULL;
	if (!tc_utf8_valid(t, r->len))
		return "text is not valid UTF-8";
	for (size_t i = 0; i < r->len; i++) {
		char c = t[i], next = i + 1 < r->len ? t[i + 1] : '\0';

		if (((unsigned char)c < 0x20 && c != '\n') || c == 0x7f)
			return "control character (CR, TAB, C0, DEL) in text";
		if (c == '\n' && (i == 0 || next == '\n'))
			return "blank line in text";
		if (c == ' ' && (next == '\n' || next == '\0'))
			return "trailing space";
		if (c == ' ' && next == ' ')
			return "two spaces in a row";
		if (c == '\n' && next == ' ')
			return "line starts with a space";
	}
	if (r->title && !tc_utf8_valid(r->title, strlen(r->title)))
		return "title is not valid UTF-8";
	for (const char *p = r->title; p && *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return "control character or line break in title";
	return NULL;
}

/* One extraction; 0 when the result is sane, -1 with *why set otherwise. */
static int fx_run(const char *body, size_t len, const tc_extract_opts *opts, const char **why)
{
	tc_extract_result r;
	int rc = tc_extract(body, len, opts, &r);

	*why = fx_check_text(&r);
	if (!*why && (rc == 0) != (r.status == TC_EX_OK))
		*why = "return code disagrees with status";
	if (!*why && strcmp(tc_extract_status_name(r.status), "unknown") == 0)
		*why = "status without a name";
	tc_extract_result_release(&r);
	return *why ? -1 : 0;
}

/* Run both passes over data; 0 when sane, -1 with a message in why[]. */
static int fuzz_extract_one(const uint8_t *data, size_t size, char *why, size_t whylen)
{
	tc_extract_opts opts;
	const char *w = NULL;
	const char *body = (const char *)data;

	if (fx_run(body, size, NULL, &w) < 0) {
		snprintf(why, whylen, "sniffed pass: %s", w);
		return -1;
	}
	/* The second pass only for inputs that look like markup: PDF through poppler is
	 * slow and has no XPath to exercise. */
	if (!memchr(body, '<', size < 4096 ? size : 4096))
		return 0;
	memset(&opts, 0, sizeof(opts));
	opts.content_type = "text/html; charset=windows-1252";
	opts.url = "https://vendor.example/legal/privacy?utm_source=x";
	opts.select = fx_select;
	opts.nselect = TC_ARRAY_LEN(fx_select);
	opts.remove = fx_remove;
	opts.nremove = TC_ARRAY_LEN(fx_remove);
	if (fx_run(body, size, &opts, &w) < 0) {
		snprintf(why, whylen, "select/remove pass: %s", w);
		return -1;
	}
	return 0;
}

#ifndef TC_FUZZ_NO_MAIN
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char why[256];

	if (fuzz_extract_one(data, size, why, sizeof(why)) < 0) {
		fprintf(stderr, "fuzz_extract: %s\n", why);
		abort();
	}
	return 0;
}
#endif

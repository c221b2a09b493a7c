/*
 * tiacheck extract: print the normalised text of a saved page, so that a DPO can see
 * what tiacheck compares and try select/remove rules before putting them in the
 * catalogue. Reads FILE ("-" for stdin); prints the text on stdout.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tiacheck/catalog.h"
#include "tiacheck/cli_extract_print.h"
#include "tiacheck/cmd.h"
#include "tiacheck/extract.h"
#include "tiacheck/util.h"

#define EXTRACT_MAX_RULES 64

static const struct {
	const char *name;
	int format;
} formats[] = {
	{ "auto", TC_FMT_AUTO }, { "html", TC_FMT_HTML }, { "pdf", TC_FMT_PDF },
	{ "text", TC_FMT_TEXT }, { "feed", TC_FMT_FEED },
};

/* Read FILE or stdin ("-") up to the extraction limit. */
static int read_input(const char *path, tc_buf *out, char *err, size_t errlen)
{
	char chunk[65536];
	size_t n;

	if (strcmp(path, "-") != 0)
		return tc_read_file(path, TC_EXTRACT_MAX_INPUT, out, err, errlen);
	tc_buf_init(out, TC_EXTRACT_MAX_INPUT);
	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0) {
		if (tc_buf_add(out, chunk, n) < 0) {
			tc_seterr(err, errlen, "standard input is larger than %zu bytes",
				  TC_EXTRACT_MAX_INPUT);
			return -1;
		}
	}
	if (ferror(stdin)) {
		tc_seterr(err, errlen, "cannot read standard input");
		return -1;
	}
	return 0;
}

/* One option into opts; 0, or the exit code of a usage error. */
static int take_option(int c, const char *arg, tc_extract_opts *opts, const char **select,
		       const char **removes, const char **ignores, int *json)
{
	size_t i;
	char *end;
	long v;

	switch (c) {
	case 'i':
		if (opts->nignore >= EXTRACT_MAX_RULES)
			return tc_cmd_usage_error("extract", "at most %d --ignore rules",
						  EXTRACT_MAX_RULES);
		ignores[opts->nignore++] = arg;
		break;
	case 'm':
		v = strtol(arg, &end, 10);
		if (*end || v < 1 || v > TC_EXTRACT_MAX_MIN_CHARS)
			return tc_cmd_usage_error("extract", "--min-chars takes 1 to %d, not '%s'",
						  TC_EXTRACT_MAX_MIN_CHARS, arg);
		opts->min_chars = (int)v;
		break;
	case 's':
	case 'r':
		if ((c == 's' ? opts->nselect : opts->nremove) >= EXTRACT_MAX_RULES)
			return tc_cmd_usage_error("extract", "at most %d --%s rules",
						  EXTRACT_MAX_RULES, c == 's' ? "select" : "remove");
		if (c == 's')
			select[opts->nselect++] = arg;
		else
			removes[opts->nremove++] = arg;
		break;
	case 't': opts->content_type = arg; break;
	case 'u': opts->url = arg; break;
	case 'j': *json = 1; break;
	case 'f':
		for (i = 0; i < TC_ARRAY_LEN(formats); i++)
			if (strcasecmp(arg, formats[i].name) == 0)
				break;
		if (i == TC_ARRAY_LEN(formats))
			return tc_cmd_usage_error("extract", "unknown format '%s' (auto, html, pdf, text, feed)",
						  arg);
		opts->format = formats[i].format;
		break;
	default: break;
	}
	return 0;
}

static int cmd_extract(int argc, char **argv, tc_ctx *ctx)
{
	tc_cmd_opts op;
	const char *select[EXTRACT_MAX_RULES], *removes[EXTRACT_MAX_RULES];
	const char *ignores[EXTRACT_MAX_RULES];
	tc_extract_opts opts;
	tc_extract_result r = { 0 };
	tc_buf body = TC_BUF_INIT;
	char err[512];
	int c, json = 0, ret = TC_EXIT_OK, have_result = 0;

	(void)ctx;
	memset(&opts, 0, sizeof(opts));
	opts.select = select;
	opts.remove = removes;
	opts.ignore = ignores;
	tc_cmd_opts_init(&op, &cmd_extract_entry, argc, argv);
	while ((c = tc_cmd_opts_next(&op)) > 0)
		if ((ret = take_option(c, op.arg, &opts, select, removes, ignores, &json)) != 0)
			return ret;
	if (c < 0)
		return op.rc;
	if (op.ind != argc - 1)
		return tc_cmd_usage_error("extract", "expected one FILE (or - for standard input)");
	if (read_input(argv[op.ind], &body, err, sizeof(err)) < 0) {
		tc_error("cannot read '%s': %s", argv[op.ind], err);
		ret = TC_EXIT_FAILURE;
		goto out;
	}
	tc_extract(body.data ? body.data : "", body.len, &opts, &r);
	have_result = 1;
	if (r.status == TC_EX_BAD_INPUT && (opts.nselect || opts.nremove || opts.nignore) &&
	    (strstr(r.detail, "XPath") || strstr(r.detail, "ignore rule"))) {
		ret = tc_cmd_usage_error("extract", "%s", r.detail);
		goto out;
	}
	ret = tc_extract_print_result(&r, argv[op.ind], json);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		tc_error("cannot write to standard output");
		ret = TC_EXIT_FAILURE;
	}
out:
	if (have_result)
		tc_extract_result_release(&r);
	tc_buf_release(&body);
	return ret;
}

static const tc_cmd_option extract_options[] = {
	{ "select", 's', "XPATH", TC_ARG_REQUIRED,
	  "keep only what matches XPATH (repeatable; as a document's \"select\" in the "
	  "catalogue)", 0 },
	{ "remove", 'r', "XPATH", TC_ARG_REQUIRED,
	  "drop what matches XPATH (repeatable; as a document's \"remove\")", 0 },
	{ "ignore", 'i', "REGEX", TC_ARG_REQUIRED,
	  "drop the lines of the text that match REGEX, a POSIX extended regular expression "
	  "(repeatable; as a document's \"ignore\")", 0 },
	{ "min-chars", 'm', "N", TC_ARG_REQUIRED,
	  "fewer characters of text is a failure (as a document's \"min_chars\"; default: "
	  "200, 100 for a list or a page's <main>)", 0 },
	{ "content-type", 't', "TYPE", TC_ARG_REQUIRED,
	  "the HTTP Content-Type the page was served with (its charset and format)", 0 },
	{ "format", 'f', "auto|html|pdf|text|feed", TC_ARG_REQUIRED,
	  "force the format (default auto: from --content-type, else sniffed)", 0 },
	{ "url", 'u', "URL", TC_ARG_REQUIRED,
	  "the page's address, so that links within its site are kept as text only", 0 },
	{ "json", 'j', NULL, TC_ARG_NONE,
	  "print {\"status\", \"detail\", \"title\", \"version\", \"chars\", \"min_chars\", "
	  "\"text\"} as JSON (text: what was extracted, also when it would fail)", 0 },
	{ NULL, 0, NULL, TC_ARG_NONE, NULL, 0 },
};

static const tc_cmd_exit extract_exits[] = {
	{ 0, "the text was extracted" },
	{ 1, "the extraction failed: a challenge or consent wall, an empty page, a select "
	     "rule that matches nothing, ..." },
	{ 2, "a bad option, a malformed XPath or regular expression" },
	{ 3, "FILE cannot be read" },
	{ -1, NULL },
};

const tc_cmd_entry cmd_extract_entry = {
	.name = "extract",
	.summary = "print the normalised text of a saved page",
	.synopsis = "[--select XPATH]... [--remove XPATH]... [--ignore REGEX]... "
		    "[--min-chars N] [--content-type TYPE] "
		    "[--format auto|html|pdf|text|feed] [--url URL] [--json] FILE|-",
	.description = "Print the text tiacheck compares for a saved page (HTML, PDF or "
		       "plain text, RSS/Atom/JSON feed; - reads standard input), to check its "
		       "extraction and to try select, remove and ignore rules before putting them "
		       "in the catalogue. When the extraction would fail, the text it got is "
		       "printed all the same and the error says why. Reads no catalogue and no "
		       "database.",
	.options = extract_options,
	.exits = extract_exits,
	.fn = cmd_extract,
};

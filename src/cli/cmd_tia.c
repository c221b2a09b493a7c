/*
 * cmd_tia: `tiacheck tia`: transfer-impact records for every flow that leaves the
 * EU/EEA, as a document (Markdown, HTML or plain text; sv or en) or JSON, on stdout
 * or written atomically to a file.
 */
#include <stdlib.h>
#include <string.h>

#include "tiacheck/cmd.h"
#include "tiacheck/i18n.h"
#include "tiacheck/cli_monitor.h"
#include "tiacheck/tia.h"
#include "tiacheck/tia_render.h"
#include "tiacheck/transfer.h"
#include "tiacheck/util.h"

static int cmd_tia(int argc, char **argv, tc_ctx *ctx);

static const tc_cmd_option tia_options[] = {
	{ "json", 0, NULL, TC_ARG_NONE,
	  "print the records as JSON (stable codes, the texts in both languages) instead "
	  "of a document", 'j' },
	{ "format", 0, "md|html|text", TC_ARG_REQUIRED,
	  "the kind of document: md (default), html or text; not with --json", 'f' },
	{ "lang", 0, "sv|en", TC_ARG_REQUIRED,
	  "the language of the document (default: the global --lang, the config's lang, "
	  "else the organisation's default_lang)", 'L' },
	{ "output", 'o', "FILE", TC_ARG_REQUIRED,
	  "write the records to FILE (replaced atomically) instead of standard output", 0 },
	{ NULL, 0, NULL, TC_ARG_NONE, NULL, 0 },
};
static const tc_cmd_exit tia_exits[] = {
	{ 0, "the records were written" },
	{ 1, "the catalogue has errors (listed on standard error)" },
	{ 2, "a bad option, or SERVICE is not in the catalogue" },
	{ 3, "the catalogue or the database cannot be read, or FILE cannot be written" },
	{ -1, NULL },
};
const tc_cmd_entry cmd_tia_entry = {
	.name = "tia",
	.summary = "transfer-impact records for the flows leaving the EU/EEA",
	.synopsis = "[--json | --format md|html|text] [--lang sv|en] [-o FILE] [SERVICE...]",
	.description = "A transfer-impact record (EDPB Recommendations 01/2020, six steps) "
		       "for every flow that leaves the EU/EEA, with a green/amber/red rating "
		       "and its reasons, including the flows to the vendors' published "
		       "sub-processors. With SERVICE, only the records of those services.\n\n"
		       "The records are a Markdown document unless --format asks for HTML or "
		       "plain text; --json gives them as data.",
	.options = tia_options,
	.exits = tia_exits,
	.fn = cmd_tia,
};

struct tia_opts {
	char **services;
	int n;
	int json;
	const char *lang;              /* NULL: the organisation's */
	const char *output;
	enum tc_render_kind kind;      /* --format; TC_RENDER_MD by default */
};

static int keep_service(const tc_flow *fl, void *ud)
{
	const struct tia_opts *o = ud;
	int match = o->n == 0;

	for (int i = 0; i < o->n && !match; i++)
		match = tc_streq(fl->service, o->services[i]);
	return match;
}

/* "md", "html" or "text" into *kind: 0 ok, -1 another word. */
static int parse_kind(const char *s, enum tc_render_kind *kind)
{
	static const char *const names[] = { "md", "html", "text" }; /* enum order */

	for (int i = TC_RENDER_MD; i <= TC_RENDER_TEXT; i++)
		if (tc_streq(s, names[i])) {
			*kind = (enum tc_render_kind)i;
			return 0;
		}
	return -1;
}

/* Options into o; TC_EXIT_OK, or -1 when the command must return *rc now (help
 * printed: 0; a usage error: 2). */
static int parse(int argc, char **argv, struct tia_opts *o, int *rc)
{
	tc_cmd_opts op;
	enum tc_lang l;
	int c, have_format = 0;

	tc_cmd_opts_init(&op, &cmd_tia_entry, argc, argv);
	while ((c = tc_cmd_opts_next(&op)) > 0) {
		switch (c) {
		case 'j': o->json = 1; break;
		case 'f':
			if (parse_kind(op.arg, &o->kind) < 0) {
				*rc = tc_cmd_usage_error("tia", "--format takes md, html or text, "
							 "not '%s'", op.arg);
				return -1;
			}
			have_format = 1;
			break;
		case 'L':
			if (tc_lang_parse(op.arg, &l) < 0) {
				*rc = tc_cmd_usage_error("tia", "--lang takes 'sv' or 'en', not '%s'",
							 op.arg);
				return -1;
			}
			o->lang = op.arg;
			break;
		case 'o': o->output = op.arg; break;
		default: break;
		}
	}
	if (c < 0) {
		*rc = op.rc;
		return -1;
	}
	if (o->json && have_format) {
		*rc = tc_cmd_usage_error("tia", "--format and --json do not go together");
		return -1;
	}
	o->services = argv + op.ind;
	o->n = argc - op.ind;
	return TC_EXIT_OK;
}

/* doc (with a final newline) to o->output atomically, or to stdout. */
static int emit(const struct tia_opts *o, const char *doc, size_t nrecords)
{
	char *withnl = tc_xasprintf("%s%s", doc, tc_endswith(doc, "\n") ? "" : "\n");
	char err[512];
	int rc = TC_EXIT_OK;

	if (!o->output) {
		fputs(withnl, stdout);
	} else if (tc_write_file_atomic(o->output, withnl, strlen(withnl), 0644, err,
					sizeof(err)) < 0) {
		tc_error("%s", err);
		rc = TC_EXIT_FAILURE;
	} else {
		tc_note("wrote %zu transfer-impact record%s to '%s'", nrecords,
			nrecords == 1 ? "" : "s", o->output);
	}
	free(withnl);
	return rc;
}

static int cmd_tia(int argc, char **argv, tc_ctx *ctx)
{
	struct tia_opts o = { 0 };
	tc_refdata ref = TC_REFDATA_INIT;
	tc_catalog cat = TC_CATALOG_INIT;
	tc_flows flows = TC_FLOWS_INIT;
	tc_tias tias = TC_TIAS_INIT;
	enum tc_lang lang;
	char *doc = NULL;
	int rc = TC_EXIT_OK;
	time_t now = tc_now();

	if (parse(argc, argv, &o, &rc) < 0)
		return rc;
	rc = tc_cmd_load_catalog(ctx, &ref, &cat, 1);
	if (rc != TC_EXIT_OK)
		return rc;
	for (int i = 0; i < o.n; i++) {
		if (!tc_catalog_find(&cat, o.services[i])) {
			rc = tc_cmd_usage_error("tia", "no service '%s' in the catalogue",
						o.services[i]);
			goto out;
		}
	}
	lang = tc_lang_or(o.lang, tc_cmd_lang(ctx, &cat));
	tc_flows_build(&cat, &ref, now, &flows);
	if (tc_cmd_stored_fourth_party(ctx, &cat, &ref, &flows) < 0) {
		rc = TC_EXIT_FAILURE;
		goto out;
	}
	tc_flows_filter(&flows, keep_service, &o);
	tc_tia_build(&cat, &ref, &flows, now, &tias);
	doc = o.json ? tc_tia_json(&cat, &ref, &flows, &tias, now)
		     : tc_tia_render(&cat, &ref, &flows, &tias, o.kind, lang, now);
	if (!doc) {
		tc_error("the transfer-impact records exceed the document limit");
		rc = TC_EXIT_FAILURE;
		goto out;
	}
	rc = emit(&o, doc, tias.n);
out:
	free(doc);
	tc_tias_release(&tias);
	tc_flows_release(&flows);
	tc_catalog_release(&cat);
	tc_refdata_release(&ref);
	return rc;
}

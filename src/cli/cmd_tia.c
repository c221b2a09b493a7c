/*
 * cmd_tia: `tiacheck tia`: transfer-impact records for every flow that leaves the
 * EU/EEA, as Markdown (sv or en) or JSON, on stdout or written atomically to a file.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "tiacheck/cmd.h"
#include "tiacheck/i18n.h"
#include "tiacheck/cmd_monitor.h"
#include "tiacheck/tia.h"
#include "tiacheck/tia_render.h"
#include "tiacheck/transfer.h"
#include "tiacheck/util.h"

struct tia_opts {
	char **services;
	int n;
	int json;
	const char *lang;              /* NULL: the organisation's */
	const char *output;
};

static int keep_service(const tc_flow *fl, void *ud)
{
	const struct tia_opts *o = ud;

	if (!o->n)
		return 1;
	for (int i = 0; i < o->n; i++)
		if (tc_streq(fl->service, o->services[i]))
			return 1;
	return 0;
}

/* Options into o; TC_EXIT_OK, a usage error's code, or -1 when --help was shown. */
static int parse(int argc, char **argv, struct tia_opts *o)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "lang", required_argument, NULL, 'L' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	enum tc_lang l;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'j': o->json = 1; break;
		case 'L':
			if (tc_lang_parse(optarg, &l) < 0)
				return tc_cmd_usage_error("tia", "--lang takes 'sv' or 'en', not '%s'",
							  optarg);
			o->lang = optarg;
			break;
		case 'o': o->output = optarg; break;
		case 'h': tc_cmd_help("tia", stdout); return -1;
		default:
			return tc_cmd_usage_error("tia", "unknown option or missing value: '%s'",
						  argv[optind - 1]);
		}
	}
	o->services = argv + optind;
	o->n = argc - optind;
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

int cmd_tia(int argc, char **argv, tc_ctx *ctx)
{
	struct tia_opts o = { 0 };
	tc_refdata ref = TC_REFDATA_INIT;
	tc_catalog cat = TC_CATALOG_INIT;
	tc_flows flows = TC_FLOWS_INIT;
	tc_tias tias = TC_TIAS_INIT;
	enum tc_lang lang;
	char *doc = NULL;
	int rc;
	time_t now = tc_now();

	rc = parse(argc, argv, &o);
	if (rc != TC_EXIT_OK)
		return rc < 0 ? TC_EXIT_OK : rc;
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
	lang = tc_lang_or(o.lang ? o.lang : tc_cmd_lang(ctx, &cat), TC_LANG_SV);
	tc_flows_build(&cat, &ref, now, &flows);
	if (tc_cmd_stored_fourth_party(ctx, &cat, &ref, &flows) < 0) {
		rc = TC_EXIT_FAILURE;
		goto out;
	}
	tc_flows_filter(&flows, keep_service, &o);
	tc_tia_build(&cat, &ref, &flows, now, &tias);
	doc = o.json ? tc_tia_json(&cat, &ref, &flows, &tias, now)
		     : tc_tia_render(&cat, &ref, &flows, &tias, TC_RENDER_MD, lang, now);
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

/*
 * cmd_tia: `tiacheck tia`: transfer-impact records for every flow that leaves the
 * EU/EEA, as Markdown (sv or en) or JSON, on stdout or written atomically to a file.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "tiacheck/cmd.h"
#include "tiacheck/cmd_monitor.h"
#include "tiacheck/transfer.h"
#include "tiacheck/util.h"

struct svc_filter {
	char **services;
	int n;
};

static int keep_service(const tc_flow *fl, void *ud)
{
	const struct svc_filter *f = ud;

	if (!f->n)
		return 1;
	for (int i = 0; i < f->n; i++)
		if (tc_streq(fl->service, f->services[i]))
			return 1;
	return 0;
}

int cmd_tia(int argc, char **argv, tc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "lang", required_argument, NULL, 'L' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct svc_filter filt;
	tc_refdata ref = TC_REFDATA_INIT;
	tc_catalog cat = TC_CATALOG_INIT;
	tc_flows flows = TC_FLOWS_INIT;
	tc_tias tias = TC_TIAS_INIT;
	const char *lang = NULL, *output = NULL;
	char *doc = NULL, err[512];
	int c, json = 0, rc;
	time_t now = tc_now();

	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'j': json = 1; break;
		case 'L':
			if (strcmp(optarg, "sv") != 0 && strcmp(optarg, "en") != 0)
				return tc_cmd_usage_error("tia", "--lang takes 'sv' or 'en', not '%s'",
							  optarg);
			lang = optarg;
			break;
		case 'o': output = optarg; break;
		case 'h': tc_cmd_help("tia", stdout); return TC_EXIT_OK;
		default:
			return tc_cmd_usage_error("tia", "unknown option or missing value: '%s'",
						  argv[optind - 1]);
		}
	}
	filt.services = argv + optind;
	filt.n = argc - optind;
	rc = tc_cmd_load_catalog(ctx, &ref, &cat, 1);
	if (rc != TC_EXIT_OK)
		return rc;
	for (int i = 0; i < filt.n; i++) {
		if (!tc_catalog_find(&cat, filt.services[i])) {
			rc = tc_cmd_usage_error("tia", "no service '%s' in the catalogue",
						filt.services[i]);
			goto out;
		}
	}
	if (!lang)
		lang = tc_cmd_lang(ctx, &cat);
	tc_flows_build(&cat, &ref, now, &flows);
	if (tc_cmd_stored_fourth_party(ctx, &cat, &ref, &flows) < 0) {
		rc = TC_EXIT_FAILURE;
		goto out;
	}
	tc_flows_filter(&flows, keep_service, &filt);
	tc_tia_build(&cat, &ref, &flows, now, &tias);
	doc = json ? tc_tia_json(&cat, &ref, &flows, &tias, now)
		   : tc_tia_markdown(&cat, &ref, &flows, &tias, lang, now);
	if (output) {
		char *withnl = tc_xasprintf("%s%s", doc, tc_endswith(doc, "\n") ? "" : "\n");

		if (tc_write_file_atomic(output, withnl, strlen(withnl), 0644, err, sizeof(err)) < 0) {
			tc_error("%s", err);
			rc = TC_EXIT_FAILURE;
		} else {
			tc_note("wrote %zu transfer-impact record%s to '%s'", tias.n,
				tias.n == 1 ? "" : "s", output);
		}
		free(withnl);
	} else {
		fputs(doc, stdout);
		if (!tc_endswith(doc, "\n"))
			fputc('\n', stdout);
	}
out:
	free(doc);
	tc_tias_release(&tias);
	tc_flows_release(&flows);
	tc_catalog_release(&cat);
	tc_refdata_release(&ref);
	return rc;
}

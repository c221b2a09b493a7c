/*
 * cmd_flows: `tiacheck flows`: one row per data flow with its classification, in the
 * user's language; flows that leave the EU/EEA stand out (a marker column, and colour
 * on a terminal). --json prints the Flow JSON (codes).
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "tiacheck/cmd.h"
#include "tiacheck/i18n.h"
#include "tiacheck/cmd_monitor.h"
#include "tiacheck/tia_render.h"
#include "tiacheck/transfer.h"
#include "tiacheck/util.h"

struct flow_filter {
	char **services;
	int nservices;
	int depth;
	int outside;
};

static int keep_flow(const tc_flow *fl, void *ud)
{
	const struct flow_filter *f = ud;
	int match = f->nservices == 0;

	for (int i = 0; i < f->nservices && !match; i++)
		match = tc_streq(fl->service, f->services[i]);
	return match && fl->depth <= f->depth && (!f->outside || fl->leaves_eea);
}

/* Options into filt and *json; TC_EXIT_OK or a usage error's code (-1: --help shown). */
static int parse(int argc, char **argv, struct flow_filter *filt, int *json)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "depth", required_argument, NULL, 'd' },
		{ "outside", no_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'j': *json = 1; break;
		case 'o': filt->outside = 1; break;
		case 'd':
			filt->depth = (int)strtol(optarg, &end, 10);
			if (*end || end == optarg || filt->depth < 1 || filt->depth > 2)
				return tc_cmd_usage_error("flows", "--depth takes 1 or 2, not '%s'",
							  optarg);
			break;
		case 'h': tc_cmd_help("flows", stdout); return -1;
		default:
			return tc_cmd_usage_error("flows", "unknown option or missing value: '%s'",
						  argv[optind - 1]);
		}
	}
	filt->services = argv + optind;
	filt->nservices = argc - optind;
	return TC_EXIT_OK;
}

int cmd_flows(int argc, char **argv, tc_ctx *ctx)
{
	struct flow_filter filt = { NULL, 0, 2, 0 };
	tc_refdata ref = TC_REFDATA_INIT;
	tc_catalog cat = TC_CATALOG_INIT;
	tc_flows flows = TC_FLOWS_INIT;
	int json = 0, rc;
	char *s;

	rc = parse(argc, argv, &filt, &json);
	if (rc != TC_EXIT_OK)
		return rc < 0 ? TC_EXIT_OK : rc;
	rc = tc_cmd_load_catalog(ctx, &ref, &cat, 1);
	if (rc != TC_EXIT_OK)
		return rc;
	for (int i = 0; i < filt.nservices; i++) {
		if (!tc_catalog_find(&cat, filt.services[i])) {
			rc = tc_cmd_usage_error("flows", "no service '%s' in the catalogue",
						filt.services[i]);
			goto out;
		}
	}
	tc_flows_build(&cat, &ref, tc_now(), &flows);
	/* Fourth-party flows (depth 2): the vendors' stored sub-processor lists; the
	 * filter below honours --depth. */
	if (filt.depth > 1 && tc_cmd_stored_fourth_party(ctx, &cat, &ref, &flows) < 0) {
		rc = TC_EXIT_FAILURE;
		goto out;
	}
	tc_flows_filter(&flows, keep_flow, &filt);
	s = json ? tc_flows_to_json(&flows, &ref)
		 : tc_flows_table(&flows, &ref, tc_lang_or(tc_cmd_lang(ctx, &cat), TC_LANG_SV),
				  ctx->color);
	fputs(s, stdout);
	if (json)
		fputc('\n', stdout);
	free(s);
out:
	tc_flows_release(&flows);
	tc_catalog_release(&cat);
	tc_refdata_release(&ref);
	return rc;
}

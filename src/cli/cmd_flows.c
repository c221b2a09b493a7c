/*
 * cmd_flows: `tiacheck flows`: one row per data flow with its classification, in the
 * user's language; flows that leave the EU/EEA stand out (a marker column, and colour
 * on a terminal). --json prints the Flow JSON (codes).
 */
#include <stdlib.h>
#include <string.h>

#include "tiacheck/cmd.h"
#include "tiacheck/i18n.h"
#include "tiacheck/cli_monitor.h"
#include "tiacheck/tia_render.h"
#include "tiacheck/transfer.h"
#include "tiacheck/util.h"

static int cmd_flows(int argc, char **argv, tc_ctx *ctx);

static const tc_cmd_option flows_options[] = {
	{ "json", 0, NULL, TC_ARG_NONE,
	  "print the flows as JSON (stable codes) instead of a table", 'j' },
	{ "depth", 0, "N", TC_ARG_REQUIRED,
	  "1: the catalogue's flows only; 2 (default): also the flows to the vendors' "
	  "published sub-processors (fourth parties) from their stored lists", 'd' },
	{ "outside", 0, NULL, TC_ARG_NONE, "only the flows that leave the EU/EEA", 'o' },
	{ NULL, 0, NULL, TC_ARG_NONE, NULL, 0 },
};
static const tc_cmd_exit flows_exits[] = {
	{ 0, "the flows were listed" },
	{ 1, "the catalogue has errors (listed on standard error)" },
	{ 2, "a bad option, or SERVICE is not in the catalogue" },
	{ 3, "the catalogue or the database cannot be read" },
	{ -1, NULL },
};
const tc_cmd_entry cmd_flows_entry = {
	.name = "flows",
	.summary = "list every data flow and whether it leaves the EU/EEA",
	.synopsis = "[--json] [--depth N] [--outside] [SERVICE...]",
	.description = "One row per flow (service x location x role) with its "
		       "classification: EU, EEA, adequacy decision, partial adequacy (such as "
		       "the EU-US Data Privacy Framework) or third country, and the transfer "
		       "mechanism recorded for it. Flows that leave the EU/EEA are marked (in "
		       "colour on a terminal). With SERVICE, only the flows of those services.",
	.options = flows_options,
	.exits = flows_exits,
	.fn = cmd_flows,
};

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

/* Options into filt and *json; TC_EXIT_OK, or -1 when the command must return *rc
 * now (help printed: 0; a usage error: 2). */
static int parse(int argc, char **argv, struct flow_filter *filt, int *json, int *rc)
{
	tc_cmd_opts o;
	char *end;
	int c;

	tc_cmd_opts_init(&o, &cmd_flows_entry, argc, argv);
	while ((c = tc_cmd_opts_next(&o)) > 0) {
		switch (c) {
		case 'j': *json = 1; break;
		case 'o': filt->outside = 1; break;
		case 'd':
			filt->depth = (int)strtol(o.arg, &end, 10);
			if (*end || end == o.arg || filt->depth < 1 || filt->depth > 2) {
				*rc = tc_cmd_usage_error("flows", "--depth takes 1 or 2, not '%s'",
							 o.arg);
				return -1;
			}
			break;
		default: break;
		}
	}
	if (c < 0) {
		*rc = o.rc;
		return -1;
	}
	filt->services = argv + o.ind;
	filt->nservices = argc - o.ind;
	return TC_EXIT_OK;
}

static int cmd_flows(int argc, char **argv, tc_ctx *ctx)
{
	struct flow_filter filt = { NULL, 0, 2, 0 };
	tc_refdata ref = TC_REFDATA_INIT;
	tc_catalog cat = TC_CATALOG_INIT;
	tc_flows flows = TC_FLOWS_INIT;
	int json = 0, rc = TC_EXIT_OK;
	char *s;

	if (parse(argc, argv, &filt, &json, &rc) < 0)
		return rc;
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
	if (tc_cmd_stored_fourth_party(ctx, &cat, &ref, &flows) < 0) {
		rc = TC_EXIT_FAILURE;
		goto out;
	}
	tc_flows_filter(&flows, keep_flow, &filt);
	s = json ? tc_flows_to_json(&flows, &ref)
		 : tc_flows_table(&flows, &ref, tc_cmd_lang(ctx, &cat),
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

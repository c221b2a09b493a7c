/* tiacheck adopt: write a sub-processor from a vendor's published list into the
 * service's catalogue file (a review item F<n>), after showing the edit. */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tiacheck/adopt.h"
#include "tiacheck/cmd.h"
#include "tiacheck/cli_monitor.h"
#include "tiacheck/util.h"

static const char *reviewer(const char *by)
{
	const char *u = getenv("USER");
	struct passwd *pw;

	if (by)
		return by;
	if (u && *u)
		return u;
	pw = getpwuid(getuid());
	return pw ? pw->pw_name : "unknown";
}

/* Show the edit: the file and its changed lines. */
static void show_plan(const tc_adopt_plan *p, int color)
{
	printf("%s:\n", p->path);
	for (const char *l = p->diff; l && *l; ) {
		const char *e = strchr(l, '\n');
		int n = e ? (int)(e - l) : (int)strlen(l);
		const char *c = !color ? "" : *l == '+' ? "\033[32m" : *l == '-' ? "\033[31m" : "";

		printf("%s%.*s%s\n", c, n, l, *c ? "\033[0m" : "");
		l += n + (e != NULL);
	}
}

static int cmd_adopt(int argc, char **argv, tc_ctx *ctx)
{
	tc_adopt_opts ao = { 0 };
	tc_adopt_plan plan = { 0 };
	tc_refdata ref = TC_REFDATA_INIT;
	tc_catalog cat = TC_CATALOG_INIT;
	tc_review_ref item;
	tc_store *st = NULL;
	const char *by = NULL;
	int dry = 0, c, rc, ret;
	tc_cmd_opts o;
	char err[1024];

	tc_cmd_opts_init(&o, &cmd_adopt_entry, argc, argv);
	while ((c = tc_cmd_opts_next(&o)) > 0) {
		switch (c) {
		case 'n': dry = 1; break;
		case 'm': ao.mechanism = o.arg; break;
		case 'M': ao.scc_module = o.arg; break;
		case 'k': ao.kinds = o.arg; break;
		case 's': ao.purpose_sv = o.arg; break;
		case 'e': ao.purpose_en = o.arg; break;
		case 'b': by = o.arg; break;
		default: break;
		}
	}
	if (c < 0)
		return o.rc;
	if (o.ind != argc - 1)
		return tc_cmd_usage_error("adopt", "name one item, e.g. 'tiacheck adopt F12'");
	if (tc_review_parse(argv[o.ind], &item) < 0 || item.type != 'F')
		return tc_cmd_usage_error("adopt", "'%s' is not a finding (F12, as the report's action "
					  "list names it)", argv[o.ind]);
	if ((ret = tc_cmd_load_catalog(ctx, &ref, &cat, 0)) != TC_EXIT_OK)
		goto out;
	if (!(st = tc_cmd_open_store(ctx))) {
		ret = TC_EXIT_FAILURE;
		goto out;
	}
	rc = tc_adopt_plan_make(st, &cat, &ref, &item, &ao, &plan, err, sizeof(err));
	if (rc == TC_ADOPT_NOTFOUND || rc == TC_ADOPT_UNSUITABLE) {
		ret = tc_cmd_usage_error("adopt", "%s", err);
		goto out;
	}
	if (rc == TC_ADOPT_ERROR) {
		tc_error("cannot adopt %s: %s", item.name, err);
		ret = TC_EXIT_FAILURE;
		goto out;
	}
	show_plan(&plan, ctx->color);
	if (rc == TC_ADOPT_INVALID) {
		tc_cmd_print_diags(ctx, &plan.diags, 0);
		tc_error("%s", err);
		ret = TC_EXIT_ATTENTION;
		goto out;
	}
	if (dry) {
		printf(tc_tr(tc_cmd_lang(ctx, &cat), "cli.adopt.dry_run"), plan.entity, plan.path);
		putchar('\n');
		ret = TC_EXIT_OK;
		goto out;
	}
	if (tc_adopt_apply(st, &item, &plan, reviewer(by), err, sizeof(err)) != TC_ADOPT_OK) {
		tc_error("%s", err);
		ret = TC_EXIT_FAILURE;
		goto out;
	}
	printf(tc_tr(tc_cmd_lang(ctx, &cat), "cli.adopt.done"), item.name, plan.entity,
	       plan.service, plan.path);
	putchar('\n');
	ret = TC_EXIT_OK;
out:
	tc_adopt_plan_release(&plan);
	tc_store_close(st);
	tc_catalog_release(&cat);
	tc_refdata_release(&ref);
	return ret;
}

static const tc_cmd_option adopt_options[] = {
	{ "dry-run", 'n', NULL, TC_ARG_NONE, "show the edit and check it; write nothing", 0 },
	{ "mechanism", 'm', "TYPE", TC_ARG_REQUIRED,
	  "the transfer mechanism for each third country (scc, bcr, dpf, art49, ...); the "
	  "catalogue refuses a third country without one", 0 },
	{ "scc-module", 'M', "N", TC_ARG_REQUIRED,
	  "the SCC module with --mechanism scc (default 3: processor to processor)", 0 },
	{ "kinds", 'k', "LIST", TC_ARG_REQUIRED,
	  "what the sub-processor does with the data there, comma-separated (storage, "
	  "processing, remote_access, support; default processing)", 0 },
	{ "purpose-sv", 's', "TEXT", TC_ARG_REQUIRED, "its purpose in Swedish (optional)", 0 },
	{ "purpose-en", 'e', "TEXT", TC_ARG_REQUIRED, "its purpose in English (optional)", 0 },
	{ "by", 'b', "NAME", TC_ARG_REQUIRED,
	  "who decided (default: $USER, else the login name)", 0 },
	{ NULL, 0, NULL, TC_ARG_NONE, NULL, 0 },
};

static const tc_cmd_exit adopt_exits[] = {
	{ 0, "the entry was written (with --dry-run: it would be valid) and the item is adopted" },
	{ 1, "the edited catalogue would have errors (they are shown); nothing was written" },
	{ 2, "a bad option, no ITEM, an unknown item, or one that is not a new sub-processor" },
	{ 3, "the catalogue, the file or the database cannot be read or written" },
	{ -1, NULL },
};

const tc_cmd_entry cmd_adopt_entry = {
	.name = "adopt",
	.summary = "write a new sub-processor into the catalogue",
	.synopsis = "[--dry-run] [--mechanism TYPE] [--kinds LIST] ITEM",
	.description = "Write the sub-processor of a review item (a finding F12 of a new or "
		       "relocated sub-processor, as the report's action list and the alert name "
		       "it) into the 'subprocessors' of its service's catalogue file, with the "
		       "countries the vendor's list gives. The edit is shown first, and the whole "
		       "edited catalogue is checked before anything is written: an edit that "
		       "would make it invalid (e.g. a third country without --mechanism) writes "
		       "nothing. The file is replaced atomically; the rest of it stays byte for "
		       "byte. The item is then 'adopted', and the sub-processor's flows are "
		       "covered from the catalogue in every later report, flows and tia.",
	.options = adopt_options,
	.exits = adopt_exits,
	.fn = cmd_adopt,
};

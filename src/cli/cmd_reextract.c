/* tiacheck reextract: after an upgrade with better extraction rules, rebuild the
 * normalised texts from the stored raw bodies. A text that differs only because of
 * the new rules is recorded as a technical change: shown in history, never alerted. */
#include <inttypes.h>
#include <stdlib.h>

#include "tiacheck/cmd.h"
#include "tiacheck/i18n.h"
#include "tiacheck/cli_monitor.h"
#include "tiacheck/runlock.h"
#include "tiacheck/store.h"
#include "tiacheck/util.h"

static int cmd_reextract(int argc, char **argv, tc_ctx *ctx);

static const tc_cmd_exit reextract_exits[] = {
	{ 0, "the texts were rebuilt" },
	{ 1, "the catalogue has errors (listed on standard error)" },
	{ 2, "SERVICE is not in the catalogue" },
	{ 3, "the database cannot be read or written" },
	{ 4, NULL },
	{ -1, NULL },
};
const tc_cmd_entry cmd_reextract_entry = {
	.name = "reextract",
	.summary = "rebuild the normalised texts from the stored raw bodies",
	.synopsis = "[SERVICE[/DOC]...]",
	.description = "After an upgrade with better extraction rules, rebuild the "
		       "normalised texts of every stored snapshot (or of the documents named) "
		       "from the raw bodies kept as evidence. A text that differs only because "
		       "of the new rules is recorded as a technical change: shown in 'tiacheck "
		       "history', never alerted.",
	.options = NULL,
	.exits = reextract_exits,
	.fn = cmd_reextract,
};

/* arg: the language (an enum tc_lang). */
static void on_event(const tc_monitor_event *ev, void *arg)
{
	const enum tc_lang *lang = arg;

	if (ev->kind == TC_MON_TECHNICAL) {
		printf(tc_tr(*lang, "cli.reextract.technical"), ev->doc->change_id,
		       ev->doc->service->id, ev->doc->doc->id);
		putchar('\n');
	} else if (ev->kind == TC_MON_DOC_ERROR)
		tc_error("%s/%s: %s", ev->doc->service->id, ev->doc->doc->id, ev->message);
}

static int cmd_reextract(int argc, char **argv, tc_ctx *ctx)
{
	tc_refdata ref = TC_REFDATA_INIT;
	tc_catalog cat = TC_CATALOG_INIT;
	tc_store_lock_handle lk = TC_STORE_LOCK_INIT;
	tc_monitor_opts mo = { .on_event = on_event };
	tc_store *st = NULL;
	char err[1024];
	size_t ndocs = 0, nchanged = 0;
	tc_cmd_opts o;
	enum tc_lang lang = TC_LANG_SV;
	int c, ret, rc;

	tc_cmd_opts_init(&o, &cmd_reextract_entry, argc, argv);
	while ((c = tc_cmd_opts_next(&o)) > 0)
		continue;   /* no options but --help */
	if (c < 0)
		return o.rc;
	ret = tc_cmd_load_catalog(ctx, &ref, &cat, 0);
	if (ret != TC_EXIT_OK)
		goto out;
	mo.only = (const char *const *)argv + o.ind;
	mo.nonly = (size_t)(argc - o.ind);
	mo.db_path = ctx->db_path;
	lang = tc_cmd_lang(ctx, &cat);
	mo.arg = &lang;
	mo.config = ctx->config;
	if (tc_monitor_check_selectors(&cat, mo.only, mo.nonly, err, sizeof(err)) < 0) {
		tc_error("%s", err);
		ret = TC_EXIT_USAGE;
		goto out;
	}
	ret = tc_cmd_runlock(ctx, &lk);
	if (ret != TC_EXIT_OK)
		goto out;
	st = tc_cmd_open_store(ctx);
	if (!st) {
		ret = TC_EXIT_FAILURE;
		goto out;
	}
	err[0] = '\0';
	rc = tc_monitor_reextract(&cat, st, &mo, &ndocs, &nchanged, err, sizeof(err));
	if (rc < 0 && err[0])
		tc_error("%s", err);
	ret = rc < 0 ? TC_EXIT_FAILURE : TC_EXIT_OK;
	printf(tc_tr(lang, "cli.reextract.totals"), ndocs, nchanged);
	putchar('\n');
out:
	tc_store_close(st);
	tc_runlock_release(&lk);
	tc_catalog_release(&cat);
	tc_refdata_release(&ref);
	return ret;
}

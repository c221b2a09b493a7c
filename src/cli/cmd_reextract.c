/* tiacheck reextract: after an upgrade with better extraction rules, rebuild the
 * normalised texts from the stored raw bodies. A text that differs only because of
 * the new rules is recorded as a technical change: shown in history, never alerted. */
#include <getopt.h>
#include <stdlib.h>

#include "tiacheck/cmd.h"
#include "tiacheck/monitor.h"
#include "tiacheck/store.h"
#include "tiacheck/util.h"

int cmd_reextract(int argc, char **argv, tc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	tc_refdata ref = TC_REFDATA_INIT;
	tc_catalog cat = TC_CATALOG_INIT;
	tc_store_lock_handle lk = TC_STORE_LOCK_INIT;
	tc_pipeline_opts po = { 0 };
	tc_store *st = NULL;
	char err[512], *lockpath = NULL;
	size_t ndocs = 0, nchanged = 0;
	long holder = 0;
	int c, ret;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'h': tc_cmd_help("reextract", stdout); return TC_EXIT_OK;
		default: return tc_cmd_usage_error("reextract", "unknown option");
		}
	}
	ret = tc_cmd_load_catalog(ctx, &ref, &cat, 0);
	if (ret != TC_EXIT_OK)
		goto out;
	po.only = (const char *const *)argv + optind;
	po.nonly = (size_t)(argc - optind);
	if (tc_pipeline_check_selectors(&cat, &po) < 0) {
		ret = TC_EXIT_USAGE;
		goto out;
	}
	lockpath = tc_xasprintf("%s.lock", ctx->db_path);
	if (tc_store_lock(lockpath, &lk, &holder, err, sizeof(err)) != TC_STORE_OK) {
		tc_error("another tiacheck run (pid %ld) is using '%s'", holder, ctx->db_path);
		ret = TC_EXIT_LOCKED;
		goto out;
	}
	st = tc_pipeline_open_store(ctx);
	if (!st) {
		ret = TC_EXIT_FAILURE;
		goto out;
	}
	po.only = (const char *const *)argv + optind;
	po.nonly = (size_t)(argc - optind);
	ret = tc_pipeline_reextract(ctx, &cat, st, &po, &ndocs, &nchanged) < 0 ? TC_EXIT_FAILURE
									  : TC_EXIT_OK;
	printf("%zu documents re-extracted, %zu with a technical change\n", ndocs, nchanged);
out:
	tc_store_close(st);
	tc_store_unlock(&lk);
	free(lockpath);
	tc_catalog_release(&cat);
	tc_refdata_release(&ref);
	return ret;
}

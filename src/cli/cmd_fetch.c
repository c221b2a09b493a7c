/* tiacheck fetch: fetch monitored documents, keep snapshots, record real changes.
 * No report and no e-mail: that is `tiacheck run`. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tiacheck/cmd.h"
#include "tiacheck/cli_fetch_print.h"
#include "tiacheck/config.h"
#include "tiacheck/cli_monitor.h"
#include "tiacheck/runlock.h"
#include "tiacheck/util.h"

static int cmd_fetch(int argc, char **argv, tc_ctx *ctx);

static const tc_cmd_option fetch_options[] = {
	{ "parallel", 'p', "N", TC_ARG_REQUIRED,
	  "fetch at most N documents at a time, 1 to 1024 (default: the config's "
	  "fetch.parallel, 16)", 0 },
	{ "json", 'j', NULL, TC_ARG_NONE,
	  "print the outcome of every document (new, unchanged, changed, failed, with the "
	  "change number or the failure) and the totals as JSON", 0 },
	{ NULL, 0, NULL, TC_ARG_NONE, NULL, 0 },
};
static const tc_cmd_exit fetch_exits[] = {
	{ 0, "the documents were fetched (some may have failed: see the output)" },
	{ 1, "the catalogue has errors (listed on standard error)" },
	{ 2, "a bad option, or SERVICE is not in the catalogue" },
	{ 3, "every document failed, or the database cannot be written" },
	{ 4, NULL },
	{ -1, NULL },
};
const tc_cmd_entry cmd_fetch_entry = {
	.name = "fetch",
	.summary = "fetch the monitored documents and record real changes",
	.synopsis = "[--parallel N] [--json] [SERVICE[/DOC]...]",
	.description = "Fetch every monitored document (or the ones named), keep dated "
		       "snapshots, and record a change when the normalised text really changed. "
		       "A fetch error, a block or challenge page or an empty extraction is a "
		       "failure, never a change. No report and no e-mail: see 'tiacheck run'. "
		       "Shares the run lock with 'tiacheck run'.",
	.options = fetch_options,
	.exits = fetch_exits,
	.fn = cmd_fetch,
};


/* Fetch and compare the selected documents within a run record; prints. */
static int fetch_all(tc_ctx *ctx, const tc_refdata *ref, const tc_catalog *cat, tc_store *st,
		     tc_monitor_opts *mo, int json, tc_monitor_result *res)
{
	tc_cmd_events ev = { .progress = !ctx->quiet && !json && isatty(STDERR_FILENO) };
	char err[1024];
	int64_t run_id = 0;
	int rc;

	if (tc_store_run_begin(st, tc_now(), "fetch", NULL, &run_id, err, sizeof(err)) < 0) {
		tc_error("cannot record the run: %s", err);
		return TC_EXIT_FAILURE;
	}
	mo->run_id = run_id;
	mo->on_event = tc_cmd_monitor_event;
	mo->arg = &ev;
	rc = tc_monitor_fetch(ref, cat, st, mo, res, err, sizeof(err));
	tc_cmd_events_end(&ev);
	if (rc < 0) {
		tc_error("%s", err);
		tc_store_run_finish(st, run_id, tc_now(), "failed", NULL, err, sizeof(err));
		return TC_EXIT_FAILURE;
	}
	tc_fetch_print_result(res, ctx->color, json, tc_cmd_lang(ctx, cat));
	tc_cmd_print_timings(&res->t);
	tc_store_run_finish(st, run_id, tc_now(), res->store_failed ? "failed"
			    : res->nfailed ? "partial" : "ok", NULL, err, sizeof(err));
	return res->store_failed ? TC_EXIT_FAILURE
	       : (res->n && res->nfailed == res->n) ? TC_EXIT_FAILURE : TC_EXIT_OK;
}

static int cmd_fetch(int argc, char **argv, tc_ctx *ctx)
{
	tc_refdata ref = TC_REFDATA_INIT;
	tc_catalog cat = TC_CATALOG_INIT;
	tc_monitor_result res = { 0 };
	tc_monitor_opts mo = { 0 };
	tc_store *st = NULL;
	tc_store_lock_handle lk = TC_STORE_LOCK_INIT;
	tc_cmd_opts o;
	char err[512], *end;
	int json = 0, c, ret;
	long v;

	tc_cmd_opts_init(&o, &cmd_fetch_entry, argc, argv);
	while ((c = tc_cmd_opts_next(&o)) > 0) {
		switch (c) {
		case 'j': json = 1; break;
		case 'p':
			v = strtol(o.arg, &end, 10);
			if (*end || end == o.arg || v < 1 || v > 1024)
				return tc_cmd_usage_error("fetch", "--parallel takes 1 to 1024, not '%s'",
							  o.arg);
			ctx->config->parallel = (int)v;
			break;
		default: break;
		}
	}
	if (c < 0)
		return o.rc;
	ret = tc_cmd_load_catalog(ctx, &ref, &cat, 0);
	if (ret != TC_EXIT_OK)
		goto out;
	mo.only = (const char *const *)argv + o.ind;
	mo.nonly = (size_t)(argc - o.ind);
	mo.db_path = ctx->db_path;
	mo.config = ctx->config;
	if (tc_monitor_check_selectors(&cat, mo.only, mo.nonly, err, sizeof(err)) < 0) {
		ret = tc_cmd_usage_error("fetch", "%s", err);
		goto out;
	}
	/* One writer of snapshots at a time: share the run lock. */
	ret = tc_cmd_runlock(ctx, &lk);
	if (ret != TC_EXIT_OK)
		goto out;
	st = tc_cmd_monitor_open(ctx, &cat, tc_now(), 1);
	ret = st ? fetch_all(ctx, &ref, &cat, st, &mo, json, &res) : TC_EXIT_FAILURE;
out:
	tc_monitor_result_release(&res);
	tc_store_close(st);
	tc_runlock_release(&lk);
	tc_catalog_release(&cat);
	tc_refdata_release(&ref);
	return ret;
}

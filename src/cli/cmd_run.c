/*
 * tiacheck run: the weekly job. Validate the catalogue (stop on errors, nothing
 * written), take the run lock, then core/weekly does the rest (fetch and compare,
 * flows, report, alerts); this prints what it says and the summary.
 */
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "tiacheck/cli_run_print.h"
#include "tiacheck/cmd.h"
#include "tiacheck/cli_monitor.h"
#include "tiacheck/dryrun.h"
#include "tiacheck/report.h"
#include "tiacheck/runlock.h"
#include "tiacheck/util.h"
#include "tiacheck/weekly.h"

static int cmd_run(int argc, char **argv, tc_ctx *ctx);

static const tc_cmd_option run_options[] = {
	{ "no-mail", 'n', NULL, TC_ARG_NONE,
	  "send no alert e-mail this time (changes not yet alerted are alerted by the next "
	  "run)", 0 },
	{ "dry-run", 'd', NULL, TC_ARG_NONE,
	  "fetch and compare on a throw-away copy of the database: keep nothing, write no "
	  "report file, send no e-mail; print the report instead", 0 },
	{ "only", 'o', "SERVICE", TC_ARG_REQUIRED,
	  "only this service, or SERVICE/DOC only this document (repeatable); the report is "
	  "then written as tiacheck-DATE-runN-only.* and latest.* stay as they were", 0 },
	{ "strict", 's', NULL, TC_ARG_NONE,
	  "exit 1 when something needs attention: changes, open changes, new findings or "
	  "fetch failures", 0 },
	{ NULL, 0, NULL, TC_ARG_NONE, NULL, 0 },
};
static const tc_cmd_exit run_exits[] = {
	{ 0, "the run completed" },
	{ 1, "with --strict: changes, open changes, new findings or fetch failures" },
	{ 2, "a bad option, or --only names no service of the catalogue" },
	{ 3, "the catalogue has errors (nothing was written), every document failed, the "
	     "report could not be written or an alert could not be sent (it stays pending), "
	     "or the run was interrupted" },
	{ 4, NULL },
	{ -1, NULL },
};
const tc_cmd_entry cmd_run_entry = {
	.name = "run",
	.summary = "the weekly job: check, fetch, compare, assess, report, alert",
	.synopsis = "[--no-mail] [--dry-run] [--only SERVICE[/DOC]]... [--strict]",
	.description = "In order: validate the catalogue (stop on errors, nothing written), "
		       "take the run lock, fetch and compare every monitored document, assess "
		       "the data flows, write the report (Markdown, HTML and JSON in the "
		       "reports directory), then send the alerts still pending and a new one "
		       "when something changed. A run killed anywhere is completed by the next "
		       "one: no change is lost and no alert is sent twice.",
	.options = run_options,
	.exits = run_exits,
	.fn = cmd_run,
};

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

/* The summary lines and the exit code. */
static int run_finish(const tc_weekly *w, const tc_weekly_opts *wo, int strict)
{
	const tc_monitor_result *r = &w->res;
	const cJSON *sum = cJSON_GetObjectItem(w->report, "summary");

	if (!wo->dry_run)
		tc_run_print_summary(w, wo->lang);
	if (stop_requested) {
		tc_error("interrupted: what was fetched is stored; the next run completes the rest");
		return TC_EXIT_FAILURE;
	}
	if (r->store_failed || w->failed || (r->n && r->nfailed == r->n))
		return TC_EXIT_FAILURE;
	if (strict && (r->nchanged || r->nfailed ||
		       cJSON_GetNumberValue(cJSON_GetObjectItem(sum, "open_changes")) > 0 ||
		       cJSON_GetNumberValue(cJSON_GetObjectItem(sum, "new_findings")) > 0))
		return TC_EXIT_ATTENTION;
	return TC_EXIT_OK;
}

/* The run itself, under the lock; a dry run prints its report. */
static int run_locked(tc_ctx *ctx, const tc_refdata *ref, const tc_catalog *cat,
		      const tc_diags *diags, tc_weekly_opts *wo, int strict)
{
	tc_cmd_events ev = { .progress = !ctx->quiet && isatty(STDERR_FILENO) };
	tc_weekly w = TC_WEEKLY_INIT;
	char err[1024];
	int ret = TC_EXIT_FAILURE;

	wo->on_event = tc_cmd_monitor_event;
	wo->arg = &ev;
	if (tc_weekly_run(ref, cat, diags, wo, &w) == 0) {
		if (wo->dry_run) {
			tc_buf md = TC_BUF_INIT;

			if (tc_report_render(w.report, TC_REPORT_MD, wo->lang, &md, err, sizeof(err)) == 0)
				fputs(tc_buf_str(&md), stdout);
			tc_buf_release(&md);
		}
		ret = run_finish(&w, wo, strict);
	}
	tc_cmd_events_end(&ev);
	tc_cmd_print_timings(&w.res.t);
	tc_weekly_release(&w);
	return ret;
}

static int cmd_run(int argc, char **argv, tc_ctx *ctx)
{
	tc_refdata ref = TC_REFDATA_INIT;
	tc_catalog cat = TC_CATALOG_INIT;
	tc_diags diags = TC_DIAGS_INIT;
	tc_weekly_opts wo = { .config = ctx->config, .reports_dir = ctx->reports_dir,
			      .stop = &stop_requested };
	tc_store_lock_handle lk = TC_STORE_LOCK_INIT;
	const char **only = NULL;
	size_t nonly = 0;
	int strict = 0, c, ret = TC_EXIT_FAILURE, lrc;
	char err[1024], *dry_dir = NULL, *dry_db = NULL;
	struct sigaction sa = { 0 }, old_int, old_term;
	tc_cmd_opts o;

	tc_cmd_opts_init(&o, &cmd_run_entry, argc, argv);
	while ((c = tc_cmd_opts_next(&o)) > 0) {
		switch (c) {
		case 'n': wo.no_mail = 1; break;
		case 'd': wo.dry_run = 1; break;
		case 'o':
			only = tc_xrealloc(only, (nonly + 1) * sizeof(*only));
			only[nonly++] = o.arg;
			break;
		case 's': strict = 1; break;
		}
	}
	if (c < 0) {
		ret = o.rc;
		goto out;
	}
	if (o.ind < argc) {
		ret = tc_cmd_usage_error("run", "unexpected argument '%s' (use --only SERVICE)", argv[o.ind]);
		goto out;
	}
	/* 1. the catalogue: on errors stop here, before anything is written */
	lrc = tc_cmd_load_catalog_diags(ctx, &ref, &cat, 1, &diags);
	if (lrc != TC_EXIT_OK) {
		if (lrc == TC_EXIT_ATTENTION)
			tc_error("the catalogue has errors (above): nothing was fetched or written");
		goto out;
	}
	if (tc_monitor_check_selectors(&cat, only, nonly, err, sizeof(err)) < 0) {
		tc_error("%s", err);
		ret = TC_EXIT_USAGE;
		goto out;
	}
	wo.only = (const char *const *)only;
	wo.nonly = nonly;
	wo.lang = tc_cmd_lang(ctx, &cat);
	wo.db_path = ctx->db_path;
	/* 2. one run at a time */
	ret = tc_cmd_runlock(ctx, &lk);
	if (ret != TC_EXIT_OK)
		goto out;
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	/* A dry run works on a throw-away copy (we hold the lock: nobody writes meanwhile). */
	if (wo.dry_run && tc_dryrun_copy(ctx->db_path, &dry_dir, &dry_db, err, sizeof(err)) < 0) {
		tc_error("%s", err);
		ret = TC_EXIT_FAILURE;
	} else {
		if (dry_db)
			wo.db_path = dry_db;
		ret = run_locked(ctx, &ref, &cat, &diags, &wo, strict);
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
out:
	free(dry_db);
	tc_dryrun_cleanup(dry_dir);
	tc_runlock_release(&lk);
	free(only);
	tc_diags_release(&diags);
	tc_catalog_release(&cat);
	tc_refdata_release(&ref);
	return ret;
}

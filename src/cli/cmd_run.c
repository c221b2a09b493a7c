/*
 * tiacheck run: the weekly job. In order: validate the catalogue (stop on errors,
 * nothing written), take the run lock, sync the catalogue into the store, fetch and
 * compare every document (core/monitor), assess the flows, write the report
 * (core/runreport), send pending and new alerts (core/alerts). Every step's result is
 * in the store before the next starts, so a run killed anywhere is completed by the
 * next one.
 */
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "tiacheck/alerts.h"
#include "tiacheck/cmd_monitor.h"
#include "tiacheck/dryrun.h"
#include "tiacheck/report.h"
#include "tiacheck/runlock.h"
#include "tiacheck/runreport.h"
#include "tiacheck/util.h"

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

typedef struct run_state {
	tc_ctx *ctx;
	tc_refdata ref;
	tc_catalog cat;
	tc_diags diags;
	tc_store *st;
	tc_monitor_result res;
	tc_flows flows;
	tc_runreport_in in;          /* what the report and the alert are built from */
	int failed;                  /* report, end of run or mail failed */
} run_state;

/* 3–6: fetch and compare, then the flows with the vendors' published sub-processors. */
static int run_monitor(run_state *rs, const char *const *only, size_t nonly)
{
	tc_cmd_events ev = { .progress = !rs->ctx->quiet && isatty(STDERR_FILENO) };
	tc_monitor_opts mo = { .only = only, .nonly = nonly, .run_id = rs->in.run_id,
			       .db_path = rs->ctx->db_path, .config = rs->ctx->config,
			       .stop = &stop_requested, .on_event = tc_cmd_monitor_event, .arg = &ev };
	char err[1024];
	int rc = tc_monitor_fetch(&rs->ref, &rs->cat, rs->st, &mo, &rs->res, err, sizeof(err));

	tc_cmd_events_end(&ev);
	tc_cmd_print_timings(&rs->res.t);
	if (rc < 0) {
		tc_error("%s", err);
		return -1;
	}
	tc_crashpoint("after-fetch");
	if (tc_flows_build(&rs->cat, &rs->ref, tc_now(), &rs->flows) < 0 ||
	    tc_monitor_fourth_party(&rs->cat, &rs->ref, rs->st, &rs->flows, err, sizeof(err)) < 0) {
		tc_error("cannot assess the data flows: %s", err);
		return -1;
	}
	return 0;
}

/* 7: the report, written and recorded with the run (a dry run prints it). */
static void run_report(run_state *rs, cJSON **report, char **paths)
{
	char err[1024], *json;

	if (tc_runreport_build(&rs->in, report, err, sizeof(err)) > 0) {
		tc_error("the report is incomplete: %s", err);
		rs->failed = 1;
	}
	if (rs->in.dry_run) {
		tc_buf md = TC_BUF_INIT;

		if (tc_report_render(*report, TC_REPORT_MD, rs->in.lang, &md, err, sizeof(err)) == 0)
			fputs(tc_buf_str(&md), stdout);
		tc_buf_release(&md);
		return;
	}
	if (tc_report_write(*report, rs->ctx->reports_dir, NULL, rs->in.lang, paths, err,
			    sizeof(err)) < 0) {
		tc_error("cannot write the report: %s", err);
		rs->failed = 1;
	}
	json = cJSON_PrintUnformatted(*report);
	if (tc_store_run_finish(rs->st, rs->in.run_id, tc_now(), rs->in.status, json, err,
				sizeof(err)) < 0) {
		tc_error("cannot record the end of the run: %s", err);
		rs->failed = 1;
	}
	cJSON_free(json);
	tc_crashpoint("after-report");
}

/* 8: alerts: first record what is new, then send everything pending. */
static void run_alerts(run_state *rs)
{
	char err[1024];
	int64_t alert_id = 0;
	int nsent = 0, read_errors = 0;

	if (!tc_alerts_configured(rs->ctx->config)) {
		tc_note("no SMTP server configured: no alert e-mail (see smtp.* in the config)");
		return;
	}
	if (tc_alerts_create(&rs->in, rs->ctx->config, &alert_id, &read_errors, err, sizeof(err)) < 0) {
		tc_error("%s", err);
		rs->failed = 1;
		return;
	}
	if (read_errors) {
		tc_error("the alert is incomplete: %s", err);
		rs->failed = 1;
	}
	tc_crashpoint("after-alert-create");
	if (tc_cmd_send_pending(rs->ctx, rs->st, &nsent) != 0)
		rs->failed = 1;
}

/* The summary lines and the exit code. */
static int run_finish(run_state *rs, const cJSON *report, const char *path, int strict)
{
	const tc_monitor_result *r = &rs->res;
	const cJSON *sum = cJSON_GetObjectItem(report, "summary");

	if (!rs->in.dry_run) {
		printf("run %" PRId64 ": %zu documents: %zu new, %zu unchanged, %zu changed, %zu failed\n",
		       rs->in.run_id, r->n, r->nnew, r->nunchanged, r->nchanged, r->nfailed);
		printf("flows: %zu, leaving the EU/EEA: %zu\n", rs->flows.n,
		       tc_flows_count_outside(&rs->flows));
		if (path)
			printf("report: %s\n", path);
	}
	if (stop_requested) {
		tc_error("interrupted: what was fetched is stored; the next run completes the rest");
		return TC_EXIT_FAILURE;
	}
	if (r->store_failed || rs->failed || (r->n && r->nfailed == r->n))
		return TC_EXIT_FAILURE;
	if (strict && (r->nchanged || r->nfailed ||
		       cJSON_GetNumberValue(cJSON_GetObjectItem(sum, "open_changes")) > 0 ||
		       cJSON_GetNumberValue(cJSON_GetObjectItem(sum, "new_findings")) > 0))
		return TC_EXIT_ATTENTION;
	return TC_EXIT_OK;
}

/* Everything after the lock: returns the exit code. */
static int run_locked(run_state *rs, const char *const *only, size_t nonly, int no_mail, int strict)
{
	char err[1024], *paths[3] = { NULL, NULL, NULL };
	cJSON *report = NULL;
	int ret = TC_EXIT_FAILURE;

	rs->st = tc_cmd_monitor_open(rs->ctx, &rs->cat, rs->in.started, !rs->in.dry_run);
	if (!rs->st)
		return TC_EXIT_FAILURE;
	rs->in.st = rs->st;
	if (tc_store_run_begin(rs->st, rs->in.started, "run", rs->in.dry_run ? "dry-run" : NULL,
			       &rs->in.run_id, err, sizeof(err)) < 0) {
		tc_error("cannot record the run: %s", err);
		return TC_EXIT_FAILURE;
	}
	if (run_monitor(rs, only, nonly) < 0) {
		if (!rs->in.dry_run)
			tc_store_run_finish(rs->st, rs->in.run_id, tc_now(), "failed", NULL, err, sizeof(err));
		return TC_EXIT_FAILURE;
	}
	rs->in.status = stop_requested ? "interrupted" : rs->res.store_failed ? "failed"
			: rs->res.nfailed ? "partial" : "ok";
	run_report(rs, &report, paths);
	if (!rs->in.dry_run && !no_mail && !stop_requested)
		run_alerts(rs);
	ret = run_finish(rs, report, paths[1], strict);
	cJSON_Delete(report);
	for (int i = 0; i < 3; i++)
		free(paths[i]);
	return ret;
}

int cmd_run(int argc, char **argv, tc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "no-mail", no_argument, NULL, 'n' }, { "dry-run", no_argument, NULL, 'd' },
		{ "only", required_argument, NULL, 'o' }, { "strict", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 },
	};
	run_state rs = { .ctx = ctx, .ref = TC_REFDATA_INIT, .cat = TC_CATALOG_INIT,
			 .diags = TC_DIAGS_INIT, .flows = TC_FLOWS_INIT };
	tc_store_lock_handle lk = TC_STORE_LOCK_INIT;
	const char **only = NULL;
	size_t nonly = 0;
	int no_mail = 0, strict = 0, c, ret = TC_EXIT_FAILURE, lrc;
	char err[1024], *dry_dir = NULL, *dry_db = NULL;
	const char *orig_db = ctx->db_path;
	struct sigaction sa = { 0 }, old_int, old_term;

	while ((c = getopt_long(argc, argv, "ndo:sh", opts, NULL)) != -1) {
		switch (c) {
		case 'n': no_mail = 1; break;
		case 'd': rs.in.dry_run = 1; break;
		case 'o':
			only = tc_xrealloc(only, (nonly + 1) * sizeof(*only));
			only[nonly++] = optarg;
			break;
		case 's': strict = 1; break;
		case 'h': tc_cmd_help("run", stdout); ret = TC_EXIT_OK; goto out;
		default: ret = tc_cmd_usage_error("run", "unknown option"); goto out;
		}
	}
	if (optind < argc) {
		ret = tc_cmd_usage_error("run", "unexpected argument '%s' (use --only SERVICE)", argv[optind]);
		goto out;
	}
	/* 1. the catalogue: on errors stop here, before anything is written */
	lrc = tc_cmd_load_catalog_diags(ctx, &rs.ref, &rs.cat, 1, &rs.diags);
	if (lrc != TC_EXIT_OK) {
		if (lrc == TC_EXIT_ATTENTION)
			tc_error("the catalogue has errors (above): nothing was fetched or written");
		goto out;
	}
	if (tc_monitor_check_selectors(&rs.cat, only, nonly, err, sizeof(err)) < 0) {
		tc_error("%s", err);
		ret = TC_EXIT_USAGE;
		goto out;
	}
	rs.in = (tc_runreport_in){ .cat = &rs.cat, .ref = &rs.ref, .config = ctx->config,
				   .started = tc_now(), .lang = tc_cmd_lang(ctx, &rs.cat),
				   .dry_run = rs.in.dry_run, .res = &rs.res, .flows = &rs.flows,
				   .diags = &rs.diags,
				   .threshold = ctx->config->failures_alert > 0 ? ctx->config->failures_alert : 3 };
	/* 2. one run at a time */
	ret = tc_cmd_runlock(ctx, &lk);
	if (ret != TC_EXIT_OK)
		goto out;
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	/* A dry run works on a throw-away copy (we hold the lock: nobody writes meanwhile). */
	if (rs.in.dry_run && tc_dryrun_copy(ctx->db_path, &dry_dir, &dry_db, err, sizeof(err)) < 0) {
		tc_error("%s", err);
		ret = TC_EXIT_FAILURE;
	} else {
		if (dry_db)
			ctx->db_path = dry_db;
		ret = run_locked(&rs, (const char *const *)only, nonly, no_mail, strict);
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
out:
	tc_flows_release(&rs.flows);
	tc_monitor_result_release(&rs.res);
	tc_store_close(rs.st);
	ctx->db_path = orig_db;
	free(dry_db);
	tc_dryrun_cleanup(dry_dir);
	tc_runlock_release(&lk);
	free(only);
	tc_diags_release(&rs.diags);
	tc_catalog_release(&rs.cat);
	tc_refdata_release(&rs.ref);
	return ret;
}

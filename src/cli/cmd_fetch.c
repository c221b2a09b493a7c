/* tiacheck fetch: fetch monitored documents, keep snapshots, record real changes.
 * No report and no e-mail: that is `tiacheck run`. */
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "tiacheck/cmd.h"
#include "tiacheck/config.h"
#include "tiacheck/cmd_monitor.h"
#include "tiacheck/runlock.h"
#include "tiacheck/util.h"

static const char *outcome_name(enum tc_doc_outcome o)
{
	switch (o) {
	case TC_OUT_NEW: return "new";
	case TC_OUT_UNCHANGED: return "unchanged";
	case TC_OUT_CHANGED: return "changed";
	case TC_OUT_FAILED: return "failed";
	}
	return "?";
}

/* Print one line per document that is not plainly unchanged, then the totals. */
static void print_result(const tc_monitor_result *res, int color, int json)
{
	tc_buf safe = TC_BUF_INIT;

	if (json) {
		cJSON *o = cJSON_CreateObject(), *a = cJSON_AddArrayToObject(o, "documents");
		char *s;

		for (size_t i = 0; i < res->n; i++) {
			const tc_doc_result *d = &res->docs[i];
			cJSON *e = cJSON_CreateObject();

			cJSON_AddStringToObject(e, "service", d->service->id);
			cJSON_AddStringToObject(e, "document", d->doc->id);
			cJSON_AddStringToObject(e, "url", d->doc->url);
			cJSON_AddStringToObject(e, "outcome", outcome_name(d->outcome));
			if (d->change_id)
				cJSON_AddNumberToObject(e, "change", (double)d->change_id);
			if (d->failure_kind) {
				cJSON_AddStringToObject(e, "failure", d->failure_kind);
				cJSON_AddStringToObject(e, "detail", d->failure_detail ? d->failure_detail : "");
			}
			if (d->http_status)
				cJSON_AddNumberToObject(e, "http_status", d->http_status);
			cJSON_AddBoolToObject(e, "moved", d->moved);
			if (d->moved_to)
				cJSON_AddStringToObject(e, "moved_to", d->moved_to);
			cJSON_AddItemToArray(a, e);
		}
		cJSON_AddNumberToObject(o, "new", (double)res->nnew);
		cJSON_AddNumberToObject(o, "unchanged", (double)res->nunchanged);
		cJSON_AddNumberToObject(o, "changed", (double)res->nchanged);
		cJSON_AddNumberToObject(o, "failed", (double)res->nfailed);
		s = cJSON_Print(o);
		puts(s);
		cJSON_free(s);
		cJSON_Delete(o);
		return;
	}
	for (size_t i = 0; i < res->n; i++) {
		const tc_doc_result *d = &res->docs[i];

		switch (d->outcome) {
		case TC_OUT_CHANGED:
			printf("%schanged%s  %s/%s  change %" PRId64 " (review: tiacheck diff %s/%s)\n",
			       color ? "\033[33;1m" : "", color ? "\033[0m" : "", d->service->id,
			       d->doc->id, d->change_id, d->service->id, d->doc->id);
			break;
		case TC_OUT_FAILED:
			printf("%sfailed%s   %s/%s  %s: %s\n", color ? "\033[31;1m" : "",
			       color ? "\033[0m" : "", d->service->id, d->doc->id, d->failure_kind,
			       tc_term_safe(&safe, d->failure_detail ? d->failure_detail : ""));
			break;
		case TC_OUT_NEW:
			printf("new      %s/%s  first snapshot\n", d->service->id, d->doc->id);
			break;
		case TC_OUT_UNCHANGED:
			break;
		}
		if (d->moved)
			printf("moved    %s/%s  %s%s\n", d->service->id, d->doc->id,
			       d->moved_to ? "now at " : "gone (HTTP 404/410): update the URL in the catalogue",
			       d->moved_to ? tc_term_safe(&safe, d->moved_to) : "");
	}
	printf("%zu documents: %zu new, %zu unchanged, %zu changed, %zu failed\n", res->n,
	       res->nnew, res->nunchanged, res->nchanged, res->nfailed);
	tc_buf_release(&safe);
}

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
	print_result(res, ctx->color, json);
	tc_cmd_print_timings(&res->t);
	tc_store_run_finish(st, run_id, tc_now(), res->store_failed ? "failed"
			    : res->nfailed ? "partial" : "ok", NULL, err, sizeof(err));
	return res->store_failed ? TC_EXIT_FAILURE
	       : (res->n && res->nfailed == res->n) ? TC_EXIT_FAILURE : TC_EXIT_OK;
}

int cmd_fetch(int argc, char **argv, tc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "parallel", required_argument, NULL, 'p' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	tc_refdata ref = TC_REFDATA_INIT;
	tc_catalog cat = TC_CATALOG_INIT;
	tc_monitor_result res = { 0 };
	tc_monitor_opts mo = { 0 };
	tc_store *st = NULL;
	tc_store_lock_handle lk = TC_STORE_LOCK_INIT;
	char err[512];
	int json = 0, c, ret;

	while ((c = getopt_long(argc, argv, "p:jh", opts, NULL)) != -1) {
		switch (c) {
		case 'p': {
			char *end;
			long v = strtol(optarg, &end, 10);

			if (*end || v < 1 || v > 1024)
				return tc_cmd_usage_error("fetch", "--parallel takes 1 to 1024, not '%s'", optarg);
			ctx->config->parallel = (int)v;
			break;
		}
		case 'j': json = 1; break;
		case 'h': tc_cmd_help("fetch", stdout); return TC_EXIT_OK;
		default: return tc_cmd_usage_error("fetch", "unknown option");
		}
	}
	ret = tc_cmd_load_catalog(ctx, &ref, &cat, 0);
	if (ret != TC_EXIT_OK)
		goto out;
	mo.only = (const char *const *)argv + optind;
	mo.nonly = (size_t)(argc - optind);
	mo.db_path = ctx->db_path;
	mo.config = ctx->config;
	if (tc_monitor_check_selectors(&cat, mo.only, mo.nonly, err, sizeof(err)) < 0) {
		tc_error("%s", err);
		ret = TC_EXIT_USAGE;
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

/* cli_monitor: printing what the monitor, the run lock and the store return, for the
 * commands (see include/tiacheck/cli_monitor.h). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "tiacheck/alerts.h"
#include "tiacheck/cli_monitor.h"
#include "tiacheck/config.h"
#include "tiacheck/dpfstatus.h"
#include "tiacheck/runlock.h"
#include "tiacheck/util.h"

tc_store *tc_cmd_open_store(tc_ctx *ctx)
{
	tc_store *st = NULL;
	char err[512];

	if (tc_store_open(ctx->db_path, &st, err, sizeof(err)) < 0) {
		tc_error("cannot open the database: %s", err);
		return NULL;
	}
	return st;
}

int tc_cmd_select_docs(tc_store *st, const char *sel, tc_doc_row **rows, size_t *n)
{
	char err[512];
	int rc = tc_monitor_select_docs(st, sel, rows, n, err, sizeof(err));

	if (rc == TC_STORE_NOTFOUND)
		tc_error("no document '%s' in the database (fetched documents are named "
			 "SERVICE/DOC; see 'tiacheck flows' for services, 'tiacheck fetch' to fetch)",
			 sel);
	else if (rc < 0)
		tc_error("cannot read the database: %s", err);
	return rc == TC_STORE_OK ? 0 : -1;
}

int tc_cmd_stored_fourth_party(tc_ctx *ctx, const tc_catalog *cat, const tc_refdata *ref,
			       struct tc_flows *flows)
{
	char err[1024];

	if (tc_monitor_stored_fourth_party(ctx->db_path, cat, ref, flows, err, sizeof(err)) < 0 ||
	    tc_dpfstatus_apply_db(ctx->db_path, cat, ref, flows, err, sizeof(err)) < 0) {
		tc_error("%s", err);
		return -1;
	}
	return 0;
}

int tc_cmd_runlock(tc_ctx *ctx, tc_store_lock_handle *lk)
{
	char err[1024];
	int rc = tc_runlock_take(ctx->db_path, lk, err, sizeof(err));

	if (rc == TC_RUNLOCK_OK)
		return TC_EXIT_OK;
	tc_error("%s", err);
	return rc == TC_RUNLOCK_HELD ? TC_EXIT_LOCKED : TC_EXIT_FAILURE;
}

tc_store *tc_cmd_monitor_open(tc_ctx *ctx, const tc_catalog *cat, time_t now, int check_reports)
{
	tc_store *st = NULL;
	char err[1024];

	if (tc_monitor_open(ctx->db_path, check_reports ? ctx->reports_dir : NULL, &st, err, sizeof(err)) < 0) {
		tc_error("%s", err);
		return NULL;
	}
	if (tc_monitor_sync(cat, st, now, err, sizeof(err)) < 0) {
		tc_error("%s", err);
		tc_store_close(st);
		return NULL;
	}
	return st;
}

void tc_cmd_events_end(tc_cmd_events *ev)
{
	if (ev->progress_shown)
		fputc('\n', stderr);
	ev->progress_shown = 0;
}

void tc_cmd_monitor_event(const tc_monitor_event *ev, void *arg)
{
	tc_cmd_events *ce = arg;

	switch (ev->kind) {
	case TC_MON_PROGRESS:
		if (!ce->progress)
			return;
		fprintf(stderr, "\rtiacheck: fetched %zu/%zu documents, %zu failed", ev->done,
			ev->total, ev->failed);
		ce->progress_shown = 1;
		return;
	case TC_MON_DOC_ERROR:
		tc_cmd_events_end(ce);
		tc_error("%s/%s: %s", ev->doc->service->id, ev->doc->doc->id, ev->message);
		return;
	case TC_MON_WARNING:
		tc_cmd_events_end(ce);
		tc_warn("%s", ev->message);
		return;
	case TC_MON_ERROR:
		tc_cmd_events_end(ce);
		tc_error("%s", ev->message);
		return;
	case TC_MON_NOTE:
		tc_cmd_events_end(ce);
		tc_note("%s", ev->message);
		return;
	case TC_MON_DEBUG:
		tc_debug("%s", ev->message);
		return;
	case TC_MON_TECHNICAL:
		return;
	}
}

void tc_cmd_print_timings(const tc_monitor_timings *t)
{
	const char *env = getenv("TIACHECK_TIMINGS");

	if (!env || strcmp(env, "1") != 0)
		return;
	fprintf(stderr, "tiacheck: timings: fetch_wall=%.2fs extract=%.2fs compare=%.2fs "
		"hash=%.2fs store=%.2fs store_writes=%zu docs=%zu\n", t->fetch_wall, t->extract,
		t->compare, t->hash, t->store, t->store_writes, t->docs);
}

static void on_alert(const tc_alert_event *ev, void *arg)
{
	(void)arg;
	switch (ev->kind) {
	case TC_ALERT_SENT:
		tc_note("alert %" PRId64 " sent to %zu recipient(s)", ev->id, ev->nrecipients);
		break;
	case TC_ALERT_NOT_SENT:
		tc_error("alert %" PRId64 " not sent: %s; it stays pending and is retried "
			 "on the next run", ev->id, ev->message);
		break;
	case TC_ALERT_NOT_MARKED:
		tc_error("alert %" PRId64 " was sent but cannot be marked as sent: %s", ev->id,
			 ev->message);
		break;
	}
}

int tc_cmd_send_pending(tc_ctx *ctx, tc_store *st, int *nsent)
{
	char err[1024];
	int rc = tc_alerts_send_pending(ctx->config, st, on_alert, NULL, nsent, err, sizeof(err));

	if (rc < 0 && !tc_alerts_configured(ctx->config))
		tc_warn("%s", err);
	else if (rc < 0)
		tc_error("%s", err);
	return rc;
}

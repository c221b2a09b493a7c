/* weekly: the steps of `tiacheck run` after the lock (see include/tiacheck/weekly.h). */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "tiacheck/alerts.h"
#include "tiacheck/dpfstatus.h"
#include "tiacheck/report.h"
#include "tiacheck/runreport.h"
#include "tiacheck/util.h"
#include "tiacheck/weekly.h"

typedef struct wk {
	const tc_weekly_opts *o;
	tc_weekly *w;
	tc_store *st;
	tc_runreport_in in;
} wk;

static void say(const tc_weekly_opts *o, enum tc_monitor_event_kind kind, const char *fmt, ...)
	TC_PRINTF(3, 4);

static void say(const tc_weekly_opts *o, enum tc_monitor_event_kind kind, const char *fmt, ...)
{
	tc_monitor_event ev = { .kind = kind };
	char msg[2048];
	va_list ap;

	if (!o->on_event)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ev.message = msg;
	o->on_event(&ev, o->arg);
}

/* Fetch and compare, then the flows with the vendors' published sub-processors. */
static int step_monitor(wk *k, const tc_refdata *ref, const tc_catalog *cat)
{
	tc_monitor_opts mo = { .only = k->o->only, .nonly = k->o->nonly, .run_id = k->w->run_id,
			       .db_path = k->o->db_path, .config = k->o->config, .stop = k->o->stop,
			       .on_event = k->o->on_event, .arg = k->o->arg };
	char err[1024];

	if (tc_monitor_fetch(ref, cat, k->st, &mo, &k->w->res, err, sizeof(err)) < 0) {
		say(k->o, TC_MON_ERROR, "%s", err);
		return -1;
	}
	tc_crashpoint("after-fetch");
	if (tc_flows_build(cat, ref, tc_now(), &k->w->flows) < 0 ||
	    tc_monitor_fourth_party(cat, ref, k->st, &k->w->flows, err, sizeof(err)) < 0 ||
	    tc_dpfstatus_apply(cat, ref, k->st, &k->w->flows, err, sizeof(err)) < 0) {
		say(k->o, TC_MON_ERROR, "cannot assess the data flows: %s", err);
		return -1;
	}
	return 0;
}

/* "run.only": what a partial run was limited to. */
static void add_only(cJSON *report, const tc_weekly_opts *o)
{
	cJSON *run = cJSON_GetObjectItem(report, "run"), *arr;

	if (!run)
		return;
	arr = cJSON_AddArrayToObject(run, "only");
	for (size_t i = 0; i < o->nonly; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(o->only[i]));
}

/* The report, written and recorded with the run (a dry run only builds it). */
static void step_report(wk *k)
{
	tc_weekly *w = k->w;
	char err[1024], *json, *base = NULL;

	if (tc_runreport_build(&k->in, &w->report, err, sizeof(err)) > 0) {
		say(k->o, TC_MON_ERROR, "the report is incomplete: %s", err);
		w->failed = 1;
	}
	if (k->o->dry_run)
		return;
	if (k->o->nonly)
		add_only(w->report, k->o);
	/* a run of some services only: its own report (…-runN-only), latest.* stay whole */
	if (k->o->nonly) {
		char *b = tc_report_basename(w->report);

		base = tc_xasprintf("%s-only", b);
		free(b);
	}
	if (tc_report_write_ex(w->report, k->o->reports_dir, base, k->in.lang, !k->o->nonly,
			       w->report_paths, err, sizeof(err)) < 0) {
		say(k->o, TC_MON_ERROR, "cannot write the report: %s", err);
		w->failed = 1;
	}
	json = cJSON_PrintUnformatted(w->report);
	if (tc_store_run_finish(k->st, w->run_id, tc_now(), w->status, json, err, sizeof(err)) < 0) {
		say(k->o, TC_MON_ERROR, "cannot record the end of the run: %s", err);
		w->failed = 1;
	}
	cJSON_free(json);
	free(base);
	tc_crashpoint("after-report");
}

static void on_alert(const tc_alert_event *ev, void *arg)
{
	const tc_weekly_opts *o = arg;

	switch (ev->kind) {
	case TC_ALERT_SENT:
		say(o, TC_MON_NOTE, "alert %" PRId64 " sent to %zu recipient(s)", ev->id, ev->nrecipients);
		break;
	case TC_ALERT_NOT_SENT:
		say(o, TC_MON_ERROR, "alert %" PRId64 " not sent: %s; it stays pending and is "
		    "retried on the next run", ev->id, ev->message);
		break;
	case TC_ALERT_NOT_MARKED:
		say(o, TC_MON_ERROR, "alert %" PRId64 " was sent but cannot be marked as sent: %s",
		    ev->id, ev->message);
		break;
	}
}

/* Alerts: first record what is new, then send everything pending. */
static void step_alerts(wk *k)
{
	const tc_config *cfg = k->o->config;
	char err[1024];
	int64_t alert_id = 0;
	int nsent = 0, read_errors = 0;

	if (!tc_alerts_configured(cfg)) {
		say(k->o, TC_MON_NOTE, "no SMTP server configured: no alert e-mail (see smtp.* in the config)");
		return;
	}
	if (tc_alerts_create(&k->in, cfg, &alert_id, &read_errors, err, sizeof(err)) < 0) {
		say(k->o, TC_MON_ERROR, "%s", err);
		k->w->failed = 1;
		return;
	}
	if (read_errors) {
		say(k->o, TC_MON_ERROR, "the alert is incomplete: %s", err);
		k->w->failed = 1;
	}
	tc_crashpoint("after-alert-create");
	if (tc_alerts_send_pending(cfg, k->st, on_alert, (void *)k->o, &nsent, err, sizeof(err)) != 0) {
		if (err[0])
			say(k->o, TC_MON_ERROR, "%s", err);
		k->w->failed = 1;
	}
}

int tc_weekly_run(const tc_refdata *ref, const tc_catalog *cat, const tc_diags *diags,
		  const tc_weekly_opts *o, tc_weekly *w)
{
	wk k = { .o = o, .w = w };
	time_t started = tc_now();
	char err[1024];
	int ret = -1;

	if (tc_monitor_open(o->db_path, o->dry_run ? NULL : o->reports_dir, &k.st, err, sizeof(err)) < 0 ||
	    tc_monitor_sync(cat, k.st, started, err, sizeof(err)) < 0 ||
	    tc_store_run_begin(k.st, started, "run", o->dry_run ? "dry-run" : NULL, &w->run_id,
			       err, sizeof(err)) < 0) {
		say(o, TC_MON_ERROR, "%s", err);
		goto out;
	}
	if (step_monitor(&k, ref, cat) < 0) {
		if (!o->dry_run)
			tc_store_run_finish(k.st, w->run_id, tc_now(), "failed", NULL, err, sizeof(err));
		goto out;
	}
	w->status = o->stop && *o->stop ? "interrupted" : w->res.store_failed ? "failed"
		    : w->res.nfailed ? "partial" : "ok";
	k.in = (tc_runreport_in){ .st = k.st, .cat = cat, .ref = ref, .config = o->config,
				  .run_id = w->run_id, .started = started, .status = w->status,
				  .lang = o->lang, .dry_run = o->dry_run, .res = &w->res,
				  .flows = &w->flows, .diags = diags,
				  .threshold = o->config->failures_alert > 0 ? o->config->failures_alert : 3 };
	step_report(&k);
	if (!o->dry_run && !o->no_mail && !(o->stop && *o->stop))
		step_alerts(&k);
	ret = 0;
out:
	tc_store_close(k.st);
	return ret;
}

void tc_weekly_release(tc_weekly *w)
{
	tc_monitor_result_release(&w->res);
	tc_flows_release(&w->flows);
	cJSON_Delete(w->report);
	for (int i = 0; i < 3; i++)
		free(w->report_paths[i]);
	memset(w, 0, sizeof(*w));
}

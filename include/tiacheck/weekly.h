/*
 * weekly: `tiacheck run` after its lock is taken: open the store (refusing a new
 * database next to earlier reports), record the run, fetch and compare (monitor),
 * assess the flows with the vendors' published sub-processors, build the report
 * (runreport) and write it, then record and send the alerts (alerts). Every step's
 * result is in the store before the next starts, so a run killed anywhere is
 * completed by the next one.
 *
 * Never prints: monitor events, step errors (TC_MON_ERROR) and notes (TC_MON_NOTE)
 * reach the caller through opts->on_event, one at a time.
 * Ownership: tc_weekly is filled by tc_weekly_run, released with tc_weekly_release.
 */
#ifndef TIACHECK_WEEKLY_H
#define TIACHECK_WEEKLY_H

#include <signal.h>

#include "tiacheck/i18n.h"
#include "tiacheck/monitor.h"
#include "tiacheck/transfer.h"

struct cJSON;

typedef struct tc_weekly_opts {
	const tc_config *config;
	const char *db_path;           /* the database (a dry run's copy) */
	const char *reports_dir;
	const char *const *only;       /* "SERVICE" or "SERVICE/DOC"; NULL/0: all */
	size_t nonly;
	enum tc_lang lang;             /* the report's and the alert's language */
	int dry_run;                   /* report built, not written; no alert */
	int no_mail;                   /* no alert created or sent */
	const volatile sig_atomic_t *stop;
	tc_monitor_event_fn on_event;  /* may be NULL */
	void *arg;
} tc_weekly_opts;

typedef struct tc_weekly {
	int64_t run_id;
	const char *status;            /* "ok", "partial", "failed", "interrupted" */
	tc_monitor_result res;
	tc_flows flows;
	struct cJSON *report;          /* the run report (NULL when the run stopped early) */
	char *report_paths[3];         /* written .md, .html, .json (owned, may be NULL) */
	int failed;                    /* a step after the fetch failed (report, mail, ...) */
} tc_weekly;

#define TC_WEEKLY_INIT { 0, NULL, { 0 }, TC_FLOWS_INIT, NULL, { NULL, NULL, NULL }, 0 }

/* 0 when the run went through (w->failed and w->res say how well); -1 when it
 * stopped early (an TC_MON_ERROR event said why). */
int tc_weekly_run(const tc_refdata *ref, const tc_catalog *cat, const tc_diags *diags,
		  const tc_weekly_opts *opts, tc_weekly *w);
void tc_weekly_release(tc_weekly *w);

#endif

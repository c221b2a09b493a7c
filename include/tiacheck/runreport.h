/*
 * runreport: the one builder of the run-report JSON (docs/report-json.md), for the
 * weekly report and for the alert e-mail (the same change, finding and failure
 * objects; the alert holds what has not been alerted yet).
 *
 * A change whose records cannot be read is never dropped: it stays in "changes" with
 * what is known and a "read_error"; the builder counts such read errors. What one
 * change may put into the document is capped (TC_RUNREPORT_MAX_BLOCKS diff blocks;
 * "blocks_omitted" says how many were left out).
 *
 * Ownership: the returned cJSON tree belongs to the caller (cJSON_Delete); the
 * input is borrowed; tc_runreport_alert_ids arrays are owned (tc_runreport_ids_release).
 */
#ifndef TIACHECK_RUNREPORT_H
#define TIACHECK_RUNREPORT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "tiacheck/i18n.h"
#include "tiacheck/catalog.h"
#include "tiacheck/config.h"
#include "tiacheck/monitor.h"
#include "tiacheck/refdata.h"
#include "tiacheck/store.h"
#include "tiacheck/transfer.h"

/* Diff blocks one change may put into a report or an alert. */
#define TC_RUNREPORT_MAX_BLOCKS 400

struct cJSON;

typedef struct tc_runreport_in {
	tc_store *st;
	const tc_catalog *cat;
	const tc_refdata *ref;
	const tc_config *config;        /* report_url */
	int64_t run_id;
	time_t started;
	const char *status;             /* "ok", "partial", "failed", "interrupted" */
	enum tc_lang lang;
	int dry_run;
	int threshold;                  /* failures in a row before a failure is alerted */
	const tc_monitor_result *res;   /* this run's documents */
	const tc_flows *flows;          /* NULL: none (alerts) */
	const tc_diags *diags;          /* catalogue warnings; NULL: none */
} tc_runreport_in;

/* What an alert covers, to be marked as alerted with it. */
typedef struct tc_runreport_ids {
	int64_t *changes, *findings, *failure_docs;
	size_t nchanges, nfindings, nfailure_docs;
} tc_runreport_ids;

/*
 * The report of a run into *out. Returns the number of records that could not be read
 * (0: complete; err names the first), or -1 (err) when nothing could be built.
 */
int tc_runreport_build(const tc_runreport_in *in, struct cJSON **out, char *err, size_t errlen);

/*
 * The alert document: every change and finding not yet alerted (from any run), and
 * the failures that persisted to in->threshold and were not alerted; *ids what it
 * covers. Returns read errors as tc_runreport_build, or -1 (err).
 */
int tc_runreport_build_alert(const tc_runreport_in *in, struct cJSON **out,
			     tc_runreport_ids *ids, char *err, size_t errlen);
void tc_runreport_ids_release(tc_runreport_ids *ids);

/* Keep at most max blocks in a Diff JSON object (its "blocks"); returns how many were
 * removed. */
size_t tc_runreport_cap_diff(struct cJSON *diff, size_t max);

#endif

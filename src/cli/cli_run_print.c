/* cli_run_print: the summary of `tiacheck run` (see cli_run_print.h). */
#include <inttypes.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "tiacheck/cli_run_print.h"
#include "tiacheck/i18n.h"

/* A number of the report's summary (0 when it has none). */
static double summary_number(const tc_weekly *w, const char *key)
{
	const cJSON *sum = cJSON_GetObjectItem(w->report, "summary");

	return cJSON_GetNumberValue(cJSON_GetObjectItem(sum, key));
}

void tc_run_print_summary(const tc_weekly *w, enum tc_lang lang)
{
	const tc_monitor_result *r = &w->res;

	printf(tc_tr(lang, "cli.run.totals"), w->run_id, r->n, r->nnew, r->nunchanged,
	       r->nchanged, r->nfailed);
	putchar('\n');
	printf(tc_tr(lang, "cli.run.flows"), w->flows.n, tc_flows_count_outside(&w->flows));
	putchar('\n');
	if (summary_number(w, "open_items") > 0) {
		printf(tc_tr(lang, "cli.run.review"), summary_number(w, "open_items"),
		       summary_number(w, "open_high"), summary_number(w, "overdue_items"));
		putchar('\n');
	}
	if (w->report_paths[1]) {
		printf(tc_tr(lang, "cli.run.report"), w->report_paths[1]);
		putchar('\n');
	}
}

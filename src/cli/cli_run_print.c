/* cli_run_print: the summary of `tiacheck run` (see cli_run_print.h). */
#include <inttypes.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "tiacheck/cli_run_print.h"

/* A number of the report's summary (0 when it has none). */
static double summary_number(const tc_weekly *w, const char *key)
{
	const cJSON *sum = cJSON_GetObjectItem(w->report, "summary");

	return cJSON_GetNumberValue(cJSON_GetObjectItem(sum, key));
}

void tc_run_print_summary(const tc_weekly *w)
{
	const tc_monitor_result *r = &w->res;

	printf("run %" PRId64 ": %zu documents: %zu new, %zu unchanged, %zu changed, %zu failed\n",
	       w->run_id, r->n, r->nnew, r->nunchanged, r->nchanged, r->nfailed);
	printf("flows: %zu, leaving the EU/EEA: %zu\n", w->flows.n,
	       tc_flows_count_outside(&w->flows));
	if (summary_number(w, "open_items") > 0)
		printf("to review: %.0f open item(s), %.0f of high severity, %.0f overdue "
		       "(the report's action list; tiacheck ack / adopt ITEM)\n",
		       summary_number(w, "open_items"), summary_number(w, "open_high"),
		       summary_number(w, "overdue_items"));
	if (w->report_paths[1])
		printf("report: %s\n", w->report_paths[1]);
}

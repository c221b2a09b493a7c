/* cli_fetch_print: what `tiacheck fetch` prints (see cli_fetch_print.h). */
#include <inttypes.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "tiacheck/cli_fetch_print.h"
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

void tc_fetch_print_result(const tc_monitor_result *res, int color, int json)
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

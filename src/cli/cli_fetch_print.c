/* cli_fetch_print: what `tiacheck fetch` prints (see cli_fetch_print.h). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "tiacheck/cli_fetch_print.h"
#include "tiacheck/i18n.h"
#include "tiacheck/utf8.h"
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

static const char *const outcome_ids[] = { "cli.fetch.changed", "cli.fetch.failed",
					    "cli.fetch.new", "cli.fetch.moved" };

/* The outcome column: the word of ID in lang, coloured, padded to the longest of
 * the four words and two spaces. */
static void outcome_col(enum tc_lang lang, const char *id, const char *color_on, int color)
{
	const char *word = tc_tr(lang, id);
	size_t width = 0, n = tc_utf8_count(word, strlen(word));

	for (size_t i = 0; i < TC_ARRAY_LEN(outcome_ids); i++) {
		const char *w = tc_tr(lang, outcome_ids[i]);
		size_t m = tc_utf8_count(w, strlen(w));

		width = m > width ? m : width;
	}
	printf("%s%s%s%*s", color && *color_on ? color_on : "", word,
	       color && *color_on ? "\033[0m" : "", (int)(width + 2 - n), "");
}

/* The failure in words: its label, HTTP errors other than 404/410 as one. */
static const char *failure_words(enum tc_lang lang, const char *kind)
{
	const char *w = kind ? tc_label_opt(lang, "failure", kind) : NULL;

	if (w)
		return w;
	if (kind && strncmp(kind, "http_", 5) == 0)
		return tc_label(lang, "failure", "http_error");
	return kind ? kind : "?";
}

/* One document's line(s); nothing for one plainly unchanged. */
static void doc_line(const tc_doc_result *d, int color, enum tc_lang lang, tc_buf *safe)
{
	switch (d->outcome) {
	case TC_OUT_CHANGED:
		outcome_col(lang, "cli.fetch.changed", "\033[33;1m", color);
		printf("%s/%s  ", d->service->id, d->doc->id);
		printf(tc_tr(lang, "cli.fetch.change"), d->change_id, d->service->id, d->doc->id);
		putchar('\n');
		break;
	case TC_OUT_FAILED:
		outcome_col(lang, "cli.fetch.failed", "\033[31;1m", color);
		printf("%s/%s  %s: %s\n", d->service->id, d->doc->id,
		       failure_words(lang, d->failure_kind),
		       tc_term_safe(safe, d->failure_detail ? d->failure_detail : ""));
		break;
	case TC_OUT_NEW:
		outcome_col(lang, "cli.fetch.new", "", color);
		printf("%s/%s  %s\n", d->service->id, d->doc->id, tc_tr(lang, "cli.fetch.first"));
		break;
	case TC_OUT_UNCHANGED:
		break;
	}
	if (!d->moved)
		return;
	outcome_col(lang, "cli.fetch.moved", "", color);
	printf("%s/%s  ", d->service->id, d->doc->id);
	if (d->moved_to)
		printf(tc_tr(lang, "cli.fetch.now_at"), tc_term_safe(safe, d->moved_to));
	else
		fputs(tc_tr(lang, "cli.fetch.gone"), stdout);
	putchar('\n');
}

void tc_fetch_print_result(const tc_monitor_result *res, int color, int json, enum tc_lang lang)
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
	for (size_t i = 0; i < res->n; i++)
		doc_line(&res->docs[i], color, lang, &safe);
	printf(tc_tr(lang, "cli.fetch.totals"), res->n, res->nnew, res->nunchanged,
	       res->nchanged, res->nfailed);
	putchar('\n');
	tc_buf_release(&safe);
}

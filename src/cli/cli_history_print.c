/*
 * cli_history_print: what `tiacheck history` prints for one document (see
 * cli_history_print.h). Printing only; the store has the data.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "tiacheck/cli_history_print.h"
#include "tiacheck/util.h"

/* One decision as {"item", "state", "by", "at", "note", "how"}. */
static cJSON *decision_json(tc_store *st, const char *item)
{
	tc_item_row r;
	char err[256], t[32];
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "item", item);
	if (tc_store_item_get(st, item, &r, err, sizeof(err)) != TC_STORE_OK) {
		cJSON_AddStringToObject(o, "state", "open");
		return o;
	}
	cJSON_AddStringToObject(o, "state", tc_item_state_name(r.state));
	cJSON_AddStringToObject(o, "by", r.by ? r.by : "");
	tc_iso_utc(r.at, t);
	cJSON_AddStringToObject(o, "at", t);
	if (r.note)
		cJSON_AddStringToObject(o, "note", r.note);
	if (r.how)
		cJSON_AddStringToObject(o, "how", r.how);
	tc_item_row_release(&r);
	return o;
}

/* The change's own decision and one per finding, with kind and severity. */
static cJSON *change_items(tc_store *st, const tc_change *ch)
{
	cJSON *arr = cJSON_CreateArray();
	tc_finding_row *fs = NULL;
	size_t nf = 0;
	char name[24], err[256];

	snprintf(name, sizeof(name), "C%" PRId64, ch->id);
	cJSON_AddItemToArray(arr, decision_json(st, name));
	if (tc_store_finding_list_for_change(st, ch->id, &fs, &nf, err, sizeof(err)) < 0)
		return arr;
	for (size_t i = 0; i < nf; i++) {
		cJSON *o, *chd = cJSON_GetArrayItem(arr, 0);
		const char *chstate = cJSON_GetStringValue(cJSON_GetObjectItem(chd, "state"));

		snprintf(name, sizeof(name), "F%" PRId64, fs[i].id);
		o = decision_json(st, name);
		if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(o, "state")), "open") != 0 ||
		    strcmp(chstate, "open") == 0) {
			/* its own decision, or none */
		} else {
			/* settled with its change */
			cJSON_Delete(o);
			o = cJSON_Duplicate(chd, 1);
			cJSON_ReplaceItemInObject(o, "item", cJSON_CreateString(name));
			snprintf(name, sizeof(name), "C%" PRId64, ch->id);
			cJSON_AddStringToObject(o, "via", name);
		}
		cJSON_AddStringToObject(o, "kind", fs[i].kind ? fs[i].kind : "");
		cJSON_AddStringToObject(o, "severity", fs[i].severity ? fs[i].severity : "");
		cJSON_AddItemToArray(arr, o);
	}
	tc_finding_row_list_free(fs, nf);
	return arr;
}

/* "    F3 high subprocessor_added: acknowledged by dpo at T: note" */
static void items_text(tc_store *st, const tc_change *ch)
{
	cJSON *arr = change_items(st, ch), *o;

	cJSON_ArrayForEach(o, arr) {
		const char *state = cJSON_GetStringValue(cJSON_GetObjectItem(o, "state"));
		const char *kind = cJSON_GetStringValue(cJSON_GetObjectItem(o, "kind"));
		const char *note = cJSON_GetStringValue(cJSON_GetObjectItem(o, "note"));
		const char *how = cJSON_GetStringValue(cJSON_GetObjectItem(o, "how"));

		if (!kind && strcmp(state, "open") == 0)
			continue;   /* the change line says it is open */
		printf("      %-5s %s%s%s: %s", cJSON_GetStringValue(cJSON_GetObjectItem(o, "item")),
		       kind ? cJSON_GetStringValue(cJSON_GetObjectItem(o, "severity")) : "change",
		       kind ? " " : "", kind ? kind : "", state);
		if (strcmp(state, "open") != 0)
			printf(" by %s at %s", cJSON_GetStringValue(cJSON_GetObjectItem(o, "by")),
			       cJSON_GetStringValue(cJSON_GetObjectItem(o, "at")));
		if (cJSON_GetStringValue(cJSON_GetObjectItem(o, "via")))
			printf(" (with %s)", cJSON_GetStringValue(cJSON_GetObjectItem(o, "via")));
		else if (note || how)
			printf(": %s", note ? note : how);
		putchar('\n');
	}
	cJSON_Delete(arr);
}

cJSON *tc_history_doc_json(tc_store *st, const tc_doc_row *d, const tc_snapshot *snaps,
			   size_t nsnaps, const tc_change *chs, size_t nchs)
{
	cJSON *o = cJSON_CreateObject(), *a;
	char t[32];

	cJSON_AddStringToObject(o, "service", d->service);
	cJSON_AddStringToObject(o, "document", d->doc);
	cJSON_AddStringToObject(o, "kind", d->kind);
	cJSON_AddStringToObject(o, "url", d->url);
	cJSON_AddNumberToObject(o, "failures_in_a_row", d->fail_streak);
	if (d->fail_since) {
		tc_iso_utc(d->fail_since, t);
		cJSON_AddStringToObject(o, "failing_since", t);
	}
	a = cJSON_AddArrayToObject(o, "snapshots");
	for (size_t i = 0; i < nsnaps; i++) {
		cJSON *s = cJSON_CreateObject();

		cJSON_AddNumberToObject(s, "id", (double)snaps[i].id);
		tc_iso_utc(snaps[i].fetched_at, t);
		cJSON_AddStringToObject(s, "fetched_at", t);
		cJSON_AddNumberToObject(s, "http_status", snaps[i].http_status);
		cJSON_AddBoolToObject(s, "not_modified", snaps[i].not_modified);
		cJSON_AddStringToObject(s, "final_url", snaps[i].final_url ? snaps[i].final_url : "");
		cJSON_AddStringToObject(s, "raw_sha256", snaps[i].raw_sha ? snaps[i].raw_sha : "");
		cJSON_AddStringToObject(s, "text_sha256", snaps[i].text_sha ? snaps[i].text_sha : "");
		cJSON_AddNumberToObject(s, "extractor_version", snaps[i].extractor_version);
		cJSON_AddNumberToObject(s, "confirmations_folded", snaps[i].confirmations);
		cJSON_AddItemToArray(a, s);
	}
	a = cJSON_AddArrayToObject(o, "changes");
	for (size_t i = 0; i < nchs; i++) {
		cJSON *c = cJSON_CreateObject();

		cJSON_AddNumberToObject(c, "id", (double)chs[i].id);
		tc_iso_utc(chs[i].detected_at, t);
		cJSON_AddStringToObject(c, "detected_at", t);
		cJSON_AddNumberToObject(c, "from_snapshot", (double)chs[i].from_snapshot);
		cJSON_AddNumberToObject(c, "to_snapshot", (double)chs[i].to_snapshot);
		cJSON_AddBoolToObject(c, "technical", chs[i].technical);
		cJSON_AddStringToObject(c, "class", chs[i].change_class ? chs[i].change_class : "substantive");
		if (chs[i].class_reason)
			cJSON_AddStringToObject(c, "class_reason", chs[i].class_reason);
		cJSON_AddNumberToObject(c, "added", chs[i].added);
		cJSON_AddNumberToObject(c, "removed", chs[i].removed);
		cJSON_AddNumberToObject(c, "changed", chs[i].changed);
		cJSON_AddBoolToObject(c, "acknowledged", chs[i].acked_at != 0);
		if (chs[i].acked_at) {
			tc_iso_utc(chs[i].acked_at, t);
			cJSON_AddStringToObject(c, "acked_at", t);
			cJSON_AddStringToObject(c, "acked_by", chs[i].acked_by ? chs[i].acked_by : "");
			if (chs[i].ack_note)
				cJSON_AddStringToObject(c, "ack_note", chs[i].ack_note);
		}
		cJSON_AddItemToObject(c, "items", change_items(st, &chs[i]));
		cJSON_AddItemToArray(a, c);
	}
	return o;
}

/* What a change was, when it was not a vendor's substantive edit. */
static const char *history_class(const tc_change *c)
{
	if (tc_streq(c->change_class, "cosmetic"))
		return tc_streq(c->class_reason, "link_targets") ? " (cosmetic: link targets added; no alert)"
		       : tc_streq(c->class_reason, "flip_flop") ? " (cosmetic: back to a recent version; no alert)"
		       : " (cosmetic: a volatile stamp; no alert)";
	if (tc_streq(c->class_reason, "rules"))
		return " (technical: the document's text rules changed)";
	return c->technical ? " (technical: new extraction rules)" : "";
}

void tc_history_doc_text(tc_store *st, const tc_doc_row *d, const tc_snapshot *snaps,
			 size_t nsnaps, const tc_change *chs, size_t nchs, int color)
{
	char t[32];

	printf("%s%s/%s%s  %s  %s\n", color ? "\033[1m" : "", d->service, d->doc,
	       color ? "\033[0m" : "", d->kind, d->url);
	if (d->fail_streak) {
		tc_iso_utc(d->fail_since, t);
		printf("  failing: %d fetch(es) in a row since %s; the last good snapshot stands\n",
		       d->fail_streak, t);
	}
	if (!nsnaps)
		printf("  no snapshot yet\n");
	/* Interleave: each snapshot, and the change that led to it. */
	for (size_t i = 0; i < nsnaps; i++) {
		tc_iso_utc(snaps[i].fetched_at, t);
		printf("  snapshot %-5" PRId64 " %s  HTTP %d%s  text %.12s\n", snaps[i].id, t,
		       snaps[i].http_status, snaps[i].not_modified ? " (not modified)" : "",
		       snaps[i].text_sha ? snaps[i].text_sha : "-");
		for (size_t ci = 0; ci < nchs; ci++) {
			if (chs[ci].to_snapshot != snaps[i].id)
				continue;
			printf("    %schange %" PRId64 "%s: +%d -%d ~%d blocks%s%s%s\n",
			       color && !chs[ci].acked_at ? "\033[33m" : "", chs[ci].id,
			       color && !chs[ci].acked_at ? "\033[0m" : "", chs[ci].added,
			       chs[ci].removed, chs[ci].changed,
			       history_class(&chs[ci]),
			       chs[ci].acked_at ? ", decided by " : ", open",
			       chs[ci].acked_at ? (chs[ci].acked_by ? chs[ci].acked_by : "?") : "");
			items_text(st, &chs[ci]);
		}
	}
}

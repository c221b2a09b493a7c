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
#include "tiacheck/i18n.h"
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

/* A decision's state in words. */
static const char *state_words(enum tc_lang lang, const char *state)
{
	char id[48];

	snprintf(id, sizeof(id), "cli.state.%s", state);
	return tc_tr_opt(lang, id) ? tc_tr(lang, id) : state;
}

/* "      F3    high subprocessor_added: acknowledged by dpo at T: note" */
static void items_text(tc_store *st, const tc_change *ch, enum tc_lang lang)
{
	cJSON *arr = change_items(st, ch), *o;

	cJSON_ArrayForEach(o, arr) {
		const char *state = cJSON_GetStringValue(cJSON_GetObjectItem(o, "state"));
		const char *kind = cJSON_GetStringValue(cJSON_GetObjectItem(o, "kind"));
		const char *sev = cJSON_GetStringValue(cJSON_GetObjectItem(o, "severity"));
		const char *note = cJSON_GetStringValue(cJSON_GetObjectItem(o, "note"));
		const char *how = cJSON_GetStringValue(cJSON_GetObjectItem(o, "how"));
		const char *via = cJSON_GetStringValue(cJSON_GetObjectItem(o, "via"));

		if (!kind && strcmp(state, "open") == 0)
			continue;   /* the change line says it is open */
		printf("      %-5s %s%s%s: %s", cJSON_GetStringValue(cJSON_GetObjectItem(o, "item")),
		       kind ? tc_label(lang, "severity", sev) : tc_tr(lang, "cli.history.change_item"),
		       kind ? " " : "", kind ? tc_label(lang, "finding", kind) : "",
		       state_words(lang, state));
		if (strcmp(state, "open") != 0) {
			putchar(' ');
			printf(tc_tr(lang, "cli.history.by_at"),
			       cJSON_GetStringValue(cJSON_GetObjectItem(o, "by")),
			       cJSON_GetStringValue(cJSON_GetObjectItem(o, "at")));
		}
		if (via) {
			putchar(' ');
			printf(tc_tr(lang, "cli.history.with"), via);
		} else if (note || how) {
			printf(": %s", note ? note : how);
		}
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

/* What a change was, when it was not a vendor's substantive edit ("" when it was). */
static const char *history_class(const tc_change *c, enum tc_lang lang)
{
	if (tc_streq(c->change_class, "cosmetic"))
		return tc_tr(lang, tc_streq(c->class_reason, "link_targets") ? "cli.history.cosmetic_links"
			     : tc_streq(c->class_reason, "flip_flop") ? "cli.history.cosmetic_flip"
			     : "cli.history.cosmetic_stamp");
	if (tc_streq(c->class_reason, "rules"))
		return tc_tr(lang, "cli.history.technical_rules");
	return c->technical ? tc_tr(lang, "cli.history.technical") : "";
}

/* "    change 7: +1 -0 ~2 blocks (cosmetic: ...), decided by dpo" and its items. */
static void change_text(tc_store *st, const tc_change *c, int color, enum tc_lang lang)
{
	const char *cls = history_class(c, lang);

	printf("    ");
	printf(tc_tr(lang, "cli.history.change"), c->id, color && !c->acked_at ? "\033[0m" : "",
	       c->added, c->removed, c->changed);
	printf("%s%s, ", *cls ? " " : "", cls);
	if (c->acked_at)
		printf(tc_tr(lang, "cli.history.decided_by"), c->acked_by ? c->acked_by : "?");
	else
		fputs(tc_tr(lang, "cli.history.open"), stdout);
	putchar('\n');
	items_text(st, c, lang);
}

void tc_history_doc_text(tc_store *st, const tc_doc_row *d, const tc_snapshot *snaps,
			 size_t nsnaps, const tc_change *chs, size_t nchs, int color,
			 enum tc_lang lang)
{
	char t[32];

	printf("%s%s/%s%s  %s  %s\n", color ? "\033[1m" : "", d->service, d->doc,
	       color ? "\033[0m" : "", tc_label(lang, "doc", d->kind), d->url);
	if (d->fail_streak) {
		tc_iso_utc(d->fail_since, t);
		printf("  ");
		printf(tc_tr(lang, "cli.history.failing"), d->fail_streak, t);
		putchar('\n');
	}
	if (!nsnaps)
		printf("  %s\n", tc_tr(lang, "cli.history.no_snapshot"));
	/* Interleave: each snapshot, and the change that led to it. */
	for (size_t i = 0; i < nsnaps; i++) {
		tc_iso_utc(snaps[i].fetched_at, t);
		printf("  %s %-5" PRId64 " %s  HTTP %d%s%s  %s %.12s\n",
		       tc_tr(lang, "cli.history.snapshot"), snaps[i].id, t, snaps[i].http_status,
		       snaps[i].not_modified ? " " : "",
		       snaps[i].not_modified ? tc_tr(lang, "cli.history.not_modified") : "",
		       tc_tr(lang, "cli.history.text"), snaps[i].text_sha ? snaps[i].text_sha : "-");
		for (size_t ci = 0; ci < nchs; ci++) {
			if (chs[ci].to_snapshot != snaps[i].id)
				continue;
			if (color && !chs[ci].acked_at)
				fputs("\033[33m", stdout);
			change_text(st, &chs[ci], color, lang);
		}
	}
}

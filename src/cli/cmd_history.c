/* tiacheck history: a document's snapshots and changes, or one snapshot's exact bytes. */
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "tiacheck/cmd.h"
#include "tiacheck/cmd_monitor.h"
#include "tiacheck/store.h"
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

static cJSON *doc_json(tc_store *st, const tc_doc_row *d, tc_snapshot *snaps, size_t nsnaps,
		       tc_change *chs, size_t nchs)
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

static void doc_text(tc_store *st, const tc_doc_row *d, tc_snapshot *snaps, size_t nsnaps, tc_change *chs,
		     size_t nchs, int color)
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

/* Write snapshot snap's raw body (text: its normalised text) to path ("-": stdout). */
static int export_snapshot(tc_store *st, int64_t snap, int text, const char *path)
{
	char err[512], *data = NULL;
	size_t len = 0;
	int rc = tc_store_snapshot_blob(st, snap, text, &data, &len, err, sizeof(err));
	int ret = TC_EXIT_FAILURE;

	if (rc == TC_STORE_NOTFOUND)
		tc_error("there is no snapshot %" PRId64 " (see 'tiacheck history')", snap);
	else if (rc < 0)
		tc_error("cannot read snapshot %" PRId64 ": %s", snap, err);
	else if (strcmp(path, "-") == 0 && (fwrite(data, 1, len, stdout) != len || fflush(stdout)))
		tc_error("cannot write to standard output");
	else if (strcmp(path, "-") != 0 && tc_write_file_atomic(path, data, len, 0644, err, sizeof(err)))
		tc_error("cannot write '%s': %s", path, err);
	else
		ret = TC_EXIT_OK;
	free(data);
	return ret;
}

int cmd_history(int argc, char **argv, tc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "export", no_argument, NULL, 'e' },
		{ "text", no_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int json = 0, text = 0, export = 0, c, ret = TC_EXIT_OK;
	int64_t snap = 0;
	tc_store *st = NULL;
	tc_doc_row *rows = NULL;
	size_t nrows = 0;
	cJSON *out = NULL;
	char err[512];

	while ((c = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
		switch (c) {
		case 'j': json = 1; break;
		case 't': text = 1; break;
		case 'e': export = 1; break;
		case 'h': tc_cmd_help("history", stdout); return TC_EXIT_OK;
		default: return tc_cmd_usage_error("history", "unknown option");
		}
	}
	if (optind != argc - 1 - export || (text && !export) || (json && export))
		return tc_cmd_usage_error("history", export ? "give --export [--text] SNAPSHOT FILE|-"
					  : "name one SERVICE or SERVICE/DOC");
	if (export && tc_cmd_parse_id(argv[optind], &snap) < 0)
		return tc_cmd_usage_error("history", "'%s' is not a snapshot number", argv[optind]);
	if (!(st = tc_cmd_open_store(ctx)))
		return TC_EXIT_FAILURE;
	if (export) {
		ret = export_snapshot(st, snap, text, argv[optind + 1]);
		goto out;
	}
	if (tc_cmd_select_docs(st, argv[optind], &rows, &nrows) < 0) {
		ret = TC_EXIT_FAILURE;
		goto out;
	}
	out = json ? cJSON_CreateArray() : NULL;
	for (size_t i = 0; i < nrows; i++) {
		tc_snapshot *snaps = NULL;
		tc_change *chs = NULL;
		size_t ns = 0, nc = 0;

		if (tc_store_snapshot_list(st, rows[i].id, &snaps, &ns, err, sizeof(err)) < 0 ||
		    tc_store_change_list_for_doc(st, rows[i].id, &chs, &nc, err, sizeof(err)) < 0) {
			tc_error("cannot read the history of %s/%s: %s", rows[i].service, rows[i].doc, err);
			tc_snapshot_list_free(snaps, ns);
			ret = TC_EXIT_FAILURE;
			goto out;
		}
		if (json)
			cJSON_AddItemToArray(out, doc_json(st, &rows[i], snaps, ns, chs, nc));
		else
			doc_text(st, &rows[i], snaps, ns, chs, nc, ctx->color);
		tc_snapshot_list_free(snaps, ns);
		tc_change_list_free(chs, nc);
	}
	if (json) {
		char *s = cJSON_Print(out);

		puts(s);
		free(s);
	}
out:
	cJSON_Delete(out);
	tc_doc_row_list_free(rows, nrows);
	tc_store_close(st);
	return ret;
}

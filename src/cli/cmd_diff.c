/* tiacheck diff: show a recorded change word by word (coloured on a terminal), or
 * the difference between any two snapshots of a document. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "tiacheck/cli_diff_print.h"
#include "tiacheck/cmd.h"
#include "tiacheck/diff.h"
#include "tiacheck/cli_monitor.h"
#include "tiacheck/store.h"
#include "tiacheck/util.h"

static char *snapshot_text(tc_store *st, int64_t snap, tc_snapshot *s)
{
	char err[512], *data = NULL;
	size_t len;
	int rc = tc_store_snapshot_get(st, snap, s, err, sizeof(err));

	if (rc == TC_STORE_NOTFOUND) {
		tc_error("there is no snapshot %" PRId64 " (see 'tiacheck history')", snap);
		return NULL;
	}
	if (rc < 0 || !s->text_sha ||
	    tc_store_get_blob(st, s->text_sha, &data, &len, err, sizeof(err)) != TC_STORE_OK) {
		tc_error("cannot read the text of snapshot %" PRId64 ": %s", snap, err);
		return NULL;
	}
	return data;
}

/* Diff two snapshots and print the result; heading names the change. */
static int show(tc_store *st, tc_ctx *ctx, const char *heading, int64_t from, int64_t to,
		int json, cJSON *jout)
{
	tc_snapshot a = { 0 }, b = { 0 };
	char *ta = snapshot_text(st, from, &a), *tb = ta ? snapshot_text(st, to, &b) : NULL;
	tc_diff d = TC_DIFF_INIT;
	char err[256], ia[32], ib[32];
	int ret = -1;
	enum tc_lang lang = tc_cmd_lang(ctx, NULL);

	if (!ta || !tb)
		goto out;
	if (a.doc != b.doc) {
		tc_error("snapshots %" PRId64 " and %" PRId64 " belong to different documents", from, to);
		goto out;
	}
	if (tc_diff_texts(ta, tb, &d, err, sizeof(err)) < 0) {
		tc_error("cannot compare: %s", err);
		goto out;
	}
	tc_iso_utc(a.fetched_at, ia);
	tc_iso_utc(b.fetched_at, ib);
	tc_diff_print(heading, from, ia, to, ib, &d, json ? jout : NULL, ctx->color, lang);
	ret = 0;
out:
	tc_diff_release(&d);
	free(ta);
	free(tb);
	tc_snapshot_release(&a);
	tc_snapshot_release(&b);
	return ret;
}

static int show_change(tc_store *st, tc_ctx *ctx, const tc_change *ch, const tc_doc_row *d,
		       int json, cJSON *jout)
{
	enum tc_lang lang = tc_cmd_lang(ctx, NULL);
	char *head = tc_xasprintf(tc_tr(lang, "cli.diff.change"), ch->id, d->service, d->doc,
				  ch->technical ? " " : "",
				  ch->technical ? tc_tr(lang, "cli.diff.technical") : "",
				  tc_tr(lang, ch->acked_at ? "cli.diff.acknowledged" : "cli.diff.open"));
	int rc = show(st, ctx, head, ch->from_snapshot, ch->to_snapshot, json, jout);

	free(head);
	return rc;
}

static int cmd_diff(int argc, char **argv, tc_ctx *ctx)
{
	tc_cmd_opts o;
	int json = 0, c, ret = TC_EXIT_FAILURE;
	int64_t from = 0, to = 0, id;
	tc_store *st = NULL;
	tc_doc_row *rows = NULL;
	size_t nrows = 0;
	cJSON *jout = NULL;
	char err[512];

	tc_cmd_opts_init(&o, &cmd_diff_entry, argc, argv);
	while ((c = tc_cmd_opts_next(&o)) > 0) {
		switch (c) {
		case 'j': json = 1; break;
		case 'f':
		case 't':
			if (tc_cmd_parse_id(o.arg, c == 'f' ? &from : &to) < 0)
				return tc_cmd_usage_error("diff", "--%s takes a snapshot number, not '%s'",
							  c == 'f' ? "from" : "to", o.arg);
			break;
		default: break;
		}
	}
	if (c < 0)
		return o.rc;
	if ((from == 0) != (to == 0))
		return tc_cmd_usage_error("diff", "give both --from and --to, or neither");
	if (o.ind != argc - 1 && !(from && o.ind == argc))
		return tc_cmd_usage_error("diff", "name one SERVICE[/DOC] or change number");
	st = tc_cmd_open_store(ctx);
	if (!st)
		return TC_EXIT_FAILURE;
	if (json)
		jout = cJSON_CreateArray();
	if (from) {
		char *head = tc_xasprintf(tc_tr(tc_cmd_lang(ctx, NULL), "cli.diff.snapshots"), from, to);

		ret = show(st, ctx, head, from, to, json, jout) < 0 ? TC_EXIT_FAILURE : TC_EXIT_OK;
		free(head);
	} else if (tc_cmd_parse_id(argv[o.ind], &id) == 0) {
		tc_change ch = { 0 };
		tc_doc_row d = { 0 };
		int rc = tc_store_change_get(st, id, &ch, err, sizeof(err));

		if (rc == TC_STORE_NOTFOUND)
			tc_error("there is no change %" PRId64 " (see 'tiacheck history SERVICE')", id);
		else if (rc < 0)
			tc_error("cannot read change %" PRId64 ": %s", id, err);
		else if (tc_store_document_get(st, ch.doc, &d, err, sizeof(err)) != TC_STORE_OK)
			tc_error("cannot read the document of change %" PRId64 ": %s", id, err);
		else if (show_change(st, ctx, &ch, &d, json, jout) == 0)
			ret = TC_EXIT_OK;
		tc_change_release(&ch);
		tc_doc_row_release(&d);
	} else if (tc_cmd_select_docs(st, argv[o.ind], &rows, &nrows) == 0) {
		ret = TC_EXIT_OK;
		for (size_t i = 0; i < nrows; i++) {
			tc_change *chs = NULL;
			size_t n = 0;

			if (tc_store_change_list_for_doc(st, rows[i].id, &chs, &n, err, sizeof(err)) < 0) {
				tc_error("cannot read the changes of %s/%s: %s", rows[i].service, rows[i].doc, err);
				ret = TC_EXIT_FAILURE;
			} else if (n == 0 && !json) {
				printf(tc_tr(tc_cmd_lang(ctx, NULL), "cli.diff.none"), rows[i].service,
				       rows[i].doc);
				putchar('\n');
			} else if (n == 0) {
				/* nothing to show in the JSON array */
			} else if (show_change(st, ctx, &chs[0], &rows[i], json, jout) < 0) {
				ret = TC_EXIT_FAILURE;
			}
			tc_change_list_free(chs, n);
		}
	}
	if (json && ret == TC_EXIT_OK) {
		char *s = cJSON_Print(jout);

		puts(s ? s : "null");
		cJSON_free(s);
	}
	cJSON_Delete(jout);
	tc_doc_row_list_free(rows, nrows);
	tc_store_close(st);
	return ret;
}

static const tc_cmd_option diff_options[] = {
	{ "json", 'j', NULL, TC_ARG_NONE,
	  "print the changes as JSON (snapshots, times and the diff: blocks added, removed "
	  "and changed, with the words that changed)", 0 },
	{ "from", 'f', "SNAP", TC_ARG_REQUIRED,
	  "the older snapshot to compare (a number from 'tiacheck history'); needs --to", 0 },
	{ "to", 't', "SNAP", TC_ARG_REQUIRED,
	  "the newer snapshot to compare, of the same document; needs --from", 0 },
	{ NULL, 0, NULL, TC_ARG_NONE, NULL, 0 },
};

static const tc_cmd_exit diff_exits[] = {
	{ 0, "the difference was shown" },
	{ 2, "a bad option, or not one SERVICE[/DOC] or CHANGE" },
	{ 3, "no such change, snapshot or document, or the database cannot be read" },
	{ -1, NULL },
};

const tc_cmd_entry cmd_diff_entry = {
	.name = "diff",
	.summary = "show a recorded change of a document",
	.synopsis = "[--json] SERVICE[/DOC] | CHANGE\n--from SNAP --to SNAP [--json]",
	.description = "Show a change word by word (in colour on a terminal): change number "
		       "CHANGE, or the latest change of each document of SERVICE (of DOC only "
		       "with SERVICE/DOC). With --from and --to, the difference between any two "
		       "snapshots of one document, recorded as a change or not.",
	.options = diff_options,
	.exits = diff_exits,
	.fn = cmd_diff,
};

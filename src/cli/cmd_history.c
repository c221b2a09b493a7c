/* tiacheck history: a document's snapshots and changes, or one snapshot's exact bytes.
 * What it prints for a document is src/cli/cli_history_print.c. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "tiacheck/cli_history_print.h"
#include "tiacheck/cmd.h"
#include "tiacheck/cli_monitor.h"
#include "tiacheck/store.h"
#include "tiacheck/util.h"

static int cmd_history(int argc, char **argv, tc_ctx *ctx);

static const tc_cmd_option history_options[] = {
	{ "json", 'j', NULL, TC_ARG_NONE,
	  "print the snapshots and changes of each document as JSON", 0 },
	{ "export", 0, NULL, TC_ARG_NONE,
	  "write the exact bytes fetched for snapshot SNAPSHOT to FILE ('-': standard "
	  "output), as evidence", 'e' },
	{ "text", 0, NULL, TC_ARG_NONE,
	  "with --export: write the snapshot's normalised text instead of the bytes "
	  "fetched", 't' },
	{ NULL, 0, NULL, TC_ARG_NONE, NULL, 0 },
};
static const tc_cmd_exit history_exits[] = {
	{ 0, "the history was listed" },
	{ 2, "a bad option, or not exactly one SERVICE[/DOC]" },
	{ 3, "no such service or document in the database, or it cannot be read" },
	{ -1, NULL },
};
const tc_cmd_entry cmd_history_entry = {
	.name = "history",
	.summary = "list the snapshots and changes of a document",
	.synopsis = "[--json] SERVICE[/DOC]\n--export [--text] SNAPSHOT FILE|-",
	.description = "The snapshots (when, HTTP status, hashes) and the changes (number, "
		       "open or acknowledged and by whom) of a document, or of every document "
		       "of a service, newest first. Show a change with 'tiacheck diff CHANGE'. "
		       "With --export, one snapshot's evidence as it was fetched.",
	.options = history_options,
	.exits = history_exits,
	.fn = cmd_history,
};

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

/* The history of every document in rows, as text or as one JSON array. */
static int print_docs(tc_ctx *ctx, tc_store *st, const tc_doc_row *rows, size_t nrows, int json)
{
	cJSON *out = json ? cJSON_CreateArray() : NULL;
	char err[512];
	int ret = TC_EXIT_OK;

	for (size_t i = 0; i < nrows; i++) {
		tc_snapshot *snaps = NULL;
		tc_change *chs = NULL;
		size_t ns = 0, nc = 0;

		if (tc_store_snapshot_list(st, rows[i].id, &snaps, &ns, err, sizeof(err)) < 0 ||
		    tc_store_change_list_for_doc(st, rows[i].id, &chs, &nc, err, sizeof(err)) < 0) {
			tc_error("cannot read the history of %s/%s: %s", rows[i].service, rows[i].doc, err);
			tc_snapshot_list_free(snaps, ns);
			ret = TC_EXIT_FAILURE;
			break;
		}
		if (json)
			cJSON_AddItemToArray(out, tc_history_doc_json(st, &rows[i], snaps, ns, chs, nc));
		else
			tc_history_doc_text(st, &rows[i], snaps, ns, chs, nc, ctx->color,
					    tc_cmd_lang(ctx, NULL));
		tc_snapshot_list_free(snaps, ns);
		tc_change_list_free(chs, nc);
	}
	if (json && ret == TC_EXIT_OK) {
		char *s = cJSON_Print(out);

		puts(s);
		free(s);
	}
	cJSON_Delete(out);
	return ret;
}

static int cmd_history(int argc, char **argv, tc_ctx *ctx)
{
	int json = 0, text = 0, export = 0, c, ret = TC_EXIT_OK;
	int64_t snap = 0;
	tc_store *st = NULL;
	tc_doc_row *rows = NULL;
	size_t nrows = 0;
	tc_cmd_opts o;

	tc_cmd_opts_init(&o, &cmd_history_entry, argc, argv);
	while ((c = tc_cmd_opts_next(&o)) > 0) {
		switch (c) {
		case 'j': json = 1; break;
		case 't': text = 1; break;
		case 'e': export = 1; break;
		}
	}
	if (c < 0)
		return o.rc;
	if (o.ind != argc - 1 - export || (text && !export) || (json && export))
		return tc_cmd_usage_error("history", export ? "give --export [--text] SNAPSHOT FILE|-"
					  : "name one SERVICE or SERVICE/DOC");
	if (export && tc_cmd_parse_id(argv[o.ind], &snap) < 0)
		return tc_cmd_usage_error("history", "'%s' is not a snapshot number", argv[o.ind]);
	if (!(st = tc_cmd_open_store(ctx)))
		return TC_EXIT_FAILURE;
	if (export)
		ret = export_snapshot(st, snap, text, argv[o.ind + 1]);
	else if (tc_cmd_select_docs(st, argv[o.ind], &rows, &nrows) < 0)
		ret = TC_EXIT_FAILURE;
	else
		ret = print_docs(ctx, st, rows, nrows, json);
	tc_doc_row_list_free(rows, nrows);
	tc_store_close(st);
	return ret;
}

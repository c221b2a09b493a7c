/* tiacheck report: re-render the report of a past run from the store (the run's
 * report JSON is kept with it), to stdout or a file, in any format or language. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "tiacheck/cmd.h"
#include "tiacheck/i18n.h"
#include "tiacheck/cli_monitor.h"
#include "tiacheck/report.h"
#include "tiacheck/store.h"
#include "tiacheck/util.h"

static int cmd_report(int argc, char **argv, tc_ctx *ctx);

static const tc_cmd_option report_options[] = {
	{ "format", 'f', "md|html|json", TC_ARG_REQUIRED, "the format (default: md)", 0 },
	{ "output", 'o', "FILE", TC_ARG_REQUIRED,
	  "write FILE (replaced atomically) instead of standard output", 0 },
	{ "list", 'l', NULL, TC_ARG_NONE,
	  "list the runs instead (number, start time, command, status)", 0 },
	{ NULL, 0, NULL, TC_ARG_NONE, NULL, 0 },
};
static const tc_cmd_exit report_exits[] = {
	{ 0, "the report was written" },
	{ 2, "a bad option, or RUN is not a run number" },
	{ 3, "no such run, no run with a report yet, the database cannot be read or FILE "
	     "cannot be written" },
	{ -1, NULL },
};
const tc_cmd_entry cmd_report_entry = {
	.name = "report",
	.summary = "re-render the report of a past run",
	.synopsis = "[--format md|html|json] [-o FILE] [RUN]\n--list",
	.description = "Render again the report of run RUN (default: the latest run with a "
		       "report) from the JSON kept in the database, in any format and in the "
		       "language of the global --lang.",
	.options = report_options,
	.exits = report_exits,
	.fn = cmd_report,
};

/* --list: one line per run, its status in words in lang. */
static int list_runs(tc_store *st, enum tc_lang lang)
{
	tc_run_row *runs = NULL;
	size_t n = 0;
	char err[512];

	if (tc_store_run_list(st, 0, &runs, &n, err, sizeof(err)) < 0) {
		tc_error("cannot list runs: %s", err);
		return TC_EXIT_FAILURE;
	}
	for (size_t i = 0; i < n; i++) {
		char t[32];

		tc_iso_utc(runs[i].started_at, t);
		printf("%-6" PRId64 " %s  %-8s %s\n", runs[i].id, t, runs[i].command,
		       tc_label(lang, "run_status", runs[i].status));
	}
	tc_run_row_list_free(runs, n);
	return TC_EXIT_OK;
}

/* The report JSON of run id (0: the latest with a report) into *json (owned). */
static int load_run(tc_store *st, int64_t id, cJSON **json)
{
	tc_run_row run = { 0 };
	char err[512];
	int rc, ret = TC_EXIT_FAILURE;

	if (id)
		rc = tc_store_run_get(st, id, &run, err, sizeof(err));
	else
		rc = tc_store_run_latest(st, 1, &run, err, sizeof(err));
	if (rc == TC_STORE_NOTFOUND && id)
		tc_error("there is no run %" PRId64 " (see 'tiacheck report --list')", id);
	else if (rc == TC_STORE_NOTFOUND)
		tc_error("no run has a report yet: run 'tiacheck run' first");
	else if (rc < 0)
		tc_error("cannot read the run: %s", err);
	else if (!run.report_json)
		tc_error("run %" PRId64 " (%s, %s) has no report: it was a '%s' or did not finish",
			 run.id, run.command, run.status, run.command);
	else if (!(*json = cJSON_Parse(run.report_json)))
		tc_error("the stored report of run %" PRId64 " is not valid JSON", run.id);
	else
		ret = TC_EXIT_OK;
	tc_run_row_release(&run);
	return ret;
}

/* Write the rendered report to output (NULL: stdout). */
static int emit(const tc_buf *out, const char *output)
{
	char err[512];

	if (!output) {
		fwrite(tc_buf_str(out), 1, out->len, stdout);
		return TC_EXIT_OK;
	}
	if (tc_write_file_atomic(output, out->data, out->len, 0644, err, sizeof(err)) < 0) {
		tc_error("%s", err);
		return TC_EXIT_FAILURE;
	}
	return TC_EXIT_OK;
}

static int cmd_report(int argc, char **argv, tc_ctx *ctx)
{
	enum tc_report_format fmt = TC_REPORT_MD;
	enum tc_lang lang = TC_LANG_DEFAULT;
	const char *output = NULL;
	int c, list = 0, ret;
	int64_t id = 0;
	tc_store *st;
	cJSON *json = NULL;
	tc_buf out = TC_BUF_INIT;
	char err[512];
	tc_cmd_opts o;

	tc_cmd_opts_init(&o, &cmd_report_entry, argc, argv);
	while ((c = tc_cmd_opts_next(&o)) > 0) {
		switch (c) {
		case 'f':
			if (tc_report_format_parse(o.arg, &fmt) < 0)
				return tc_cmd_usage_error("report", "--format takes md, html or json, not '%s'", o.arg);
			break;
		case 'o': output = o.arg; break;
		case 'l': list = 1; break;
		}
	}
	if (c < 0)
		return o.rc;
	if (argc - o.ind > 1)
		return tc_cmd_usage_error("report", "name at most one run");
	if (o.ind < argc && tc_cmd_parse_id(argv[o.ind], &id) < 0)
		return tc_cmd_usage_error("report", "'%s' is not a run number", argv[o.ind]);
	if (ctx->lang && tc_lang_parse(ctx->lang, &lang) < 0)
		return tc_cmd_usage_error("report", "--lang takes sv or en, not '%s'", ctx->lang);
	if (!(st = tc_cmd_open_store(ctx)))
		return TC_EXIT_FAILURE;
	if (list) {
		ret = list_runs(st, tc_cmd_lang(ctx, NULL));
		goto out;
	}
	if ((ret = load_run(st, id, &json)) != TC_EXIT_OK)
		goto out;
	/* --lang, else the language the run was made in */
	if (!ctx->lang)
		lang = tc_report_lang(json, TC_LANG_DEFAULT);
	if (tc_report_render(json, fmt, lang, &out, err, sizeof(err)) < 0) {
		tc_error("cannot render the report: %s", err);
		ret = TC_EXIT_FAILURE;
		goto out;
	}
	ret = emit(&out, output);
out:
	tc_buf_release(&out);
	cJSON_Delete(json);
	tc_store_close(st);
	return ret;
}

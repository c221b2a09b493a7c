/* tiacheck report: re-render the report of a past run from the store (the run's
 * report JSON is kept with it), to stdout or a file, in any format or language. */
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "tiacheck/cmd.h"
#include "tiacheck/i18n.h"
#include "tiacheck/cmd_monitor.h"
#include "tiacheck/report.h"
#include "tiacheck/store.h"
#include "tiacheck/util.h"

/* --list: one line per run. */
static int list_runs(tc_store *st)
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
		       runs[i].status);
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

int cmd_report(int argc, char **argv, tc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "list", no_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	enum tc_report_format fmt = TC_REPORT_MD;
	enum tc_lang lang = TC_LANG_DEFAULT;
	const char *output = NULL;
	int c, list = 0, ret;
	int64_t id = 0;
	tc_store *st;
	cJSON *json = NULL;
	tc_buf out = TC_BUF_INIT;
	char err[512];

	while ((c = getopt_long(argc, argv, "f:o:lh", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (tc_report_format_parse(optarg, &fmt) < 0)
				return tc_cmd_usage_error("report", "--format takes md, html or json, not '%s'", optarg);
			break;
		case 'o': output = optarg; break;
		case 'l': list = 1; break;
		case 'h': tc_cmd_help("report", stdout); return TC_EXIT_OK;
		default: return tc_cmd_usage_error("report", "unknown option");
		}
	}
	if (argc - optind > 1)
		return tc_cmd_usage_error("report", "name at most one run");
	if (optind < argc && tc_cmd_parse_id(argv[optind], &id) < 0)
		return tc_cmd_usage_error("report", "'%s' is not a run number", argv[optind]);
	if (ctx->lang && tc_lang_parse(ctx->lang, &lang) < 0)
		return tc_cmd_usage_error("report", "--lang takes sv or en, not '%s'", ctx->lang);
	if (!(st = tc_cmd_open_store(ctx)))
		return TC_EXIT_FAILURE;
	if (list) {
		ret = list_runs(st);
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

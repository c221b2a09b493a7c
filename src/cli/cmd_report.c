/* tiacheck report: re-render the report of a past run from the store (the run's
 * report JSON is kept with it), to stdout or a file, in any format or language. */
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "tiacheck/cmd.h"
#include "tiacheck/cmd_monitor.h"
#include "tiacheck/report.h"
#include "tiacheck/store.h"
#include "tiacheck/util.h"

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
	const char *output = NULL;
	int c, list = 0, ret = TC_EXIT_FAILURE, rc;
	tc_store *st = NULL;
	tc_run_row run = { 0 };
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
	st = tc_cmd_open_store(ctx);
	if (!st)
		return TC_EXIT_FAILURE;
	if (list) {
		tc_run_row *runs = NULL;
		size_t n = 0;

		if (tc_store_run_list(st, 0, &runs, &n, err, sizeof(err)) < 0) {
			tc_error("cannot list runs: %s", err);
			goto out;
		}
		for (size_t i = 0; i < n; i++) {
			char t[32];

			tc_iso_utc(runs[i].started_at, t);
			printf("%-6" PRId64 " %s  %-8s %s\n", runs[i].id, t, runs[i].command,
			       runs[i].status);
		}
		tc_run_row_list_free(runs, n);
		ret = TC_EXIT_OK;
		goto out;
	}
	if (optind < argc) {
		int64_t id;

		if (tc_cmd_parse_id(argv[optind], &id) < 0) {
			tc_store_close(st);
			return tc_cmd_usage_error("report", "'%s' is not a run number", argv[optind]);
		}
		rc = tc_store_run_get(st, id, &run, err, sizeof(err));
		if (rc == TC_STORE_NOTFOUND) {
			tc_error("there is no run %" PRId64 " (see 'tiacheck report --list')", id);
			goto out;
		}
	} else {
		rc = tc_store_run_latest(st, 1, &run, err, sizeof(err));
		if (rc == TC_STORE_NOTFOUND) {
			tc_error("no run has a report yet: run 'tiacheck run' first");
			goto out;
		}
	}
	if (rc < 0) {
		tc_error("cannot read the run: %s", err);
		goto out;
	}
	if (!run.report_json) {
		tc_error("run %" PRId64 " (%s, %s) has no report: it was a '%s' or did not finish",
			 run.id, run.command, run.status, run.command);
		goto out;
	}
	json = cJSON_Parse(run.report_json);
	if (!json) {
		tc_error("the stored report of run %" PRId64 " is not valid JSON", run.id);
		goto out;
	}
	if (tc_report_render(json, fmt, ctx->lang, &out, err, sizeof(err)) < 0) {
		tc_error("cannot render run %" PRId64 ": %s", run.id, err);
		goto out;
	}
	if (output) {
		if (tc_write_file_atomic(output, out.data, out.len, 0644, err, sizeof(err)) < 0) {
			tc_error("%s", err);
			goto out;
		}
	} else {
		fwrite(tc_buf_str(&out), 1, out.len, stdout);
	}
	ret = TC_EXIT_OK;
out:
	tc_buf_release(&out);
	cJSON_Delete(json);
	tc_run_row_release(&run);
	tc_store_close(st);
	return ret;
}

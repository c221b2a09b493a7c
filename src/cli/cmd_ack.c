/* tiacheck ack: the DPO marks changes as reviewed. Unreviewed changes stay listed as
 * open in every later report. */
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <pwd.h>

#include "tiacheck/cmd.h"
#include "tiacheck/cmd_monitor.h"
#include "tiacheck/store.h"
#include "tiacheck/util.h"

static const char *default_reviewer(void)
{
	const char *u = getenv("USER");
	struct passwd *pw;

	if (u && *u)
		return u;
	pw = getpwuid(getuid());
	return pw ? pw->pw_name : "unknown";
}

int cmd_ack(int argc, char **argv, tc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "note", required_argument, NULL, 'n' },
		{ "by", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *note = NULL, *by = NULL;
	tc_store *st = NULL;
	char err[512];
	int c, ret = TC_EXIT_OK;

	while ((c = getopt_long(argc, argv, "n:b:h", opts, NULL)) != -1) {
		switch (c) {
		case 'n': note = optarg; break;
		case 'b': by = optarg; break;
		case 'h': tc_cmd_help("ack", stdout); return TC_EXIT_OK;
		default: return tc_cmd_usage_error("ack", "unknown option");
		}
	}
	if (optind >= argc)
		return tc_cmd_usage_error("ack", "name the change(s) to acknowledge, e.g. 'tiacheck ack 12'");
	for (int i = optind; i < argc; i++) {
		int64_t id;

		if (tc_cmd_parse_id(argv[i], &id) < 0)
			return tc_cmd_usage_error("ack", "'%s' is not a change number", argv[i]);
	}
	if (!by)
		by = default_reviewer();
	st = tc_cmd_open_store(ctx);
	if (!st)
		return TC_EXIT_FAILURE;
	for (int i = optind; i < argc; i++) {
		int64_t id;
		int already = 0, rc;

		tc_cmd_parse_id(argv[i], &id);
		rc = tc_store_change_ack(st, id, by, note, tc_now(), &already, err, sizeof(err));
		if (rc == TC_STORE_NOTFOUND) {
			tc_error("there is no change %" PRId64 " (see 'tiacheck history')", id);
			ret = TC_EXIT_FAILURE;
		} else if (rc < 0) {
			tc_error("cannot acknowledge change %" PRId64 ": %s", id, err);
			ret = TC_EXIT_FAILURE;
		} else if (already) {
			tc_change ch = { 0 };
			char when[32] = "?";

			if (tc_store_change_get(st, id, &ch, err, sizeof(err)) == TC_STORE_OK)
				tc_iso_utc(ch.acked_at, when);
			tc_note("change %" PRId64 " was already acknowledged by %s at %s; kept that",
				id, ch.acked_by ? ch.acked_by : "?", when);
			tc_change_release(&ch);
		} else {
			printf("change %" PRId64 " acknowledged by %s\n", id, by);
		}
	}
	tc_store_close(st);
	return ret;
}

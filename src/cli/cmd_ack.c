/* tiacheck ack: the DPO marks changes as reviewed. Unreviewed changes stay listed as
 * open in every later report. */
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

static int cmd_ack(int argc, char **argv, tc_ctx *ctx)
{
	const char *note = NULL, *by = NULL;
	tc_store *st = NULL;
	tc_cmd_opts o;
	char err[512];
	int c, ret = TC_EXIT_OK;

	tc_cmd_opts_init(&o, &cmd_ack_entry, argc, argv);
	while ((c = tc_cmd_opts_next(&o)) > 0) {
		switch (c) {
		case 'n': note = o.arg; break;
		case 'b': by = o.arg; break;
		default: break;
		}
	}
	if (c < 0)
		return o.rc;
	if (o.ind >= argc)
		return tc_cmd_usage_error("ack", "name the change(s) to acknowledge, e.g. 'tiacheck ack 12'");
	for (int i = o.ind; i < argc; i++) {
		int64_t id;

		if (tc_cmd_parse_id(argv[i], &id) < 0)
			return tc_cmd_usage_error("ack", "'%s' is not a change number", argv[i]);
	}
	if (!by)
		by = default_reviewer();
	st = tc_cmd_open_store(ctx);
	if (!st)
		return TC_EXIT_FAILURE;
	for (int i = o.ind; i < argc; i++) {
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

static const tc_cmd_option ack_options[] = {
	{ "note", 'n', "TEXT", TC_ARG_REQUIRED,
	  "a note kept with the acknowledgement (what was read, what was decided)", 0 },
	{ "by", 'b', "NAME", TC_ARG_REQUIRED,
	  "who reviewed the change (default: $USER, else the login name)", 0 },
	{ NULL, 0, NULL, TC_ARG_NONE, NULL, 0 },
};

static const tc_cmd_exit ack_exits[] = {
	{ 0, "every change named was acknowledged (or already was: that one is kept)" },
	{ 2, "a bad option, no CHANGE, or one that is not a change number" },
	{ 3, "no such change, or the database cannot be read or written" },
	{ -1, NULL },
};

const tc_cmd_entry cmd_ack_entry = {
	.name = "ack",
	.summary = "mark a change as reviewed",
	.synopsis = "[--note TEXT] [--by NAME] CHANGE...",
	.description = "Mark changes (by their number, as 'tiacheck history' and the report "
		       "show them: 12 or #12) as reviewed by the DPO. A change not acknowledged "
		       "stays listed as open in every later report. Acknowledging a change "
		       "twice keeps the first acknowledgement.",
	.options = ack_options,
	.exits = ack_exits,
	.fn = cmd_ack,
};

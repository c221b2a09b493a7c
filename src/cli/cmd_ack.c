/* tiacheck ack: the DPO records a decision on review items (changes, findings,
 * failure streaks): acknowledged with a note, or objected. Items without a decision
 * stay open in every later report and are never alerted again once decided. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <pwd.h>

#include "tiacheck/cmd.h"
#include "tiacheck/cli_monitor.h"
#include "tiacheck/review.h"
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

/* Record one decision and say what happened; 0, or an exit code. */
static int ack_one(tc_store *st, const tc_review_ref *ref, const char *by, const char *note,
		   const char *how, enum tc_lang lang)
{
	enum tc_item_state state = how ? TC_ITEM_OBJECTED : TC_ITEM_ACKNOWLEDGED;
	const char *what = ref->type == 'C' ? "change" : "item";
	char err[512];
	int already = 0;
	int rc = tc_review_decide(st, ref, state, by, note, how, tc_now(), &already, err, sizeof(err));

	if (rc == TC_REVIEW_NOTFOUND) {
		tc_error("%s (see 'tiacheck history' or the report's action list)", err);
		return TC_EXIT_FAILURE;
	}
	if (rc == TC_REVIEW_NEEDS_NOTE)
		return tc_cmd_usage_error("ack", "%s", err);
	if (rc < 0) {
		tc_error("cannot record the decision on %s: %s", ref->name, err);
		return TC_EXIT_FAILURE;
	}
	if (already) {
		tc_item_row r;
		char when[32] = "?";

		if (tc_store_item_get(st, ref->name, &r, err, sizeof(err)) == TC_STORE_OK)
			tc_iso_utc(r.at, when);
		tc_note("%s %s was already %s by %s at %s; kept that", what,
			ref->type == 'C' ? ref->name + 1 : ref->name, tc_item_state_name(state),
			r.by ? r.by : "?", when);
		tc_item_row_release(&r);
		return 0;
	}
	printf(tc_tr(lang, ref->type == 'C' ? (how ? "cli.ack.change_objected" : "cli.ack.change_acknowledged")
		   : how ? "cli.ack.item_objected" : "cli.ack.item_acknowledged"),
	       ref->type == 'C' ? ref->name + 1 : ref->name, by);
	putchar('\n');
	return 0;
}

static int cmd_ack(int argc, char **argv, tc_ctx *ctx)
{
	const char *note = NULL, *by = NULL, *how = NULL;
	tc_review_ref *refs = NULL;
	tc_store *st = NULL;
	tc_cmd_opts o;
	int c, ret = TC_EXIT_OK;

	tc_cmd_opts_init(&o, &cmd_ack_entry, argc, argv);
	while ((c = tc_cmd_opts_next(&o)) > 0) {
		switch (c) {
		case 'n': note = o.arg; break;
		case 'b': by = o.arg; break;
		case 'o': how = o.arg; break;
		default: break;
		}
	}
	if (c < 0)
		return o.rc;
	if (o.ind >= argc)
		return tc_cmd_usage_error("ack", "name the item(s) to acknowledge, e.g. 'tiacheck ack F12' "
					  "or 'tiacheck ack 12' (a change)");
	if (how && !*how)
		return tc_cmd_usage_error("ack", "--objected needs a text: how and when the vendor was told");
	refs = tc_xcalloc((size_t)(argc - o.ind), sizeof(*refs));
	for (int i = o.ind; i < argc; i++)
		if (tc_review_parse(argv[i], &refs[i - o.ind]) < 0) {
			ret = tc_cmd_usage_error("ack", "'%s' is not an item (F12, C3, S2) or a change "
						 "number", argv[i]);
			goto out;
		}
	if (!by)
		by = default_reviewer();
	st = tc_cmd_open_store(ctx);
	if (!st) {
		ret = TC_EXIT_FAILURE;
		goto out;
	}
	for (int i = o.ind; i < argc; i++) {
		int rc = ack_one(st, &refs[i - o.ind], by, note, how, tc_cmd_lang(ctx, NULL));

		if (rc && (ret == TC_EXIT_OK || rc == TC_EXIT_USAGE))
			ret = rc;
	}
out:
	tc_store_close(st);
	free(refs);
	return ret;
}

static const tc_cmd_option ack_options[] = {
	{ "note", 'n', "TEXT", TC_ARG_REQUIRED,
	  "a note kept with the decision (what was read, what was decided); required for a "
	  "high-severity item", 0 },
	{ "by", 'b', "NAME", TC_ARG_REQUIRED,
	  "who reviewed the item (default: $USER, else the login name)", 0 },
	{ "objected", 'o', "HOW", TC_ARG_REQUIRED,
	  "record an objection to the vendor instead (HOW: when and how the vendor was told)", 0 },
	{ NULL, 0, NULL, TC_ARG_NONE, NULL, 0 },
};

static const tc_cmd_exit ack_exits[] = {
	{ 0, "every item named was decided on (or already was: that decision is kept)" },
	{ 2, "a bad option, no ITEM, one that is not an item, or a high-severity item "
	     "acknowledged without --note" },
	{ 3, "no such item, or the database cannot be read or written" },
	{ -1, NULL },
};

const tc_cmd_entry cmd_ack_entry = {
	.name = "ack",
	.summary = "record a decision on a change, finding or failure",
	.synopsis = "[--note TEXT] [--by NAME] [--objected HOW] ITEM...",
	.description = "Record the DPO's decision on review items, as the report's action list, "
		       "the alert and 'tiacheck history' name them: F12 (a finding), C3 or 3 "
		       "or #3 (a change), S2 (the current failure streak of a document). "
		       "Acknowledging a high-severity item needs --note. --objected records "
		       "that the vendor was sent an objection. A decided item is never alerted "
		       "again and leaves the open items; deciding on a change settles its "
		       "findings, and deciding on a new sub-processor settles the other findings "
		       "about the same entity. The same decision twice keeps the first. "
		       "'tiacheck adopt ITEM' writes a new sub-processor into the catalogue.",
	.options = ack_options,
	.exits = ack_exits,
	.fn = cmd_ack,
};

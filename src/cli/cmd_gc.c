/* tiacheck gc: apply the retention policy (store.keep) to the store, then compact it,
 * and print the database size before and after. */
#include <inttypes.h>
#include <stdlib.h>
#include <time.h>

#include "tiacheck/cmd.h"
#include "tiacheck/cli_monitor.h"
#include "tiacheck/config.h"
#include "tiacheck/i18n.h"
#include "tiacheck/runlock.h"
#include "tiacheck/store.h"
#include "tiacheck/util.h"

static int cmd_gc(int argc, char **argv, tc_ctx *ctx);

static const tc_cmd_option gc_options[] = {
	{ "keep", 0, "SPEC", TC_ARG_REQUIRED,
	  "the retention to apply instead of the config's store.keep: 'all' (every snapshot "
	  "kept) or 'changes+monthly:N' (every version that differs kept; confirmations "
	  "older than N weeks folded into one row per document and month)", 'k' },
	{ NULL, 0, NULL, TC_ARG_NONE, NULL, 0 },
};
static const tc_cmd_exit gc_exits[] = {
	{ 0, "the retention was applied and the store compacted" },
	{ 2, "a bad option or SPEC" },
	{ 3, "the database cannot be read or written" },
	{ 4, NULL },
	{ -1, NULL },
};
const tc_cmd_entry cmd_gc_entry = {
	.name = "gc",
	.summary = "apply the retention policy to the evidence store and compact it",
	.synopsis = "[--keep SPEC]",
	.description = "Fold old confirmations as store.keep says, remove blobs nothing "
		       "uses any more, compact the database (VACUUM) and print its size "
		       "before and after. Versions that differ and snapshots a change points "
		       "at are never removed. Takes the run lock.",
	.options = gc_options,
	.exits = gc_exits,
	.fn = cmd_gc,
};

/* "1234567 bytes (1.2 MB)" in lang into out. */
static const char *size_text(enum tc_lang lang, int64_t n, char out[64])
{
	snprintf(out, 64, tc_tr(lang, "cli.gc.size"), n, (double)n / 1e6);
	return out;
}

/* What was done, in lang. */
static void print_stats(enum tc_lang lang, const char *keep, int weeks,
			const tc_store_gc_stats *stats)
{
	char a[64], b[64];

	printf(tc_tr(lang, "cli.gc.keep"), keep);
	putchar('\n');
	if (weeks)
		printf(tc_tr(lang, "cli.gc.folded"), stats->snapshots_folded, weeks,
		       stats->blobs_removed);
	else
		fputs(tc_tr(lang, "cli.gc.all_kept"), stdout);
	putchar('\n');
	printf(tc_tr(lang, "cli.gc.before"), size_text(lang, stats->bytes_before, a));
	putchar('\n');
	printf(tc_tr(lang, "cli.gc.after"), size_text(lang, stats->bytes_after, b));
	putchar('\n');
}

static int cmd_gc(int argc, char **argv, tc_ctx *ctx)
{
	const char *keep = ctx->config && ctx->config->store_keep ? ctx->config->store_keep : "all";
	tc_store_lock_handle lk = TC_STORE_LOCK_INIT;
	tc_store_gc_stats stats;
	tc_store *st = NULL;
	tc_cmd_opts o;
	char err[512];
	int c, weeks = 0, ret = TC_EXIT_FAILURE, lrc;

	tc_cmd_opts_init(&o, &cmd_gc_entry, argc, argv);
	while ((c = tc_cmd_opts_next(&o)) > 0)
		if (c == 'k')
			keep = o.arg;
	if (c < 0)
		return o.rc;
	if (o.ind != argc)
		return tc_cmd_usage_error("gc", "no arguments expected");
	if (tc_store_keep_parse(keep, &weeks) < 0)
		return tc_cmd_usage_error("gc", "store.keep '%s' is neither 'all' nor "
					  "'changes+monthly:N' (N weeks, 1 to %d)", keep,
					  TC_STORE_KEEP_MAX_WEEKS);
	/* the run lock: a run storing blobs while we remove unused ones could lose one */
	lrc = tc_runlock_take(ctx->db_path, &lk, err, sizeof(err));
	if (lrc != TC_RUNLOCK_OK) {
		tc_error("%s", err);
		return lrc == TC_RUNLOCK_HELD ? TC_EXIT_LOCKED : TC_EXIT_FAILURE;
	}
	if (!(st = tc_cmd_open_store(ctx)))
		goto out;
	if (tc_store_gc(st, weeks, time(NULL), &stats, err, sizeof(err)) < 0) {
		tc_error("cannot apply store.keep to '%s': %s", ctx->db_path, err);
		goto out;
	}
	print_stats(tc_cmd_lang(ctx, NULL), keep, weeks, &stats);
	ret = TC_EXIT_OK;
out:
	tc_store_close(st);
	tc_runlock_release(&lk);
	return ret;
}

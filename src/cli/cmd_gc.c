/* tiacheck gc: apply the retention policy (store.keep) to the store, then compact it,
 * and print the database size before and after. */
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <time.h>

#include "tiacheck/cmd.h"
#include "tiacheck/config.h"
#include "tiacheck/monitor.h"
#include "tiacheck/store.h"
#include "tiacheck/util.h"

/* "1234567 bytes (1.2 MB)" into out. */
static const char *size_text(int64_t n, char out[64])
{
	snprintf(out, 64, "%" PRId64 " bytes (%.1f MB)", n, (double)n / 1e6);
	return out;
}

int cmd_gc(int argc, char **argv, tc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "keep", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *keep = ctx->config && ctx->config->store_keep ? ctx->config->store_keep : "all";
	tc_store_lock_handle lk = TC_STORE_LOCK_INIT;
	tc_store_gc_stats stats;
	tc_store *st = NULL;
	char err[512], a[64], b[64], *lockpath = NULL;
	long holder = 0;
	int c, weeks = 0, ret = TC_EXIT_FAILURE;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'k': keep = optarg; break;
		case 'h': tc_cmd_help("gc", stdout); return TC_EXIT_OK;
		default: return tc_cmd_usage_error("gc", "unknown option");
		}
	}
	if (optind != argc)
		return tc_cmd_usage_error("gc", "no arguments expected");
	if (tc_store_keep_parse(keep, &weeks) < 0) {
		tc_error("store.keep: '%s' is neither 'all' nor 'changes+monthly:N' (N weeks, "
			 "1 to %d)", keep, TC_STORE_KEEP_MAX_WEEKS);
		return TC_EXIT_USAGE;
	}
	/* the run lock: a run storing blobs while we remove unused ones could lose one */
	lockpath = tc_xasprintf("%s.lock", ctx->db_path);
	if (tc_store_lock(lockpath, &lk, &holder, err, sizeof(err)) != TC_STORE_OK) {
		tc_error("another tiacheck run (pid %ld) is using '%s'", holder, ctx->db_path);
		ret = TC_EXIT_LOCKED;
		goto out;
	}
	if (!(st = tc_pipeline_open_store(ctx)))
		goto out;
	if (tc_store_gc(st, weeks, time(NULL), &stats, err, sizeof(err)) < 0) {
		tc_error("cannot apply store.keep to '%s': %s", ctx->db_path, err);
		goto out;
	}
	printf("store.keep = %s\n", keep);
	if (weeks)
		printf("%" PRId64 " confirmation(s) older than %d weeks folded into one snapshot per "
		       "document and month; %" PRId64 " unused blob(s) removed\n",
		       stats.snapshots_folded, weeks, stats.blobs_removed);
	else
		printf("every snapshot kept\n");
	printf("database size before: %s\n", size_text(stats.bytes_before, a));
	printf("database size after:  %s\n", size_text(stats.bytes_after, b));
	ret = TC_EXIT_OK;
out:
	tc_store_close(st);
	tc_store_unlock(&lk);
	free(lockpath);
	return ret;
}

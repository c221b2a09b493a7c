/* tiacheck mail: send the alerts still pending (an SMTP server was down), or a test
 * message to check the settings. The delivery itself is src/core/alerts.c. */
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "tiacheck/alerts.h"
#include "tiacheck/cmd.h"
#include "tiacheck/cmd_monitor.h"
#include "tiacheck/config.h"
#include "tiacheck/util.h"

static int send_test(tc_ctx *ctx)
{
	const tc_config *c = ctx->config;
	char err[1024];

	if (tc_alerts_send_test(c, err, sizeof(err)) < 0) {
		tc_error("%s", err);
		return TC_EXIT_FAILURE;
	}
	printf("test message sent to %zu recipient(s) through %s\n", c->nsmtp_to, c->smtp_url);
	return TC_EXIT_OK;
}

int cmd_mail(int argc, char **argv, tc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "test", no_argument, NULL, 't' },
		{ "pending", no_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, test = 0, pending = 0, nsent = 0;
	tc_store *st;

	while ((c = getopt_long(argc, argv, "tph", opts, NULL)) != -1) {
		switch (c) {
		case 't': test = 1; break;
		case 'p': pending = 1; break;
		case 'h': tc_cmd_help("mail", stdout); return TC_EXIT_OK;
		default: return tc_cmd_usage_error("mail", "unknown option");
		}
	}
	if (optind < argc || test == pending)
		return tc_cmd_usage_error("mail", "give either --test or --pending");
	if (test)
		return send_test(ctx);
	st = tc_cmd_open_store(ctx);
	if (!st)
		return TC_EXIT_FAILURE;
	if (tc_cmd_send_pending(ctx, st, &nsent) != 0) {
		tc_store_close(st);
		return TC_EXIT_FAILURE;
	}
	tc_store_close(st);
	printf("%d pending alert(s) sent\n", nsent);
	return TC_EXIT_OK;
}

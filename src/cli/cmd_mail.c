/* tiacheck mail: send the alerts still pending (an SMTP server was down), or a test
 * message to check the settings. The delivery itself is src/core/alerts.c. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "tiacheck/alerts.h"
#include "tiacheck/cmd.h"
#include "tiacheck/cli_monitor.h"
#include "tiacheck/config.h"
#include "tiacheck/i18n.h"
#include "tiacheck/util.h"

static int cmd_mail(int argc, char **argv, tc_ctx *ctx);

static const tc_cmd_option mail_options[] = {
	{ "test", 't', NULL, TC_ARG_NONE,
	  "send a test message to the recipients of the config (smtp.to) to check the "
	  "settings", 0 },
	{ "pending", 'p', NULL, TC_ARG_NONE,
	  "send the alerts still pending (an SMTP server was down during a run)", 0 },
	{ NULL, 0, NULL, TC_ARG_NONE, NULL, 0 },
};
static const tc_cmd_exit mail_exits[] = {
	{ 0, "the message or the pending alerts were sent" },
	{ 2, "neither or both of --test and --pending" },
	{ 3, "no SMTP server is configured, or sending failed (pending alerts stay "
	     "pending)" },
	{ -1, NULL },
};
const tc_cmd_entry cmd_mail_entry = {
	.name = "mail",
	.summary = "send the pending alerts, or a test message",
	.synopsis = "--test | --pending",
	.description = "Alert e-mails go out during 'tiacheck run'; one that could not be "
		       "sent stays pending and is retried by the next run, or now with "
		       "--pending. The SMTP settings are the config's smtp.* keys; the "
		       "password comes from $TIACHECK_SMTP_PASSWORD or smtp.password_file.",
	.options = mail_options,
	.exits = mail_exits,
	.fn = cmd_mail,
};

static int send_test(tc_ctx *ctx)
{
	const tc_config *c = ctx->config;
	char err[1024];

	if (tc_alerts_send_test(c, err, sizeof(err)) < 0) {
		tc_error("%s", err);
		return TC_EXIT_FAILURE;
	}
	printf(tc_tr(tc_cmd_lang(ctx, NULL), "cli.mail.test_sent"), c->nsmtp_to, c->smtp_url);
	putchar('\n');
	return TC_EXIT_OK;
}

static int cmd_mail(int argc, char **argv, tc_ctx *ctx)
{
	int c, test = 0, pending = 0, nsent = 0;
	tc_store *st;
	tc_cmd_opts o;

	tc_cmd_opts_init(&o, &cmd_mail_entry, argc, argv);
	while ((c = tc_cmd_opts_next(&o)) > 0) {
		if (c == 't')
			test = 1;
		else if (c == 'p')
			pending = 1;
	}
	if (c < 0)
		return o.rc;
	if (o.ind < argc || test == pending)
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
	printf(tc_tr(tc_cmd_lang(ctx, NULL), "cli.mail.pending_sent"), nsent);
	putchar('\n');
	return TC_EXIT_OK;
}

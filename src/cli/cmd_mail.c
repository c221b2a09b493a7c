/* tiacheck mail: send the alerts still pending (an SMTP server was down), or a test
 * message to check the settings. Also the alert sending used by `tiacheck run`. */
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "tiacheck/cmd.h"
#include "tiacheck/config.h"
#include "tiacheck/mail.h"
#include "tiacheck/monitor.h"
#include "tiacheck/store.h"
#include "tiacheck/util.h"

int tc_alerts_configured(const tc_ctx *ctx)
{
	const tc_config *c = ctx->config;

	return c && c->smtp_url && c->smtp_from && c->nsmtp_to > 0;
}

/* The password, or NULL when none is configured; -1 in *failed on error. */
static char *get_password(const tc_ctx *ctx, int *failed)
{
	char err[512];
	char *pw;

	*failed = 0;
	pw = tc_config_smtp_password(ctx->config, failed, err, sizeof(err));
	if (*failed)
		tc_error("%s", err);
	return pw;
}

/* Compose and send one message; 0 sent, -1 with err set. */
static int send_one(const tc_ctx *ctx, const char *password, const tc_mail_msg *m,
		    char *err, size_t errlen)
{
	tc_mail_settings ms;
	char *msg = NULL;
	int rc;

	tc_mail_settings_from_config(ctx->config, &ms);
	if (tc_mail_compose(m, &msg, err, errlen) < 0)
		return -1;
	rc = tc_mail_send(&ms, password, msg, m->to, m->nto, err, errlen);
	free(msg);
	return rc;
}

int tc_alerts_send_pending(tc_ctx *ctx, tc_store *st, int *nsent)
{
	tc_alert *al = NULL;
	size_t n = 0;
	char err[1024], *password = NULL;
	int failed_pw, unsent = 0;

	*nsent = 0;
	if (!tc_alerts_configured(ctx)) {
		tc_warn("no SMTP server configured (smtp.url, smtp.from, smtp.to in %s): "
			"alerts stay pending", ctx->config_path ? ctx->config_path : "tiacheck.conf");
		return -1;
	}
	if (tc_store_alert_list_pending(st, &al, &n, err, sizeof(err)) < 0) {
		tc_error("cannot read pending alerts: %s", err);
		return -1;
	}
	if (n == 0)
		goto out;
	password = get_password(ctx, &failed_pw);
	if (failed_pw) {
		unsent = -1;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		tc_mail_msg m = {
			.from = ctx->config->smtp_from,
			.from_name = ctx->config->smtp_from_name ? ctx->config->smtp_from_name : "tiacheck",
			.to = (const char *const *)al[i].recipients,
			.nto = al[i].nrecipients,
			.subject = al[i].subject,
			.text = al[i].text,
			.html = al[i].html,
			.message_id = al[i].message_id,
			.date = al[i].created_at,
		};

		if (send_one(ctx, password, &m, err, sizeof(err)) < 0) {
			char e2[512];

			tc_error("alert %" PRId64 " not sent: %s; it stays pending and is retried "
				 "on the next run", al[i].id, err);
			tc_store_alert_mark_failed(st, al[i].id, err, e2, sizeof(e2));
			unsent++;
			continue;
		}
		tc_crashpoint("after-mail-send");
		/* Right after the server's OK: the only window for a duplicate. */
		if (tc_store_alert_mark_sent(st, al[i].id, tc_now(), al[i].message_id, err,
					     sizeof(err)) < 0) {
			tc_error("alert %" PRId64 " was sent but cannot be marked as sent: %s",
				 al[i].id, err);
			unsent++;
			continue;
		}
		(*nsent)++;
		tc_note("alert %" PRId64 " sent to %zu recipient(s)", al[i].id, al[i].nrecipients);
	}
out:
	tc_mail_wipe(password);
	free(password);
	tc_alert_list_free(al, n);
	return unsent;
}

static int send_test(tc_ctx *ctx)
{
	const tc_config *c = ctx->config;
	char err[1024], *password, *mid;
	int failed, rc;
	tc_mail_msg m = { 0 };

	if (!tc_alerts_configured(ctx)) {
		tc_error("no SMTP server configured: set smtp.url, smtp.from and smtp.to in %s",
			 ctx->config_path ? ctx->config_path : "tiacheck.conf");
		return TC_EXIT_FAILURE;
	}
	password = get_password(ctx, &failed);
	if (failed)
		return TC_EXIT_FAILURE;
	mid = tc_mail_message_id(c->smtp_from);
	m.from = c->smtp_from;
	m.from_name = c->smtp_from_name ? c->smtp_from_name : "tiacheck";
	m.to = (const char *const *)c->smtp_to;
	m.nto = c->nsmtp_to;
	m.subject = "tiacheck: testmeddelande / test message";
	m.text = "Det här är ett testmeddelande från tiacheck: inställningarna för e-post fungerar.\n"
		 "This is a test message from tiacheck: the e-mail settings work.\n";
	m.html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>"
		 "<p>Det här är ett testmeddelande från tiacheck: inställningarna för e-post fungerar.</p>"
		 "<p>This is a test message from tiacheck: the e-mail settings work.</p></body></html>";
	m.message_id = mid;
	rc = send_one(ctx, password, &m, err, sizeof(err));
	tc_mail_wipe(password);
	free(password);
	free(mid);
	if (rc < 0) {
		tc_error("test message not sent: %s", err);
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
	int c, test = 0, pending = 0, nsent = 0, rc;
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
	st = tc_pipeline_open_store(ctx);
	if (!st)
		return TC_EXIT_FAILURE;
	rc = tc_alerts_send_pending(ctx, st, &nsent);
	tc_store_close(st);
	if (rc != 0)
		return TC_EXIT_FAILURE;
	printf("%d pending alert(s) sent\n", nsent);
	return TC_EXIT_OK;
}

/* alerts: the alert delivery state machine (see include/tiacheck/alerts.h). */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "tiacheck/alerts.h"
#include "tiacheck/mail.h"
#include "tiacheck/report.h"
#include "tiacheck/util.h"

int tc_alerts_configured(const tc_config *c)
{
	return c && c->smtp_url && c->smtp_from && c->nsmtp_to > 0;
}

int tc_alerts_create(const tc_runreport_in *in, const tc_config *cfg, int64_t *alert_id,
		     int *read_errors, char *err, size_t errlen)
{
	tc_runreport_ids ids = { 0 };
	cJSON *root = NULL;
	char why[512], *subject = NULL, *text = NULL, *html = NULL, *mid = NULL;
	int ret = -1, rc;

	*alert_id = 0;
	*read_errors = tc_runreport_build_alert(in, &root, &ids, why, sizeof(why));
	if (*read_errors < 0) {
		*read_errors = 0;
		tc_seterr(err, errlen, "cannot collect what to alert: %s", why);
		goto out;
	}
	if (*read_errors)
		tc_seterr(err, errlen, "%s", why);
	rc = tc_report_alert(root, in->lang, &subject, &text, &html, why, sizeof(why));
	if (rc < 0) {
		tc_seterr(err, errlen, "cannot compose the alert: %s", why);
		goto out;
	}
	if (rc > 0) {
		tc_alert_new an = {
			.run = in->run_id, .subject = subject, .text = text, .html = html,
			.recipients = (const char *const *)cfg->smtp_to,
			.nrecipients = cfg->nsmtp_to,
			.changes = ids.changes, .nchanges = ids.nchanges,
			.findings = ids.findings, .nfindings = ids.nfindings,
			.failure_docs = ids.failure_docs, .nfailure_docs = ids.nfailure_docs,
		};

		mid = tc_mail_message_id(cfg->smtp_from ? cfg->smtp_from : "tiacheck@localhost");
		an.message_id = mid;
		if (tc_store_alert_create(in->st, &an, tc_now(), alert_id, why, sizeof(why)) < 0) {
			tc_seterr(err, errlen, "cannot record the alert: %s", why);
			goto out;
		}
	}
	ret = 0;
out:
	free(subject);
	free(text);
	free(html);
	free(mid);
	tc_runreport_ids_release(&ids);
	cJSON_Delete(root);
	return ret;
}

/* Compose and send one message; 0 sent, -1 with err set. */
static int send_one(const tc_config *cfg, const char *password, const tc_mail_msg *m,
		    char *err, size_t errlen)
{
	tc_mail_settings ms;
	char *msg = NULL;
	int rc;

	tc_mail_settings_from_config(cfg, &ms);
	if (tc_mail_compose(m, &msg, err, errlen) < 0)
		return -1;
	rc = tc_mail_send(&ms, password, msg, m->to, m->nto, err, errlen);
	free(msg);
	return rc;
}

static void emit(tc_alert_event_fn fn, void *arg, enum tc_alert_event_kind kind, int64_t id,
		 size_t nrcpt, const char *message)
{
	tc_alert_event ev = { .kind = kind, .id = id, .nrecipients = nrcpt, .message = message };

	if (fn)
		fn(&ev, arg);
}

/* Send one pending alert and mark it: 1 sent, 0 not (it stays pending). */
static int deliver(const tc_config *cfg, tc_store *st, const char *password, const tc_alert *al,
		   tc_alert_event_fn fn, void *arg)
{
	char err[1024], e2[512];
	tc_mail_msg m = {
		.from = cfg->smtp_from,
		.from_name = cfg->smtp_from_name ? cfg->smtp_from_name : "tiacheck",
		.to = (const char *const *)al->recipients,
		.nto = al->nrecipients,
		.subject = al->subject,
		.text = al->text,
		.html = al->html,
		.message_id = al->message_id,
		.date = al->created_at,
	};

	if (send_one(cfg, password, &m, err, sizeof(err)) < 0) {
		tc_store_alert_mark_failed(st, al->id, err, e2, sizeof(e2));
		emit(fn, arg, TC_ALERT_NOT_SENT, al->id, al->nrecipients, err);
		return 0;
	}
	tc_crashpoint("after-mail-send");
	/* Right after the server's OK: the only window for a duplicate. */
	if (tc_store_alert_mark_sent(st, al->id, tc_now(), al->message_id, err, sizeof(err)) < 0) {
		emit(fn, arg, TC_ALERT_NOT_MARKED, al->id, al->nrecipients, err);
		return 0;
	}
	emit(fn, arg, TC_ALERT_SENT, al->id, al->nrecipients, NULL);
	return 1;
}

int tc_alerts_send_pending(const tc_config *cfg, tc_store *st, tc_alert_event_fn on_event,
			   void *arg, int *nsent, char *err, size_t errlen)
{
	tc_alert *al = NULL;
	size_t n = 0;
	char why[512], *password = NULL;
	int failed_pw = 0, unsent = 0;

	*nsent = 0;
	if (!tc_alerts_configured(cfg)) {
		tc_seterr(err, errlen, "no SMTP server configured (smtp.url, smtp.from, smtp.to in "
			  "%s): alerts stay pending", cfg && cfg->path ? cfg->path : "tiacheck.conf");
		return -1;
	}
	if (tc_store_alert_list_pending(st, &al, &n, why, sizeof(why)) < 0) {
		tc_seterr(err, errlen, "cannot read pending alerts: %s", why);
		return -1;
	}
	if (n == 0)
		goto out;
	password = tc_config_smtp_password(cfg, &failed_pw, err, errlen);
	if (failed_pw) {
		unsent = -1;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		if (deliver(cfg, st, password, &al[i], on_event, arg))
			(*nsent)++;
		else
			unsent++;
	}
out:
	tc_mail_wipe(password);
	free(password);
	tc_alert_list_free(al, n);
	return unsent;
}

int tc_alerts_send_test(const tc_config *c, char *err, size_t errlen)
{
	char why[1024], *password, *mid;
	int failed = 0, rc;
	tc_mail_msg m = { 0 };

	if (!tc_alerts_configured(c)) {
		tc_seterr(err, errlen, "no SMTP server configured: set smtp.url, smtp.from and "
			  "smtp.to in %s", c && c->path ? c->path : "tiacheck.conf");
		return -1;
	}
	password = tc_config_smtp_password(c, &failed, err, errlen);
	if (failed)
		return -1;
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
	rc = send_one(c, password, &m, why, sizeof(why));
	tc_mail_wipe(password);
	free(password);
	free(mid);
	if (rc < 0) {
		tc_seterr(err, errlen, "test message not sent: %s", why);
		return -1;
	}
	return 0;
}

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

/* One alert's worth: a document and the records it covers (owned). */
typedef struct part {
	cJSON *root;
	tc_runreport_ids ids;
} part;

static int in_ids(const int64_t *v, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == id)
			return 1;
	return 0;
}

static void ids_add(int64_t **v, size_t *n, int64_t id)
{
	if (in_ids(*v, *n, id))
		return;
	*v = tc_xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = id;
}

static int64_t jnum(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItem(o, k);

	return cJSON_IsNumber(v) ? (int64_t)v->valuedouble : 0;
}

/* Finding id of an item name "F12" (0 for another kind). */
static int64_t finding_of(const char *item)
{
	return item && item[0] == 'F' ? (int64_t)strtoll(item + 1, NULL, 10) : 0;
}

/* Keep in arr the objects keep() accepts. */
static void filter(cJSON *arr, int (*keep)(const cJSON *o, const part *p), const part *p)
{
	for (int i = cJSON_GetArraySize(arr) - 1; i >= 0; i--)
		if (!keep(cJSON_GetArrayItem(arr, i), p))
			cJSON_DeleteItemFromArray(arr, i);
}

static int keep_change(const cJSON *o, const part *p)
{
	return in_ids(p->ids.changes, p->ids.nchanges, jnum(o, "id"));
}

static int keep_item(const cJSON *o, const part *p)
{
	int64_t ch = jnum(o, "change");

	return ch ? in_ids(p->ids.changes, p->ids.nchanges, ch)
		  : in_ids(p->ids.findings, p->ids.nfindings,
			   finding_of(cJSON_GetStringValue(cJSON_GetObjectItem(o, "id"))));
}

static int keep_finding(const cJSON *o, const part *p)
{
	return in_ids(p->ids.findings, p->ids.nfindings, jnum(o, "id"));
}

/* The part of all about one high-severity item: its change (with every finding of
 * that change) or, without a change, the finding and the ones folded into it. */
static void immediate_part(const cJSON *all, const cJSON *item, part *p)
{
	int64_t ch = jnum(item, "change");
	const cJSON *c, *f;

	memset(p, 0, sizeof(*p));
	if (ch) {
		ids_add(&p->ids.changes, &p->ids.nchanges, ch);
		cJSON_ArrayForEach(c, cJSON_GetObjectItem(all, "changes"))
			if (jnum(c, "id") == ch)
				cJSON_ArrayForEach(f, cJSON_GetObjectItem(c, "findings"))
					ids_add(&p->ids.findings, &p->ids.nfindings, jnum(f, "id"));
	} else {
		ids_add(&p->ids.findings, &p->ids.nfindings,
			finding_of(cJSON_GetStringValue(cJSON_GetObjectItem(item, "id"))));
		cJSON_ArrayForEach(f, cJSON_GetObjectItem(item, "also"))
			ids_add(&p->ids.findings, &p->ids.nfindings, finding_of(cJSON_GetStringValue(f)));
	}
	p->root = cJSON_Duplicate(all, 1);
	filter(cJSON_GetObjectItem(p->root, "changes"), keep_change, p);
	filter(cJSON_GetObjectItem(p->root, "items"), keep_item, p);
	filter(cJSON_GetObjectItem(p->root, "findings"), keep_finding, p);
	cJSON_DeleteItemFromObject(p->root, "failures");
	cJSON_AddArrayToObject(p->root, "failures");
}

/* What no immediate part took: the digest. */
static void digest_part(const cJSON *all, const tc_runreport_ids *ids, const part *parts,
			size_t n, part *d)
{
	memset(d, 0, sizeof(*d));
	for (size_t i = 0; i < ids->nchanges; i++) {
		int taken = 0;

		for (size_t k = 0; k < n; k++)
			taken |= in_ids(parts[k].ids.changes, parts[k].ids.nchanges, ids->changes[i]);
		if (!taken)
			ids_add(&d->ids.changes, &d->ids.nchanges, ids->changes[i]);
	}
	for (size_t i = 0; i < ids->nfindings; i++) {
		int taken = 0;

		for (size_t k = 0; k < n; k++)
			taken |= in_ids(parts[k].ids.findings, parts[k].ids.nfindings, ids->findings[i]);
		if (!taken)
			ids_add(&d->ids.findings, &d->ids.nfindings, ids->findings[i]);
	}
	for (size_t i = 0; i < ids->nfailure_docs; i++)
		ids_add(&d->ids.failure_docs, &d->ids.nfailure_docs, ids->failure_docs[i]);
	d->root = cJSON_Duplicate(all, 1);
	filter(cJSON_GetObjectItem(d->root, "changes"), keep_change, d);
	filter(cJSON_GetObjectItem(d->root, "items"), keep_item, d);
	filter(cJSON_GetObjectItem(d->root, "findings"), keep_finding, d);
}

/* digest: one part; immediate: one per open high-severity item (by change), then the
 * digest of the rest. */
static part *split(cJSON *all, const tc_runreport_ids *ids, int immediate, size_t *n)
{
	part *v = tc_xcalloc((size_t)cJSON_GetArraySize(cJSON_GetObjectItem(all, "items")) + 1,
			     sizeof(*v));
	const cJSON *it, *items = immediate ? cJSON_GetObjectItem(all, "items") : NULL;

	*n = 0;
	cJSON_ArrayForEach(it, items) {
		const char *sev = cJSON_GetStringValue(cJSON_GetObjectItem(it, "severity"));
		int dup = 0;

		if (!sev || strcmp(sev, "high") != 0 || cJSON_IsTrue(cJSON_GetObjectItem(it, "covered")))
			continue;
		for (size_t k = 0; k < *n; k++)
			dup |= keep_item(it, &v[k]);
		if (!dup)
			immediate_part(all, it, &v[(*n)++]);
	}
	digest_part(all, ids, v, *n, &v[*n]);
	(*n)++;
	return v;
}

/* The recipients who read lang (those without a language read the run's). */
static size_t recipients_for(const tc_config *cfg, enum tc_lang lang, enum tc_lang run_lang,
			     const char **out)
{
	size_t n = 0;

	for (size_t i = 0; i < cfg->nsmtp_to && i < TC_CONFIG_MAX_RECIPIENTS; i++) {
		enum tc_lang l = cfg->smtp_to_lang[i][0] ? tc_lang_or(cfg->smtp_to_lang[i], run_lang)
						       : run_lang;

		if (l == lang)
			out[n++] = cfg->smtp_to[i];
	}
	return n;
}

/* Record one part: an alert per language among the recipients; the first carries
 * the records (each is alerted once), the others are the same news in another
 * language. *first = the first alert's id (0: nothing to say). */
static int record_part(const tc_runreport_in *in, const tc_config *cfg, const part *p,
		       int64_t *first, char *err, size_t errlen)
{
	const char *rcpt[TC_CONFIG_MAX_RECIPIENTS];
	int carried = 0;

	*first = 0;
	for (int li = 0; li < 2; li++) {
		/* the run's language first: it carries the records */
		enum tc_lang lang = li == 0 ? in->lang : in->lang == TC_LANG_SV ? TC_LANG_EN : TC_LANG_SV;
		size_t nr = recipients_for(cfg, lang, in->lang, rcpt);
		char why[512], *subject = NULL, *text = NULL, *html = NULL, *mid = NULL;
		int64_t id = 0;
		int rc;

		if (!nr)
			continue;
		rc = tc_report_alert(p->root, lang, &subject, &text, &html, why, sizeof(why));
		if (rc > 0) {
			tc_alert_new an = {
				.run = in->run_id, .subject = subject, .text = text, .html = html,
				.recipients = rcpt, .nrecipients = nr,
			};

			if (!carried) {
				an.changes = p->ids.changes;
				an.nchanges = p->ids.nchanges;
				an.findings = p->ids.findings;
				an.nfindings = p->ids.nfindings;
				an.failure_docs = p->ids.failure_docs;
				an.nfailure_docs = p->ids.nfailure_docs;
			}
			mid = tc_mail_message_id(cfg->smtp_from ? cfg->smtp_from : "tiacheck@localhost");
			an.message_id = mid;
			rc = tc_store_alert_create(in->st, &an, tc_now(), &id, why, sizeof(why)) < 0 ? -2 : 1;
		}
		free(subject);
		free(text);
		free(html);
		free(mid);
		if (rc < 0) {
			tc_seterr(err, errlen, rc == -2 ? "cannot record the alert: %s"
				  : "cannot compose the alert: %s", why);
			return -1;
		}
		if (rc > 0 && !carried) {
			carried = 1;
			*first = id;
		}
	}
	return 0;
}

int tc_alerts_create(const tc_runreport_in *in, const tc_config *cfg, int64_t *alert_id,
		     int *read_errors, char *err, size_t errlen)
{
	tc_runreport_ids ids = { 0 };
	cJSON *root = NULL;
	part *parts = NULL;
	size_t np = 0;
	char why[512];
	int ret = -1;

	*alert_id = 0;
	*read_errors = tc_runreport_build_alert(in, &root, &ids, why, sizeof(why));
	if (*read_errors < 0) {
		*read_errors = 0;
		tc_seterr(err, errlen, "cannot collect what to alert: %s", why);
		goto out;
	}
	if (*read_errors)
		tc_seterr(err, errlen, "%s", why);
	parts = split(root, &ids, cfg->alerts_mode == 1, &np);
	for (size_t i = 0; i < np; i++) {
		int64_t id = 0;

		if (record_part(in, cfg, &parts[i], &id, err, errlen) < 0)
			goto out;
		if (!*alert_id)
			*alert_id = id;
	}
	ret = 0;
out:
	for (size_t i = 0; i < np; i++) {
		cJSON_Delete(parts[i].root);
		tc_runreport_ids_release(&parts[i].ids);
	}
	free(parts);
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

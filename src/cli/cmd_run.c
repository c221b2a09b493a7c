/*
 * tiacheck run: the weekly job. In order: validate the catalogue (stop on errors,
 * nothing written), take the run lock, sync the catalogue into the store, fetch and
 * compare every document, assess the flows, write the report, send pending and new
 * alerts. Every step's result is in the store before the next starts, so a run
 * killed anywhere is completed by the next one: changes not yet alerted are alerted
 * then, an alert created but not sent is sent then.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "tiacheck/cmd.h"
#include "tiacheck/config.h"
#include "tiacheck/mail.h"
#include "tiacheck/monitor.h"
#include "tiacheck/report.h"
#include "tiacheck/store.h"
#include "tiacheck/transfer.h"
#include "tiacheck/util.h"

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void add_time(cJSON *o, const char *key, time_t t)
{
	char buf[32];

	if (!t) {
		cJSON_AddNullToObject(o, key);
		return;
	}
	tc_iso_utc(t, buf);
	cJSON_AddStringToObject(o, key, buf);
}

static const char *service_name(const tc_catalog *cat, const char *id)
{
	const tc_service *s = tc_catalog_find(cat, id);

	return s && s->name ? s->name : id;
}

/* A stored finding as Finding JSON plus service and document. */
static cJSON *finding_json(const tc_finding_row *f, const tc_doc_row *d)
{
	cJSON *o = cJSON_Parse(f->json ? f->json : "{}");

	if (!o || !cJSON_IsObject(o)) {
		cJSON_Delete(o);
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "kind", f->kind);
		cJSON_AddStringToObject(o, "severity", f->severity);
	}
	cJSON_DeleteItemFromObject(o, "service");
	cJSON_DeleteItemFromObject(o, "document");
	cJSON_AddStringToObject(o, "service", d->service);
	cJSON_AddStringToObject(o, "document", d->doc);
	cJSON_AddNumberToObject(o, "id", (double)f->id);
	return o;
}

/* A change with its diff and findings, as in the report's "changes". */
static cJSON *change_json(tc_store *st, const tc_catalog *cat, const tc_change *ch,
			  int64_t **fids, size_t *nfids)
{
	tc_doc_row d = { 0 };
	tc_snapshot from = { 0 }, to = { 0 };
	tc_finding_row *fs = NULL;
	size_t nf = 0;
	char err[512];
	cJSON *o = cJSON_CreateObject(), *diff, *arr;

	tc_store_document_get(st, ch->doc, &d, err, sizeof(err));
	tc_store_snapshot_get(st, ch->from_snapshot, &from, err, sizeof(err));
	tc_store_snapshot_get(st, ch->to_snapshot, &to, err, sizeof(err));
	cJSON_AddNumberToObject(o, "id", (double)ch->id);
	cJSON_AddStringToObject(o, "service", d.service ? d.service : "?");
	cJSON_AddStringToObject(o, "service_name", service_name(cat, d.service ? d.service : ""));
	cJSON_AddStringToObject(o, "document", d.doc ? d.doc : "?");
	cJSON_AddStringToObject(o, "doc_kind", d.kind ? d.kind : "other");
	cJSON_AddStringToObject(o, "url", d.url ? d.url : "");
	add_time(o, "from", from.fetched_at);
	add_time(o, "to", to.fetched_at);
	cJSON_AddBoolToObject(o, "technical", ch->technical);
	diff = cJSON_Parse(ch->diff_json ? ch->diff_json : "{}");
	cJSON_AddItemToObject(o, "diff", diff ? diff : cJSON_CreateObject());
	arr = cJSON_AddArrayToObject(o, "findings");
	if (tc_store_finding_list_for_change(st, ch->id, &fs, &nf, err, sizeof(err)) == TC_STORE_OK) {
		for (size_t i = 0; i < nf; i++) {
			cJSON_AddItemToArray(arr, finding_json(&fs[i], &d));
			if (fids && !fs[i].alert_id) {
				*fids = tc_xrealloc(*fids, (*nfids + 1) * sizeof(**fids));
				(*fids)[(*nfids)++] = fs[i].id;
			}
		}
	}
	tc_finding_row_list_free(fs, nf);
	tc_snapshot_release(&from);
	tc_snapshot_release(&to);
	tc_doc_row_release(&d);
	return o;
}

static cJSON *failure_json(const tc_catalog *cat, const tc_doc_row *d, const char *kind,
			   const char *detail, int status, int consecutive, time_t since,
			   int moved, const char *moved_to, int threshold)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "service", d->service);
	cJSON_AddStringToObject(o, "service_name", service_name(cat, d->service));
	cJSON_AddStringToObject(o, "document", d->doc);
	cJSON_AddStringToObject(o, "url", d->url ? d->url : "");
	cJSON_AddStringToObject(o, "kind", kind ? kind : "other");
	cJSON_AddStringToObject(o, "detail", detail ? detail : "");
	if (status)
		cJSON_AddNumberToObject(o, "http_status", status);
	else
		cJSON_AddNullToObject(o, "http_status");
	cJSON_AddNumberToObject(o, "consecutive", consecutive);
	add_time(o, "since", since);
	cJSON_AddBoolToObject(o, "moved", moved);
	if (moved_to)
		cJSON_AddStringToObject(o, "moved_to", moved_to);
	cJSON_AddBoolToObject(o, "alert", consecutive >= threshold);
	return o;
}

static cJSON *open_changes_json(tc_store *st, const tc_catalog *cat, size_t *n_open)
{
	cJSON *arr = cJSON_CreateArray();
	tc_change *chs = NULL;
	size_t n = 0;
	char err[512];

	*n_open = 0;
	if (tc_store_change_list_open(st, &chs, &n, err, sizeof(err)) != TC_STORE_OK) {
		tc_warn("cannot list open changes: %s", err);
		return arr;
	}
	for (size_t i = 0; i < n; i++) {
		tc_doc_row d = { 0 };
		cJSON *o = cJSON_CreateObject();

		tc_store_document_get(st, chs[i].doc, &d, err, sizeof(err));
		cJSON_AddNumberToObject(o, "id", (double)chs[i].id);
		cJSON_AddStringToObject(o, "service", d.service ? d.service : "?");
		cJSON_AddStringToObject(o, "service_name", service_name(cat, d.service ? d.service : ""));
		cJSON_AddStringToObject(o, "document", d.doc ? d.doc : "?");
		cJSON_AddStringToObject(o, "doc_kind", d.kind ? d.kind : "other");
		add_time(o, "detected", chs[i].detected_at);
		cJSON_AddNumberToObject(o, "added", chs[i].added);
		cJSON_AddNumberToObject(o, "removed", chs[i].removed);
		cJSON_AddNumberToObject(o, "changed", chs[i].changed);
		cJSON_AddItemToArray(arr, o);
		tc_doc_row_release(&d);
	}
	*n_open = n;
	tc_change_list_free(chs, n);
	return arr;
}

typedef struct run_state {
	tc_ctx *ctx;
	tc_refdata ref;
	tc_catalog cat;
	tc_diags diags;
	tc_store *st;
	int64_t run_id;
	time_t started;
	tc_pipeline_result res;
	tc_flows flows;
	int threshold;
	const char *lang;
	int dry_run;
} run_state;

/* The Run report JSON (docs/report-json.md) of this run. */
static cJSON *build_report(run_state *rs, const char *status)
{
	cJSON *root = cJSON_CreateObject(), *o, *arr;
	tc_finding_row *fs = NULL;
	size_t nf = 0, n_open = 0, nfind = 0;
	char err[512];

	cJSON_AddNumberToObject(root, "tiacheck_report", TC_REPORT_VERSION);
	o = cJSON_AddObjectToObject(root, "run");
	cJSON_AddNumberToObject(o, "id", (double)rs->run_id);
	add_time(o, "started", rs->started);
	add_time(o, "finished", tc_now());
	cJSON_AddStringToObject(o, "status", status);
	cJSON_AddStringToObject(o, "lang", rs->lang);
	cJSON_AddBoolToObject(o, "dry_run", rs->dry_run);
	cJSON_AddNumberToObject(o, "failures_alert", rs->threshold);
	o = cJSON_AddObjectToObject(root, "organisation");
	cJSON_AddStringToObject(o, "name", rs->cat.org.name ? rs->cat.org.name : "");
	cJSON_AddStringToObject(o, "dpo_email", rs->cat.org.dpo_email ? rs->cat.org.dpo_email : "");

	/* changes of this run */
	arr = cJSON_AddArrayToObject(root, "changes");
	for (size_t i = 0; i < rs->res.n; i++) {
		tc_change ch = { 0 };

		if (!rs->res.docs[i].change_id ||
		    tc_store_change_get(rs->st, rs->res.docs[i].change_id, &ch, err, sizeof(err)) != TC_STORE_OK)
			continue;
		cJSON_AddItemToArray(arr, change_json(rs->st, &rs->cat, &ch, NULL, NULL));
		tc_change_release(&ch);
	}
	cJSON_AddItemToObject(root, "open_changes", open_changes_json(rs->st, &rs->cat, &n_open));

	/* findings first seen in this run and not tied to a change */
	arr = cJSON_AddArrayToObject(root, "findings");
	if (tc_store_finding_list_for_run(rs->st, rs->run_id, &fs, &nf, err, sizeof(err)) == TC_STORE_OK) {
		for (size_t i = 0; i < nf; i++) {
			tc_doc_row d = { 0 };

			nfind++;
			if (fs[i].change)
				continue;
			if (tc_store_document_get(rs->st, fs[i].doc, &d, err, sizeof(err)) == TC_STORE_OK)
				cJSON_AddItemToArray(arr, finding_json(&fs[i], &d));
			tc_doc_row_release(&d);
		}
	}
	tc_finding_row_list_free(fs, nf);

	/* failures and moved documents */
	arr = cJSON_AddArrayToObject(root, "failures");
	for (size_t i = 0; i < rs->res.n; i++) {
		const tc_doc_result *r = &rs->res.docs[i];
		tc_doc_row d = { 0 };
		int count = 0;
		time_t since = 0;
		int64_t alerted = 0;

		if (r->outcome != TC_OUT_FAILED && !r->moved)
			continue;
		if (tc_store_document_get(rs->st, r->doc_id, &d, err, sizeof(err)) != TC_STORE_OK)
			continue;
		if (r->outcome == TC_OUT_FAILED) {
			tc_store_consecutive_failures(rs->st, r->doc_id, &count, &since, &alerted,
						      err, sizeof(err));
			cJSON_AddItemToArray(arr, failure_json(&rs->cat, &d, r->failure_kind,
							       r->failure_detail, r->http_status, count,
							       since, r->moved, r->moved_to, rs->threshold));
		} else {
			cJSON_AddItemToArray(arr, failure_json(&rs->cat, &d, "moved",
							       "permanent redirect: update the URL in the catalogue",
							       r->http_status, 0, 0, 1, r->moved_to, 1 << 30));
		}
		tc_doc_row_release(&d);
	}

	arr = tc_flows_to_cjson(&rs->flows, &rs->ref);
	{
		/* category names in both languages, for the report */
		cJSON *fl;

		cJSON_ArrayForEach(fl, arr) {
			cJSON *names = cJSON_AddObjectToObject(fl, "category_names");
			cJSON *sv = cJSON_AddArrayToObject(names, "sv");
			cJSON *en = cJSON_AddArrayToObject(names, "en");
			cJSON *c;

			cJSON_ArrayForEach(c, cJSON_GetObjectItem(fl, "categories")) {
				const tc_category *cat = tc_refdata_category(&rs->ref, cJSON_GetStringValue(c));

				cJSON_AddItemToArray(sv, cJSON_CreateString(cat && cat->name_sv ? cat->name_sv
									   : cJSON_GetStringValue(c)));
				cJSON_AddItemToArray(en, cJSON_CreateString(cat && cat->name_en ? cat->name_en
									   : cJSON_GetStringValue(c)));
			}
		}
	}
	cJSON_AddItemToObject(root, "flows", arr);
	arr = cJSON_AddArrayToObject(root, "catalog_warnings");
	for (size_t i = 0; i < rs->diags.n; i++) {
		const tc_diag *dg = &rs->diags.v[i];

		if (dg->level != TC_DIAG_WARNING)
			continue;
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "file", dg->file ? dg->file : "");
		cJSON_AddNumberToObject(o, "line", dg->line);
		cJSON_AddNumberToObject(o, "col", dg->col);
		cJSON_AddStringToObject(o, "message", dg->message ? dg->message : "");
		cJSON_AddItemToArray(arr, o);
	}
	if (rs->ctx->config->report_url)
		cJSON_AddStringToObject(root, "report_url", rs->ctx->config->report_url);
	else
		cJSON_AddNullToObject(root, "report_url");

	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "documents", (double)rs->res.n);
	cJSON_AddNumberToObject(o, "fetched", (double)(rs->res.n - rs->res.nfailed));
	cJSON_AddNumberToObject(o, "unchanged", (double)(rs->res.nunchanged + rs->res.nnew));
	cJSON_AddNumberToObject(o, "changed", (double)rs->res.nchanged);
	cJSON_AddNumberToObject(o, "failed", (double)rs->res.nfailed);
	cJSON_AddNumberToObject(o, "new_findings", (double)nfind);
	cJSON_AddNumberToObject(o, "open_changes", (double)n_open);
	cJSON_AddNumberToObject(o, "flows", (double)rs->flows.n);
	cJSON_AddNumberToObject(o, "flows_outside", (double)tc_flows_count_outside(&rs->flows));
	cJSON_AddItemToObject(root, "summary", o);
	return root;
}

/*
 * Gather everything not yet alerted (from this run and from runs killed before they
 * could alert), and record it as one pending alert. 0 when there was nothing or the
 * alert was created; -1 on error.
 */
static int create_alert(run_state *rs, int64_t *alert_id)
{
	tc_change *chs = NULL;
	tc_finding_row *fs = NULL;
	tc_doc_row *docs = NULL;
	tc_failure *fl = NULL;
	size_t nch = 0, nf = 0, nd = 0, nfids = 0, nfail = 0, nfl = 0;
	int64_t *chids = NULL, *fids = NULL, *faildocs = NULL;
	cJSON *root = NULL, *arr;
	char err[512], *subject = NULL, *text = NULL, *html = NULL, *mid = NULL;
	int ret = -1, rc;

	*alert_id = 0;
	if (tc_store_change_list_unalerted(rs->st, &chs, &nch, err, sizeof(err)) < 0 ||
	    tc_store_finding_list_unalerted(rs->st, &fs, &nf, err, sizeof(err)) < 0 ||
	    tc_store_document_list(rs->st, NULL, &docs, &nd, err, sizeof(err)) < 0) {
		tc_error("cannot collect what to alert: %s", err);
		goto out;
	}
	root = cJSON_CreateObject();
	cJSON_AddNumberToObject(root, "tiacheck_report", TC_REPORT_VERSION);
	arr = cJSON_AddObjectToObject(root, "run");
	cJSON_AddNumberToObject(arr, "id", (double)rs->run_id);
	add_time(arr, "started", rs->started);
	cJSON_AddStringToObject(arr, "lang", rs->lang);
	cJSON_AddNumberToObject(arr, "failures_alert", rs->threshold);
	arr = cJSON_AddObjectToObject(root, "organisation");
	cJSON_AddStringToObject(arr, "name", rs->cat.org.name ? rs->cat.org.name : "");
	arr = cJSON_AddArrayToObject(root, "changes");
	chids = tc_xcalloc(nch ? nch : 1, sizeof(*chids));
	for (size_t i = 0; i < nch; i++) {
		cJSON_AddItemToArray(arr, change_json(rs->st, &rs->cat, &chs[i], &fids, &nfids));
		chids[i] = chs[i].id;
	}
	arr = cJSON_AddArrayToObject(root, "findings");
	for (size_t i = 0; i < nf; i++) {
		int dup = 0;

		for (size_t k = 0; k < nfids; k++)
			dup |= fids[k] == fs[i].id;
		if (dup)
			continue;
		for (size_t k = 0; k < nd; k++)
			if (docs[k].id == fs[i].doc)
				cJSON_AddItemToArray(arr, finding_json(&fs[i], &docs[k]));
		fids = tc_xrealloc(fids, (nfids + 1) * sizeof(*fids));
		fids[nfids++] = fs[i].id;
	}
	arr = cJSON_AddArrayToObject(root, "failures");
	faildocs = tc_xcalloc(nd ? nd : 1, sizeof(*faildocs));
	/* the failures of this run say what is wrong now */
	if (tc_store_failure_list_for_run(rs->st, rs->run_id, &fl, &nfl, err, sizeof(err)) < 0) {
		tc_error("cannot collect what to alert: %s", err);
		goto out;
	}
	for (size_t k = 0; k < nd; k++) {
		const char *kind = "other", *detail = "";
		int status = 0;

		if (docs[k].fail_streak < rs->threshold || docs[k].fail_alert)
			continue;
		for (size_t m = 0; m < nfl; m++)
			if (fl[m].doc == docs[k].id) {
				kind = fl[m].kind;
				detail = fl[m].detail;
				status = fl[m].http_status;
			}
		cJSON_AddItemToArray(arr, failure_json(&rs->cat, &docs[k], kind, detail, status,
						       docs[k].fail_streak, docs[k].fail_since,
						       status == 404 || status == 410, NULL,
						       rs->threshold));
		faildocs[nfail++] = docs[k].id;
	}
	cJSON_AddItemToObject(root, "flows", cJSON_CreateArray());
	cJSON_AddItemToObject(root, "open_changes", cJSON_CreateArray());
	cJSON_AddItemToObject(root, "catalog_warnings", cJSON_CreateArray());
	if (rs->ctx->config->report_url)
		cJSON_AddStringToObject(root, "report_url", rs->ctx->config->report_url);

	rc = tc_report_alert(root, tc_lang_or(rs->lang, TC_LANG_SV), &subject, &text, &html, err, sizeof(err));
	if (rc < 0) {
		tc_error("cannot compose the alert: %s", err);
		goto out;
	}
	if (rc == 0) {
		ret = 0;
		goto out;
	}
	mid = tc_mail_message_id(rs->ctx->config->smtp_from ? rs->ctx->config->smtp_from
				 : "tiacheck@localhost");
	{
		tc_alert_new an = {
			.run = rs->run_id, .subject = subject, .text = text, .html = html,
			.recipients = (const char *const *)rs->ctx->config->smtp_to,
			.nrecipients = rs->ctx->config->nsmtp_to,
			.message_id = mid,
			.changes = chids, .nchanges = nch,
			.findings = fids, .nfindings = nfids,
			.failure_docs = faildocs, .nfailure_docs = nfail,
		};

		if (tc_store_alert_create(rs->st, &an, tc_now(), alert_id, err, sizeof(err)) < 0) {
			tc_error("cannot record the alert: %s", err);
			goto out;
		}
	}
	ret = 0;
out:
	free(subject);
	free(text);
	free(html);
	free(mid);
	free(chids);
	free(fids);
	free(faildocs);
	cJSON_Delete(root);
	tc_change_list_free(chs, nch);
	tc_finding_row_list_free(fs, nf);
	tc_doc_row_list_free(docs, nd);
	tc_failure_list_free(fl, nfl);
	return ret;
}

/* Copy a file (the database and its WAL) for a dry run; a missing source is fine. */
static int copy_file(const char *from, const char *to, char *err, size_t errlen)
{
	tc_buf b = TC_BUF_INIT;
	int rc;

	if (access(from, F_OK) != 0)
		return 0;
	rc = tc_read_file(from, (size_t)1 << 40, &b, err, errlen);
	if (rc == 0)
		rc = tc_write_file_atomic(to, b.data, b.len, 0600, err, errlen);
	tc_buf_release(&b);
	return rc;
}

/* Point ctx->db_path at a private copy of the database in a new temporary
 * directory (*dir, owned). */
static int dry_run_copy(tc_ctx *ctx, char **dir)
{
	const char *tmpdir = getenv("TMPDIR");
	char *tmpl, err[512];
	char *db, *from_wal, *to_wal;
	size_t n;
	int rc;

	/* mkdtemp wants the template to end in six 'X' */
	tmpl = tc_xasprintf("%s/tiacheck-dry-run.______", tmpdir && *tmpdir ? tmpdir : "/tmp");
	n = strlen(tmpl);
	memset(tmpl + n - 6, 'X', 6);
	if (!mkdtemp(tmpl)) {
		free(tmpl);
		tc_error("cannot create a temporary directory for the dry run: %s", strerror(errno));
		return -1;
	}
	*dir = tmpl;
	db = tc_path_join(*dir, "tiacheck.db");
	from_wal = tc_xasprintf("%s-wal", ctx->db_path);
	to_wal = tc_xasprintf("%s-wal", db);
	rc = copy_file(ctx->db_path, db, err, sizeof(err));
	if (rc == 0)
		rc = copy_file(from_wal, to_wal, err, sizeof(err));
	if (rc < 0)
		tc_error("cannot copy the database for the dry run: %s", err);
	ctx->db_path = db; /* owned; cmd_run frees it and restores the original */
	free(from_wal);
	free(to_wal);
	return rc;
}

static void dry_run_cleanup(char *dir)
{
	static const char *const names[] = { "tiacheck.db", "tiacheck.db-wal", "tiacheck.db-shm" };

	for (size_t i = 0; i < TC_ARRAY_LEN(names); i++) {
		char *p = tc_path_join(dir, names[i]);

		unlink(p);
		free(p);
	}
	rmdir(dir);
	free(dir);
}

int cmd_run(int argc, char **argv, tc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "no-mail", no_argument, NULL, 'n' },
		{ "dry-run", no_argument, NULL, 'd' },
		{ "only", required_argument, NULL, 'o' },
		{ "strict", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	run_state rs = { .ctx = ctx, .ref = TC_REFDATA_INIT, .cat = TC_CATALOG_INIT,
			 .diags = TC_DIAGS_INIT, .flows = TC_FLOWS_INIT };
	tc_store_lock_handle lk = TC_STORE_LOCK_INIT;
	tc_pipeline_opts po = { 0 };
	const char **only = NULL;
	size_t nonly = 0;
	int no_mail = 0, strict = 0, c, ret = TC_EXIT_FAILURE, mail_failed = 0, report_failed = 0;
	char err[1024], *lockpath = NULL, *report_paths[3] = { NULL, NULL, NULL };
	cJSON *report = NULL;
	long holder = 0;
	char *dry_dir = NULL;
	const char *orig_db = ctx->db_path;
	struct sigaction sa = { 0 }, old_int, old_term;
	const char *status;

	while ((c = getopt_long(argc, argv, "ndo:sh", opts, NULL)) != -1) {
		switch (c) {
		case 'n': no_mail = 1; break;
		case 'd': rs.dry_run = 1; break;
		case 'o':
			only = tc_xrealloc(only, (nonly + 1) * sizeof(*only));
			only[nonly++] = optarg;
			break;
		case 's': strict = 1; break;
		case 'h': tc_cmd_help("run", stdout); return TC_EXIT_OK;
		default: return tc_cmd_usage_error("run", "unknown option");
		}
	}
	if (optind < argc) {
		free(only);
		return tc_cmd_usage_error("run", "unexpected argument '%s' (use --only SERVICE)", argv[optind]);
	}

	/* 1. the catalogue: on errors stop here, before anything is written */
	{
		int lrc = tc_cmd_load_catalog_diags(ctx, &rs.ref, &rs.cat, 1, &rs.diags);

		if (lrc != TC_EXIT_OK) {
			if (lrc == TC_EXIT_ATTENTION)
				tc_error("the catalogue has errors (above): nothing was fetched or written");
			ret = TC_EXIT_FAILURE;
			goto out;
		}
	}
	po.only = only;
	po.nonly = nonly;
	if (tc_pipeline_check_selectors(&rs.cat, &po) < 0) {
		ret = TC_EXIT_USAGE;
		goto out;
	}
	rs.lang = tc_cmd_lang(ctx, &rs.cat);
	rs.threshold = ctx->config->failures_alert > 0 ? ctx->config->failures_alert : 3;
	rs.started = tc_now();

	/* 2. one run at a time */
	lockpath = tc_xasprintf("%s.lock", ctx->db_path);
	if (tc_store_lock(lockpath, &lk, &holder, err, sizeof(err)) != TC_STORE_OK) {
		if (holder)
			tc_error("another tiacheck run (pid %ld) is in progress on '%s'; this one stops",
				 holder, ctx->db_path);
		else
			tc_error("cannot take the run lock: %s", err);
		ret = TC_EXIT_LOCKED;
		goto out;
	}
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);

	/* A dry run works on a throw-away copy of the database (we hold the lock, so
	 * nobody writes the original meanwhile). */
	if (rs.dry_run && dry_run_copy(ctx, &dry_dir) < 0)
		goto out;
	rs.st = tc_pipeline_open_store(ctx);
	if (!rs.st)
		goto out;
	if (tc_pipeline_sync(&rs.cat, rs.st, rs.started) < 0)
		goto out;
	if (tc_store_run_begin(rs.st, rs.started, "run", rs.dry_run ? "dry-run" : NULL, &rs.run_id,
			       err, sizeof(err)) < 0) {
		tc_error("cannot record the run: %s", err);
		goto out;
	}

	/* 3–5. fetch, extract, compare, findings */
	po.only = only;
	po.nonly = nonly;
	po.run_id = rs.run_id;
	po.progress = !ctx->quiet && isatty(STDERR_FILENO);
	po.stop = &stop_requested;
	if (tc_pipeline_fetch(ctx, &rs.ref, &rs.cat, rs.st, &po, &rs.res) < 0)
		goto finish_failed;
	tc_crashpoint("after-fetch");

	/* 6. flows, with the vendors' published sub-processors */
	if (tc_flows_build(&rs.cat, &rs.ref, tc_now(), &rs.flows) < 0 ||
	    tc_pipeline_fourth_party(&rs.cat, &rs.ref, rs.st, &rs.flows) < 0) {
		tc_error("cannot assess the data flows");
		goto finish_failed;
	}

	/* 7. the report */
	status = stop_requested ? "interrupted" : rs.res.store_failed ? "failed"
		 : rs.res.nfailed ? "partial" : "ok";
	report = build_report(&rs, status);
	if (!rs.dry_run) {
		char *json = cJSON_PrintUnformatted(report);

		if (tc_report_write(report, ctx->reports_dir, NULL, tc_lang_or(rs.lang, TC_LANG_SV), report_paths, err,
				    sizeof(err)) < 0) {
			tc_error("cannot write the report: %s", err);
			report_failed = 1;
		}
		if (tc_store_run_finish(rs.st, rs.run_id, tc_now(), status, json, err, sizeof(err)) < 0) {
			tc_error("cannot record the end of the run: %s", err);
			report_failed = 1;
		}
		free(json);
		tc_crashpoint("after-report");
	} else {
		tc_buf md = TC_BUF_INIT;

		if (tc_report_render(report, TC_REPORT_MD, tc_lang_or(rs.lang, TC_LANG_SV), &md, err, sizeof(err)) == 0)
			fputs(tc_buf_str(&md), stdout);
		tc_buf_release(&md);
	}

	/* 8. alerts: first what earlier runs could not send, then what is new */
	if (!rs.dry_run && !no_mail && !stop_requested) {
		int64_t alert_id = 0;
		int nsent = 0;

		if (!tc_alerts_configured(ctx)) {
			tc_note("no SMTP server configured: no alert e-mail (see smtp.* in the config)");
		} else if (create_alert(&rs, &alert_id) < 0) {
			mail_failed = 1;
		} else {
			tc_crashpoint("after-alert-create");
			if (tc_alerts_send_pending(ctx, rs.st, &nsent) != 0)
				mail_failed = 1;
		}
	}

	/* summary */
	if (!rs.dry_run) {
		printf("run %" PRId64 ": %zu documents: %zu new, %zu unchanged, %zu changed, %zu failed\n",
		       rs.run_id, rs.res.n, rs.res.nnew, rs.res.nunchanged, rs.res.nchanged,
		       rs.res.nfailed);
		printf("flows: %zu, leaving the EU/EEA: %zu\n", rs.flows.n,
		       tc_flows_count_outside(&rs.flows));
		if (report_paths[1])
			printf("report: %s\n", report_paths[1]);
	}
	if (stop_requested) {
		tc_error("interrupted: what was fetched is stored; the next run completes the rest");
		ret = TC_EXIT_FAILURE;
	} else if (rs.res.store_failed || report_failed || mail_failed ||
		   (rs.res.n && rs.res.nfailed == rs.res.n)) {
		ret = TC_EXIT_FAILURE;
	} else {
		cJSON *sum = cJSON_GetObjectItem(report, "summary");
		int attention = rs.res.nchanged || rs.res.nfailed ||
				cJSON_GetNumberValue(cJSON_GetObjectItem(sum, "open_changes")) > 0 ||
				cJSON_GetNumberValue(cJSON_GetObjectItem(sum, "new_findings")) > 0;

		ret = strict && attention ? TC_EXIT_ATTENTION : TC_EXIT_OK;
	}
	goto out;

finish_failed:
	if (!rs.dry_run)
		tc_store_run_finish(rs.st, rs.run_id, tc_now(), "failed", NULL, err, sizeof(err));
	ret = TC_EXIT_FAILURE;
out:
	cJSON_Delete(report);
	for (int i = 0; i < 3; i++)
		free(report_paths[i]);
	tc_flows_release(&rs.flows);
	tc_pipeline_result_release(&rs.res);
	tc_store_close(rs.st);
	if (dry_dir) {
		dry_run_cleanup(dry_dir);
		if (ctx->db_path != orig_db)
			free((char *)ctx->db_path);
		ctx->db_path = orig_db;
	}
	if (lk.fd >= 0) {
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGTERM, &old_term, NULL);
	}
	tc_store_unlock(&lk);
	free(lockpath);
	free(only);
	tc_diags_release(&rs.diags);
	tc_catalog_release(&rs.cat);
	tc_refdata_release(&rs.ref);
	return ret;
}

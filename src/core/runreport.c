/*
 * runreport: the one builder of the run-report JSON (docs/report-json.md) for the
 * weekly report and the alert. Never prints.
 */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "tiacheck/entity.h"
#include "tiacheck/report.h"
#include "tiacheck/review.h"
#include "tiacheck/runreport.h"
#include "tiacheck/util.h"

/* Read errors met while building: counted, the first kept for the caller. */
typedef struct rr_errs {
	int n;
	char first[512];
} rr_errs;

static void note_err(rr_errs *e, cJSON *o, const char *what, const char *why)
{
	char msg[512];

	snprintf(msg, sizeof(msg), "cannot read %s: %s", what, why);
	if (!e->n++)
		snprintf(e->first, sizeof(e->first), "%s", msg);
	if (o && !cJSON_GetObjectItem(o, "read_error"))
		cJSON_AddStringToObject(o, "read_error", msg);
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
	const tc_service *s = tc_catalog_find(cat, id ? id : "");

	return s && s->name ? s->name : id ? id : "?";
}

size_t tc_runreport_cap_diff(cJSON *diff, size_t max)
{
	cJSON *blocks = cJSON_GetObjectItem(diff, "blocks");
	size_t n = (size_t)cJSON_GetArraySize(blocks), omitted = 0;

	if (!cJSON_IsArray(blocks) || n <= max)
		return 0;
	while (n > max) {
		cJSON_DeleteItemFromArray(blocks, (int)--n);
		omitted++;
	}
	return omitted;
}

/* A stored finding as Finding JSON plus service and document. */
static cJSON *finding_json(const tc_finding_row *f, const char *service, const char *doc)
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
	cJSON_AddStringToObject(o, "service", service ? service : "?");
	cJSON_AddStringToObject(o, "document", doc ? doc : "?");
	cJSON_AddNumberToObject(o, "id", (double)f->id);
	if (f->change)
		cJSON_AddNumberToObject(o, "change", (double)f->change);
	else
		cJSON_AddNullToObject(o, "change");
	{
		char item[24];

		snprintf(item, sizeof(item), "F%lld", (long long)f->id);
		cJSON_AddStringToObject(o, "item", item);
	}
	return o;
}

/* The diff of a change, capped; "blocks_omitted" on the change when cut. */
static void add_diff(cJSON *o, const tc_change *ch, rr_errs *e)
{
	cJSON *diff = cJSON_Parse(ch->diff_json ? ch->diff_json : "{}");
	size_t omitted;

	if (!diff) {
		note_err(e, o, "the diff of a change", "it is not valid JSON");
		diff = cJSON_CreateObject();
	}
	omitted = tc_runreport_cap_diff(diff, TC_RUNREPORT_MAX_BLOCKS);
	cJSON_AddItemToObject(o, "diff", diff);
	if (omitted)
		cJSON_AddNumberToObject(o, "blocks_omitted", (double)omitted);
}

/* The findings of a change; their ids into ids when not alerted yet. */
static void add_change_findings(const tc_runreport_in *in, cJSON *o, const tc_change *ch,
				const tc_doc_row *d, tc_runreport_ids *ids, rr_errs *e)
{
	cJSON *arr = cJSON_AddArrayToObject(o, "findings");
	tc_finding_row *fs = NULL;
	size_t nf = 0;
	char err[384];

	if (tc_store_finding_list_for_change(in->st, ch->id, &fs, &nf, err, sizeof(err)) != TC_STORE_OK) {
		note_err(e, o, "the findings of a change", err);
		return;
	}
	for (size_t i = 0; i < nf; i++) {
		cJSON_AddItemToArray(arr, finding_json(&fs[i], d->service, d->doc));
		if (ids && !fs[i].alert_id) {
			ids->findings = tc_xrealloc(ids->findings, (ids->nfindings + 1) * sizeof(int64_t));
			ids->findings[ids->nfindings++] = fs[i].id;
		}
	}
	tc_finding_row_list_free(fs, nf);
}

/* A change with its diff and findings, as in the report's "changes". */
static cJSON *change_json(const tc_runreport_in *in, const tc_change *ch, tc_runreport_ids *ids,
			  rr_errs *e)
{
	tc_doc_row d = { 0 };
	tc_snapshot from = { 0 }, to = { 0 };
	char err[384];
	cJSON *o = cJSON_CreateObject();

	if (tc_store_document_get(in->st, ch->doc, &d, err, sizeof(err)) != TC_STORE_OK)
		note_err(e, o, "the document of a change", err);
	if (ch->from_snapshot &&
	    tc_store_snapshot_get(in->st, ch->from_snapshot, &from, err, sizeof(err)) != TC_STORE_OK)
		note_err(e, o, "the old snapshot of a change", err);
	if (tc_store_snapshot_get(in->st, ch->to_snapshot, &to, err, sizeof(err)) != TC_STORE_OK)
		note_err(e, o, "the new snapshot of a change", err);
	cJSON_AddNumberToObject(o, "id", (double)ch->id);
	cJSON_AddStringToObject(o, "service", d.service ? d.service : "?");
	cJSON_AddStringToObject(o, "service_name", service_name(in->cat, d.service));
	cJSON_AddStringToObject(o, "document", d.doc ? d.doc : "?");
	cJSON_AddStringToObject(o, "doc_kind", d.kind ? d.kind : "other");
	cJSON_AddStringToObject(o, "url", d.url ? d.url : "");
	add_time(o, "from", from.fetched_at);
	add_time(o, "to", to.fetched_at);
	cJSON_AddBoolToObject(o, "technical", ch->technical);
	cJSON_AddStringToObject(o, "class", ch->change_class ? ch->change_class : "substantive");
	add_diff(o, ch, e);
	add_change_findings(in, o, ch, &d, ids, e);
	tc_snapshot_release(&from);
	tc_snapshot_release(&to);
	tc_doc_row_release(&d);
	return o;
}

/* A change of this run whose record cannot be read: listed with what is known. */
static cJSON *unreadable_change(const tc_runreport_in *in, const tc_doc_result *r, rr_errs *e,
				const char *why)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "id", (double)r->change_id);
	cJSON_AddStringToObject(o, "service", r->service->id);
	cJSON_AddStringToObject(o, "service_name", service_name(in->cat, r->service->id));
	cJSON_AddStringToObject(o, "document", r->doc->id);
	cJSON_AddStringToObject(o, "doc_kind", tc_doc_kind_name(r->doc->kind));
	cJSON_AddStringToObject(o, "url", r->doc->url ? r->doc->url : "");
	cJSON_AddNullToObject(o, "from");
	cJSON_AddNullToObject(o, "to");
	cJSON_AddBoolToObject(o, "technical", 0);
	cJSON_AddItemToObject(o, "diff", cJSON_CreateObject());
	cJSON_AddArrayToObject(o, "findings");
	note_err(e, o, "a change", why);
	return o;
}

/* One failure: what the document is, what failed, since when. */
typedef struct rr_failure {
	const char *kind, *detail;
	int status, chars, min_chars;
	int consecutive;
	time_t since;
	int moved;
	const char *moved_to;
	int alert;
} rr_failure;

static cJSON *failure_json(const tc_catalog *cat, const tc_doc_row *d, const rr_failure *f)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "service", d->service ? d->service : "?");
	cJSON_AddStringToObject(o, "service_name", service_name(cat, d->service));
	cJSON_AddStringToObject(o, "document", d->doc ? d->doc : "?");
	cJSON_AddStringToObject(o, "url", d->url ? d->url : "");
	cJSON_AddStringToObject(o, "kind", f->kind ? f->kind : "other");
	cJSON_AddStringToObject(o, "detail", f->detail ? f->detail : "");
	if (f->status)
		cJSON_AddNumberToObject(o, "http_status", f->status);
	else
		cJSON_AddNullToObject(o, "http_status");
	if (f->chars >= 0)
		cJSON_AddNumberToObject(o, "chars", f->chars);
	if (f->min_chars > 0)
		cJSON_AddNumberToObject(o, "min_chars", f->min_chars);
	cJSON_AddNumberToObject(o, "consecutive", f->consecutive);
	add_time(o, "since", f->since);
	cJSON_AddBoolToObject(o, "moved", f->moved);
	if (f->moved_to)
		cJSON_AddStringToObject(o, "moved_to", f->moved_to);
	cJSON_AddBoolToObject(o, "alert", f->alert);
	if (d->id && f->consecutive > 0) {
		char item[24];

		snprintf(item, sizeof(item), "S%lld", (long long)d->id);
		cJSON_AddStringToObject(o, "item", item);
	}
	return o;
}

/* "tiacheck_report", "run" and "organisation". */
static cJSON *header(const tc_runreport_in *in)
{
	cJSON *root = cJSON_CreateObject(), *o;

	cJSON_AddNumberToObject(root, "tiacheck_report", TC_REPORT_VERSION);
	o = cJSON_AddObjectToObject(root, "run");
	cJSON_AddNumberToObject(o, "id", (double)in->run_id);
	add_time(o, "started", in->started);
	add_time(o, "finished", tc_now());
	cJSON_AddStringToObject(o, "status", in->status ? in->status : "ok");
	cJSON_AddStringToObject(o, "lang", tc_lang_code(in->lang));
	cJSON_AddBoolToObject(o, "dry_run", in->dry_run);
	cJSON_AddNumberToObject(o, "failures_alert", in->threshold);
	o = cJSON_AddObjectToObject(root, "organisation");
	cJSON_AddStringToObject(o, "name", in->cat->org.name ? in->cat->org.name : "");
	cJSON_AddStringToObject(o, "dpo_email", in->cat->org.dpo_email ? in->cat->org.dpo_email : "");
	return root;
}

static void add_report_url(const tc_runreport_in *in, cJSON *root)
{
	if (in->config && in->config->report_url)
		cJSON_AddStringToObject(root, "report_url", in->config->report_url);
	else
		cJSON_AddNullToObject(root, "report_url");
}

static cJSON *open_changes_json(const tc_runreport_in *in, size_t *n_open, rr_errs *e)
{
	cJSON *arr = cJSON_CreateArray();
	tc_change *chs = NULL;
	size_t n = 0;
	char err[384];

	*n_open = 0;
	if (tc_store_change_list_open(in->st, &chs, &n, err, sizeof(err)) != TC_STORE_OK) {
		note_err(e, NULL, "the open changes", err);
		return arr;
	}
	for (size_t i = 0; i < n; i++) {
		tc_doc_row d = { 0 };
		cJSON *o = cJSON_CreateObject();

		if (tc_store_document_get(in->st, chs[i].doc, &d, err, sizeof(err)) != TC_STORE_OK)
			note_err(e, o, "the document of an open change", err);
		cJSON_AddNumberToObject(o, "id", (double)chs[i].id);
		cJSON_AddStringToObject(o, "service", d.service ? d.service : "?");
		cJSON_AddStringToObject(o, "service_name", service_name(in->cat, d.service));
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

/* The changes of this run; a change that cannot be read is listed all the same. */
static void add_run_changes(const tc_runreport_in *in, cJSON *root, rr_errs *e)
{
	cJSON *arr = cJSON_AddArrayToObject(root, "changes");
	char err[384];

	for (size_t i = 0; in->res && i < in->res->n; i++) {
		const tc_doc_result *r = &in->res->docs[i];
		tc_change ch = { 0 };
		int rc;

		if (!r->change_id)
			continue;
		rc = tc_store_change_get(in->st, r->change_id, &ch, err, sizeof(err));
		if (rc == TC_STORE_OK)
			cJSON_AddItemToArray(arr, change_json(in, &ch, NULL, e));
		else
			cJSON_AddItemToArray(arr, unreadable_change(in, r, e,
								    rc == TC_STORE_NOTFOUND ? "no such change" : err));
		tc_change_release(&ch);
	}
}

/* Findings first seen in this run and not tied to a change; *nfind counts all. */
static void add_run_findings(const tc_runreport_in *in, cJSON *root, size_t *nfind, rr_errs *e)
{
	cJSON *arr = cJSON_AddArrayToObject(root, "findings");
	tc_finding_row *fs = NULL;
	size_t nf = 0;
	char err[384];

	*nfind = 0;
	if (tc_store_finding_list_for_run(in->st, in->run_id, &fs, &nf, err, sizeof(err)) != TC_STORE_OK) {
		note_err(e, NULL, "the findings of the run", err);
		return;
	}
	for (size_t i = 0; i < nf; i++) {
		tc_doc_row d = { 0 };

		(*nfind)++;
		if (tc_store_document_get(in->st, fs[i].doc, &d, err, sizeof(err)) == TC_STORE_OK)
			cJSON_AddItemToArray(arr, finding_json(&fs[i], d.service, d.doc));
		else
			note_err(e, NULL, "the document of a finding", err);
		tc_doc_row_release(&d);
	}
	tc_finding_row_list_free(fs, nf);
}

/* Failures and moved documents of this run. */
static void add_run_failures(const tc_runreport_in *in, cJSON *root, rr_errs *e)
{
	cJSON *arr = cJSON_AddArrayToObject(root, "failures");
	char err[384];

	for (size_t i = 0; in->res && i < in->res->n; i++) {
		const tc_doc_result *r = &in->res->docs[i];
		tc_doc_row d = { .id = r->doc_id, .service = (char *)r->service->id,
				 .doc = (char *)r->doc->id, .url = (char *)r->doc->url };
		rr_failure f = { .kind = r->failure_kind, .detail = r->failure_detail,
				 .status = r->http_status, .chars = r->chars,
				 .min_chars = r->min_chars, .moved = r->moved, .moved_to = r->moved_to };
		int64_t alerted = 0;

		if (r->outcome != TC_OUT_FAILED && !r->moved)
			continue;
		if (r->outcome == TC_OUT_FAILED) {
			if (tc_store_consecutive_failures(in->st, r->doc_id, &f.consecutive, &f.since,
							  &alerted, err, sizeof(err)) < 0)
				note_err(e, NULL, "a failure streak", err);
			f.alert = f.consecutive >= in->threshold;
		} else {
			f.kind = "moved";
			f.detail = "permanent redirect: update the URL in the catalogue";
			f.chars = -1;
			f.min_chars = 0;
			f.moved = 1;
		}
		cJSON_AddItemToArray(arr, failure_json(in->cat, &d, &f));
	}
}

/* The flows, with their category names in both languages. */
static void add_flows(const tc_runreport_in *in, cJSON *root)
{
	cJSON *arr = in->flows ? tc_flows_to_cjson(in->flows, in->ref) : cJSON_CreateArray();
	cJSON *fl;

	cJSON_ArrayForEach(fl, arr) {
		cJSON *names = cJSON_AddObjectToObject(fl, "category_names");
		cJSON *sv = cJSON_AddArrayToObject(names, "sv");
		cJSON *en = cJSON_AddArrayToObject(names, "en");
		cJSON *c;

		cJSON_ArrayForEach(c, cJSON_GetObjectItem(fl, "categories")) {
			const char *code = cJSON_GetStringValue(c);
			const tc_category *cat = tc_refdata_category(in->ref, code);

			cJSON_AddItemToArray(sv, cJSON_CreateString(cat && cat->name_sv ? cat->name_sv : code));
			cJSON_AddItemToArray(en, cJSON_CreateString(cat && cat->name_en ? cat->name_en : code));
		}
	}
	cJSON_AddItemToObject(root, "flows", arr);
}

static void add_warnings(const tc_runreport_in *in, cJSON *root)
{
	cJSON *arr = cJSON_AddArrayToObject(root, "catalog_warnings");

	for (size_t i = 0; in->diags && i < in->diags->n; i++) {
		const tc_diag *dg = &in->diags->v[i];
		cJSON *o;

		if (dg->level != TC_DIAG_WARNING)
			continue;
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "file", dg->file ? dg->file : "");
		cJSON_AddNumberToObject(o, "line", dg->line);
		cJSON_AddNumberToObject(o, "col", dg->col);
		cJSON_AddStringToObject(o, "message", dg->message ? dg->message : "");
		cJSON_AddItemToArray(arr, o);
	}
}

static void add_item_counts(const cJSON *root, cJSON *summary);
static void add_service_status(const tc_runreport_in *in, cJSON *root);
static int streak_decided(tc_store *st, const tc_doc_row *d);
static int add_items(const tc_runreport_in *in, cJSON *root, const tc_runreport_ids *ids,
		     char *err, size_t errlen);

int tc_runreport_build(const tc_runreport_in *in, cJSON **out, char *err, size_t errlen)
{
	const tc_monitor_result *res = in->res;
	rr_errs e = { 0 };
	size_t n_open = 0, nfind = 0, n = res ? res->n : 0, nfailed = res ? res->nfailed : 0;
	cJSON *root = header(in), *o;

	add_run_changes(in, root, &e);
	cJSON_AddItemToObject(root, "open_changes", open_changes_json(in, &n_open, &e));
	add_run_findings(in, root, &nfind, &e);
	add_run_failures(in, root, &e);
	add_flows(in, root);
	add_warnings(in, root);
	add_report_url(in, root);
	if (add_items(in, root, NULL, err, errlen) < 0)
		note_err(&e, NULL, "the review items", err);
	o = cJSON_AddObjectToObject(root, "summary");
	cJSON_AddNumberToObject(o, "documents", (double)n);
	cJSON_AddNumberToObject(o, "fetched", (double)(n - nfailed));
	cJSON_AddNumberToObject(o, "new", (double)(res ? res->nnew : 0));
	cJSON_AddNumberToObject(o, "unchanged", (double)(res ? res->nunchanged : 0));
	cJSON_AddNumberToObject(o, "changed", (double)(res ? res->nchanged : 0));
	cJSON_AddNumberToObject(o, "failed", (double)nfailed);
	cJSON_AddNumberToObject(o, "new_findings", (double)nfind);
	cJSON_AddNumberToObject(o, "open_changes", (double)n_open);
	cJSON_AddNumberToObject(o, "flows", (double)(in->flows ? in->flows->n : 0));
	cJSON_AddNumberToObject(o, "flows_outside",
				(double)(in->flows ? tc_flows_count_outside(in->flows) : 0));
	add_item_counts(root, o);
	add_service_status(in, root);
	*out = root;
	if (e.n)
		tc_seterr(err, errlen, "%s", e.first);
	return e.n;
}

static int has_id(const int64_t *v, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == id)
			return 1;
	return 0;
}

/* The failures that persisted to the threshold and were not alerted yet. */
static int add_alert_failures(const tc_runreport_in *in, cJSON *root, const tc_doc_row *docs,
			      size_t nd, tc_runreport_ids *ids, char *err, size_t errlen)
{
	cJSON *arr = cJSON_AddArrayToObject(root, "failures");
	tc_failure *fl = NULL;
	size_t nfl = 0;

	/* the failures of this run say what is wrong now */
	if (tc_store_failure_list_for_run(in->st, in->run_id, &fl, &nfl, err, errlen) < 0)
		return -1;
	ids->failure_docs = tc_xcalloc(nd ? nd : 1, sizeof(int64_t));
	for (size_t k = 0; k < nd; k++) {
		rr_failure f = { .kind = "other", .detail = "", .chars = -1,
				 .consecutive = docs[k].fail_streak, .since = docs[k].fail_since };

		if (docs[k].fail_streak < in->threshold || docs[k].fail_alert ||
		    streak_decided(in->st, &docs[k]))
			continue;
		for (size_t m = 0; m < nfl; m++)
			if (fl[m].doc == docs[k].id) {
				f.kind = fl[m].kind;
				f.detail = fl[m].detail;
				f.status = fl[m].http_status;
			}
		for (size_t m = 0; in->res && m < in->res->n; m++)
			if (in->res->docs[m].doc_id == docs[k].id &&
			    in->res->docs[m].outcome == TC_OUT_FAILED) {
				f.chars = in->res->docs[m].chars;
				f.min_chars = in->res->docs[m].min_chars;
			}
		f.moved = f.status == 404 || f.status == 410;
		f.alert = 1;
		cJSON_AddItemToArray(arr, failure_json(in->cat, &docs[k], &f));
		ids->failure_docs[ids->nfailure_docs++] = docs[k].id;
	}
	tc_failure_list_free(fl, nfl);
	return 0;
}

/* Findings not alerted and not already in a change of the alert. */
static void add_alert_findings(cJSON *root, const tc_finding_row *fs, size_t nf,
			       const tc_doc_row *docs, size_t nd, tc_runreport_ids *ids)
{
	cJSON *arr = cJSON_AddArrayToObject(root, "findings");

	for (size_t i = 0; i < nf; i++) {
		if (has_id(ids->findings, ids->nfindings, fs[i].id))
			continue;
		for (size_t k = 0; k < nd; k++)
			if (docs[k].id == fs[i].doc)
				cJSON_AddItemToArray(arr, finding_json(&fs[i], docs[k].service, docs[k].doc));
		ids->findings = tc_xrealloc(ids->findings, (ids->nfindings + 1) * sizeof(int64_t));
		ids->findings[ids->nfindings++] = fs[i].id;
	}
}

int tc_runreport_build_alert(const tc_runreport_in *in, cJSON **out, tc_runreport_ids *ids,
			     char *err, size_t errlen)
{
	tc_change *chs = NULL;
	tc_finding_row *fs = NULL;
	tc_doc_row *docs = NULL;
	size_t nch = 0, nf = 0, nd = 0;
	rr_errs e = { 0 };
	cJSON *root = NULL, *arr;
	int ret = -1;

	memset(ids, 0, sizeof(*ids));
	*out = NULL;
	if (tc_store_change_list_alertable(in->st, &chs, &nch, err, errlen) < 0 ||
	    tc_store_finding_list_alertable(in->st, &fs, &nf, err, errlen) < 0 ||
	    tc_store_document_list(in->st, NULL, &docs, &nd, err, errlen) < 0)
		goto out;
	root = header(in);
	arr = cJSON_AddArrayToObject(root, "changes");
	ids->changes = tc_xcalloc(nch ? nch : 1, sizeof(int64_t));
	for (size_t i = 0; i < nch; i++) {
		cJSON_AddItemToArray(arr, change_json(in, &chs[i], ids, &e));
		ids->changes[ids->nchanges++] = chs[i].id;
	}
	add_alert_findings(root, fs, nf, docs, nd, ids);
	if (add_alert_failures(in, root, docs, nd, ids, err, errlen) < 0)
		goto out;
	cJSON_AddItemToObject(root, "flows", cJSON_CreateArray());
	cJSON_AddItemToObject(root, "open_changes", cJSON_CreateArray());
	cJSON_AddItemToObject(root, "catalog_warnings", cJSON_CreateArray());
	add_report_url(in, root);
	if (add_items(in, root, ids, err, errlen) < 0)
		goto out;
	*out = root;
	root = NULL;
	ret = e.n;
	if (e.n)
		tc_seterr(err, errlen, "%s", e.first);
out:
	cJSON_Delete(root);
	if (ret < 0)
		tc_runreport_ids_release(ids);
	tc_change_list_free(chs, nch);
	tc_finding_row_list_free(fs, nf);
	tc_doc_row_list_free(docs, nd);
	return ret;
}

void tc_runreport_ids_release(tc_runreport_ids *ids)
{
	free(ids->changes);
	free(ids->findings);
	free(ids->failure_docs);
	memset(ids, 0, sizeof(*ids));
}

/* ---- review items (docs/report-json.md "Item"): every finding, change without
 * findings and failure streak, with its decision, due date and what settles it ---- */

/* Decisions kept with a report for this long after they were made. */
#define RR_DECIDED_SHOWN (90 * 86400)

typedef struct rr_items {
	const tc_runreport_in *in;
	const tc_runreport_ids *ids;      /* alert: what it covers; NULL: the report */
	tc_item_row *dec;
	size_t ndec;
	tc_doc_row *docs;
	size_t ndocs;
	tc_entity_index idx;
	time_t now;
	cJSON *arr;
} rr_items;

static const tc_item_row *decision(const rr_items *it, char type, int64_t id)
{
	char name[24];

	snprintf(name, sizeof(name), "%c%lld", type, (long long)id);
	for (size_t i = 0; i < it->ndec; i++)
		if (strcmp(it->dec[i].item, name) == 0)
			return &it->dec[i];
	return NULL;
}

static const tc_doc_row *doc_of(const rr_items *it, int64_t id)
{
	for (size_t i = 0; i < it->ndocs; i++)
		if (it->docs[i].id == id)
			return &it->docs[i];
	return NULL;
}

static int streak_decided(tc_store *st, const tc_doc_row *d)
{
	tc_item_row r;
	char name[24], err[256];
	int rc;

	snprintf(name, sizeof(name), "S%lld", (long long)d->id);
	rc = tc_store_item_get(st, name, &r, err, sizeof(err));
	rc = rc == TC_STORE_OK && r.streak_since == d->fail_since;
	tc_item_row_release(&r);
	return rc;
}

/* "state" and "decision" of an item. */
static void add_state(cJSON *o, const tc_item_row *d)
{
	cJSON *x;

	cJSON_AddStringToObject(o, "state", tc_item_state_name(d ? d->state : TC_ITEM_OPEN));
	if (!d) {
		cJSON_AddNullToObject(o, "decision");
		return;
	}
	x = cJSON_AddObjectToObject(o, "decision");
	add_time(x, "at", d->at);
	cJSON_AddStringToObject(x, "by", d->by ? d->by : "");
	if (d->note)
		cJSON_AddStringToObject(x, "note", d->note);
	if (d->how)
		cJSON_AddStringToObject(x, "how", d->how);
}

static void add_action(cJSON *o, const char *fmt, const char *item, const char *extra)
{
	char buf[256];
	cJSON *arr = cJSON_GetObjectItem(o, "actions");

	if (!arr)
		arr = cJSON_AddArrayToObject(o, "actions");
	snprintf(buf, sizeof(buf), fmt, item, extra ? extra : "");
	cJSON_AddItemToArray(arr, cJSON_CreateString(buf));
}

/* Due date, days left and overdue of an open item detected at t. */
static void add_due(const rr_items *it, cJSON *o, const char *service, const char *kind,
		    time_t t, int open)
{
	time_t due = tc_review_due(it->in->cat, service, kind, t);
	char iso[32];

	if (!due) {
		cJSON_AddNullToObject(o, "due");
		return;
	}
	tc_iso_utc(due, iso);
	iso[10] = '\0';
	cJSON_AddStringToObject(o, "due", iso);
	if (!open)
		return;
	cJSON_AddNumberToObject(o, "days_left", (double)((due - it->now) / 86400));
	cJSON_AddBoolToObject(o, "overdue", due < it->now);
}

/* The catalogue entity a new sub-processor already is (known sub-processor, parent,
 * a service), as "covered_by". */
static int add_covered(rr_items *it, cJSON *o, const char *service, const char *kind,
		       const char *subject)
{
	const tc_entity_match *m;
	cJSON *c;
	static const char *const kinds[] = { "", "subprocessor", "parent", "service" };

	if (!subject || !kind || strncmp(kind, "subprocessor_", 13) != 0 ||
	    strcmp(kind, "subprocessor_removed") == 0)
		return 0;
	m = tc_entity_find_for(&it->idx, service, subject);
	if (!m)
		return 0;
	c = cJSON_AddObjectToObject(o, "covered_by");
	cJSON_AddStringToObject(c, "name", m->name ? m->name : subject);
	cJSON_AddStringToObject(c, "kind", kinds[m->kind <= TC_ENTITY_SERVICE ? m->kind : 0]);
	cJSON_AddStringToObject(c, "service", m->service && m->service->id ? m->service->id : "");
	return 1;
}

/* Findings of one change about one topic are one item (tc_review_topic): is finding
 * i folded into another (*into its index)? */
static int folded_into(const tc_finding_row *fs, size_t nf, size_t i, cJSON *const *js,
		       size_t *into)
{
	const char *t = tc_review_topic(js[i]);
	int ri = tc_review_fold_rank(fs[i].kind);

	if (!t || !fs[i].change || ri == 0)
		return 0;
	for (size_t k = 0; k < nf; k++) {
		int rk = tc_review_fold_rank(fs[k].kind);

		if (k == i || fs[k].change != fs[i].change || rk == 0 || !tc_review_topic(js[k]) ||
		    strcmp(tc_review_topic(js[k]), t) != 0)
			continue;
		if (rk > ri || (rk == ri && k < i)) {
			*into = k;
			return 1;
		}
	}
	return 0;
}

static int folded(const tc_finding_row *fs, size_t nf, size_t i, cJSON *const *js)
{
	size_t into;

	return folded_into(fs, nf, i, js, &into);
}

static void add_also(cJSON *o, const tc_finding_row *fs, size_t nf, size_t i, cJSON *const *js)
{
	cJSON *arr = NULL;

	for (size_t k = 0; k < nf; k++) {
		char name[24];
		size_t into = 0;

		if (k == i || !folded_into(fs, nf, k, js, &into))
			continue;
		/* follow the chain to the item it ends in */
		for (int hop = 0; hop < 4 && folded_into(fs, nf, into, js, &into); hop++)
			;
		if (into != i)
			continue;
		if (!arr)
			arr = cJSON_AddArrayToObject(o, "also");
		snprintf(name, sizeof(name), "F%lld", (long long)fs[k].id);
		cJSON_AddItemToArray(arr, cJSON_CreateString(name));
	}
}

/* "country_names": {"sv": [...], "en": [...]} of the item's "countries". */
static void add_country_names(const rr_items *it, cJSON *o)
{
	cJSON *names, *sv, *en, *c;

	if (!cJSON_GetObjectItem(o, "countries"))
		return;
	names = cJSON_AddObjectToObject(o, "country_names");
	sv = cJSON_AddArrayToObject(names, "sv");
	en = cJSON_AddArrayToObject(names, "en");
	cJSON_ArrayForEach(c, cJSON_GetObjectItem(o, "countries")) {
		const char *code = cJSON_GetStringValue(c);
		const tc_country *k = it->in->ref && code ? tc_refdata_country(it->in->ref, code) : NULL;

		cJSON_AddItemToArray(sv, cJSON_CreateString(k && k->name_sv ? k->name_sv : code ? code : "?"));
		cJSON_AddItemToArray(en, cJSON_CreateString(k && k->name_en ? k->name_en : code ? code : "?"));
	}
}

static void common(const rr_items *it, cJSON *o, const char *name, const char *type,
		   const tc_doc_row *d)
{
	cJSON_AddStringToObject(o, "id", name);
	cJSON_AddStringToObject(o, "type", type);
	cJSON_AddStringToObject(o, "service", d && d->service ? d->service : "?");
	cJSON_AddStringToObject(o, "service_name", service_name(it->in->cat, d ? d->service : NULL));
	cJSON_AddStringToObject(o, "document", d && d->doc ? d->doc : "?");
	cJSON_AddStringToObject(o, "doc_kind", d && d->kind ? d->kind : "other");
}

static void finding_item(rr_items *it, const tc_finding_row *f, cJSON *j, const tc_item_row *dec)
{
	const tc_doc_row *d = doc_of(it, f->doc);
	cJSON *o = cJSON_CreateObject(), *x;
	char name[24];
	int open = !dec, covered;

	snprintf(name, sizeof(name), "F%lld", (long long)f->id);
	common(it, o, name, "finding", d);
	cJSON_AddStringToObject(o, "kind", f->kind ? f->kind : "other");
	cJSON_AddStringToObject(o, "severity", f->severity ? f->severity : "info");
	if (f->change)
		cJSON_AddNumberToObject(o, "change", (double)f->change);
	if (cJSON_GetStringValue(cJSON_GetObjectItem(j, "subject")))
		cJSON_AddStringToObject(o, "subject", cJSON_GetStringValue(cJSON_GetObjectItem(j, "subject")));
	x = cJSON_GetObjectItem(j, "countries_after");
	if (cJSON_GetArraySize(x) > 0)
		cJSON_AddItemToObject(o, "countries", cJSON_Duplicate(x, 1));
	else if (cJSON_GetStringValue(cJSON_GetObjectItem(j, "country")))
		cJSON_AddItemToObject(o, "countries", cJSON_CreateStringArray(
			(const char *const[]){ cJSON_GetStringValue(cJSON_GetObjectItem(j, "country")) }, 1));
	if ((x = cJSON_GetObjectItem(j, "message")))
		cJSON_AddItemToObject(o, "message", cJSON_Duplicate(x, 1));
	add_country_names(it, o);
	add_time(o, "detected", f->first_seen);
	covered = add_covered(it, o, d ? d->service : NULL, f->kind,
			      cJSON_GetStringValue(cJSON_GetObjectItem(j, "subject")));
	cJSON_AddBoolToObject(o, "covered", covered);
	add_due(it, o, d ? d->service : NULL, f->kind, f->first_seen, open && !covered);
	add_state(o, dec);
	if (open && !covered && tc_review_has_deadline(f->kind))
		add_action(o, "tiacheck adopt %s%s", name, NULL);
	if (open && !covered)
		add_action(o, "tiacheck ack %s --note %s", name, "TEXT");
	if (open && !covered && tc_review_has_deadline(f->kind))
		add_action(o, "tiacheck ack %s --objected %s", name, "HOW");
	cJSON_AddItemToArray(it->arr, o);
}

/* Is the finding in this document (report: open, this run's, or decided lately;
 * alert: covered by the alert)? */
static int wanted_finding(const rr_items *it, const tc_finding_row *f, const tc_item_row *dec)
{
	if (it->ids) {
		for (size_t i = 0; i < it->ids->nfindings; i++)
			if (it->ids->findings[i] == f->id)
				return !dec;
		return 0;
	}
	return !dec || f->run == it->in->run_id || dec->at + RR_DECIDED_SHOWN >= it->now;
}

static const tc_item_row *finding_decision(const rr_items *it, const tc_finding_row *f)
{
	const tc_item_row *d = decision(it, 'F', f->id);

	return d ? d : f->change ? decision(it, 'C', f->change) : NULL;
}

static int findings_items(rr_items *it, char *err, size_t errlen)
{
	tc_finding_row *fs = NULL;
	size_t nf = 0;
	cJSON **js;

	if (tc_store_finding_list_all(it->in->st, &fs, &nf, err, errlen) < 0)
		return -1;
	js = tc_xcalloc(nf ? nf : 1, sizeof(*js));
	for (size_t i = 0; i < nf; i++)
		js[i] = cJSON_Parse(fs[i].json ? fs[i].json : "{}");
	for (size_t i = 0; i < nf; i++) {
		const tc_item_row *dec = finding_decision(it, &fs[i]);

		if (!wanted_finding(it, &fs[i], dec) || folded(fs, nf, i, js))
			continue;
		finding_item(it, &fs[i], js[i], dec);
		add_also(cJSON_GetArrayItem(it->arr, cJSON_GetArraySize(it->arr) - 1), fs, nf, i, js);
	}
	for (size_t i = 0; i < nf; i++)
		cJSON_Delete(js[i]);
	free(js);
	tc_finding_row_list_free(fs, nf);
	return 0;
}

/* Changes without findings are items of their own (info). */
static int change_items(rr_items *it, char *err, size_t errlen)
{
	tc_change *chs = NULL;
	size_t n = 0;

	if ((it->ids ? tc_store_change_list_alertable(it->in->st, &chs, &n, err, errlen)
		     : tc_store_change_list_open(it->in->st, &chs, &n, err, errlen)) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		tc_finding_row *fs = NULL;
		size_t nf = 0;
		char name[24];
		cJSON *o;
		const tc_doc_row *d = doc_of(it, chs[i].doc);

		if (tc_store_finding_list_for_change(it->in->st, chs[i].id, &fs, &nf, err, errlen) < 0) {
			tc_change_list_free(chs, n);
			return -1;
		}
		tc_finding_row_list_free(fs, nf);
		if (nf)
			continue;
		snprintf(name, sizeof(name), "C%lld", (long long)chs[i].id);
		o = cJSON_CreateObject();
		common(it, o, name, "change", d);
		cJSON_AddStringToObject(o, "kind", "change");
		cJSON_AddStringToObject(o, "severity", "info");
		cJSON_AddNumberToObject(o, "change", (double)chs[i].id);
		add_time(o, "detected", chs[i].detected_at);
		cJSON_AddBoolToObject(o, "covered", 0);
		cJSON_AddNullToObject(o, "due");
		add_state(o, decision(it, 'C', chs[i].id));
		add_action(o, "tiacheck diff %s/%s", d && d->service ? d->service : "?",
			   d && d->doc ? d->doc : "?");
		add_action(o, "tiacheck ack %s%s", name, NULL);
		cJSON_AddItemToArray(it->arr, o);
	}
	tc_change_list_free(chs, n);
	return 0;
}

static void streak_items(rr_items *it)
{
	for (size_t i = 0; i < it->ndocs; i++) {
		const tc_doc_row *d = &it->docs[i];
		int in_alert = 0;
		char name[24];
		cJSON *o;

		for (size_t k = 0; it->ids && k < it->ids->nfailure_docs; k++)
			in_alert |= it->ids->failure_docs[k] == d->id;
		if (it->ids ? !in_alert : (d->fail_streak < it->in->threshold || streak_decided(it->in->st, d)))
			continue;
		snprintf(name, sizeof(name), "S%lld", (long long)d->id);
		o = cJSON_CreateObject();
		common(it, o, name, "failure", d);
		cJSON_AddStringToObject(o, "kind", "failure");
		cJSON_AddStringToObject(o, "severity", "medium");
		cJSON_AddNumberToObject(o, "consecutive", d->fail_streak);
		add_time(o, "detected", d->fail_since);
		cJSON_AddBoolToObject(o, "covered", 0);
		cJSON_AddNullToObject(o, "due");
		add_state(o, NULL);
		add_action(o, "tiacheck ack %s --note %s", name, "TEXT");
		cJSON_AddItemToArray(it->arr, o);
	}
}

static int item_rank(const cJSON *o)
{
	const char *s = cJSON_GetStringValue(cJSON_GetObjectItem(o, "severity"));
	int open = strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(o, "state")), "open") == 0;
	int act = open && !cJSON_IsTrue(cJSON_GetObjectItem(o, "covered"));

	return (act ? 10 : 0) + (!s ? 0 : strcmp(s, "high") == 0 ? 3 : strcmp(s, "medium") == 0 ? 2 : 1);
}

/* Actionable first, then by severity, due date (none last) and detection. */
static int item_cmp(const void *pa, const void *pb)
{
	const cJSON *a = *(const cJSON *const *)pa, *b = *(const cJSON *const *)pb;
	const char *da = cJSON_GetStringValue(cJSON_GetObjectItem(a, "due"));
	const char *db = cJSON_GetStringValue(cJSON_GetObjectItem(b, "due"));
	const char *ta = cJSON_GetStringValue(cJSON_GetObjectItem(a, "detected"));
	const char *tb = cJSON_GetStringValue(cJSON_GetObjectItem(b, "detected"));
	int c = item_rank(b) - item_rank(a);

	if (c)
		return c;
	if (da || db) {
		if (!da || !db)
			return da ? -1 : 1;
		if ((c = strcmp(da, db)))
			return c;
	}
	c = strcmp(ta ? ta : "", tb ? tb : "");
	return c ? c : strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(a, "id")),
			      cJSON_GetStringValue(cJSON_GetObjectItem(b, "id")));
}

static void sort_items(cJSON *arr)
{
	size_t n = (size_t)cJSON_GetArraySize(arr), k = 0;
	cJSON **v = tc_xcalloc(n ? n : 1, sizeof(*v));

	while (n && cJSON_GetArraySize(arr) > 0)
		v[k++] = cJSON_DetachItemFromArray(arr, 0);
	qsort(v, k, sizeof(*v), item_cmp);
	for (size_t i = 0; i < k; i++)
		cJSON_AddItemToArray(arr, v[i]);
	free(v);
}

static int add_items(const tc_runreport_in *in, cJSON *root, const tc_runreport_ids *ids,
		     char *err, size_t errlen)
{
	rr_items it = { .in = in, .ids = ids, .now = tc_now(), .idx = TC_ENTITY_INDEX_INIT };
	int ret = -1;

	it.arr = cJSON_AddArrayToObject(root, "items");
	if (tc_store_item_list(in->st, &it.dec, &it.ndec, err, errlen) < 0 ||
	    tc_store_document_list(in->st, NULL, &it.docs, &it.ndocs, err, errlen) < 0)
		goto out;
	tc_entity_index_build(&it.idx, in->cat, in->ref ? &in->ref->scope : NULL);
	if (findings_items(&it, err, errlen) < 0 || change_items(&it, err, errlen) < 0)
		goto out;
	streak_items(&it);
	sort_items(it.arr);
	ret = 0;
out:
	tc_entity_index_release(&it.idx);
	tc_item_row_list_free(it.dec, it.ndec);
	tc_doc_row_list_free(it.docs, it.ndocs);
	return ret;
}

/* open_items, overdue_items, services_red: what the summary says about items. */
static void add_item_counts(const cJSON *root, cJSON *summary)
{
	const cJSON *o;
	long open = 0, overdue = 0, high = 0;

	cJSON_ArrayForEach(o, cJSON_GetObjectItem(root, "items")) {
		if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(o, "state")), "open") != 0 ||
		    cJSON_IsTrue(cJSON_GetObjectItem(o, "covered")))
			continue;
		open++;
		overdue += cJSON_IsTrue(cJSON_GetObjectItem(o, "overdue"));
		high += strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(o, "severity")), "high") == 0;
	}
	cJSON_AddNumberToObject(summary, "open_items", (double)open);
	cJSON_AddNumberToObject(summary, "open_high", (double)high);
	cJSON_AddNumberToObject(summary, "overdue_items", (double)overdue);
}

static int same_service(const cJSON *o, const char *id)
{
	const char *s = cJSON_GetStringValue(cJSON_GetObjectItem(o, "service"));

	return s && id && strcmp(s, id) == 0;
}

/* A flow that leaves the EU/EEA with nothing recorded to cover it. */
static int flow_unprotected(const cJSON *f)
{
	const char *cls = cJSON_GetStringValue(cJSON_GetObjectItem(f, "classification"));

	return cJSON_IsTrue(cJSON_GetObjectItem(f, "leaves_eea")) &&
	       !cJSON_GetStringValue(cJSON_GetObjectItem(f, "mechanism")) && cls &&
	       (strcmp(cls, "third") == 0 || strcmp(cls, "partial_not_covered") == 0);
}

/*
 * "services": one status per catalogue service. red: an open high-severity or
 * overdue item, or a transfer without a mechanism; amber: another open item or a
 * failure in this run; green: nothing to do.
 */
static void add_service_status(const tc_runreport_in *in, cJSON *root)
{
	cJSON *arr = cJSON_AddArrayToObject(root, "services");

	for (size_t i = 0; i < in->cat->nservices; i++) {
		const char *id = in->cat->services[i].id;
		long open = 0, high = 0, overdue = 0, failed = 0, unprot = 0;
		const cJSON *x;
		cJSON *o;

		cJSON_ArrayForEach(x, cJSON_GetObjectItem(root, "items"))
			if (same_service(x, id) && !cJSON_IsTrue(cJSON_GetObjectItem(x, "covered")) &&
			    strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(x, "state")), "open") == 0) {
				open++;
				high += strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(x, "severity")), "high") == 0;
				overdue += cJSON_IsTrue(cJSON_GetObjectItem(x, "overdue"));
			}
		cJSON_ArrayForEach(x, cJSON_GetObjectItem(root, "failures"))
			failed += same_service(x, id);
		cJSON_ArrayForEach(x, cJSON_GetObjectItem(root, "flows"))
			unprot += same_service(x, id) && flow_unprotected(x);
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "service", id);
		cJSON_AddStringToObject(o, "service_name", service_name(in->cat, id));
		cJSON_AddStringToObject(o, "status", high || overdue || unprot ? "red"
					: open || failed ? "amber" : "green");
		cJSON_AddNumberToObject(o, "open_items", (double)open);
		cJSON_AddNumberToObject(o, "overdue_items", (double)overdue);
		cJSON_AddNumberToObject(o, "failures", (double)failed);
		cJSON_AddNumberToObject(o, "flows_without_mechanism", (double)unprot);
		cJSON_AddItemToArray(arr, o);
	}
}

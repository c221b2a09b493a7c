/*
 * runreport: the one builder of the run-report JSON (docs/report-json.md) for the
 * weekly report and the alert. Never prints.
 */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "tiacheck/report.h"
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
		if (fs[i].change)
			continue;
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
		tc_doc_row d = { .service = (char *)r->service->id, .doc = (char *)r->doc->id,
				 .url = (char *)r->doc->url };
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
	o = cJSON_AddObjectToObject(root, "summary");
	cJSON_AddNumberToObject(o, "documents", (double)n);
	cJSON_AddNumberToObject(o, "fetched", (double)(n - nfailed));
	cJSON_AddNumberToObject(o, "unchanged", (double)(res ? res->nunchanged + res->nnew : 0));
	cJSON_AddNumberToObject(o, "changed", (double)(res ? res->nchanged : 0));
	cJSON_AddNumberToObject(o, "failed", (double)nfailed);
	cJSON_AddNumberToObject(o, "new_findings", (double)nfind);
	cJSON_AddNumberToObject(o, "open_changes", (double)n_open);
	cJSON_AddNumberToObject(o, "flows", (double)(in->flows ? in->flows->n : 0));
	cJSON_AddNumberToObject(o, "flows_outside",
				(double)(in->flows ? tc_flows_count_outside(in->flows) : 0));
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

		if (docs[k].fail_streak < in->threshold || docs[k].fail_alert)
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
	if (tc_store_change_list_unalerted(in->st, &chs, &nch, err, errlen) < 0 ||
	    tc_store_finding_list_unalerted(in->st, &fs, &nf, err, errlen) < 0 ||
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

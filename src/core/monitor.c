/*
 * The fetch-and-compare pipeline shared by `tiacheck fetch`, `run` and `reextract`
 * (see include/tiacheck/monitor.h for the flow). Command code: it may print.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pthread.h>

#include <cjson/cJSON.h>
#include <libxml/parser.h>
#include <curl/curl.h>

#include "tiacheck/config.h"
#include "tiacheck/diff.h"
#include "tiacheck/extract.h"
#include "tiacheck/fetch.h"
#include "tiacheck/findings.h"
#include "tiacheck/gazetteer.h"
#include "tiacheck/monitor.h"
#include "tiacheck/subproc.h"
#include "tiacheck/transfer.h"
#include "tiacheck/util.h"

/* One document to fetch: what the catalogue says and what the store holds. */
typedef struct job {
	const tc_service *service;
	const tc_document *doc;
	int64_t doc_id;
	int has_base;
	tc_snapshot base;      /* the last good snapshot (baseline) when has_base */
	tc_doc_result *res;
} job;

typedef struct pipe_state {
	tc_ctx *ctx;
	const tc_refdata *ref;
	const tc_catalog *cat;
	tc_store *st;
	const tc_pipeline_opts *po;
	job *jobs;
	size_t njobs;
	tc_pipeline_result *res;
	tc_gazetteer *gz;      /* country names, from the catalogue's reference data */
	struct pipe_queue *queue; /* to the workers; NULL: process in the fetch callback */
	pthread_mutex_t *write_mu; /* one writer at a time among our workers (else NULL) */
	int progress_shown;
} pipe_state;

/* Our workers take turns to write: waiting on a mutex costs nothing, while SQLite's
 * busy handler would sleep in steps of milliseconds. */
static void write_lock(pipe_state *ps)
{
	if (ps->write_mu)
		pthread_mutex_lock(ps->write_mu);
}

static void write_unlock(pipe_state *ps)
{
	if (ps->write_mu)
		pthread_mutex_unlock(ps->write_mu);
}

/* The gazetteer of the catalogue (CATALOG/reference/gazetteer.json); prints why not. */
static tc_gazetteer *load_gazetteer(const tc_catalog *cat)
{
	char *path = tc_xasprintf("%s/reference/gazetteer.json", cat->dir ? cat->dir : "catalog");
	tc_gazetteer *gz = NULL;
	char err[512];

	if (tc_gazetteer_load(path, &gz, err, sizeof(err)) < 0) {
		tc_error("cannot load the country gazetteer: %s", err);
		gz = NULL;
	}
	free(path);
	return gz;
}

tc_store *tc_pipeline_open_store(tc_ctx *ctx)
{
	tc_store *st = NULL;
	char err[512];

	if (tc_store_open(ctx->db_path, &st, err, sizeof(err)) < 0) {
		tc_error("cannot open the database: %s", err);
		return NULL;
	}
	return st;
}

int tc_pipeline_select_docs(tc_store *st, const char *sel, tc_doc_row **rows, size_t *n)
{
	const char *slash = strchr(sel, '/');
	char *service = tc_xstrndup(sel, slash ? (size_t)(slash - sel) : strlen(sel));
	char err[512];
	int rc;

	*rows = NULL;
	*n = 0;
	if (slash) {
		*rows = tc_xcalloc(1, sizeof(**rows));
		rc = tc_store_document_find(st, service, slash + 1, *rows, err, sizeof(err));
		if (rc == TC_STORE_OK)
			*n = 1;
	} else {
		rc = tc_store_document_list(st, service, rows, n, err, sizeof(err));
		if (rc == TC_STORE_OK && *n == 0)
			rc = TC_STORE_NOTFOUND;
	}
	if (rc == TC_STORE_NOTFOUND)
		tc_error("no document '%s' in the database (fetched documents are named "
			 "SERVICE/DOC; see 'tiacheck flows' for services, 'tiacheck fetch' to fetch)",
			 sel);
	else if (rc < 0)
		tc_error("cannot read the database: %s", err);
	free(service);
	if (rc != TC_STORE_OK) {
		tc_doc_row_list_free(*rows, *n ? *n : (slash ? 1 : 0));
		*rows = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

int tc_pipeline_sync(const tc_catalog *cat, tc_store *st, time_t now)
{
	char err[512];
	int64_t version, id;
	int is_new;

	if (tc_store_begin(st, err, sizeof(err)) < 0)
		goto fail;
	if (tc_store_sync_catalog(st, cat->hash, cat->canonical_json, now, &version, &is_new,
				  err, sizeof(err)) < 0)
		goto fail_rb;
	for (size_t i = 0; i < cat->nservices; i++) {
		const tc_service *s = &cat->services[i];

		for (size_t j = 0; j < s->ndocuments; j++)
			if (tc_store_document_id(st, s->id, s->documents[j].id,
						 tc_doc_kind_name(s->documents[j].kind),
						 s->documents[j].url, &id, err, sizeof(err)) < 0)
				goto fail_rb;
	}
	if (tc_store_commit(st, err, sizeof(err)) < 0)
		goto fail_rb;
	if (is_new)
		tc_debug("catalogue version %" PRId64 " recorded", version);
	return 0;
fail_rb:
	tc_store_rollback(st);
fail:
	tc_error("cannot record the catalogue in the database: %s", err);
	return -1;
}

/* 1 when the URL's host is a loopback/private address or "localhost": the catalogue
 * itself names it, so connections there are allowed for this document. */
static int url_names_private_host(const char *url)
{
	CURLU *u = curl_url();
	char *host = NULL;
	int priv = 0;

	if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK) {
		char h[256];
		size_t n = strlen(host);

		/* strip IPv6 brackets */
		if (n >= 2 && host[0] == '[' && host[n - 1] == ']')
			snprintf(h, sizeof(h), "%.*s", (int)(n - 2), host + 1);
		else
			snprintf(h, sizeof(h), "%s", host);
		priv = strcmp(h, "localhost") == 0 || tc_fetch_addr_is_private(h) == 1;
	}
	curl_free(host);
	curl_url_cleanup(u);
	return priv;
}

static int selected(const tc_pipeline_opts *po, const tc_service *s, const tc_document *d)
{
	if (!po->nonly)
		return 1;
	for (size_t i = 0; i < po->nonly; i++) {
		const char *sel = po->only[i];
		const char *slash = strchr(sel, '/');
		size_t sl = slash ? (size_t)(slash - sel) : strlen(sel);

		if (strlen(s->id) == sl && strncmp(s->id, sel, sl) == 0 &&
		    (!slash || strcmp(slash + 1, d->id) == 0))
			return 1;
	}
	return 0;
}

int tc_pipeline_check_selectors(const tc_catalog *cat, const tc_pipeline_opts *po)
{
	for (size_t i = 0; i < po->nonly; i++) {
		const char *sel = po->only[i];
		const char *slash = strchr(sel, '/');
		char *sid = tc_xstrndup(sel, slash ? (size_t)(slash - sel) : strlen(sel));
		const tc_service *s = tc_catalog_find(cat, sid);

		free(sid);
		if (!s) {
			tc_error("'%s': no such service in the catalogue", sel);
			return -1;
		}
		if (slash && !tc_service_find_doc(s, slash + 1)) {
			tc_error("'%s': service '%s' has no document '%s'", sel, s->id, slash + 1);
			return -1;
		}
	}
	return 0;
}

static void set_failure(tc_doc_result *r, const char *kind, const char *detail, int status)
{
	r->outcome = TC_OUT_FAILED;
	free(r->failure_kind);
	free(r->failure_detail);
	r->failure_kind = tc_xstrdup(kind);
	r->failure_detail = tc_xstrdup(detail);
	r->http_status = status;
}

/* The failure kind of an unusable response: http_404, timeout, challenge, ... */
static void classify_fetch_failure(const tc_fetch_response *resp, tc_doc_result *r)
{
	char kind[64];

	if ((resp->error == TC_FETCH_HTTP_4XX || resp->error == TC_FETCH_HTTP_5XX) &&
	    resp->body.len > 0) {
		/* A bot challenge or consent wall is served as 403/429/503 with a page. */
		tc_extract_opts eo = { .content_type = resp->content_type, .url = resp->final_url };
		tc_extract_result er = { 0 };

		tc_extract(resp->body.data, resp->body.len, &eo, &er);
		if (er.status == TC_EX_CHALLENGE || er.status == TC_EX_CONSENT_WALL) {
			char *d = tc_xasprintf("HTTP %ld: %s", resp->status, er.detail);

			set_failure(r, tc_extract_status_name(er.status), d, (int)resp->status);
			free(d);
			tc_extract_result_release(&er);
			return;
		}
		tc_extract_result_release(&er);
	}
	if (resp->error == TC_FETCH_HTTP_4XX || resp->error == TC_FETCH_HTTP_5XX)
		snprintf(kind, sizeof(kind), "http_%ld", resp->status);
	else
		snprintf(kind, sizeof(kind), "%s", tc_fetch_error_name(resp->error));
	set_failure(r, kind, resp->message, (int)resp->status);
	if (resp->status == 404 || resp->status == 410)
		r->moved = 1;
}

static char *blob_text(tc_store *st, const char *sha)
{
	char *data = NULL, err[256];
	size_t len = 0;

	if (!sha || tc_store_get_blob(st, sha, &data, &len, err, sizeof(err)) != TC_STORE_OK)
		return NULL;
	return data;
}

/* Re-extract a stored raw body with today's rules (baseline under new rules). */
static char *reextract_blob(tc_store *st, const tc_snapshot *s, const tc_document *d)
{
	char *raw = NULL, err[256], *text = NULL;
	size_t len = 0;
	tc_extract_opts eo = { .content_type = s->content_type, .url = s->final_url,
			       .format = d->format,
			       .select = (const char *const *)d->select, .nselect = d->nselect,
			       .remove = (const char *const *)d->remove, .nremove = d->nremove };
	tc_extract_result er = { 0 };

	if (tc_store_get_blob(st, s->raw_sha, &raw, &len, err, sizeof(err)) != TC_STORE_OK)
		return NULL;
	if (tc_extract(raw, len, &eo, &er) == 0) {
		text = er.text;
		er.text = NULL;
	}
	tc_extract_result_release(&er);
	free(raw);
	return text;
}

/* Countries the catalogue records for a service (locations, parent, entity). */
static size_t declared_countries(const tc_service *s, const char **out, size_t max)
{
	size_t n = 0;

#define ADD(c)                                                         \
	do {                                                           \
		const char *c_ = (c);                                  \
		int dup_ = 0;                                          \
		for (size_t k_ = 0; c_ && k_ < n; k_++)                \
			dup_ |= strcmp(out[k_], c_) == 0;              \
		if (c_ && !dup_ && n < max)                            \
			out[n++] = c_;                                 \
	} while (0)
	for (size_t i = 0; i < s->nlocations; i++)
		ADD(s->locations[i].country);
	for (size_t i = 0; i < s->nmechanisms; i++)
		ADD(s->mechanisms[i].country);
	ADD(s->parent_country);
	ADD(s->entity_country);
#undef ADD
	return n;
}

/*
 * What a new text means, worked out before any transaction is opened (so that the
 * database's single writer lock is held only for the inserts): the diff against the
 * old text (when there is one) and the findings (unless technical).
 */
typedef struct change_plan {
	int has_change;
	tc_change ch;           /* diff_json owned; ids filled at write time */
	tc_findings fs;
} change_plan;

static int plan_change(pipe_state *ps, job *j, const char *old_text, const char *new_text,
		       int technical, change_plan *pl, char *err, size_t errlen)
{
	const char *countries[64];
	size_t ncountries = declared_countries(j->service, countries, TC_ARRAY_LEN(countries));
	tc_findings_input in = {
		.old_text = old_text, .new_text = new_text,
		.doc_kind = tc_doc_kind_name(j->doc->kind),
		.declared = countries, .ndeclared = ncountries,
		.recorded_version = j->doc->version ? j->doc->version : j->service->dpa_version,
		.ref = ps->ref,
		.gz = ps->gz,
	};

	memset(pl, 0, sizeof(*pl));
	if (old_text) {
		tc_diff d = TC_DIFF_INIT;
		cJSON *dj;

		if (tc_diff_texts(old_text, new_text, &d, err, errlen) < 0)
			return -1;
		dj = tc_diff_to_json(&d);
		pl->has_change = 1;
		pl->ch.technical = technical;
		pl->ch.added = (int)d.added;
		pl->ch.removed = (int)d.removed;
		pl->ch.changed = (int)d.changed;
		pl->ch.diff_json = cJSON_PrintUnformatted(dj);
		cJSON_Delete(dj);
		tc_diff_release(&d);
	}
	if (!technical && tc_findings_analyse(&in, &pl->fs, err, errlen) < 0)
		return -1;
	return 0;
}

static void plan_release(change_plan *pl)
{
	free(pl->ch.diff_json);
	tc_findings_release(&pl->fs);
}

/* Write a planned change and its findings, inside the caller's transaction. */
static int write_change(pipe_state *ps, job *j, int64_t to_snap, change_plan *pl,
			char *err, size_t errlen)
{
	int64_t change_id = 0;

	if (pl->has_change) {
		pl->ch.doc = j->doc_id;
		pl->ch.run = ps->po->run_id;
		pl->ch.from_snapshot = j->base.id;
		pl->ch.to_snapshot = to_snap;
		pl->ch.detected_at = tc_now();
		if (tc_store_change_insert(ps->st, &pl->ch, &change_id, err, errlen) < 0)
			return -1;
		j->res->change_id = change_id;
	}
	for (size_t i = 0; i < pl->fs.n; i++) {
		cJSON *fj = tc_finding_to_json(&pl->fs.v[i], ps->ref);
		tc_finding_row row = { 0 };
		int64_t fid;
		int is_new, rc;

		row.doc = j->doc_id;
		row.change = change_id;
		row.run = ps->po->run_id;
		row.kind = (char *)tc_finding_kind_name(pl->fs.v[i].kind);
		row.severity = (char *)tc_finding_severity_name(pl->fs.v[i].severity);
		row.key = pl->fs.v[i].key;
		row.json = cJSON_PrintUnformatted(fj);
		row.first_seen = tc_now();
		cJSON_Delete(fj);
		rc = tc_store_finding_insert(ps->st, &row, &fid, &is_new, err, errlen);
		free(row.json);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* Store a successful fetch whose text was extracted; decide new/unchanged/changed. */
static int store_snapshot(pipe_state *ps, job *j, const tc_fetch_response *resp,
			  const char *raw_sha, const char *text, size_t text_len,
			  char *err, size_t errlen)
{
	tc_snapshot s = { 0 };
	change_plan pl = { 0 };
	char text_sha[65];
	char *old_text = NULL;
	int64_t snap_id;
	int ret = -1, plan = 0;

	tc_sha256_hex(text, text_len, text_sha);
	if (j->has_base) {
		if (j->base.extractor_version == TC_EXTRACT_VERSION)
			old_text = blob_text(ps->st, j->base.text_sha);
		else /* compare like with like: the baseline under today's rules */
			old_text = reextract_blob(ps->st, &j->base, j->doc);
	}
	if (!j->has_base) {
		j->res->outcome = TC_OUT_NEW;
		/* What the page says today, against the catalogue (no diff yet). */
		plan = 1;
		if (plan_change(ps, j, NULL, text, 0, &pl, err, errlen) < 0)
			goto out;
	} else if (old_text && strcmp(old_text, text) == 0) {
		j->res->outcome = TC_OUT_UNCHANGED;
	} else {
		j->res->outcome = TC_OUT_CHANGED;
		plan = 1;
		if (plan_change(ps, j, old_text ? old_text : "", text, 0, &pl, err, errlen) < 0)
			goto out;
	}
	s.doc = j->doc_id;
	s.run = ps->po->run_id;
	s.fetched_at = tc_now();
	s.url = j->doc->url;
	s.final_url = resp->final_url;
	s.http_status = (int)resp->status;
	s.etag = resp->etag;
	s.last_modified = resp->last_modified;
	s.content_type = resp->content_type;
	s.raw_sha = (char *)raw_sha;
	s.text_sha = text_sha;
	s.extractor_version = TC_EXTRACT_VERSION;

	write_lock(ps);
	if (tc_store_begin(ps->st, err, errlen) < 0) {
		write_unlock(ps);
		goto out;
	}
	if (tc_store_put_blob(ps->st, raw_sha, resp->body.data, resp->body.len, "raw", err, errlen) < 0 ||
	    tc_store_put_blob(ps->st, text_sha, text, text_len, "text", err, errlen) < 0 ||
	    tc_store_snapshot_insert(ps->st, &s, &snap_id, err, errlen) < 0 ||
	    (plan && write_change(ps, j, snap_id, &pl, err, errlen) < 0) ||
	    tc_store_commit(ps->st, err, errlen) < 0) {
		tc_store_rollback(ps->st);
		write_unlock(ps);
		goto out;
	}
	write_unlock(ps);
	ret = 0;
out:
	plan_release(&pl);
	free(old_text);
	return ret;
}

/* A 304, or the same raw bytes as the baseline: a snapshot confirming the baseline. */
static int store_confirmation(pipe_state *ps, job *j, const tc_fetch_response *resp,
			      char *err, size_t errlen)
{
	tc_snapshot s = j->base;
	int64_t id;
	int rc;

	s.id = 0;
	s.run = ps->po->run_id;
	s.fetched_at = tc_now();
	s.final_url = resp->final_url ? resp->final_url : j->base.final_url;
	s.http_status = (int)resp->status;
	s.not_modified = resp->not_modified;
	if (resp->etag)
		s.etag = resp->etag;
	if (resp->last_modified)
		s.last_modified = resp->last_modified;
	write_lock(ps);
	rc = tc_store_snapshot_insert(ps->st, &s, &id, err, errlen);
	write_unlock(ps);
	if (rc < 0)
		return -1;
	j->res->outcome = TC_OUT_UNCHANGED;
	return 0;
}

static void on_progress(size_t done, size_t total, size_t failed, void *arg)
{
	pipe_state *ps = arg;

	if (!ps->po->progress)
		return;
	fprintf(stderr, "\rtiacheck: fetched %zu/%zu documents, %zu failed", done, total, failed);
	ps->progress_shown = 1;
}

/* What one response means, stored through ps->st (the calling worker's connection). */
static void process_response(pipe_state *ps, size_t index, tc_fetch_response *resp)
{
	job *j = &ps->jobs[index];
	char err[512] = "";
	int rc = 0;

	if (resp->permanent_redirect && resp->permanent_location) {
		j->res->moved = 1;
		j->res->moved_to = tc_xstrdup(resp->permanent_location);
	}
	if (resp->error != TC_FETCH_OK) {
		classify_fetch_failure(resp, j->res);
	} else if (resp->not_modified) {
		if (j->has_base)
			rc = store_confirmation(ps, j, resp, err, sizeof(err));
		else
			set_failure(j->res, "other", "HTTP 304 without a stored snapshot", 304);
	} else {
		char raw_sha[65];

		tc_sha256_hex(resp->body.data ? resp->body.data : "", resp->body.len, raw_sha);
		if (j->has_base && tc_streq(raw_sha, j->base.raw_sha) &&
		    j->base.extractor_version == TC_EXTRACT_VERSION) {
			/* Same bytes: no extraction at all. */
			rc = store_confirmation(ps, j, resp, err, sizeof(err));
		} else {
			tc_extract_opts eo = {
				.content_type = resp->content_type, .url = resp->final_url,
				.format = j->doc->format,
				.select = (const char *const *)j->doc->select, .nselect = j->doc->nselect,
				.remove = (const char *const *)j->doc->remove, .nremove = j->doc->nremove,
			};
			tc_extract_result er = { 0 };

			if (tc_extract(resp->body.data ? resp->body.data : "", resp->body.len, &eo, &er) < 0)
				set_failure(j->res, tc_extract_status_name(er.status), er.detail,
					    (int)resp->status);
			else
				rc = store_snapshot(ps, j, resp, raw_sha, er.text, er.len, err, sizeof(err));
			tc_extract_result_release(&er);
		}
	}
	if (rc < 0) {
		if (ps->progress_shown)
			fputc('\n', stderr);
		tc_error("%s/%s: cannot store the snapshot: %s", j->service->id, j->doc->id, err);
		ps->res->store_failed = 1; /* only ever set to 1: a benign race */
		set_failure(j->res, "store", err, (int)resp->status);
		return;
	}
	if (j->res->outcome != TC_OUT_FAILED)
		tc_crashpoint("after-snapshot");
	if (j->res->outcome == TC_OUT_FAILED) {
		int64_t fid;

		int frc;

		write_lock(ps);
		frc = tc_store_failure_record(ps->st, j->doc_id, ps->po->run_id, tc_now(),
					      j->res->failure_kind, j->res->failure_detail,
					      j->res->http_status, j->doc->url, &fid, err, sizeof(err));
		write_unlock(ps);
		if (frc < 0) {
			tc_error("%s/%s: cannot record the failure: %s", j->service->id, j->doc->id, err);
			ps->res->store_failed = 1;
		}
	}
}

/*
 * Responses are processed (extracted, compared, stored) by worker threads, each with
 * its own database connection, so that the fetch loop never waits for that work: a
 * run over slow servers is bound by their latency, not by our CPU. The queue between
 * them is short, so memory stays flat however many documents there are.
 */
#define PIPE_QUEUE 8

typedef struct pipe_item {
	size_t index;
	tc_fetch_response resp;   /* owned copy: strings and body taken from the fetch */
} pipe_item;

typedef struct pipe_queue {
	pthread_mutex_t mu;
	pthread_cond_t not_empty, not_full;
	pipe_item *items[PIPE_QUEUE];
	size_t head, count;
	int closed;
} pipe_queue;

typedef struct pipe_worker {
	pthread_t thread;
	pipe_state *ps;
	pipe_queue *q;
	tc_store *st;
	int started;
} pipe_worker;

static void item_free(pipe_item *it)
{
	free(it->resp.final_url);
	free(it->resp.etag);
	free(it->resp.last_modified);
	free(it->resp.content_type);
	free(it->resp.permanent_location);
	tc_buf_release(&it->resp.body);
	free(it);
}

static void *worker_main(void *arg)
{
	pipe_worker *w = arg;
	pipe_state local = *w->ps;   /* the same run, through this worker's connection */

	local.st = w->st;
	for (;;) {
		pipe_item *it;

		pthread_mutex_lock(&w->q->mu);
		while (!w->q->count && !w->q->closed)
			pthread_cond_wait(&w->q->not_empty, &w->q->mu);
		if (!w->q->count) {
			pthread_mutex_unlock(&w->q->mu);
			break;
		}
		it = w->q->items[w->q->head];
		w->q->head = (w->q->head + 1) % PIPE_QUEUE;
		w->q->count--;
		pthread_cond_signal(&w->q->not_full);
		pthread_mutex_unlock(&w->q->mu);
		process_response(&local, it->index, &it->resp);
		item_free(it);
	}
	return NULL;
}

/* The fetch callback: take the response and hand it to a worker (waits while the
 * queue is full); without workers, process it here. */
static void on_done(const tc_fetch_request *req, size_t index, tc_fetch_response *resp, void *arg)
{
	pipe_state *ps = arg;
	pipe_queue *q = ps->queue;
	pipe_item *it;

	(void)req;
	if (!q) {
		process_response(ps, index, resp);
		return;
	}
	it = tc_xcalloc(1, sizeof(*it));
	it->index = index;
	it->resp = *resp;
	/* the response's strings and body now belong to the item */
	resp->final_url = resp->etag = resp->last_modified = resp->content_type = NULL;
	resp->permanent_location = NULL;
	tc_buf_init(&resp->body, 0);
	pthread_mutex_lock(&q->mu);
	while (q->count == PIPE_QUEUE)
		pthread_cond_wait(&q->not_full, &q->mu);
	q->items[(q->head + q->count) % PIPE_QUEUE] = it;
	q->count++;
	pthread_cond_signal(&q->not_empty);
	pthread_mutex_unlock(&q->mu);
}

/* How many workers: the cores, at most 4 (the store takes one writer at a time). */
static int worker_count(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 4 ? 4 : (int)n;
}

/* Start the workers; 0 when at least one runs, -1 (process inline) otherwise. */
static int workers_start(pipe_state *ps, pipe_queue *q, pipe_worker *w, int n)
{
	char err[512];
	int started = 0;

	memset(q, 0, sizeof(*q));
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->not_empty, NULL);
	pthread_cond_init(&q->not_full, NULL);
	xmlInitParser(); /* once, before threads parse */
	for (int i = 0; i < n; i++) {
		w[i].ps = ps;
		w[i].q = q;
		if (tc_store_open(ps->ctx->db_path, &w[i].st, err, sizeof(err)) < 0) {
			tc_warn("cannot open a second database connection (%s): processing "
				"documents one at a time", err);
			break;
		}
		if (pthread_create(&w[i].thread, NULL, worker_main, &w[i]) != 0) {
			tc_store_close(w[i].st);
			w[i].st = NULL;
			break;
		}
		w[i].started = 1;
		started++;
	}
	tc_debug("%d worker thread(s) extract and store documents", started);
	return started ? 0 : -1;
}

static void workers_stop(pipe_queue *q, pipe_worker *w, int n)
{
	pthread_mutex_lock(&q->mu);
	q->closed = 1;
	pthread_cond_broadcast(&q->not_empty);
	pthread_mutex_unlock(&q->mu);
	for (int i = 0; i < n; i++) {
		if (w[i].started)
			pthread_join(w[i].thread, NULL);
		tc_store_close(w[i].st);
	}
	pthread_mutex_destroy(&q->mu);
	pthread_cond_destroy(&q->not_empty);
	pthread_cond_destroy(&q->not_full);
}

static char *user_agent(const tc_ctx *ctx, const tc_catalog *cat)
{
	const char *contact = ctx->config && ctx->config->contact ? ctx->config->contact
			      : cat->org.dpo_email;

	if (contact && *contact)
		return tc_xasprintf("tiacheck/%s (+%s)", TC_VERSION, contact);
	return tc_xasprintf("tiacheck/%s", TC_VERSION);
}

int tc_pipeline_fetch(tc_ctx *ctx, const tc_refdata *ref, const tc_catalog *cat,
		      tc_store *st, const tc_pipeline_opts *po, tc_pipeline_result *res)
{
	pipe_state ps = { .ctx = ctx, .ref = ref, .cat = cat, .st = st, .po = po, .res = res };
	pipe_queue queue;
	pthread_mutex_t write_mu = PTHREAD_MUTEX_INITIALIZER;
	pipe_worker *workers = NULL;
	int nworkers = 0;
	long frc;
	tc_fetch_request *reqs = NULL;
	tc_fetch_options fo;
	const tc_config *cfg = ctx->config;
	char err[512], *ua = NULL;
	size_t n = 0;
	int ret = -1;

	memset(res, 0, sizeof(*res));
	if (tc_pipeline_check_selectors(cat, po) < 0)
		return -1;
	ps.gz = load_gazetteer(cat);
	if (!ps.gz)
		return -1;
	for (size_t i = 0; i < cat->nservices; i++)
		for (size_t k = 0; k < cat->services[i].ndocuments; k++)
			n += selected(po, &cat->services[i], &cat->services[i].documents[k]);
	res->docs = tc_xcalloc(n, sizeof(*res->docs));
	ps.jobs = tc_xcalloc(n, sizeof(*ps.jobs));
	reqs = tc_xcalloc(n, sizeof(*reqs));
	for (size_t i = 0; i < cat->nservices; i++) {
		const tc_service *s = &cat->services[i];

		for (size_t k = 0; k < s->ndocuments; k++) {
			const tc_document *d = &s->documents[k];
			job *j = &ps.jobs[ps.njobs];
			int rc;

			if (!selected(po, s, d))
				continue;
			j->service = s;
			j->doc = d;
			j->res = &res->docs[ps.njobs];
			j->res->service = s;
			j->res->doc = d;
			if (tc_store_document_id(st, s->id, d->id, tc_doc_kind_name(d->kind), d->url,
						 &j->doc_id, err, sizeof(err)) < 0) {
				tc_error("cannot register %s/%s: %s", s->id, d->id, err);
				goto out;
			}
			j->res->doc_id = j->doc_id;
			rc = tc_store_snapshot_last_good(st, j->doc_id, &j->base, err, sizeof(err));
			if (rc < 0) {
				tc_error("cannot read the last snapshot of %s/%s: %s", s->id, d->id, err);
				goto out;
			}
			j->has_base = rc == TC_STORE_OK;
			reqs[ps.njobs].url = d->url;
			/* The conditional GET only pays when the baseline was made by these rules. */
			if (j->has_base && j->base.extractor_version == TC_EXTRACT_VERSION) {
				reqs[ps.njobs].etag = j->base.etag;
				reqs[ps.njobs].last_modified = j->base.last_modified;
			}
			reqs[ps.njobs].allow_private = url_names_private_host(d->url);
			ps.njobs++;
		}
	}
	res->n = ps.njobs;

	tc_fetch_options_init(&fo);
	fo.max_parallel = cfg->parallel;
	fo.per_host = cfg->per_host;
	fo.connect_timeout_ms = (long)cfg->connect_timeout * 1000;
	fo.timeout_ms = (long)cfg->timeout * 1000;
	fo.max_body = (size_t)cfg->max_body;
	fo.max_redirects = cfg->max_redirects;
	fo.retries = cfg->retries;
	fo.retry_delay_ms = cfg->retry_delay_ms;
	fo.fail_other_site = 1;
	ua = user_agent(ctx, cat);
	fo.user_agent = ua;
	fo.stop = po->stop;
	fo.on_done = on_done;
	fo.on_progress = on_progress;
	fo.arg = &ps;
	nworkers = worker_count();
	workers = tc_xcalloc((size_t)nworkers, sizeof(*workers));
	ps.queue = &queue; /* before the workers copy ps */
	ps.write_mu = &write_mu;
	if (workers_start(&ps, &queue, workers, nworkers) < 0)
		ps.queue = NULL; /* no worker runs: process in the callback */
	frc = tc_fetch_run(reqs, ps.njobs, &fo, err, sizeof(err));
	workers_stop(&queue, workers, nworkers);
	ps.queue = NULL;
	ps.write_mu = NULL;
	if (frc < 0) {
		tc_error("cannot start fetching: %s", err);
		goto out;
	}
	if (ps.progress_shown)
		fputc('\n', stderr);
	for (size_t i = 0; i < res->n; i++) {
		switch (res->docs[i].outcome) {
		case TC_OUT_NEW: res->nnew++; break;
		case TC_OUT_UNCHANGED: res->nunchanged++; break;
		case TC_OUT_CHANGED: res->nchanged++; break;
		case TC_OUT_FAILED: res->nfailed++; break;
		}
	}
	ret = 0;
out:
	for (size_t i = 0; i < ps.njobs; i++)
		if (ps.jobs[i].has_base)
			tc_snapshot_release(&ps.jobs[i].base);
	free(ps.jobs);
	free(reqs);
	free(ua);
	free(workers);
	tc_gazetteer_free(ps.gz);
	return ret;
}

/*
 * Re-extract one document's baseline with today's rules. When the text differs, the
 * new text becomes the baseline through a snapshot of the same raw body and a change
 * marked technical (no finding, no alert).
 */
static int reextract_one(pipe_state *ps, job *j, int *changed, char *err, size_t errlen)
{
	char *text = reextract_blob(ps->st, &j->base, j->doc);
	char *old_text = NULL, sha[65];
	change_plan pl = { 0 };
	tc_snapshot s;
	int64_t id;
	int ret = -1;

	*changed = 0;
	if (!text) {
		tc_seterr(err, errlen, "the stored raw body no longer extracts with today's rules");
		return -1;
	}
	tc_sha256_hex(text, strlen(text), sha);
	if (tc_streq(sha, j->base.text_sha)) {
		ret = j->base.extractor_version == TC_EXTRACT_VERSION ? 0
		      : tc_store_snapshot_set_text(ps->st, j->base.id, sha, TC_EXTRACT_VERSION, err, errlen);
		free(text);
		return ret < 0 ? -1 : 0;
	}
	old_text = blob_text(ps->st, j->base.text_sha);
	s = j->base;
	s.id = 0;
	s.run = ps->po->run_id;
	s.fetched_at = tc_now();
	s.text_sha = sha;
	s.extractor_version = TC_EXTRACT_VERSION;
	s.not_modified = 0;
	if (plan_change(ps, j, old_text ? old_text : "", text, 1, &pl, err, errlen) < 0 ||
	    tc_store_begin(ps->st, err, errlen) < 0)
		goto out;
	if (tc_store_put_blob(ps->st, sha, text, strlen(text), "text", err, errlen) < 0 ||
	    tc_store_snapshot_insert(ps->st, &s, &id, err, errlen) < 0 ||
	    write_change(ps, j, id, &pl, err, errlen) < 0 ||
	    tc_store_commit(ps->st, err, errlen) < 0) {
		tc_store_rollback(ps->st);
		goto out;
	}
	*changed = 1;
	ret = 0;
out:
	plan_release(&pl);
	free(old_text);
	free(text);
	return ret;
}

int tc_pipeline_reextract(tc_ctx *ctx, const tc_catalog *cat, tc_store *st,
			  const tc_pipeline_opts *po, size_t *ndocs, size_t *nchanged)
{
	pipe_state ps = { .ctx = ctx, .cat = cat, .st = st, .po = po };
	tc_doc_result dummy = { 0 };
	char err[512];
	int ret = 0;

	*ndocs = *nchanged = 0;
	if (tc_pipeline_check_selectors(cat, po) < 0)
		return -1;
	for (size_t i = 0; i < cat->nservices; i++) {
		const tc_service *s = &cat->services[i];

		for (size_t k = 0; k < s->ndocuments; k++) {
			job j = { .service = s, .doc = &s->documents[k], .res = &dummy };
			int rc, changed = 0;

			if (!selected(po, s, j.doc))
				continue;
			if (tc_store_document_id(st, s->id, j.doc->id, tc_doc_kind_name(j.doc->kind),
						 j.doc->url, &j.doc_id, err, sizeof(err)) < 0)
				goto fail;
			rc = tc_store_snapshot_last_good(st, j.doc_id, &j.base, err, sizeof(err));
			if (rc == TC_STORE_NOTFOUND)
				continue;
			if (rc < 0)
				goto fail;
			j.has_base = 1;
			(*ndocs)++;
			if (reextract_one(&ps, &j, &changed, err, sizeof(err)) < 0) {
				tc_error("%s/%s: %s", s->id, j.doc->id, err);
				ret = -1;
			} else if (changed) {
				(*nchanged)++;
				printf("technical change %" PRId64 "  %s/%s  (new extraction rules; no alert)\n",
				       dummy.change_id, s->id, j.doc->id);
			}
			tc_snapshot_release(&j.base);
		}
	}
	return ret;
fail:
	tc_error("cannot read the database: %s", err);
	return -1;
}

void tc_pipeline_result_release(tc_pipeline_result *res)
{
	for (size_t i = 0; i < res->n; i++) {
		free(res->docs[i].failure_kind);
		free(res->docs[i].failure_detail);
		free(res->docs[i].moved_to);
	}
	free(res->docs);
	memset(res, 0, sizeof(*res));
}

int tc_pipeline_fourth_party(const tc_catalog *cat, const tc_refdata *ref, tc_store *st,
			     tc_flows *flows)
{
	tc_gazetteer *gz = load_gazetteer(cat);
	char err[512];
	int ret = 0;

	if (!gz)
		return -1;
	for (size_t i = 0; i < cat->nservices && ret == 0; i++) {
		const tc_service *s = &cat->services[i];

		for (size_t k = 0; k < s->ndocuments && ret == 0; k++) {
			const tc_document *d = &s->documents[k];
			tc_doc_row row = { 0 };
			tc_snapshot snap = { 0 };
			tc_subproc_list list = TC_SUBPROC_LIST_INIT;
			char *text = NULL;
			int rc;

			if (d->kind != TC_DOC_SUBPROCESSORS)
				continue;
			rc = tc_store_document_find(st, s->id, d->id, &row, err, sizeof(err));
			if (rc == TC_STORE_OK)
				rc = tc_store_snapshot_last_good(st, row.id, &snap, err, sizeof(err));
			if (rc == TC_STORE_OK)
				text = blob_text(st, snap.text_sha);
			if (rc < 0) {
				tc_error("cannot read the sub-processor list of %s/%s: %s", s->id, d->id, err);
				ret = -1;
			} else if (text && tc_findings_subprocessors(gz, text, &list, err, sizeof(err)) == 0) {
				for (size_t r = 0; r < list.nrows; r++) {
					const tc_subproc_row *sr = &list.rows[r];

					if (sr->ncountries == 0)
						continue;
					tc_flows_add_subprocessor(flows, cat, ref, s->id, sr->entity,
								  (const char *const *)sr->countries,
								  sr->ncountries, tc_now());
				}
			}
			tc_subproc_list_release(&list);
			free(text);
			tc_snapshot_release(&snap);
			tc_doc_row_release(&row);
		}
	}
	tc_gazetteer_free(gz);
	return ret;
}

int tc_pipeline_stored_fourth_party(tc_ctx *ctx, const tc_catalog *cat, const tc_refdata *ref,
				    tc_flows *flows)
{
	tc_store *st;
	int rc;

	if (access(ctx->db_path, F_OK) != 0)
		return 0; /* nothing fetched yet: no published lists to add */
	st = tc_pipeline_open_store(ctx);
	if (!st)
		return -1;
	rc = tc_pipeline_fourth_party(cat, ref, st, flows);
	tc_store_close(st);
	return rc;
}

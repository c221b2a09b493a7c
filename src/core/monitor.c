/*
 * monitor: what one fetched response means (see include/tiacheck/monitor.h for the
 * flow): classify failures, extract, compare with the baseline, store. Never prints.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "tiacheck/diff.h"
#include "tiacheck/extract.h"
#include "tiacheck/findings.h"
#include "tiacheck/utf8.h"
#include "tiacheck/util.h"

#include "monitor_int.h"

double tc_mon_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void tc_mon_event(mon_state *ps, enum tc_monitor_event_kind kind, const tc_doc_result *doc,
		  const char *message)
{
	tc_monitor_event ev = { .kind = kind, .doc = doc, .message = message };

	if (!ps->mo->on_event)
		return;
	if (ps->event_mu)
		pthread_mutex_lock(ps->event_mu);
	ps->mo->on_event(&ev, ps->mo->arg);
	if (ps->event_mu)
		pthread_mutex_unlock(ps->event_mu);
}

/* Our workers take turns to write: waiting on a mutex costs nothing, while SQLite's
 * busy handler would sleep in steps of milliseconds. Returns the start time. */
static double write_lock(mon_state *ps)
{
	if (ps->write_mu)
		pthread_mutex_lock(ps->write_mu);
	return tc_mon_clock();
}

static void write_unlock(mon_state *ps, double t0)
{
	ps->t.store += tc_mon_clock() - t0;
	ps->t.store_writes++;
	if (ps->write_mu)
		pthread_mutex_unlock(ps->write_mu);
}

static void hash_hex(mon_state *ps, const void *data, size_t len, char out[65])
{
	double t0 = tc_mon_clock();

	tc_sha256_hex(data, len, out);
	ps->t.hash += tc_mon_clock() - t0;
}

static int extract_timed(mon_state *ps, const char *body, size_t len, const tc_extract_opts *eo,
			 tc_extract_result *er)
{
	double t0 = tc_mon_clock();
	int rc = tc_extract(body, len, eo, er);

	ps->t.extract += tc_mon_clock() - t0;
	return rc;
}

int tc_mon_selected(const tc_monitor_opts *mo, const tc_service *s, const tc_document *d)
{
	if (!mo->nonly)
		return 1;
	for (size_t i = 0; i < mo->nonly; i++) {
		const char *sel = mo->only[i];
		const char *slash = strchr(sel, '/');
		size_t sl = slash ? (size_t)(slash - sel) : strlen(sel);

		if (strlen(s->id) == sl && strncmp(s->id, sel, sl) == 0 &&
		    (!slash || strcmp(slash + 1, d->id) == 0))
			return 1;
	}
	return 0;
}

void tc_mon_doc_opts(const tc_document *d, tc_extract_opts *eo)
{
	eo->format = d->format;
	eo->select = (const char *const *)d->select;
	eo->nselect = d->nselect;
	eo->remove = (const char *const *)d->remove;
	eo->nremove = d->nremove;
	eo->ignore = (const char *const *)d->ignore;
	eo->nignore = d->nignore;
	eo->min_chars = d->min_chars;
}

static void set_failure(tc_doc_result *r, const char *kind, const char *detail, int status)
{
	r->outcome = TC_OUT_FAILED;
	free(r->failure_kind);
	free(r->failure_detail);
	r->failure_kind = tc_xstrdup(kind);
	r->failure_detail = tc_xstrdup(detail);
	r->http_status = status;
	r->chars = -1;
	r->min_chars = 0;
}

/* An extraction failure, with the characters of text and the minimum that applied. */
static void set_extract_failure(tc_doc_result *r, const tc_extract_result *er, int status)
{
	set_failure(r, tc_extract_status_name(er->status), er->detail, status);
	if (er->status >= TC_EX_EMPTY && er->status <= TC_EX_CONSENT_WALL)
		r->chars = (int)er->chars;
	if (er->status == TC_EX_TOO_SMALL || er->status == TC_EX_EMPTY)
		r->min_chars = er->min_chars;
}

/* The failure kind of an unusable response: http_404, timeout, challenge, ... */
static void classify_fetch_failure(mon_state *ps, const tc_fetch_response *resp, tc_doc_result *r)
{
	char kind[64];

	if ((resp->error == TC_FETCH_HTTP_4XX || resp->error == TC_FETCH_HTTP_5XX) &&
	    resp->body.len > 0) {
		/* A bot challenge or consent wall is served as 403/429/503 with a page. */
		tc_extract_opts eo = { .content_type = resp->content_type, .url = resp->final_url };
		tc_extract_result er = { 0 };

		extract_timed(ps, resp->body.data, resp->body.len, &eo, &er);
		if (er.status == TC_EX_CHALLENGE || er.status == TC_EX_CONSENT_WALL) {
			char *d = tc_xasprintf("HTTP %ld: %s", resp->status, er.detail);

			set_extract_failure(r, &er, (int)resp->status);
			free(r->failure_detail);
			r->failure_detail = d;
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

/* The stored text of a blob (owned), or NULL with err filled. */
static char *blob_text(tc_store *st, const char *sha, char *err, size_t errlen)
{
	char *data = NULL;
	size_t len = 0;
	int rc;

	if (!sha) {
		tc_seterr(err, errlen, "the snapshot has no text");
		return NULL;
	}
	rc = tc_store_get_blob(st, sha, &data, &len, err, errlen);
	if (rc == TC_STORE_NOTFOUND)
		tc_seterr(err, errlen, "text %.12s is missing from the database", sha);
	return rc == TC_STORE_OK ? data : NULL;
}

/* Re-extract a stored raw body with today's rules (baseline under new rules); NULL
 * with err filled when it cannot be read or no longer extracts. */
static char *reextract_blob(mon_state *ps, const tc_snapshot *s, const tc_document *d,
			    char *err, size_t errlen)
{
	char *raw = NULL, *text = NULL;
	size_t len = 0;
	tc_extract_opts eo = { .content_type = s->content_type, .url = s->final_url, .gz = ps->gz };
	tc_extract_result er = { 0 };
	int rc = tc_store_get_blob(ps->st, s->raw_sha, &raw, &len, err, errlen);

	tc_mon_doc_opts(d, &eo);
	if (rc != TC_STORE_OK) {
		if (rc == TC_STORE_NOTFOUND)
			tc_seterr(err, errlen, "raw body %.12s is missing from the database",
				  s->raw_sha ? s->raw_sha : "?");
		return NULL;
	}
	if (extract_timed(ps, raw, len, &eo, &er) == 0) {
		text = er.text;
		er.text = NULL;
	} else {
		tc_seterr(err, errlen, "it no longer extracts with today's rules: %s: %s",
			  tc_extract_status_name(er.status), er.detail);
	}
	tc_extract_result_release(&er);
	free(raw);
	return text;
}

/* The baseline's text as today's rules see it (owned), or NULL with err filled. */
static char *baseline_text(mon_state *ps, const mon_job *j, char *err, size_t errlen)
{
	char why[384];
	char *text;

	if (j->base.extractor_version == TC_EXTRACT_VERSION && !j->rules_stale) {
		text = blob_text(ps->st, j->base.text_sha, why, sizeof(why));
	} else { /* compare like with like: the baseline under today's rules */
		tc_snapshot full;
		int rc = tc_store_snapshot_get(ps->st, j->base.id, &full, why, sizeof(why));

		text = NULL;
		if (rc == TC_STORE_NOTFOUND)
			snprintf(why, sizeof(why), "the snapshot is missing");
		if (rc == TC_STORE_OK) {
			text = reextract_blob(ps, &full, j->doc, why, sizeof(why));
			tc_snapshot_release(&full);
		}
	}
	if (!text)
		tc_seterr(err, errlen, "the baseline (snapshot %" PRId64 ") cannot be read: %s; "
			  "it stays in force, nothing was compared", j->base.id, why);
	return text;
}

/* Countries the catalogue records for a service (locations, parent, entity). */
static size_t declared_countries(const tc_service *s, const char **out, size_t max)
{
	const char *cand[256];
	size_t nc = 0, n = 0;

	for (size_t i = 0; i < s->nlocations && nc < TC_ARRAY_LEN(cand); i++)
		cand[nc++] = s->locations[i].country;
	for (size_t i = 0; i < s->nmechanisms && nc < TC_ARRAY_LEN(cand); i++)
		cand[nc++] = s->mechanisms[i].country;
	if (nc < TC_ARRAY_LEN(cand))
		cand[nc++] = s->parent_country;
	if (nc < TC_ARRAY_LEN(cand))
		cand[nc++] = s->entity_country;
	for (size_t i = 0; i < nc && n < max; i++) {
		int dup = !cand[i];

		for (size_t k = 0; !dup && k < n; k++)
			dup = strcmp(out[k], cand[i]) == 0;
		if (!dup)
			out[n++] = cand[i];
	}
	return n;
}

/*
 * What a new text means, worked out before any transaction is opened (so that the
 * database's single writer lock is held only for the inserts): the diff against the
 * old text (when there is one) and the findings (unless technical).
 */
typedef struct change_plan {
	int has_change;
	tc_change ch;           /* diff_json owned (cJSON_free); ids filled at write time */
	tc_findings fs;
	const char *change_class;   /* NULL: substantive */
	const char *class_reason;
} change_plan;

static int plan_change(mon_state *ps, mon_job *j, const char *old_text, const char *new_text,
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
		.subjects = (const char *const *)j->service->subjects,
		.nsubjects = j->service->nsubjects,
	};
	double t0 = tc_mon_clock();
	tc_diff d = TC_DIFF_INIT;
	int ret = -1;

	memset(pl, 0, sizeof(*pl));
	if (old_text) {
		cJSON *dj;

		if (tc_diff_texts(old_text, new_text, &d, err, errlen) < 0)
			goto out;
		dj = tc_diff_to_json(&d);
		pl->has_change = 1;
		pl->ch.technical = technical;
		pl->ch.added = (int)d.added;
		pl->ch.removed = (int)d.removed;
		pl->ch.changed = (int)d.changed;
		pl->ch.diff_json = cJSON_PrintUnformatted(dj);
		cJSON_Delete(dj);
		in.diff = &d;   /* the analysis marks the changed lines from the same diff */
	}
	if (!technical && tc_findings_analyse(&in, &pl->fs, err, errlen) < 0)
		goto out;
	ret = 0;
out:
	tc_diff_release(&d);
	ps->t.compare += tc_mon_clock() - t0;
	return ret;
}

static void plan_release(change_plan *pl)
{
	cJSON_free(pl->ch.diff_json);
	pl->ch.diff_json = NULL;
	tc_findings_release(&pl->fs);
}

/* Write a planned change and its findings, inside the caller's transaction. */
static int write_change(mon_state *ps, mon_job *j, int64_t to_snap, change_plan *pl,
			char *err, size_t errlen)
{
	int64_t change_id = 0;

	if (pl->has_change) {
		pl->ch.doc = j->doc_id;
		pl->ch.run = ps->mo->run_id;
		pl->ch.from_snapshot = j->base.id;
		pl->ch.to_snapshot = to_snap;
		pl->ch.detected_at = tc_now();
		if (tc_store_change_insert(ps->st, &pl->ch, &change_id, err, errlen) < 0 ||
		    (pl->change_class &&
		     tc_store_change_set_class(ps->st, change_id, pl->change_class, pl->class_reason,
					       err, errlen) < 0))
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
		row.run = ps->mo->run_id;
		row.kind = (char *)tc_finding_kind_name(pl->fs.v[i].kind);
		row.severity = (char *)tc_finding_severity_name(pl->fs.v[i].severity);
		row.key = pl->fs.v[i].key;
		row.json = cJSON_PrintUnformatted(fj);
		row.first_seen = tc_now();
		cJSON_Delete(fj);
		rc = tc_store_finding_insert(ps->st, &row, &fid, &is_new, err, errlen);
		cJSON_free(row.json);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* Insert a snapshot with the text rules it was made with (inside a transaction). */
static int insert_snapshot(mon_state *ps, const tc_snapshot *s, const char *rules_sha,
			   int64_t *id, char *err, size_t errlen)
{
	if (tc_store_snapshot_insert(ps->st, s, id, err, errlen) < 0)
		return -1;
	if (rules_sha && *rules_sha &&
	    tc_store_snapshot_set_rules(ps->st, *id, rules_sha, err, errlen) < 0)
		return -1;
	return 0;
}

/* Snapshot, blobs and change in one transaction. */
static int write_snapshot(mon_state *ps, mon_job *j, const tc_fetch_response *resp,
			  tc_snapshot *s, const char *text, size_t text_len, change_plan *pl,
			  char *err, size_t errlen)
{
	double t0 = write_lock(ps);
	int64_t snap_id;
	int ret = -1;

	if (tc_store_begin(ps->st, err, errlen) < 0)
		goto out;
	if (tc_store_put_version(ps->st, j->doc_id, s->raw_sha, resp->body.data, resp->body.len,
				 "raw", NULL, err, errlen) < 0 ||
	    tc_store_put_version(ps->st, j->doc_id, s->text_sha, text, text_len, "text",
				 s->raw_sha, err, errlen) < 0 ||
	    insert_snapshot(ps, s, j->rules_sha, &snap_id, err, errlen) < 0 ||
	    (pl && write_change(ps, j, snap_id, pl, err, errlen) < 0) ||
	    tc_store_commit(ps->st, err, errlen) < 0) {
		tc_store_rollback(ps->st);
		goto out;
	}
	ret = 0;
out:
	write_unlock(ps, t0);
	return ret;
}

/* How many earlier versions a change is compared with (variant flip-flop). */
#define MON_RECENT_VERSIONS 8

/* What kind of change old -> new is: cosmetic (link targets added, a volatile stamp,
 * back to one of the document's recent versions) or substantive. A store that cannot
 * list the recent versions only loses the flip-flop test. */
static tc_change_class classify_change(mon_state *ps, mon_job *j, const char *old_text,
				       const char *new_text)
{
	char **recent = NULL, why[256];
	size_t n = 0;
	double t0 = tc_mon_clock();
	tc_change_class cc;

	if (tc_store_recent_texts(ps->st, j->doc_id, j->base.text_sha, MON_RECENT_VERSIONS,
				  &recent, &n, why, sizeof(why)) < 0)
		n = 0;
	cc = tc_diff_classify(old_text, new_text, (const char *const *)recent, n);
	for (size_t i = 0; i < n; i++)
		free(recent[i]);
	free(recent);
	ps->t.compare += tc_mon_clock() - t0;
	return cc;
}

/* Store a successful fetch whose text was extracted; decide new/unchanged/changed.
 * A baseline that cannot be read is a failure "baseline_unreadable" (returns 0). */
static int store_snapshot(mon_state *ps, mon_job *j, const tc_fetch_response *resp,
			  const char *raw_sha, const char *text, size_t text_len,
			  char *err, size_t errlen)
{
	tc_snapshot s = { 0 };
	change_plan pl = { 0 };
	char text_sha[65];
	char *old_text = NULL;
	int ret = -1, plan = 0;

	hash_hex(ps, text, text_len, text_sha);
	if (j->has_base) {
		old_text = baseline_text(ps, j, err, errlen);
		if (!old_text) {
			set_failure(j->res, "baseline_unreadable", err, (int)resp->status);
			err[0] = '\0';
			return 0;
		}
	}
	if (!j->has_base) {
		j->res->outcome = TC_OUT_NEW;
		/* What the page says today, against the catalogue (no diff yet). */
		plan = 1;
		if (plan_change(ps, j, NULL, text, 0, &pl, err, errlen) < 0)
			goto out;
	} else if (strcmp(old_text, text) == 0) {
		j->res->outcome = TC_OUT_UNCHANGED;
	} else {
		tc_change_class cc = classify_change(ps, j, old_text, text);
		int cosmetic = cc.kind == TC_CHANGE_COSMETIC;

		j->res->outcome = cosmetic ? TC_OUT_UNCHANGED : TC_OUT_CHANGED;
		plan = 1;
		if (plan_change(ps, j, old_text, text, cosmetic, &pl, err, errlen) < 0)
			goto out;
		if (cosmetic) {
			pl.change_class = "cosmetic";
			pl.class_reason = tc_change_reason_name(cc.reason);
		}
	}
	s.doc = j->doc_id;
	s.run = ps->mo->run_id;
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
	ret = write_snapshot(ps, j, resp, &s, text, text_len, plan ? &pl : NULL, err, errlen);
out:
	plan_release(&pl);
	free(old_text);
	return ret;
}

/* A confirmation held back for the next batch: what differs from the baseline. */
struct mon_confirm {
	size_t index;              /* the job */
	time_t fetched_at;
	char *final_url, *etag, *last_modified;   /* owned; NULL: the baseline's */
	int http_status, not_modified;
};

/* How many confirmations one transaction writes. */
#define MON_CONFIRM_BATCH 128

static void confirm_release(struct mon_confirm *c)
{
	free(c->final_url);
	free(c->etag);
	free(c->last_modified);
}

void tc_mon_flush(mon_state *ps)
{
	char err[512] = "";
	double t0;
	int rc;

	if (!ps->nconfirm)
		return;
	t0 = write_lock(ps);
	rc = tc_store_begin(ps->st, err, sizeof(err));
	for (size_t i = 0; i < ps->nconfirm && rc == 0; i++) {
		const struct mon_confirm *c = &ps->confirm[i];
		const mon_job *j = &ps->jobs[c->index];
		int64_t id;

		rc = tc_store_snapshot_confirm(ps->st, j->base.id, ps->mo->run_id, c->fetched_at,
					       c->final_url, c->http_status, c->etag,
					       c->last_modified, c->not_modified, j->rules_sha, &id,
					       err, sizeof(err));
	}
	if (rc == 0)
		rc = tc_store_commit(ps->st, err, sizeof(err));
	if (rc < 0)
		tc_store_rollback(ps->st);
	write_unlock(ps, t0);
	for (size_t i = 0; i < ps->nconfirm; i++) {
		mon_job *j = &ps->jobs[ps->confirm[i].index];

		if (rc < 0) {
			char *msg = tc_xasprintf("cannot store the snapshot: %s", err);

			ps->store_failed = 1;
			set_failure(j->res, "store", err, ps->confirm[i].http_status);
			tc_mon_event(ps, TC_MON_DOC_ERROR, j->res, msg);
			free(msg);
		}
		confirm_release(&ps->confirm[i]);
	}
	free(ps->confirm);
	ps->confirm = NULL;
	ps->nconfirm = 0;
}

/* A 304, or the same raw bytes as the baseline: a snapshot confirming the baseline,
 * held for the next batch (tc_mon_flush). */
static int store_confirmation(mon_state *ps, mon_job *j, const tc_fetch_response *resp)
{
	struct mon_confirm *c;

	if (!ps->confirm)
		ps->confirm = tc_xcalloc(MON_CONFIRM_BATCH, sizeof(*ps->confirm));
	c = &ps->confirm[ps->nconfirm++];
	c->index = (size_t)(j - ps->jobs);
	c->fetched_at = tc_now();
	c->final_url = tc_xstrdup(resp->final_url);
	c->etag = tc_xstrdup(resp->etag);
	c->last_modified = tc_xstrdup(resp->last_modified);
	c->http_status = (int)resp->status;
	c->not_modified = resp->not_modified;
	j->res->outcome = TC_OUT_UNCHANGED;
	if (ps->nconfirm == MON_CONFIRM_BATCH)
		tc_mon_flush(ps);
	return 0;
}

/* A successful response (not 304): same bytes, or extract and compare. */
static int process_body(mon_state *ps, mon_job *j, const tc_fetch_response *resp,
			char *err, size_t errlen)
{
	tc_extract_opts eo = { .content_type = resp->content_type, .url = resp->final_url,
			       .gz = ps->gz };
	tc_extract_result er = { 0 };
	const char *body = resp->body.data ? resp->body.data : "";
	char raw_sha[65];
	int rc = 0;

	tc_mon_doc_opts(j->doc, &eo);
	if (j->has_base && !j->base.raw_sha) {
		/* the run kept only the baseline's id and validators: its whole row now */
		tc_snapshot full;
		int grc = tc_store_snapshot_get(ps->st, j->base.id, &full, err, errlen);

		if (grc != TC_STORE_OK) {
			if (grc == TC_STORE_NOTFOUND)
				tc_seterr(err, errlen, "snapshot %" PRId64 " is missing", j->base.id);
			set_failure(j->res, "baseline_unreadable", err, (int)resp->status);
			err[0] = '\0';
			return 0;
		}
		tc_snapshot_release(&j->base);
		j->base = full;
	}
	hash_hex(ps, body, resp->body.len, raw_sha);
	if (j->has_base && tc_streq(raw_sha, j->base.raw_sha) &&
	    j->base.extractor_version == TC_EXTRACT_VERSION && !j->rules_stale)
		return store_confirmation(ps, j, resp); /* no extraction at all */
	if (extract_timed(ps, body, resp->body.len, &eo, &er) < 0 && er.status == TC_EX_TOO_SMALL &&
	    j->has_base && !eo.min_chars) {
		/* "too little" is relative to the document: its last good text */
		char why[256], *old = blob_text(ps->st, j->base.text_sha, why, sizeof(why));

		if (old) {
			eo.last_len = tc_utf8_count(old, strlen(old));
			tc_extract_result_release(&er);
			extract_timed(ps, body, resp->body.len, &eo, &er);
		}
		free(old);
	}
	if (er.status != TC_EX_OK)
		set_extract_failure(j->res, &er, (int)resp->status);
	else
		rc = store_snapshot(ps, j, resp, raw_sha, er.text, er.len, err, errlen);
	tc_extract_result_release(&er);
	return rc;
}

/* Record the failure of j (a failure row; the baseline stands). */
static void record_failure(mon_state *ps, mon_job *j)
{
	char err[512], *msg;
	int64_t fid;
	double t0 = write_lock(ps);
	int frc = tc_store_failure_record(ps->st, j->doc_id, ps->mo->run_id, tc_now(),
					  j->res->failure_kind, j->res->failure_detail,
					  j->res->http_status, j->doc->url, &fid, err, sizeof(err));

	write_unlock(ps, t0);
	if (frc < 0) {
		ps->store_failed = 1;
		msg = tc_xasprintf("cannot record the failure: %s", err);
		tc_mon_event(ps, TC_MON_DOC_ERROR, j->res, msg);
		free(msg);
	}
}

/* A document's response is processed: its baseline's strings are freed (a run of
 * 100,000 documents would otherwise hold them all to the end); its id stays, for a
 * confirmation written in a later batch. */
static void job_done(mon_job *j)
{
	int64_t id = j->base.id;

	tc_snapshot_release(&j->base);
	j->base.id = id;
}

/* What one response means, stored through ps->st (the calling worker's connection). */
void tc_mon_process_response(mon_state *ps, size_t index, tc_fetch_response *resp)
{
	mon_job *j = &ps->jobs[index];
	char err[512] = "", *msg;
	int rc = 0;

	ps->t.docs++;
	if (resp->permanent_redirect && resp->permanent_location) {
		j->res->moved = 1;
		j->res->moved_to = tc_xstrdup(resp->permanent_location);
	}
	if (resp->error != TC_FETCH_OK)
		classify_fetch_failure(ps, resp, j->res);
	else if (!resp->not_modified)
		rc = process_body(ps, j, resp, err, sizeof(err));
	else if (j->has_base)
		rc = store_confirmation(ps, j, resp);
	else
		set_failure(j->res, "other", "HTTP 304 without a stored snapshot", 304);
	if (rc < 0) {
		ps->store_failed = 1;
		msg = tc_xasprintf("cannot store the snapshot: %s", err);
		set_failure(j->res, "store", err, (int)resp->status);
		tc_mon_event(ps, TC_MON_DOC_ERROR, j->res, msg);
		free(msg);
		job_done(j);
		return;
	}
	if (j->res->outcome != TC_OUT_FAILED)
		tc_crashpoint("after-snapshot");
	else
		record_failure(ps, j);
	job_done(j);
}

/*
 * Re-extract one document's baseline with today's rules. When the text differs, the
 * new text becomes the baseline through a snapshot of the same raw body and a change
 * marked technical (no finding, no alert). A baseline text that cannot be read is an
 * error: nothing is compared against an empty text.
 */
int tc_mon_reextract_one(mon_state *ps, mon_job *j, int *changed, char *err, size_t errlen)
{
	char *text = NULL, *old_text = NULL, sha[65];
	change_plan pl = { 0 };
	tc_snapshot s, full; /* the baseline's whole row (a run keeps less of it) */
	int64_t id;
	int ret = -1;

	*changed = 0;
	{
		int rc = tc_store_snapshot_get(ps->st, j->base.id, &full, err, errlen);

		if (rc == TC_STORE_NOTFOUND)
			tc_seterr(err, errlen, "snapshot %" PRId64 " is missing", j->base.id);
		if (rc != TC_STORE_OK)
			return -1;
	}
	text = reextract_blob(ps, &full, j->doc, err, errlen);
	if (!text) {
		tc_snapshot_release(&full);
		return -1;
	}
	hash_hex(ps, text, strlen(text), sha);
	if (tc_streq(sha, full.text_sha)) {
		ret = full.extractor_version == TC_EXTRACT_VERSION ? 0
		      : tc_store_snapshot_set_text(ps->st, j->base.id, sha, TC_EXTRACT_VERSION, err, errlen);
		if (ret == 0)
			ret = tc_store_snapshot_set_rules(ps->st, j->base.id, j->rules_sha, err, errlen);
		free(text);
		tc_snapshot_release(&full);
		return ret < 0 ? -1 : 0;
	}
	old_text = blob_text(ps->st, full.text_sha, err, errlen);
	if (!old_text)
		goto out;
	s = full;
	s.id = 0;
	s.run = ps->mo->run_id;
	s.fetched_at = tc_now();
	s.text_sha = sha;
	s.extractor_version = TC_EXTRACT_VERSION;
	s.not_modified = 0;
	if (plan_change(ps, j, old_text, text, 1, &pl, err, errlen) < 0 ||
	    tc_store_begin(ps->st, err, errlen) < 0)
		goto out;
	pl.change_class = "technical";
	pl.class_reason = j->rules_stale ? "rules" : "extractor";
	if (tc_store_put_blob(ps->st, sha, text, strlen(text), "text", err, errlen) < 0 ||
	    insert_snapshot(ps, &s, j->rules_sha, &id, err, errlen) < 0 ||
	    write_change(ps, j, id, &pl, err, errlen) < 0 ||
	    tc_store_commit(ps->st, err, errlen) < 0) {
		tc_store_rollback(ps->st);
		goto out;
	}
	*changed = 1;
	ret = 0;
out:
	tc_snapshot_release(&full);
	plan_release(&pl);
	free(old_text);
	free(text);
	return ret;
}

void tc_mon_job_rules(mon_job *j)
{
	tc_extract_opts eo = { 0 };
	char sha[65];

	tc_mon_doc_opts(j->doc, &eo);
	tc_extract_rules_sha(&eo, sha);
	free(j->rules_sha);
	j->rules_sha = sha[0] ? tc_xstrdup(sha) : NULL;
}

int tc_mon_rules_check(mon_state *ps, mon_job *j, char *err, size_t errlen)
{
	char stored[65], why[512];
	int changed = 0;

	tc_mon_job_rules(j);
	j->rules_stale = 0;
	if (!j->has_base)
		return 0;
	if (tc_store_snapshot_rules(ps->st, j->base.id, stored, err, errlen) < 0)
		return -1;
	if (strcmp(stored, j->rules_sha ? j->rules_sha : "") == 0)
		return 0;
	j->rules_stale = 1;
	if (tc_mon_reextract_one(ps, j, &changed, why, sizeof(why)) < 0) {
		/* the baseline stays; it is compared under today's rules (baseline_text) */
		char *msg = tc_xasprintf("%s/%s: the text rules changed, but the baseline cannot "
					 "be re-extracted: %s", j->service->id, j->doc->id, why);

		tc_mon_event(ps, TC_MON_WARNING, j->res, msg);
		free(msg);
		return 0;
	}
	if (changed)
		tc_mon_event(ps, TC_MON_TECHNICAL, j->res, NULL);
	tc_snapshot_release(&j->base);
	j->rules_stale = 0;
	if (tc_store_snapshot_baseline(ps->st, j->doc_id, &j->base, err, errlen) != TC_STORE_OK) {
		j->has_base = 0;
		return -1;
	}
	return 0;
}

/*
 * monitor_work: tc_monitor_fetch, with its worker threads.
 *
 * Responses are processed (extracted, compared, stored) by worker threads, each with
 * its own database connection, so that the fetch loop never waits for that work: a
 * run over slow servers is bound by their latency, not by our CPU. The queue between
 * them is short, so memory stays flat however many documents there are.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "tiacheck/extract.h"
#include "tiacheck/fetch_browser.h"
#include "tiacheck/fetch_setup.h"
#include "tiacheck/util.h"

#include "monitor_int.h"

#define MON_QUEUE 2

typedef struct mon_item {
	size_t index;
	tc_fetch_response resp;   /* owned copy: strings and body taken from the fetch */
} mon_item;

typedef struct mon_queue {
	pthread_mutex_t mu;
	pthread_cond_t not_empty, not_full;
	mon_item *items[MON_QUEUE];
	size_t head, count;
	int closed;
} mon_queue;

typedef struct mon_worker {
	pthread_t thread;
	mon_state local;          /* the same run, through this worker's connection */
	mon_queue *q;
	int started;
} mon_worker;

static void item_free(mon_item *it)
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
	mon_worker *w = arg;

	for (;;) {
		mon_item *it;

		pthread_mutex_lock(&w->q->mu);
		while (!w->q->count && !w->q->closed)
			pthread_cond_wait(&w->q->not_empty, &w->q->mu);
		if (!w->q->count) {
			pthread_mutex_unlock(&w->q->mu);
			break;
		}
		it = w->q->items[w->q->head];
		w->q->head = (w->q->head + 1) % MON_QUEUE;
		w->q->count--;
		pthread_cond_signal(&w->q->not_full);
		pthread_mutex_unlock(&w->q->mu);
		tc_mon_process_response(&w->local, it->index, &it->resp);
		item_free(it);
	}
	tc_mon_flush(&w->local);
	return NULL;
}

/* The fetch callback: take the response and hand it to a worker (waits while the
 * queue is full); without workers, or for a 304, process it here. */
static void on_done(const tc_fetch_request *req, size_t index, tc_fetch_response *resp, void *arg)
{
	mon_state *ps = arg;
	mon_queue *q = ps->queue;
	mon_item *it;

	(void)req;
	/* A 304 is a confirmation held for a batch: cheaper here than the hand-over to a
	 * worker thread (two context switches per document of an unchanged run). */
	if (!q || (resp->error == TC_FETCH_OK && resp->not_modified)) {
		tc_mon_process_response(ps, index, resp);
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
	while (q->count == MON_QUEUE)
		pthread_cond_wait(&q->not_full, &q->mu);
	q->items[(q->head + q->count) % MON_QUEUE] = it;
	q->count++;
	pthread_cond_signal(&q->not_empty);
	pthread_mutex_unlock(&q->mu);
}

static void on_progress(size_t done, size_t total, size_t failed, void *arg)
{
	mon_state *ps = arg;
	tc_monitor_event ev = { .kind = TC_MON_PROGRESS, .done = done, .total = total,
				.failed = failed };

	if (!ps->mo->on_event)
		return;
	if (ps->event_mu)
		pthread_mutex_lock(ps->event_mu);
	ps->mo->on_event(&ev, ps->mo->arg);
	if (ps->event_mu)
		pthread_mutex_unlock(ps->event_mu);
}

/* How many workers: the cores, at most 4 (the store takes one writer at a time). */
static int worker_count(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 4 ? 4 : (int)n;
}

/* Start the workers; the number started (0: process inline). */
static int workers_start(mon_state *ps, mon_queue *q, mon_worker *w, int n)
{
	char err[512];
	int started = 0;

	memset(q, 0, sizeof(*q));
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->not_empty, NULL);
	pthread_cond_init(&q->not_full, NULL);
	xmlInitParser(); /* once, before threads parse */
	for (int i = 0; i < n; i++) {
		w[i].local = *ps;
		w[i].local.queue = NULL;
		memset(&w[i].local.t, 0, sizeof(w[i].local.t));
		w[i].q = q;
		if (tc_store_open(ps->mo->db_path, &w[i].local.st, err, sizeof(err)) < 0) {
			char *msg = tc_xasprintf("cannot open a second database connection (%s): "
						 "processing documents one at a time", err);

			tc_mon_event(ps, TC_MON_WARNING, NULL, msg);
			free(msg);
			w[i].local.st = NULL;
			break;
		}
		if (pthread_create(&w[i].thread, NULL, worker_main, &w[i]) != 0) {
			tc_store_close(w[i].local.st);
			w[i].local.st = NULL;
			break;
		}
		w[i].started = 1;
		started++;
	}
	{
		char msg[96];

		snprintf(msg, sizeof(msg), "%d worker thread(s) extract and store documents", started);
		tc_mon_event(ps, TC_MON_DEBUG, NULL, msg);
	}
	return started;
}

/* Close the queue, wait for the workers, add their timings and flags to ps. */
static void workers_stop(mon_state *ps, mon_queue *q, mon_worker *w, int n)
{
	pthread_mutex_lock(&q->mu);
	q->closed = 1;
	pthread_cond_broadcast(&q->not_empty);
	pthread_mutex_unlock(&q->mu);
	for (int i = 0; i < n; i++) {
		if (!w[i].started)
			continue;
		pthread_join(w[i].thread, NULL);
		tc_store_close(w[i].local.st);
		ps->store_failed |= w[i].local.store_failed;
		ps->t.extract += w[i].local.t.extract;
		ps->t.compare += w[i].local.t.compare;
		ps->t.hash += w[i].local.t.hash;
		ps->t.store += w[i].local.t.store;
		ps->t.store_writes += w[i].local.t.store_writes;
		ps->t.docs += w[i].local.t.docs;
	}
	pthread_mutex_destroy(&q->mu);
	pthread_cond_destroy(&q->not_empty);
	pthread_cond_destroy(&q->not_full);
}

long tc_mon_fetch_run(mon_state *ps, tc_fetch_request *reqs, tc_fetch_options *fo,
		      char *err, size_t errlen)
{
	mon_queue queue;
	pthread_mutex_t write_mu = PTHREAD_MUTEX_INITIALIZER, event_mu = PTHREAD_MUTEX_INITIALIZER;
	int nworkers = worker_count(), started;
	mon_worker *workers = tc_xcalloc((size_t)nworkers, sizeof(*workers));
	double t0 = tc_mon_clock();
	long frc;

	fo->on_done = on_done;
	fo->on_progress = on_progress;
	fo->arg = ps;
	ps->write_mu = &write_mu;
	ps->event_mu = &event_mu;
	ps->queue = &queue; /* before the workers copy ps */
	started = workers_start(ps, &queue, workers, nworkers);
	if (!started)
		ps->queue = NULL; /* no worker runs: process in the callback */
	{
		/* each document as its catalogue entry says: static, browser, or auto (static
		 * first; app shells and block pages again with the one browser of the run) */
		enum tc_fetch_mode *mode = tc_xcalloc(ps->njobs ? ps->njobs : 1, sizeof(*mode));

		for (size_t i = 0; i < ps->njobs; i++)
			mode[i] = ps->jobs[i].doc->render;
		frc = tc_fetch_run_mixed(reqs, mode, ps->njobs, fo, err, errlen);
		free(mode);
	}
	workers_stop(ps, &queue, workers, nworkers);
	tc_mon_flush(ps); /* what was processed in the callback */
	ps->queue = NULL;
	ps->write_mu = NULL;
	ps->event_mu = NULL;
	ps->t.fetch_wall = tc_mon_clock() - t0;
	pthread_mutex_destroy(&write_mu);
	pthread_mutex_destroy(&event_mu);
	free(workers);
	return frc;
}

/* One job per selected document, registered in the store, with its baseline: in
 * one transaction (a thousand documents are one write, not a thousand). */
static int register_jobs(mon_state *ps, tc_monitor_result *res, char *err, size_t errlen)
{
	const tc_catalog *cat = ps->cat;
	char why[384];
	int rc = tc_store_begin(ps->st, why, sizeof(why));

	for (size_t i = 0; i < cat->nservices && rc == 0; i++) {
		const tc_service *s = &cat->services[i];

		for (size_t k = 0; k < s->ndocuments && rc == 0; k++) {
			const tc_document *d = &s->documents[k];
			mon_job *j = &ps->jobs[ps->njobs];

			if (!tc_mon_selected(ps->mo, s, d))
				continue;
			j->service = s;
			j->doc = d;
			j->res = &res->docs[ps->njobs];
			j->res->service = s;
			j->res->doc = d;
			j->res->chars = -1;
			ps->njobs++;
			if ((rc = tc_store_document_id(ps->st, s->id, d->id, tc_doc_kind_name(d->kind),
						       d->url, &j->doc_id, why, sizeof(why))) < 0) {
				tc_seterr(err, errlen, "cannot register %s/%s: %s", s->id, d->id, why);
				break;
			}
			j->res->doc_id = j->doc_id;
			rc = tc_store_snapshot_baseline(ps->st, j->doc_id, &j->base, why, sizeof(why));
			if (rc < 0) {
				tc_seterr(err, errlen, "cannot read the last snapshot of %s/%s: %s",
					  s->id, d->id, why);
				break;
			}
			j->has_base = rc == TC_STORE_OK;
			rc = 0;
		}
	}
	if (rc == 0 && (rc = tc_store_commit(ps->st, why, sizeof(why))) < 0)
		tc_seterr(err, errlen, "cannot register the documents: %s", why);
	if (rc < 0)
		tc_store_rollback(ps->st);
	return rc < 0 ? -1 : 0;
}

/* One job (and request) per selected document, with its baseline re-extracted when
 * its text rules changed. */
static int plan_jobs(mon_state *ps, tc_monitor_result *res, tc_fetch_request *reqs,
		     char *err, size_t errlen)
{
	char why[384];

	if (register_jobs(ps, res, err, errlen) < 0)
		return -1;
	res->n = ps->njobs;
	for (size_t i = 0; i < ps->njobs; i++) {
		mon_job *j = &ps->jobs[i];

		if (tc_mon_rules_check(ps, j, why, sizeof(why)) < 0) {
			tc_seterr(err, errlen, "cannot re-extract the baseline of %s/%s: %s",
				  j->service->id, j->doc->id, why);
			return -1;
		}
		reqs[i].url = j->doc->url;
		/* The conditional GET only pays when the baseline was made by these rules. */
		if (j->has_base && j->base.extractor_version == TC_EXTRACT_VERSION &&
		    !j->rules_stale) {
			reqs[i].etag = j->base.etag;
			reqs[i].last_modified = j->base.last_modified;
		}
	}
	return 0;
}

static void count_outcomes(tc_monitor_result *res)
{
	for (size_t i = 0; i < res->n; i++) {
		switch (res->docs[i].outcome) {
		case TC_OUT_NEW: res->nnew++; break;
		case TC_OUT_UNCHANGED: res->nunchanged++; break;
		case TC_OUT_CHANGED: res->nchanged++; break;
		case TC_OUT_FAILED: res->nfailed++; break;
		}
	}
}

int tc_monitor_fetch(const tc_refdata *ref, const tc_catalog *cat, tc_store *st,
		     const tc_monitor_opts *mo, tc_monitor_result *res, char *err, size_t errlen)
{
	mon_state ps = { .ref = ref, .cat = cat, .st = st, .mo = mo };
	tc_fetch_request *reqs = NULL;
	tc_fetch_setup fs = { 0 };
	char why[512];
	size_t n = 0;
	int ret;

	memset(res, 0, sizeof(*res));
	ret = tc_monitor_check_selectors(cat, mo->only, mo->nonly, err, errlen);
	if (ret < 0)
		return ret;
	ret = TC_MONITOR_ERROR;
	ps.gz = tc_monitor_gazetteer(cat, err, errlen);
	if (!ps.gz)
		return TC_MONITOR_ERROR;
	for (size_t i = 0; i < cat->nservices; i++)
		for (size_t k = 0; k < cat->services[i].ndocuments; k++)
			n += tc_mon_selected(mo, &cat->services[i], &cat->services[i].documents[k]);
	res->docs = tc_xcalloc(n ? n : 1, sizeof(*res->docs));
	ps.jobs = tc_xcalloc(n ? n : 1, sizeof(*ps.jobs));
	reqs = tc_xcalloc(n ? n : 1, sizeof(*reqs));
	if (plan_jobs(&ps, res, reqs, err, errlen) < 0)
		goto out;
	/* limits, user agent and the address policy (the catalogue's own non-public
	 * origins allowed): one builder for every command that fetches */
	if (tc_fetch_setup_init(&fs, mo->config, cat, NULL, why, sizeof(why)) < 0) {
		tc_seterr(err, errlen, "cannot set up fetching: %s", why);
		goto out;
	}
	fs.opts.stop = mo->stop;
	if (tc_mon_fetch_run(&ps, reqs, &fs.opts, why, sizeof(why)) < 0) {
		tc_seterr(err, errlen, "cannot start fetching: %s", why);
		goto out;
	}
	res->store_failed = ps.store_failed;
	res->t = ps.t;
	count_outcomes(res);
	ret = tc_monitor_check_db(st, mo->db_path, err, errlen);
	if (ret == TC_MONITOR_DB_GONE)
		res->store_failed = 1;
out:
	for (size_t i = 0; i < ps.njobs; i++) {
		if (ps.jobs[i].has_base)
			tc_snapshot_release(&ps.jobs[i].base);
		free(ps.jobs[i].rules_sha);
	}
	free(ps.jobs);
	free(reqs);
	tc_fetch_setup_release(&fs);
	tc_gazetteer_free(ps.gz);
	return ret;
}

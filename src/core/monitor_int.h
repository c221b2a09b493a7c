/*
 * monitor_int: what the parts of the monitor module share (not a public API).
 * monitor.c: fetch, classify, compare and store one response; monitor_work.c: the
 * worker threads and their queue; monitor_store.c: open, sync, select, reextract;
 * fourthparty.c: the vendors' published sub-processor lists.
 */
#ifndef TIACHECK_MONITOR_INT_H
#define TIACHECK_MONITOR_INT_H

#include <pthread.h>

#include "tiacheck/extract.h"
#include "tiacheck/fetch.h"
#include "tiacheck/gazetteer.h"
#include "tiacheck/monitor.h"

/* One document to fetch: what the catalogue says and what the store holds. */
typedef struct mon_job {
	const tc_service *service;
	const tc_document *doc;
	int64_t doc_id;
	int has_base;
	tc_snapshot base;      /* the last good snapshot (baseline) when has_base */
	tc_doc_result *res;
	char *rules_sha;       /* the hash of the document's text rules now (owned; NULL:
	                          none, as for most documents) */
	int rules_stale;       /* the baseline was made with other rules (not re-extracted) */
} mon_job;

/*
 * The state of one fetch. Each worker works on its own copy (its own store
 * connection, its own timings and store_failed flag), merged after the workers end:
 * nothing a worker writes is shared except the job results, one per document.
 */
typedef struct mon_state {
	const tc_refdata *ref;
	const tc_catalog *cat;
	tc_store *st;
	const tc_monitor_opts *mo;
	mon_job *jobs;
	size_t njobs;
	tc_gazetteer *gz;
	struct mon_queue *queue;   /* to the workers; NULL: process in the fetch callback */
	pthread_mutex_t *write_mu; /* one writer at a time among our workers (else NULL) */
	pthread_mutex_t *event_mu; /* one event at a time to the caller (else NULL) */
	tc_monitor_timings t;
	int store_failed;
	struct mon_confirm *confirm;  /* confirmations not yet written (tc_mon_flush) */
	size_t nconfirm;
} mon_state;

/* monitor.c */
void tc_mon_process_response(mon_state *ps, size_t index, tc_fetch_response *resp);
/* Write the confirmations ps holds (a 304 or the same bytes: a snapshot that only
 * repeats its baseline) in one transaction; they are held back and written in
 * batches, since one transaction per unchanged page costs more than the page. A
 * batch that cannot be written marks its documents failed ("store"). Every owner of
 * a mon_state calls it before the run's results are read. */
void tc_mon_flush(mon_state *ps);
void tc_mon_event(mon_state *ps, enum tc_monitor_event_kind kind, const tc_doc_result *doc,
		  const char *message);
double tc_mon_clock(void);
int tc_mon_reextract_one(mon_state *ps, mon_job *j, int *changed, char *err, size_t errlen);
/* Before fetching: when the document's select/remove/ignore rules differ from those
 * of its baseline, re-extract the baseline at once (a technical change, no alert;
 * event TC_MON_TECHNICAL) and reload it. 0, or -1 when the store cannot be read. */
int tc_mon_rules_check(mon_state *ps, mon_job *j, char *err, size_t errlen);
/* Set j->rules_sha from the document's rules (NULL when it has none). */
void tc_mon_job_rules(mon_job *j);
/* The extraction options of a catalogue document (rules, format, min_chars). */
void tc_mon_doc_opts(const tc_document *d, tc_extract_opts *eo);
int tc_mon_selected(const tc_monitor_opts *mo, const tc_service *s, const tc_document *d);

/* monitor_work.c: run the fetch with worker threads (inline when none can start). */
long tc_mon_fetch_run(mon_state *ps, tc_fetch_request *reqs, tc_fetch_options *fo,
		      char *err, size_t errlen);

#endif

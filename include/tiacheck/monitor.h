/*
 * monitor: the weekly pipeline that `tiacheck fetch`, `run` and `reextract` share.
 *
 *   catalogue documents -> fetch (parallel) -> per response, as it completes:
 *     304 or same raw bytes as the baseline  -> "unchanged", a confirming snapshot
 *     fetch error / failed extraction        -> a named failure; the baseline stands
 *     baseline text that cannot be read      -> failure "baseline_unreadable"; never
 *                                               a change
 *     same normalised text                   -> "unchanged" (noise), a new snapshot
 *     different normalised text              -> snapshot + change + findings, in one
 *                                               transaction
 *
 * Responses are processed by worker threads, each with its own database connection
 * (writes take turns on a mutex). The module never prints: progress and per-document
 * problems reach the caller through tc_monitor_opts.on_event (called one event at a
 * time, from any thread); errors come back as TC_MONITOR_* codes with err filled.
 *
 * Ownership: tc_monitor_result is filled by tc_monitor_fetch and released with
 * tc_monitor_result_release; the store, catalogue and reference data are borrowed.
 * Implementation: monitor.c (fetch and compare), monitor_work.c (worker threads),
 * fourthparty.c (published sub-processor lists), monitor_store.c (open, sync, select).
 */
#ifndef TIACHECK_MONITOR_H
#define TIACHECK_MONITOR_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "tiacheck/catalog.h"
#include "tiacheck/config.h"
#include "tiacheck/refdata.h"
#include "tiacheck/store.h"

/* Return codes (err says why when negative). */
enum tc_monitor_rc {
	TC_MONITOR_OK = 0,
	TC_MONITOR_ERROR = -1,      /* cannot read or write the store, cannot fetch at all */
	TC_MONITOR_BADSEL = -2,     /* a selector names nothing in the catalogue (usage) */
	TC_MONITOR_REFUSED = -3,    /* the database is missing next to earlier reports */
	TC_MONITOR_DB_GONE = -4     /* the database file was deleted while we wrote to it */
};

enum tc_doc_outcome {
	TC_OUT_NEW = 1,        /* first snapshot: the baseline */
	TC_OUT_UNCHANGED,      /* 304, same bytes, or same normalised text */
	TC_OUT_CHANGED,        /* a change record was written */
	TC_OUT_FAILED          /* a failure was recorded; the baseline stands */
};

typedef struct tc_doc_result {
	const tc_service *service;
	const tc_document *doc;
	int64_t doc_id;
	enum tc_doc_outcome outcome;
	int64_t change_id;     /* TC_OUT_CHANGED (and technical changes of reextract) */
	char *failure_kind;    /* TC_OUT_FAILED: "http_404", "challenge", ... (owned) */
	char *failure_detail;  /* owned */
	int http_status;
	int chars;             /* extraction failures: characters of text, -1 unknown */
	int min_chars;         /* extraction failures: the minimum wanted, 0 unknown */
	int moved;             /* permanent redirect or 404/410: the URL should change */
	char *moved_to;        /* owned, may be NULL */
} tc_doc_result;

/* Where the time went (issue 15's benchmark): seconds and counts, all workers. */
typedef struct tc_monitor_timings {
	double fetch_wall;     /* wall clock of the whole fetch */
	double extract;        /* text extraction (CPU time summed over workers) */
	double compare;        /* diff and findings */
	double hash;           /* SHA-256 of bodies and texts */
	double store;          /* store writes */
	size_t store_writes;   /* write transactions and single-row writes */
	size_t docs;           /* responses processed */
} tc_monitor_timings;

typedef struct tc_monitor_result {
	tc_doc_result *docs;
	size_t n;
	size_t nnew, nunchanged, nchanged, nfailed;
	int store_failed;      /* a store write failed: the run is not complete */
	tc_monitor_timings t;
} tc_monitor_result;

enum tc_monitor_event_kind {
	TC_MON_PROGRESS = 1,   /* done/total/failed */
	TC_MON_DOC_ERROR,      /* doc + message: a store error for one document */
	TC_MON_WARNING,        /* message: something degraded, the run goes on */
	TC_MON_TECHNICAL,      /* doc: reextract recorded a technical change */
	TC_MON_ERROR,          /* message: a step of the run failed (weekly.c) */
	TC_MON_NOTE,           /* message: for the record (weekly.c: an alert was sent) */
	TC_MON_DEBUG           /* message: for --verbose */
};

typedef struct tc_monitor_event {
	enum tc_monitor_event_kind kind;
	size_t done, total, failed;
	const tc_doc_result *doc;
	const char *message;
} tc_monitor_event;

typedef void (*tc_monitor_event_fn)(const tc_monitor_event *ev, void *arg);

/* Which documents: only/nonly NULL/0 = all; else "SERVICE" or "SERVICE/DOC". */
typedef struct tc_monitor_opts {
	const char *const *only;
	size_t nonly;
	int64_t run_id;
	const char *db_path;          /* the workers open their own connections to it */
	const tc_config *config;      /* fetch settings and the contact of the user agent */
	const volatile sig_atomic_t *stop;
	tc_monitor_event_fn on_event; /* may be NULL */
	void *arg;
} tc_monitor_opts;

/* Every selector names a service (and document) of the catalogue; else
 * TC_MONITOR_BADSEL with err saying which does not. */
int tc_monitor_check_selectors(const tc_catalog *cat, const char *const *only, size_t nonly,
			       char *err, size_t errlen);

/* Open the store for a run or fetch. When db_path does not exist but reports_dir holds
 * reports of earlier runs (tiacheck-*-run*.json), a new database would number its runs
 * from 1 again and overwrite them: TC_MONITOR_REFUSED, err says how to start over.
 * reports_dir may be NULL (no check). */
int tc_monitor_open(const char *db_path, const char *reports_dir, tc_store **st,
		    char *err, size_t errlen);

/* Register every catalogue document in the store (catalogue version included). */
int tc_monitor_sync(const tc_catalog *cat, tc_store *st, time_t now, char *err, size_t errlen);

/* Fetch, extract, compare and store every selected document. TC_MONITOR_OK with *res
 * filled (per-document failures are in res, not in the return code);
 * TC_MONITOR_DB_GONE when the database file was deleted or replaced meanwhile. */
int tc_monitor_fetch(const tc_refdata *ref, const tc_catalog *cat, tc_store *st,
		     const tc_monitor_opts *mo, tc_monitor_result *res, char *err, size_t errlen);
void tc_monitor_result_release(tc_monitor_result *res);

/* TC_MONITOR_DB_GONE (err filled) when the open database file is no longer the one at
 * its path (deleted or replaced), TC_MONITOR_ERROR when that cannot be told, else OK. */
int tc_monitor_check_db(tc_store *st, const char *db_path, char *err, size_t errlen);

/* Re-extract the baseline of every selected document with today's rules; a text that
 * differs becomes the new baseline through a change marked technical (event
 * TC_MON_TECHNICAL), a document that cannot be done is a TC_MON_DOC_ERROR event.
 * TC_MONITOR_OK, or TC_MONITOR_ERROR when a document failed (the others are done) or
 * the store cannot be read (err). */
int tc_monitor_reextract(const tc_catalog *cat, tc_store *st, const tc_monitor_opts *mo,
			 size_t *ndocs, size_t *nchanged, char *err, size_t errlen);

/* Resolve "SERVICE" or "SERVICE/DOC" to store document rows (owned list): TC_STORE_OK,
 * TC_STORE_NOTFOUND when nothing matches, or a negative store code (err). */
int tc_monitor_select_docs(tc_store *st, const char *sel, tc_doc_row **rows, size_t *n,
			   char *err, size_t errlen);

/* Add the fourth-party flows (depth 2): the sub-processors each vendor publishes in
 * its latest good "subprocessors" snapshot. TC_MONITOR_OK or TC_MONITOR_ERROR (err). */
struct tc_flows;
int tc_monitor_fourth_party(const tc_catalog *cat, const tc_refdata *ref, tc_store *st,
			    struct tc_flows *flows, char *err, size_t errlen);
/* The same from the database at db_path when it exists (nothing is created; no
 * database means nothing fetched yet: OK). */
int tc_monitor_stored_fourth_party(const char *db_path, const tc_catalog *cat,
				   const tc_refdata *ref, struct tc_flows *flows,
				   char *err, size_t errlen);

/* The country gazetteer of the catalogue (CATALOG/reference/gazetteer.json); NULL with
 * err filled when it cannot be loaded. Free with tc_gazetteer_free. */
struct tc_gazetteer;
struct tc_gazetteer *tc_monitor_gazetteer(const tc_catalog *cat, char *err, size_t errlen);

#endif

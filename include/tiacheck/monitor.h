/*
 * pipeline: the orchestration that `tiacheck fetch`, `run` and `reextract` share
 * (this is command code: it prints progress and messages, the modules below do not).
 *
 *   catalogue documents -> fetch (parallel) -> per response, as it completes:
 *     304 or same raw bytes as the baseline  -> "unchanged", a confirming snapshot
 *     fetch error / failed extraction        -> a named failure; the baseline stands
 *     same normalised text                   -> "unchanged" (noise), a new snapshot
 *     different normalised text              -> snapshot + change + findings, in one
 *                                               transaction
 *
 * Ownership: tc_pipeline_result is filled by tc_pipeline_fetch and released with
 * tc_pipeline_result_release; the store and catalogue are borrowed.
 */
#ifndef TIACHECK_PIPELINE_H
#define TIACHECK_PIPELINE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "tiacheck/catalog.h"
#include "tiacheck/cmd.h"
#include "tiacheck/refdata.h"
#include "tiacheck/store.h"

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
	int64_t change_id;     /* TC_OUT_CHANGED */
	char *failure_kind;    /* TC_OUT_FAILED: "http_404", "challenge", ... (owned) */
	char *failure_detail;  /* owned */
	int http_status;
	int moved;             /* permanent redirect or 404/410: the URL should change */
	char *moved_to;        /* owned, may be NULL */
} tc_doc_result;

typedef struct tc_pipeline_result {
	tc_doc_result *docs;
	size_t n;
	size_t nnew, nunchanged, nchanged, nfailed;
	int store_failed;      /* a store write failed: the run is not complete */
} tc_pipeline_result;

/* Which documents: NULL/0 = all; else "SERVICE" or "SERVICE/DOC" selectors. Returns
 * -1 after printing an error when a selector names nothing in the catalogue. */
typedef struct tc_pipeline_opts {
	const char *const *only;
	size_t nonly;
	int64_t run_id;
	int progress;          /* show progress on stderr (a TTY) */
	const volatile sig_atomic_t *stop;
} tc_pipeline_opts;

/* Every selector names a service (and document) of the catalogue; else prints which
 * does not and returns -1 (a usage error for the command). */
int tc_pipeline_check_selectors(const tc_catalog *cat, const tc_pipeline_opts *po);
int tc_pipeline_fetch(tc_ctx *ctx, const tc_refdata *ref, const tc_catalog *cat,
		      tc_store *st, const tc_pipeline_opts *po, tc_pipeline_result *res);
void tc_pipeline_result_release(tc_pipeline_result *res);

/* Re-extract the baseline of every selected document with today's rules; a text that
 * differs becomes the new baseline through a change marked technical. Prints each.
 * 0 ok, -1 when a document failed (the others are done). */
int tc_pipeline_reextract(tc_ctx *ctx, const tc_catalog *cat, tc_store *st,
			  const tc_pipeline_opts *po, size_t *ndocs, size_t *nchanged);

/* Register every catalogue document in the store (after tc_store_sync_catalog). */
int tc_pipeline_sync(const tc_catalog *cat, tc_store *st, time_t now);

/* Open the store at ctx->db_path, printing the error. NULL on failure. */
tc_store *tc_pipeline_open_store(tc_ctx *ctx);

/* Resolve "SERVICE" or "SERVICE/DOC" to store document rows (owned list). Prints
 * the error and returns -1 when nothing matches. */
int tc_pipeline_select_docs(tc_store *st, const char *sel, tc_doc_row **rows, size_t *n);



/* Add the fourth-party flows (depth 2): the sub-processors each vendor publishes in
 * its latest good "subprocessors" snapshot. 0 ok, -1 on a store error (printed). */
struct tc_flows;
int tc_pipeline_fourth_party(const tc_catalog *cat, const tc_refdata *ref, tc_store *st,
			     struct tc_flows *flows);

/* The same for `flows` and `tia`: from the database at ctx->db_path when it exists
 * (nothing is created; no database means nothing fetched yet: 0). */
int tc_pipeline_stored_fourth_party(tc_ctx *ctx, const tc_catalog *cat, const tc_refdata *ref,
				    struct tc_flows *flows);

/* ---- alerts (src/cli/cmd_mail.c) ---- */

/* Send every pending alert (oldest first) over SMTP. Prints what it does. Returns
 * the number that could not be sent (they stay pending), or -1 when mail is not
 * configured or the password cannot be read (the reason is printed). */
int tc_alerts_send_pending(tc_ctx *ctx, tc_store *st, int *nsent);
/* 1 when the config has an SMTP server, a sender and recipients. */
int tc_alerts_configured(const tc_ctx *ctx);

#endif

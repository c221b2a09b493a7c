/*
 * store: the only module that speaks SQL. One SQLite file (mode 0600, WAL, foreign
 * keys on, busy timeout 5 s) holding the catalogue history, the document registry,
 * runs, deduplicated blobs (raw bodies and normalised texts by SHA-256), snapshots,
 * fetch failures, changes, findings and alerts. The schema is versioned with
 * PRAGMA user_version and forward migrations run at open, each in a transaction.
 *
 * Times are time_t in the API and ISO-8601 UTC text in the database; 0 means "none"
 * (stored as NULL). Ids are int64 rowids.
 *
 * Ownership: tc_store_open returns a handle released with tc_store_close. Every
 * struct filled by a get/list function owns its strings: release one with
 * tc_X_release, an array of them with tc_X_list_free. get_blob returns an owned,
 * NUL-terminated buffer (free()). Nothing here prints.
 *
 * Errors: functions return TC_STORE_OK (0), TC_STORE_NOTFOUND (1: no such row), or a
 * negative code with err filled as "PATH: what: sqlite message" (TC_STORE_BUSY when
 * another connection kept the database locked past the busy timeout).
 *
 * Transactions: every function that writes several rows runs them in one
 * transaction of its own, or inside the caller's (tc_store_begin, BEGIN IMMEDIATE)
 * as a savepoint. A process killed at any point (even kill -9) leaves the database
 * at the last commit: WAL + transactions.
 *
 * Alert guarantee: a change, a finding and a document's failure streak are attached
 * to at most one alert (tc_store_alert_create refuses items already attached, and
 * attaches all items and creates the alert in one transaction). An alert goes from
 * 'pending' to 'sent' exactly once (tc_store_alert_mark_sent). The only window for a
 * duplicate e-mail is between the SMTP server's final "250" and the commit of
 * mark_sent, a single-row UPDATE: call it immediately after tc_mail_send returns. If
 * the process dies inside that window, the next run sends the alert again (the same
 * Message-ID when the caller stored one at create time, so mail clients can drop the
 * copy); it never loses one.
 */
#ifndef TIACHECK_STORE_H
#define TIACHECK_STORE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

enum tc_store_rc {
	TC_STORE_OK = 0,
	TC_STORE_NOTFOUND = 1,  /* get: no such row */
	TC_STORE_ERROR = -1,
	TC_STORE_BUSY = -2,     /* database locked by another connection */
	TC_STORE_HELD = -3      /* tc_store_lock: another process holds the run lock */
};

typedef struct tc_store tc_store;

/* ---- open, close, health ---- */

/* Open (creating it with mode 0600 if missing; parent directories are not created)
 * and migrate the schema to the current version. */
int tc_store_open(const char *path, tc_store **out, char *err, size_t errlen);
void tc_store_close(tc_store *st);
void tc_store_set_busy_timeout(tc_store *st, int ms);
const char *tc_store_path(const tc_store *st);
/* PRAGMA integrity_check: 0 when "ok", 1 with msg filled with the problems, <0 error. */
int tc_store_integrity_check(tc_store *st, char *msg, size_t msglen, char *err, size_t errlen);
/* Schema version this build creates, and the SQL of migration n (1-based; for tests). */
int tc_store_schema_version(void);
const char *tc_store_migration_sql(int n);

/* ---- transactions: BEGIN IMMEDIATE (takes the write lock at once) ---- */
int tc_store_begin(tc_store *st, char *err, size_t errlen);
int tc_store_commit(tc_store *st, char *err, size_t errlen);
int tc_store_rollback(tc_store *st);   /* never fails visibly; no-op outside a txn */

/* ---- "one run at a time": flock(LOCK_EX|LOCK_NB) on a lock file ---- */
typedef struct tc_store_lock_handle {
	int fd;          /* -1 when not held */
} tc_store_lock_handle;
#define TC_STORE_LOCK_INIT { -1 }
/* Take the lock (file created 0600, our pid written into it). TC_STORE_HELD when
 * another process holds it (*holder = its pid when known, else 0). The kernel
 * releases the lock when the process dies, so kill -9 leaves no stale lock. */
int tc_store_lock(const char *path, tc_store_lock_handle *lk, long *holder,
		  char *err, size_t errlen);
void tc_store_unlock(tc_store_lock_handle *lk);

/* ---- catalogue history and documents ---- */

/* Record the catalogue when its hash differs from the latest version. *version =
 * the latest version's id (new or not), *is_new = 1 when a row was inserted. */
/* 1 with *version set when the newest recorded catalogue version has this hash, 0
 * when it has another or there is none (then tc_store_sync_catalog records it), <0 on
 * error. */
int tc_store_catalog_current(tc_store *st, const char *hash, int64_t *version,
			     char *err, size_t errlen);
int tc_store_sync_catalog(tc_store *st, const char *hash, const char *canonical_json,
			  time_t now, int64_t *version, int *is_new, char *err, size_t errlen);

typedef struct tc_doc_row {
	int64_t id;
	char *service;        /* service id */
	char *doc;            /* document id within the service */
	char *kind;           /* "dpa", "privacy", ... */
	char *url;
	int fail_streak;      /* failures since the last good snapshot */
	time_t fail_since;    /* first failure of the streak, 0 when none */
	int64_t fail_alert;   /* alert that reported this streak, 0 when none */
} tc_doc_row;
void tc_doc_row_release(tc_doc_row *d);
void tc_doc_row_list_free(tc_doc_row *d, size_t n);

/* Upsert (service, doc): kind and url updated; returns its id. */
int tc_store_document_id(tc_store *st, const char *service, const char *doc,
			 const char *kind, const char *url, int64_t *id,
			 char *err, size_t errlen);
/* Find a document without creating it. TC_STORE_NOTFOUND if unknown. */
int tc_store_document_find(tc_store *st, const char *service, const char *doc,
			   tc_doc_row *out, char *err, size_t errlen);
int tc_store_document_get(tc_store *st, int64_t id, tc_doc_row *out, char *err, size_t errlen);
/* All documents ordered by service, doc; service may be NULL for all. */
int tc_store_document_list(tc_store *st, const char *service, tc_doc_row **out, size_t *n,
			   char *err, size_t errlen);

/* ---- runs ---- */

typedef struct tc_run_row {
	int64_t id;
	time_t started_at, finished_at;   /* finished 0 while running (or killed) */
	char *command;
	char *options;        /* free text / JSON the command chose */
	char *status;         /* "running" until finished: "ok", "partial", "failed" */
	char *report_json;    /* NULL until finished (and in run_list) */
} tc_run_row;
void tc_run_row_release(tc_run_row *r);
void tc_run_row_list_free(tc_run_row *r, size_t n);

int tc_store_run_begin(tc_store *st, time_t started_at, const char *command,
		       const char *options, int64_t *id, char *err, size_t errlen);
int tc_store_run_finish(tc_store *st, int64_t id, time_t finished_at, const char *status,
			const char *report_json, char *err, size_t errlen);
int tc_store_run_get(tc_store *st, int64_t id, tc_run_row *out, char *err, size_t errlen);
/* The newest run (with_report: the newest one that has a report). NOTFOUND if none. */
int tc_store_run_latest(tc_store *st, int with_report, tc_run_row *out, char *err, size_t errlen);
/* Newest first, at most limit (0 = all); report_json left NULL. */
int tc_store_run_list(tc_store *st, size_t limit, tc_run_row **out, size_t *n,
		      char *err, size_t errlen);

/* ---- blobs: content-addressed by SHA-256 hex ---- */

/*
 * Blobs are stored compressed with zstd (blobs.codec 1; bytes that do not shrink stay
 * as they are, codec 0) and deduplicated by the SHA-256 of the uncompressed bytes.
 * Every read decompresses and checks the bytes against their SHA-256, so a reader
 * gets exactly what was stored or an error ("damaged"), never other bytes.
 * When a snapshot is inserted, the raw body and text put for it just before are
 * stored against the document's previous version (a zstd frame with that version as
 * its prefix; blobs.ref names it), a first text against its raw body; a full frame
 * every 8 versions, so a read follows at most 8 references. gc keeps a blob another
 * is stored against.
 */
/* Store unless already there; sha must be the SHA-256 hex of data (checked). kind
 * "raw"|"text". A known blob costs one lookup, not a compression. */
int tc_store_put_blob(tc_store *st, const char *sha, const void *data, size_t len,
		      const char *kind, char *err, size_t errlen);
/* The same for the newest version of one kind of document doc's blobs, compressed
 * once, at once, against its reference: the document's previous version of that
 * kind, or (a first text) from_sha, the raw body the text was read from (NULL:
 * none); a full frame when there is none or the chain is long. What tiacheck's
 * monitor stores; tc_store_put_blob + tc_store_snapshot_insert come to the same
 * frames through a second compression. */
int tc_store_put_version(tc_store *st, int64_t doc, const char *sha, const void *data,
			 size_t len, const char *kind, const char *from_sha,
			 char *err, size_t errlen);
/* *data owned, NUL-terminated (len excludes the NUL). NOTFOUND if missing; an error if
 * the stored bytes do not match sha. */
int tc_store_get_blob(tc_store *st, const char *sha, char **data, size_t *len,
		      char *err, size_t errlen);

/* ---- snapshots: one per successful fetch ---- */

typedef struct tc_snapshot {
	int64_t id;
	int64_t doc;
	int64_t run;          /* 0 when not part of a run */
	time_t fetched_at;
	char *url, *final_url;
	int http_status;
	char *etag, *last_modified, *content_type;   /* may be NULL */
	char *raw_sha, *text_sha;                    /* text_sha may be NULL */
	int extractor_version;
	int not_modified;     /* 1: a 304 that confirmed the previous snapshot */
	int confirmations;    /* later fetches of the same text folded into this one by
	                         retention (tc_store_gc), the last at confirmed_until */
	time_t confirmed_until;
} tc_snapshot;
void tc_snapshot_release(tc_snapshot *s);
void tc_snapshot_list_free(tc_snapshot *s, size_t n);

/* Insert s (id ignored; *id set). Ends the document's failure streak. */
int tc_store_snapshot_insert(tc_store *st, const tc_snapshot *s, int64_t *id,
			     char *err, size_t errlen);
/* The baseline: the document's newest snapshot. NOTFOUND if none. */
int tc_store_snapshot_last_good(tc_store *st, int64_t doc, tc_snapshot *out,
				char *err, size_t errlen);
/* The same without url, final_url, content_type, raw_sha and text_sha (left NULL):
 * what a run keeps of every document's baseline while it fetches them all (the id,
 * and etag and last_modified for a conditional request); tc_store_snapshot_get gives
 * the whole row when a response needs it. */
int tc_store_snapshot_baseline(tc_store *st, int64_t doc, tc_snapshot *out,
			       char *err, size_t errlen);
/* A snapshot confirming snapshot base (a 304, or the same bytes again): a copy of its
 * row for run at fetched_at with what the new response says (final_url, etag and
 * last_modified when not NULL, http_status, not_modified) and the text rules
 * rules_sha ("" or NULL: none); *id set. Ends the document's failure streak. */
int tc_store_snapshot_confirm(tc_store *st, int64_t base, int64_t run, time_t fetched_at,
			      const char *final_url, int http_status, const char *etag,
			      const char *last_modified, int not_modified, const char *rules_sha,
			      int64_t *id, char *err, size_t errlen);
int tc_store_snapshot_get(tc_store *st, int64_t id, tc_snapshot *out, char *err, size_t errlen);
/* Newest first. */
int tc_store_snapshot_list(tc_store *st, int64_t doc, tc_snapshot **out, size_t *n,
			   char *err, size_t errlen);
/* The bytes of snapshot id: its raw body exactly as fetched, or (text) its normalised
 * text; *data owned, NUL-terminated. NOTFOUND if no such snapshot; an error if it
 * has no text or its blob is missing or damaged. */
int tc_store_snapshot_blob(tc_store *st, int64_t id, int text, char **data, size_t *len,
			   char *err, size_t errlen);
/* After re-extraction: new text hash and extractor version. NOTFOUND if no such id. */
int tc_store_snapshot_set_text(tc_store *st, int64_t id, const char *text_sha,
			       int extractor_version, char *err, size_t errlen);

/* ---- retention ---- */

/*
 * store.keep: "all" (every snapshot forever), or "changes+monthly:N": every version
 * (a snapshot whose text differs from the one before it) is kept forever, and so are
 * the snapshots a change points at and each document's newest; confirmations (the
 * same text again) older than N weeks are folded into one snapshot per document per
 * calendar month (UTC), which counts them (confirmations, confirmed_until). Blobs no
 * snapshot uses any more are then removed.
 */
#define TC_STORE_KEEP_MAX_WEEKS 5200
/* *weeks = N, or 0 for "all". 0 ok, -1 not a valid value. */
int tc_store_keep_parse(const char *s, int *weeks);

typedef struct tc_store_gc_stats {
	int64_t bytes_before, bytes_after;   /* database file and its WAL */
	int64_t snapshots_folded;            /* rows removed (counted in their month's row) */
	int64_t blobs_removed;
} tc_store_gc_stats;

/* Apply retention (weeks from tc_store_keep_parse; 0 keeps everything) in one
 * transaction, then VACUUM and checkpoint so that the file shrinks. Call it holding
 * the run lock: a run storing blobs meanwhile could lose one. */
int tc_store_gc(tc_store *st, int weeks, time_t now, tc_store_gc_stats *stats,
		char *err, size_t errlen);

/* ---- failures: a fetch that gave no usable snapshot ---- */

typedef struct tc_failure {
	int64_t id, doc, run;
	time_t at;
	char *kind;           /* "http_404", "timeout", "challenge", "empty", ... */
	char *detail;
	int http_status;      /* 0 when none */
	char *url;
} tc_failure;
void tc_failure_release(tc_failure *f);
void tc_failure_list_free(tc_failure *f, size_t n);

/* Record a failure and extend the document's streak. */
int tc_store_failure_record(tc_store *st, int64_t doc, int64_t run, time_t at,
			    const char *kind, const char *detail, int http_status,
			    const char *url, int64_t *id, char *err, size_t errlen);
/* Failures since the last good snapshot (*count, 0 if none), *since the first of
 * them (0 if none), *alerted the alert that reported this streak (0 if none). */
int tc_store_consecutive_failures(tc_store *st, int64_t doc, int *count, time_t *since,
				  int64_t *alerted, char *err, size_t errlen);
int tc_store_failure_list_for_run(tc_store *st, int64_t run, tc_failure **out, size_t *n,
				  char *err, size_t errlen);

/* ---- changes ---- */

typedef struct tc_change {
	int64_t id, doc, run, from_snapshot, to_snapshot;
	time_t detected_at;
	int technical;        /* 1: not a vendor edit (e.g. re-extraction) */
	int added, removed, changed;
	char *diff_json;
	int64_t alert_id;     /* 0 until attached to an alert */
	time_t acked_at;      /* 0 until acknowledged */
	char *acked_by, *ack_note;
	char *change_class;   /* "substantive", "cosmetic" or "technical" (migration 4) */
	char *class_reason;   /* cosmetic: "link_targets", "volatile_stamp", "flip_flop";
	                         technical: "extractor", "rules"; may be NULL */
} tc_change;
void tc_change_release(tc_change *c);
void tc_change_list_free(tc_change *c, size_t n);

int tc_store_change_insert(tc_store *st, const tc_change *c, int64_t *id,
			   char *err, size_t errlen);
int tc_store_change_get(tc_store *st, int64_t id, tc_change *out, char *err, size_t errlen);
/* Newest first. */
int tc_store_change_list_for_doc(tc_store *st, int64_t doc, tc_change **out, size_t *n,
				 char *err, size_t errlen);
/* Not acknowledged and not technical, oldest first. */
int tc_store_change_list_open(tc_store *st, tc_change **out, size_t *n, char *err, size_t errlen);
/* Not technical and not attached to any alert yet, oldest first. */
int tc_store_change_list_unalerted(tc_store *st, tc_change **out, size_t *n,
				   char *err, size_t errlen);
/* Acknowledge. NOTFOUND if no such change. Acking twice keeps the first ack and sets
 * *already = 1 (the first ack is then readable with tc_store_change_get). */
int tc_store_change_ack(tc_store *st, int64_t id, const char *by, const char *note,
			time_t at, int *already, char *err, size_t errlen);

/* ---- findings: what a change means; deduplicated per (doc, key) ---- */

typedef struct tc_finding_row {
	int64_t id, doc;
	int64_t change;       /* 0 when not tied to a change */
	int64_t run;          /* the run that first saw it */
	char *kind, *severity, *key, *json;
	time_t first_seen;
	int64_t alert_id;     /* 0 until attached to an alert */
} tc_finding_row;
void tc_finding_row_release(tc_finding_row *f);
void tc_finding_row_list_free(tc_finding_row *f, size_t n);

/* Insert unless (doc, key) exists: *id = the row (new or old), *is_new = 1 if new. */
int tc_store_finding_insert(tc_store *st, const tc_finding_row *f, int64_t *id, int *is_new,
			    char *err, size_t errlen);
int tc_store_finding_list_for_run(tc_store *st, int64_t run, tc_finding_row **out, size_t *n,
				  char *err, size_t errlen);
int tc_store_finding_list_for_change(tc_store *st, int64_t change, tc_finding_row **out,
				     size_t *n, char *err, size_t errlen);
/* Not attached to any alert yet, oldest first. */
int tc_store_finding_list_unalerted(tc_store *st, tc_finding_row **out, size_t *n,
				    char *err, size_t errlen);

/* ---- alerts ---- */

typedef struct tc_alert_new {
	int64_t run;
	const char *subject, *text, *html;      /* html may be NULL */
	const char *const *recipients;
	size_t nrecipients;
	const char *message_id;                 /* optional; kept for resends */
	const int64_t *changes;   size_t nchanges;
	const int64_t *findings;  size_t nfindings;
	const int64_t *failure_docs; size_t nfailure_docs;  /* docs whose current
	                                                       failure streak is reported */
} tc_alert_new;

typedef struct tc_alert {
	int64_t id, run;
	time_t created_at;
	char *subject, *text, *html;
	char **recipients;
	size_t nrecipients;
	char *status;         /* "pending" | "sent" */
	int attempts;
	char *last_error;
	time_t sent_at;
	char *message_id;
} tc_alert;
void tc_alert_release(tc_alert *a);
void tc_alert_list_free(tc_alert *a, size_t n);

/* Create a pending alert and attach its items, all in one transaction. Fails (and
 * writes nothing) if an item does not exist or is already attached to an alert, or
 * a failure doc has no current streak or its streak was already alerted. */
int tc_store_alert_create(tc_store *st, const tc_alert_new *a, time_t now, int64_t *id,
			  char *err, size_t errlen);
int tc_store_alert_get(tc_store *st, int64_t id, tc_alert *out, char *err, size_t errlen);
/* Pending alerts, oldest first. */
int tc_store_alert_list_pending(tc_store *st, tc_alert **out, size_t *n, char *err, size_t errlen);
/* pending -> sent. NOTFOUND if no such alert; TC_STORE_ERROR if already sent. */
int tc_store_alert_mark_sent(tc_store *st, int64_t id, time_t at, const char *message_id,
			     char *err, size_t errlen);
/* A send attempt failed: attempts + 1, last_error kept; stays pending. */
int tc_store_alert_mark_failed(tc_store *st, int64_t id, const char *error,
			       char *err, size_t errlen);

/* ---- review items: the DPO's decision on a change ("C12"), a finding ("F3") or a
 * document's failure streak ("S2", doc id) ---- */

enum tc_item_state {
	TC_ITEM_OPEN = 0,           /* no decision yet (no row) */
	TC_ITEM_ACKNOWLEDGED,       /* read and accepted: by, at, note */
	TC_ITEM_ADOPTED,            /* written into the catalogue (tiacheck adopt) */
	TC_ITEM_OBJECTED            /* objected to the vendor: at, how */
};
const char *tc_item_state_name(enum tc_item_state s);   /* "open", "acknowledged", ... */
int tc_item_state_parse(const char *s, enum tc_item_state *out);   /* 0 ok, -1 unknown */

typedef struct tc_item_row {
	char *item;                 /* "C12", "F3", "S2" */
	enum tc_item_state state;
	time_t at;
	char *by, *note, *how;      /* may be NULL */
	time_t streak_since;        /* S items: the streak decided on (a new streak is open) */
} tc_item_row;
void tc_item_row_release(tc_item_row *r);
void tc_item_row_list_free(tc_item_row *r, size_t n);

/* NOTFOUND: no decision (the item is open). */
int tc_store_item_get(tc_store *st, const char *item, tc_item_row *out, char *err, size_t errlen);
/* Every decision, oldest first. */
int tc_store_item_list(tc_store *st, tc_item_row **out, size_t *n, char *err, size_t errlen);
/* Record a decision (state not OPEN). The same decision twice keeps the first and sets
 * *already; another decision replaces it (acknowledged, then objected). Deciding on a
 * change also acknowledges it (tc_change.acked_*). The caller checks the item exists. */
int tc_store_item_set(tc_store *st, const tc_item_row *r, int *already, char *err, size_t errlen);

/* NOTFOUND if no such finding. */
int tc_store_finding_get(tc_store *st, int64_t id, tc_finding_row *out, char *err, size_t errlen);
/* Every finding, oldest first. */
int tc_store_finding_list_all(tc_store *st, tc_finding_row **out, size_t *n,
			      char *err, size_t errlen);
/* What an alert may still carry: not alerted, not technical, and not decided on
 * (a finding whose change was decided on counts as decided, and a change whose
 * findings are all decided on too), oldest first. */
int tc_store_change_list_alertable(tc_store *st, tc_change **out, size_t *n,
				   char *err, size_t errlen);
int tc_store_finding_list_alertable(tc_store *st, tc_finding_row **out, size_t *n,
				    char *err, size_t errlen);

/* *gone = 1 when the open database file is no longer the file at its path (deleted,
 * link count 0, or replaced by another file): what is written now is lost. */
int tc_store_file_gone(tc_store *st, int *gone, char *err, size_t errlen);

/* ---- change classes and text rules (migration 4) ---- */

/* Set a change's class ("substantive", "cosmetic", "technical") and reason (may be
 * NULL). A cosmetic or technical change is also stored technical = 1, so that it is
 * never alerted nor listed open. */
int tc_store_change_set_class(tc_store *st, int64_t id, const char *change_class,
			      const char *reason, char *err, size_t errlen);
/* The hash of the text rules a snapshot's text was made with (tc_extract_rules_sha;
 * "" or NULL: none). */
int tc_store_snapshot_set_rules(tc_store *st, int64_t id, const char *rules_sha,
				char *err, size_t errlen);
/* out: the snapshot's rules hash, "" when none. NOTFOUND if no such snapshot. */
int tc_store_snapshot_rules(tc_store *st, int64_t id, char out[65], char *err, size_t errlen);
/* The document's distinct text hashes other than except, newest first, at most max:
 * an owned list (free each, then the list). */
int tc_store_recent_texts(tc_store *st, int64_t doc, const char *except, size_t max,
			  char ***shas, size_t *n, char *err, size_t errlen);

#endif

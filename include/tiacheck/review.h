/*
 * review: the DPO's review items. Every change ("C12"), finding ("F3") and failure
 * streak of a document ("S2", by document id) is an item; without a decision it is
 * open; a decision (store: review_items) says acknowledged (by, when, note), adopted
 * into the catalogue, or objected (when, how). An acknowledgement of a high-severity
 * item needs a note. A decision on a finding also settles the findings of the same
 * document about the same entity (a new sub-processor and the undeclared transfer
 * it brings are one decision); a decision on a change settles its findings.
 *
 * A new or relocated sub-processor is due: detected + the service's DPA objection
 * window (tc_service.dpa_objection_days, default TC_DPA_DEFAULT_DAYS).
 *
 * Never prints; errors come back as TC_REVIEW_ERROR with err filled.
 */
#ifndef TIACHECK_REVIEW_H
#define TIACHECK_REVIEW_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "tiacheck/catalog.h"
#include "tiacheck/store.h"

enum tc_review_rc {
	TC_REVIEW_OK = 0,
	TC_REVIEW_NOTFOUND = 1,     /* no such change, finding or failure streak */
	TC_REVIEW_NEEDS_NOTE = 2,   /* acknowledging a high-severity item without a note */
	TC_REVIEW_ERROR = -1
};

/* An item's name: type 'C', 'F' or 'S' and its number; name is "F12". */
typedef struct tc_review_ref {
	char type;
	int64_t id;
	char name[24];
} tc_review_ref;

/* "F12", "f12", "C3", "S2"; a bare number ("12", "#12") is a change. 0 ok, -1 not an item. */
int tc_review_parse(const char *s, tc_review_ref *out);

/* What one item is about. Strings owned (tc_review_info_release). */
typedef struct tc_review_info {
	char severity[8];           /* "high", "medium", "info" */
	char *service, *document;
	char *kind;                 /* finding kind, "change" or "failure" */
	char *subject;              /* finding subject (entity), may be NULL */
	int64_t doc, change;        /* change: the finding's change (0 none) */
	time_t detected;            /* first seen / detected / streak start */
} tc_review_info;
void tc_review_info_release(tc_review_info *i);

/* TC_REVIEW_OK with *info filled, TC_REVIEW_NOTFOUND, or TC_REVIEW_ERROR. */
int tc_review_info_get(tc_store *st, const tc_review_ref *ref, tc_review_info *info,
		       char *err, size_t errlen);

/* Record a decision (state not OPEN) on ref and on the items it settles, in one
 * transaction. *already = 1 when the same decision was recorded before (kept). */
int tc_review_decide(tc_store *st, const tc_review_ref *ref, enum tc_item_state state,
		     const char *by, const char *note, const char *how, time_t at,
		     int *already, char *err, size_t errlen);

struct cJSON;
/* What a finding is about: its subject (entity), else its country; NULL: nothing.
 * Findings of one change about the same topic are one item: the one of the highest
 * tc_review_fold_rank (sub-processor 3, undeclared transfer 2, country 1; others 0,
 * never folded), the lowest id first among equals. */
const char *tc_review_topic(const struct cJSON *finding);
int tc_review_fold_rank(const char *kind);

/* 1 when a finding kind starts the DPA's objection window. */
int tc_review_has_deadline(const char *finding_kind);
/* The due date of a finding of that kind detected at detected for service (0: none). */
time_t tc_review_due(const tc_catalog *cat, const char *service, const char *finding_kind,
		     time_t detected);

#endif

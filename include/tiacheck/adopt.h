/*
 * adopt: write a sub-processor that a vendor's published list named (a review item,
 * finding subprocessor_added or subprocessor_location_changed) into the service's
 * catalogue file as a known sub-processor, so that its flows are covered from then
 * on and the item is settled (state "adopted").
 *
 * The edit is planned first (tc_adopt_plan): the new text of catalog/services/ID.json
 * (the entry inserted into "subprocessors", the rest of the file byte for byte), a
 * line diff to show, and a validation of the whole edited catalogue (loaded from a
 * private temporary copy): a plan whose catalogue has an error is refused with the
 * diagnostics, and nothing is written. tc_adopt_apply writes the file atomically
 * (tc_write_file_atomic) and records the decision.
 *
 * Never prints. Ownership: a tc_adopt_plan owns its strings and diags
 * (tc_adopt_plan_release).
 */
#ifndef TIACHECK_ADOPT_H
#define TIACHECK_ADOPT_H

#include <stddef.h>

#include "tiacheck/catalog.h"
#include "tiacheck/refdata.h"
#include "tiacheck/review.h"
#include "tiacheck/store.h"

enum tc_adopt_rc {
	TC_ADOPT_OK = 0,
	TC_ADOPT_NOTFOUND = 1,      /* no such item */
	TC_ADOPT_UNSUITABLE = 2,    /* not a new sub-processor, or already known (err says) */
	TC_ADOPT_INVALID = 3,       /* the edited catalogue would not validate (plan->diags) */
	TC_ADOPT_ERROR = -1
};

typedef struct tc_adopt_opts {
	const char *mechanism;      /* "scc", "bcr", "dpf", "art49", ... for third countries; NULL none */
	const char *scc_module;     /* with scc: "3" by default (processor to processor) */
	const char *kinds;          /* location kinds, comma-separated; NULL: "processing" */
	const char *purpose_sv, *purpose_en;   /* optional */
} tc_adopt_opts;

typedef struct tc_adopt_plan {
	char *service;              /* service id */
	char *entity;               /* the sub-processor's name */
	char *path;                 /* catalog/services/ID.json */
	char *text;                 /* the file's new text */
	char *diff;                 /* "- old\n+ new\n  context\n" lines */
	tc_diags diags;             /* validation of the edited catalogue */
} tc_adopt_plan;

/* Plan the edit for item ref (a finding). */
int tc_adopt_plan_make(tc_store *st, const tc_catalog *cat, const tc_refdata *ref,
		       const tc_review_ref *item, const tc_adopt_opts *opts, tc_adopt_plan *plan,
		       char *err, size_t errlen);
/* Write the planned file and record the item as adopted by `by`. */
int tc_adopt_apply(tc_store *st, const tc_review_ref *item, const tc_adopt_plan *plan,
		   const char *by, char *err, size_t errlen);
void tc_adopt_plan_release(tc_adopt_plan *plan);

#endif

/*
 * tia: a transfer-impact record (EDPB Recommendations 01/2020, six steps) per flow
 * that leaves the EU/EEA, as data: an explained score (one line per factor, each with
 * a stable code and its points), a green/amber/red rating that always follows the
 * score (bands TC_TIA_GREEN_MAX / TC_TIA_AMBER_MAX), the actions the DPO must take
 * (each with a stable code, derived from the flow's classification), the law and
 * practice of the destination (laws.json) with a conclusion whether this importer is
 * likely in reach, the next review date and the decision's age. Line and action texts
 * come from the message table "tia" in both languages (JSON carries both); module
 * tia_render turns records into Markdown and JSON.
 *
 * Rules (EDPB Recommendations 01/2020): a flow covered by an adequacy decision scores
 * only its destination line (0) and gets no transfer-tool action; a flow without a
 * transfer tool scores at least TC_TIA_AMBER_MAX + 1 (red whatever else); an Art. 49
 * derogation is not scored like a transfer tool (its own line, the data weight, no
 * exposure or measures); encryption with keys held in the EU is credited only where
 * the data is at rest there (not processing, remote access or support in clear, use
 * cases 6 and 7), pseudonymisation not where staff reach the data in clear.
 *
 * Ownership: tc_tias owns its texts; release with tc_tias_release(). A record refers to
 * its flow by index and is valid while those flows are. Functions returning char *
 * return owned strings. Pure: no I/O, nothing printed.
 */
#ifndef TIACHECK_TIA_H
#define TIACHECK_TIA_H

#include <stddef.h>
#include <time.h>

#include "tiacheck/catalog.h"
#include "tiacheck/i18n.h"
#include "tiacheck/refdata.h"
#include "tiacheck/transfer.h"

enum tc_rating { TC_RATING_GREEN = 1, TC_RATING_AMBER, TC_RATING_RED };

/* One factor of the score. code: the key of its sentence ("dest_no_tool",
 * "exposure_parent", ...: tia.line.CODE in the message table); static. */
typedef struct tc_tia_line {
	const char *code;
	int points;
	tc_i18n text;
} tc_tia_line;

/* One thing to do. code: "put_tool", "recheck_dpf", ... (tia.action.CODE); static. */
typedef struct tc_tia_action {
	const char *code;
	tc_i18n text;
} tc_tia_action;

/* Whether a law of the destination is likely to reach this importer. */
enum tc_reach {
	TC_REACH_NOT_COMPELLED = 0,    /* the law compels no importer ("none") */
	TC_REACH_NO,                   /* telecom operators only, and the importer is none */
	TC_REACH_YES                   /* any organisation, or a provider and this is one */
};

typedef struct tc_tia {
	size_t flow;                   /* index in the flows */
	int score;
	enum tc_rating rating;
	tc_tia_line *lines;            /* why the score: one line per factor */
	size_t nlines;
	tc_tia_action *actions;        /* what the DPO must do */
	size_t nactions;
	char next_review[16];          /* YYYY-MM-DD */
	long decision_age_days;        /* -1 when no decision is recorded */
	const tc_law_profile *law;     /* borrowed from the refdata; NULL: not recorded */
	enum tc_reach *law_reach;      /* one per law->laws */
	enum tc_reach reach;           /* the highest of law_reach */
	tc_i18n reach_text;            /* the conclusion: in reach or not, and why */
} tc_tia;

typedef struct tc_tias {
	tc_tia *v;
	size_t n;
} tc_tias;

#define TC_TIAS_INIT { 0 }
/* Score bands: up to GREEN_MAX green, up to AMBER_MAX amber, above red. */
#define TC_TIA_GREEN_MAX 4
#define TC_TIA_AMBER_MAX 8

/* One record per flow that leaves the EU/EEA. 0 ok. */
int tc_tia_build(const tc_catalog *cat, const tc_refdata *ref, const tc_flows *flows,
		 time_t now, tc_tias *out);
void tc_tias_release(tc_tias *t);

/* The rating of a score (the bands above). */
enum tc_rating tc_rating_of_score(int score);
const char *tc_rating_name(enum tc_rating r);                      /* "green", ... */
const char *tc_rating_label(enum tc_rating r, enum tc_lang lang);  /* "grön", ... */
/* The flow's categories as "name (weight), ..." in lang (without weights when
 * weights is 0); "none recorded" when it has none. Owned. */
char *tc_tia_categories_text(const tc_refdata *ref, const tc_flow *fl, enum tc_lang lang,
			     int weights);

/* "yes", "no", "not_compelled". */
const char *tc_reach_name(enum tc_reach r);

#endif

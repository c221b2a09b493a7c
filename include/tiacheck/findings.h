/*
 * findings: what a change of one vendor document means for the DPO. Given the old
 * and new normalised text (old NULL for a first snapshot), the document kind, the
 * countries the catalogue declares for the service and the reference data, it
 * produces findings:
 *
 *   subprocessor_added / _removed / _location_changed / _reworded
 *       from the sub-processor tables of both texts (module subproc);
 *   country_added / country_removed
 *       a country named in the new text and nowhere in the old (or the reverse),
 *       outside sub-processor tables; a third country newly named in a DPA or
 *       privacy text is high severity;
 *   term_added / term_removed
 *       key terms (SCC, DPF, BCR, adequacy, transfer, sub-processor, notice period,
 *       derogations, government access, transfer impact assessment) in sv/en/de/fr,
 *       from the declarative key_terms[] table in findings.c;
 *   undeclared_transfer
 *       the new text names a third country (or one with partial adequacy: US, CA,
 *       JP, KR) in a changed sentence, or lists a sub-processor located there, and
 *       the catalogue does not declare that country for the service; always high;
 *       with no old text the whole new text counts as changed;
 *   dpa_version_changed
 *       the version or date shown on the page ("Version 3.2", "Last updated: …",
 *       "Effective date", "Senast uppdaterad", "Stand:", "Dernière mise à jour")
 *       changed, or is newer than the version the catalogue records;
 *   stale_mechanism
 *       the new text relies on Privacy Shield, Safe Harbor or the SCCs of 2001/2010;
 *   dpf_status_changed / dpf_hr_changed
 *       only these, for a document of kind "dpf" (the participant's page on the DPF
 *       List, read by module dpf): its participation status or its HR coverage
 *       changed (or, on a first snapshot, the page does not show an active
 *       participant). High when it is no longer active, or when it no longer covers
 *       HR data and the service's subjects include an HR group (or are not known);
 *       medium when it cannot be read any more or becomes active again; info when
 *       HR data becomes covered.
 *
 * Severity: high > medium > info; findings are ordered by severity (stable).
 * Messages in English and Swedish, from the message table "flows" (ids findings.*,
 * see src/base/msg_flows.c); country names from refdata, else the gazetteer.
 * Each finding has a stable key ("country_added:IN") for de-duplication per document.
 *
 * Ownership: tc_findings owns its findings; release with tc_findings_release().
 * tc_finding_to_json() returns a new cJSON tree the caller owns (cJSON_Delete).
 */
#ifndef TIACHECK_FINDINGS_H
#define TIACHECK_FINDINGS_H

#include <stddef.h>

#include "tiacheck/gazetteer.h"
#include "tiacheck/i18n.h"
#include "tiacheck/diff.h"
#include "tiacheck/refdata.h"
#include "tiacheck/subproc.h"

enum tc_finding_kind {
	TC_FK_SUBPROCESSOR_ADDED = 1,
	TC_FK_SUBPROCESSOR_REMOVED,
	TC_FK_SUBPROCESSOR_LOCATION_CHANGED,
	TC_FK_SUBPROCESSOR_REWORDED,
	TC_FK_COUNTRY_ADDED,
	TC_FK_COUNTRY_REMOVED,
	TC_FK_TERM_ADDED,
	TC_FK_TERM_REMOVED,
	TC_FK_UNDECLARED_TRANSFER,
	TC_FK_DPA_VERSION_CHANGED,
	TC_FK_STALE_MECHANISM,
	TC_FK_DPF_STATUS_CHANGED,
	TC_FK_DPF_HR_CHANGED
};

enum tc_severity { TC_SEV_INFO = 1, TC_SEV_MEDIUM, TC_SEV_HIGH };

typedef struct tc_finding {
	enum tc_finding_kind kind;
	enum tc_severity severity;
	char *subject;             /* entity, term or version; NULL when none */
	char *country;             /* ISO code; NULL when none */
	char **before;             /* countries_before (sub-processor findings) */
	size_t nbefore;
	char **after;              /* countries_after */
	size_t nafter;
	char *evidence;            /* the row or sentence ("" when none) */
	char *msg_en, *msg_sv;
	char *key;                 /* stable de-duplication key: "kind:subject:country" */
} tc_finding;

typedef struct tc_findings {
	tc_finding *v;
	size_t n;
} tc_findings;

#define TC_FINDINGS_INIT { NULL, 0 }

typedef struct tc_findings_input {
	const char *old_text;      /* NULL: first snapshot */
	const char *new_text;
	const char *doc_kind;      /* "dpa", "privacy", "subprocessors", "other", "dpf" */
	const char *const *declared;   /* ISO codes the catalogue declares for the service */
	size_t ndeclared;
	const char *recorded_version;  /* version/date the catalogue records, or NULL */
	const tc_refdata *ref;     /* required */
	const tc_gazetteer *gz;    /* NULL: tc_findings_default_gazetteer() */
	const char *const *subjects;   /* the service's subject groups (subjects.json codes),
	                                  for a "dpf" document; NULL: not known (a loss of
	                                  HR coverage is then high) */
	size_t nsubjects;
	const tc_diff *diff;       /* old_text -> new_text when the caller has it (NULL:
	                              the analysis works it out) */
} tc_findings_input;

/* Analyse one change. 0 ok; -1 with err (no reference data, no gazetteer, or a text
 * too large to compare). */
int tc_findings_analyse(const tc_findings_input *in, tc_findings *out, char *err, size_t errlen);
void tc_findings_release(tc_findings *f);

/*
 * The gazetteer used when the input has none, loaded once from $TIACHECK_GAZETTEER,
 * else $TIACHECK_CATALOG/reference/gazetteer.json, else
 * catalog/reference/gazetteer.json. Borrowed; NULL with err when none loads.
 * Commands that know the catalogue directory should load their own and pass it.
 */
const tc_gazetteer *tc_findings_default_gazetteer(char *err, size_t errlen);

/* Finding JSON of formats.md (without service and document). ref may be NULL. */
struct cJSON *tc_finding_to_json(const tc_finding *f, const tc_refdata *ref);
struct cJSON *tc_findings_to_json(const tc_findings *f, const tc_refdata *ref);

/* The finding's message in lang (borrowed; "" when none). */
const char *tc_finding_message(const tc_finding *f, enum tc_lang lang);
const char *tc_finding_kind_name(enum tc_finding_kind k);   /* "subprocessor_added", ... */
const char *tc_finding_severity_name(enum tc_severity s);   /* "high", "medium", "info" */

/*
 * The sub-processors one text lists (for fourth-party flows): same as
 * tc_subproc_parse() with the given or default gazetteer. Each row has entity,
 * countries (processing; region tokens included) and corp_countries. 0 ok; -1 with err.
 */
int tc_findings_subprocessors(const tc_gazetteer *gz, const char *text, tc_subproc_list *out,
			      char *err, size_t errlen);

#endif

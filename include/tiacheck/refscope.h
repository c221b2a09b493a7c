/*
 * refscope: the parts of the reference data that decide how far a transfer rule
 * reaches: the coded scope of an adequacy decision (scope_rules in countries.json),
 * the data-subject groups (subjects.json), the importer sectors (sectors.json) and the
 * law and practice of common destinations (laws.json), each with its sources and the
 * date it was checked; and the alias table of common sub-processors (aliases.json):
 * groups of legal and trade names that mean the same organisation or group, for
 * entity matching (entity.h). Data, not code: a DPO updates the JSON without a rebuild.
 *
 * Ownership: everything here is owned by the tc_refdata that loaded it (refdata.h) and
 * released with it; lookups return borrowed pointers valid until tc_refdata_release.
 * The jsondoc handlers below are for refdata.c's field tables.
 */
#ifndef TIACHECK_REFSCOPE_H
#define TIACHECK_REFSCOPE_H

#include <stddef.h>

#include "tiacheck/jsondoc.h"

typedef struct tc_text2 {      /* a text in both languages */
	char *sv;
	char *en;
} tc_text2;

typedef struct tc_source {
	char *title;
	char *url;                 /* may be NULL */
} tc_source;

/* What an adequacy decision covers, in codes. Every list may be empty. */
typedef struct tc_scope_rules {
	char **sectors_only;       /* covered only when the importer's sector is one of these */
	size_t nsectors_only;
	char **sectors_excluded;   /* not covered when the importer's sector is one of these */
	size_t nsectors_excluded;
	char **subjects_warn;      /* covered, but a grey zone for these subject groups */
	size_t nsubjects_warn;
	tc_text2 subjects_warn_reason;
	char **regions_excluded;   /* a location's region that the decision does not cover */
	size_t nregions_excluded;
	int requires_dpf;          /* covered only with an active DPF certification */
	int hr_requires_dpf_hr;    /* HR subject groups need the certification to cover HR */
	tc_text2 summary;
	tc_source *sources;
	size_t nsources;
	char *checked;             /* YYYY-MM-DD */
} tc_scope_rules;

/* A coded list entry (subjects, sectors). */
typedef struct tc_code_entry {
	char *code;
	char *sv;
	char *en;
	int hr;                    /* subjects: data about the organisation's own staff */
	int vulnerable;            /* subjects: children, patients, ... */
} tc_code_entry;

typedef struct tc_law {
	char *name;
	char *reaches;             /* any_organisation, communications_providers,
	                              telecom_operators, none */
	tc_text2 text;
} tc_law;

/* Step 3 of a TIA for one destination. */
typedef struct tc_law_profile {
	char *country;
	char *assessment;          /* adequacy_assessed, concerns, serious_concerns */
	tc_law *laws;
	size_t nlaws;
	tc_text2 redress;
	tc_text2 scc;              /* what the laws mean for SCCs */
	tc_source *sources;
	size_t nsources;
} tc_law_profile;

/* One organisation or group of aliases.json: every name in it means the same one. */
typedef struct tc_alias_group {
	char *id;                  /* "aws", "google", ... */
	char **names;              /* legal and trade names as written */
	size_t nnames;
	char *note;                /* may be NULL: "Functional Software, Inc. trades as Sentry" */
} tc_alias_group;

/* The lists, owned by tc_refdata (refdata.h has a pointer to one). */
typedef struct tc_refscope {
	tc_code_entry *subjects;
	size_t nsubjects;
	tc_code_entry *sectors;
	size_t nsectors;
	tc_law_profile *laws;
	size_t nlaws;
	char *laws_checked;
	tc_alias_group *aliases;   /* aliases.json (optional file) */
	size_t naliases;
	char *aliases_checked;
} tc_refscope;

/* jsondoc handler for a country's "scope_rules" (slot: tc_scope_rules **). */
int tc_refscope_parse_rules(tc_jdoc *d, const cJSON *v, const char *path, void *slot,
			    void *ud);
void tc_scope_rules_free(tc_scope_rules *r);

/* Load subjects.json, sectors.json, laws.json and aliases.json from dir into *out (each file is
 * optional: a missing file leaves its list empty). Problems go to d-style reports
 * through report(ud, ...). 0 ok, -1 when a file that exists has an error. */
int tc_refscope_load(const char *dir, tc_refscope *out, tc_jreport_fn report, void *ud);
void tc_refscope_release(tc_refscope *s);

const tc_code_entry *tc_refscope_subject(const tc_refscope *s, const char *code);
const tc_code_entry *tc_refscope_sector(const tc_refscope *s, const char *code);
const tc_law_profile *tc_refscope_laws(const tc_refscope *s, const char *country);
/* 1 when code is in the list (NULL-safe). */
int tc_code_in(const char *code, char *const *list, size_t n);

/* What a date field holds: 0 a date of the calendar in YYYY-MM-DD,
 * TC_DATE_MALFORMED when it is not written YYYY-MM-DD, TC_DATE_IMPOSSIBLE when it is
 * well-formed but names no day ("2026-02-30", "2026-13-01"). */
enum { TC_DATE_MALFORMED = -1, TC_DATE_IMPOSSIBLE = -2 };
int tc_date_check(const char *s);

/* jsondoc field handlers shared by the reference files: a YYYY-MM-DD date of the
 * calendar (malformed and impossible dates named apart), a country code (2-4 upper-case
 * letters), a lower-case code (letters, digits, '_'). */
int tc_ref_check_date(tc_jdoc *d, const cJSON *v, const char *path, void *t, void *ud);
int tc_ref_check_country(tc_jdoc *d, const cJSON *v, const char *path, void *t, void *ud);
int tc_ref_check_code(tc_jdoc *d, const cJSON *v, const char *path, void *t, void *ud);

#endif

/*
 * refdata: reference data read from catalog/reference/: countries (EU / EEA /
 * adequacy decisions with scope, decision number and date, names in English and
 * Swedish) and data categories (code, sv/en labels, sensitivity weight).
 * Data, not code: a DPO updates the JSON files without a rebuild.
 *
 * Ownership: tc_refdata owns everything in it; release with tc_refdata_release().
 * Lookups return borrowed pointers valid until then.
 */
#ifndef TIACHECK_REFDATA_H
#define TIACHECK_REFDATA_H

#include <stddef.h>

#include "tiacheck/i18n.h"
#include "tiacheck/refscope.h"

enum tc_country_status {
	TC_CS_THIRD = 0,           /* not in the table, or no decision */
	TC_CS_EU,
	TC_CS_EEA,                 /* EEA but not EU: IS, LI, NO */
	TC_CS_ADEQUATE,
	TC_CS_ADEQUATE_PARTIAL,    /* US (DPF), CA (PIPEDA), JP, KR: scope limited */
	TC_CS_ADEQUATE_IO          /* international organisation */
};

typedef struct tc_country {
	char *code;
	char *name_en;
	char *name_sv;
	enum tc_country_status status;
	char *scope;               /* scope note, may be NULL */
	char *decision;            /* "(EU) 2023/1795" */
	char *decision_date;       /* YYYY-MM-DD */
	char *partial_evidence;    /* ADEQUATE_PARTIAL: what the catalogue must record for
	                              a flow to be covered: "dpf" (US) or "adequacy" */
	char **aliases;            /* other codes that mean this one: "EL" for GR, "UK" */
	size_t naliases;
	char **laws;               /* laws of concern for public-authority access */
	size_t nlaws;
	int region;                /* a region code ("EU", "EEA"), not a country */
	char *expires;             /* YYYY-MM-DD when the decision ends (may be NULL) */
	tc_scope_rules *rules;     /* what the decision covers, in codes (may be NULL) */
} tc_country;

typedef struct tc_category {
	char *code;                /* "email", "personnummer", ... */
	char *name_sv;
	char *name_en;
	int weight;                /* sensitivity weight for the risk score */
	int special;               /* Art. 9/10 special category */
	int national_id;           /* national identification number (Art. 87) */
	char *group;               /* "contact", "log", "special", ... (may be NULL) */
} tc_category;

typedef struct tc_refdata {
	tc_country *countries;     /* sorted by code */
	size_t ncountries;
	tc_category *categories;
	size_t ncategories;
	char *countries_checked;   /* date the table was last checked */
	char *categories_checked;
	char *dir;                 /* where it was loaded from */
	tc_refscope scope;         /* subjects, sectors, law and practice (refscope.h) */
} tc_refdata;

#define TC_REFDATA_INIT { 0 }

/* Load dir/countries.json and dir/categories.json, and (each optional)
 * subjects.json, sectors.json and laws.json. 0 ok; -1 with err "file:line:col: msg". */
int tc_refdata_load(const char *dir, tc_refdata *ref, char *err, size_t errlen);
/* The same, reporting every problem through report(ud, level 1 error / 2 warning,
 * file, line, col, message) instead of only the first. 0 when there was no error. */
int tc_refdata_load_report(const char *dir, tc_refdata *ref,
			   void (*report)(void *ud, int level, const char *file, int line,
					  int col, const char *msg), void *ud);
void tc_refdata_release(tc_refdata *ref);
/* By code or alias (exact, upper case); NULL when not in the table (= third country). */
const tc_country *tc_refdata_country(const tc_refdata *ref, const char *code);
const tc_category *tc_refdata_category(const tc_refdata *ref, const char *code);
/* Country name in lang; the code itself when unknown. Borrowed. */
const char *tc_refdata_country_name(const tc_refdata *ref, const char *code, enum tc_lang lang);
const char *tc_country_status_name(enum tc_country_status s); /* "EU", "EEA", ... */
/* Parse "EU", "EEA", "ADEQUATE", ...; -1 when unknown. */
int tc_country_status_parse(const char *s);
/* 1 when data in code stays in the EU/EEA (status EU or EEA). */
int tc_refdata_in_eea(const tc_refdata *ref, const char *code);
/* Status of a code: the table's, or TC_CS_THIRD when unknown. */
enum tc_country_status tc_refdata_status(const tc_refdata *ref, const char *code);
/* Category label in lang; the code itself when unknown. Borrowed. */
const char *tc_refdata_category_name(const tc_refdata *ref, const char *code, enum tc_lang lang);

#endif

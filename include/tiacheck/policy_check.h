/*
 * policy_check: reads a published privacy policy and lists where it disagrees with
 * the catalogue: services named in the policy that the catalogue lacks, catalogued
 * services the policy does not name, locations that hide a transfer out of the
 * EU/EEA, parents outside the EU/EEA left unnamed, data categories that differ.
 *
 *   - tc_policy_check() compares the text of a policy (policy_source.h reads it from
 *     a file or a URL) with the catalogue. Pure: no file, no network.
 *   - tc_policy_vocab_load() reads catalog/reference/known-services.json: common
 *     processor names, the phrases that introduce a service ("med hjälp av", "via"),
 *     words that are never services, country and category synonyms. Data, not code.
 *
 * Each finding carries its message in both languages (message_sv, message_en, the
 * words from msg_policy.c, ids "policy.chk_*"); the
 * JSON of tc_pcheck_to_json keeps the stable codes (kind, severity) beside them.
 *
 * Ownership: the catalogue and refdata are borrowed. A tc_policy_vocab and a
 * tc_pcheck own everything in them; release them with tc_policy_vocab_release() /
 * tc_pcheck_release(). A finding's `service` points into the catalogue passed to
 * tc_policy_check (borrowed). Nothing here prints.
 */
#ifndef TIACHECK_POLICY_CHECK_H
#define TIACHECK_POLICY_CHECK_H

#include <stddef.h>

#include "tiacheck/catalog.h"
#include "tiacheck/refdata.h"
#include "tiacheck/util.h"

/* ---- vocabulary (catalog/reference/known-services.json) ---- */

typedef struct tc_known_service {
	char *name;               /* "SendGrid" */
	char **aliases;           /* "Sendgrid", "Twilio SendGrid" */
	size_t naliases;
	char *entity;             /* optional legal entity */
	char *country;            /* optional country of the entity */
} tc_known_service;

typedef struct tc_policy_alias {
	char *text;               /* "USA", "e-postadress" */
	char *code;               /* "US", "email" */
} tc_policy_alias;

typedef struct tc_policy_vocab {
	tc_known_service *services;
	size_t nservices;
	char **not_services;      /* capitalised words that are never a service: "EU", "GDPR" */
	size_t nnot_services;
	char **triggers;          /* phrases after which a service name is expected */
	size_t ntriggers;
	char **fillers;           /* words between a trigger and the name: "tjänsten" */
	size_t nfillers;
	tc_policy_alias *country_aliases;
	size_t ncountry_aliases;
	tc_policy_alias *category_aliases;
	size_t ncategory_aliases;
} tc_policy_vocab;

#define TC_POLICY_VOCAB_INIT { 0 }

/* Parse the JSON text (name is used in messages). 0 ok; -1 with err "name: ...". */
int tc_policy_vocab_parse(const char *json, size_t len, const char *name, tc_policy_vocab *v,
			  char *err, size_t errlen);
/* Read and parse a file. 0 ok; -1 with err. */
int tc_policy_vocab_load(const char *path, tc_policy_vocab *v, char *err, size_t errlen);
void tc_policy_vocab_release(tc_policy_vocab *v);

enum tc_vocab_source { TC_VOCAB_NONE = 0, TC_VOCAB_FILE, TC_VOCAB_BUILTIN };
/* The vocabulary of a catalogue: CATALOG_DIR/reference/known-services.json, else (a
 * catalogue made before the list existed) the built-in copy. *src says which (NONE:
 * neither, v empty). 0 ok; -1 with err when the file exists but cannot be used. */
int tc_policy_vocab_find(const char *catalog_dir, tc_policy_vocab *v,
			 enum tc_vocab_source *src, char *err, size_t errlen);

/* ---- checking a published policy ---- */

enum tc_pcheck_kind {
	TC_PC_UNKNOWN_SERVICE = 1, /* "unknown_service": named in the policy, not catalogued */
	TC_PC_NOT_MENTIONED,       /* "not_mentioned": catalogued, not named in the policy */
	TC_PC_LOCATION,            /* "location_mismatch": the policy's location hides or
	                              contradicts where the catalogue says the data goes */
	TC_PC_PARENT,              /* "parent_not_mentioned": a parent outside the EU/EEA
	                              the policy does not name (a note) */
	TC_PC_CATEGORIES,          /* "categories_mismatch": data categories differ */
	TC_PC_OUTSIDE_UNNAMED      /* "outside_unnamed": the policy says some services are
	                              outside the EU/EEA, but no entry names such a country */
};

enum tc_pcheck_severity { TC_PC_INFO = 0, TC_PC_MEDIUM, TC_PC_HIGH };

typedef struct tc_pcheck_finding {
	enum tc_pcheck_kind kind;
	enum tc_pcheck_severity severity;
	const tc_service *service;  /* borrowed; NULL for an unknown service */
	char *name;                 /* the name as written in the policy, or the service's */
	int line;                   /* 1-based line of the policy text; 0: none */
	char *snippet;              /* the quoted text around the finding ("" when none) */
	char **countries;           /* location: codes the policy should name but does not,
	                               or names but the catalogue lacks */
	size_t ncountries;
	char **missing;             /* categories: codes in the catalogue, not in the policy */
	size_t nmissing;
	char **extra;               /* categories: codes (or unknown labels) only in the policy */
	size_t nextra;
	char *message_en;
	char *message_sv;
} tc_pcheck_finding;

typedef struct tc_pcheck {
	tc_pcheck_finding *v;       /* sorted by line (0 last), then kind */
	size_t n, cap;
	size_t ndiscrepancies;      /* findings with severity above info */
} tc_pcheck;

#define TC_PCHECK_INIT { 0 }

/*
 * Compare the policy text[0..len) with the catalogue. Line numbers count the lines of
 * text as given. vocab may be NULL (no known names, no trigger phrases: only the
 * catalogue's own names are recognised). 0 ok (findings in out, possibly none);
 * -1 with err set when the text is not usable (not UTF-8, too large).
 */
int tc_policy_check(const char *text, size_t len, const tc_catalog *cat, const tc_refdata *ref,
		    const tc_policy_vocab *vocab, tc_pcheck *out, char *err, size_t errlen);
void tc_pcheck_release(tc_pcheck *c);
const char *tc_pcheck_kind_name(enum tc_pcheck_kind k);
const char *tc_pcheck_severity_name(enum tc_pcheck_severity s);
/* The findings as JSON (owned string): {"source":…,"consistent":…,"discrepancies":N,
 * "notes":N,"findings":[{"kind","severity","service","service_name","name","line",
 * "snippet","countries","missing","extra","message":{"en","sv"}}]}. */
char *tc_pcheck_to_json(const tc_pcheck *c, const char *source);

#endif

/*
 * catalog: loads and validates the organisation's catalogue (the JSON files under catalog/) into an
 * in-memory model. Every problem found is collected as a diagnostic with file, line
 * and column, so that `tiacheck check` can list them all, not only the first.
 * Besides the types, it checks the facts that decide a transfer: a mechanism where one
 * is needed (suggesting what fits the destination), and the facts the scope rules of
 * the reference data need (sector, subjects, region, DPF hr), for the service and for
 * each of its known sub-processors. It does not classify flows (transfer.h does).
 *
 * Ownership: tc_catalog_load() fills a tc_catalog that owns every string and array in
 * it; release it with tc_catalog_release(). Pointers into it (services, documents)
 * stay valid until then. The refdata it validates against is borrowed, not owned.
 */
#ifndef TIACHECK_CATALOG_H
#define TIACHECK_CATALOG_H

#include <stddef.h>
#include <time.h>

#include "tiacheck/extract.h"   /* enum tc_doc_format */
#include "tiacheck/fetch_mode.h" /* enum tc_fetch_mode */
#include "tiacheck/refdata.h"

/* A text in both languages of the policy. Either may be NULL when not given. */
typedef struct tc_i18n {
	char *sv;
	char *en;
} tc_i18n;

enum tc_role {
	TC_ROLE_PROCESSOR = 1,      /* personuppgiftsbiträde */
	TC_ROLE_SUBPROCESSOR,       /* underbiträde */
	TC_ROLE_CONTROLLER          /* independent controller */
};

/* What happens to data at a location; a location may have several (bit mask). */
enum tc_loc_kind {
	TC_LOC_STORAGE = 1 << 0,
	TC_LOC_PROCESSING = 1 << 1,
	TC_LOC_REMOTE_ACCESS = 1 << 2,
	TC_LOC_SUPPORT = 1 << 3
};

typedef struct tc_location {
	char *country;          /* ISO 3166-1 alpha-2 (or a private code such as XEPO) */
	unsigned kinds;         /* enum tc_loc_kind bits */
	char *place;            /* optional: "Amsterdam", "Dublin" */
	char *entity;           /* optional: who is there, if not the service's entity */
	char *note;
	int line;               /* where it stands in the file (for messages) */
	enum tc_role role;      /* role of the entity there; 0 = the service's role */
	char *sector;           /* optional: sector of the entity there (sectors.json);
	                           NULL: the owner's sector applies */
	char *region;           /* optional: a region code within the country
	                           ("west_bank"), matched by scope_rules regions_excluded */
} tc_location;

enum tc_mech_type {
	TC_MECH_NONE = 0,
	TC_MECH_ADEQUACY,       /* Art. 45 decision for the country */
	TC_MECH_DPF,            /* EU-US Data Privacy Framework (partial adequacy for US) */
	TC_MECH_SCC,            /* Art. 46(2)(c) standard contractual clauses 2021/914 */
	TC_MECH_BCR,            /* Art. 47 binding corporate rules */
	TC_MECH_ART49           /* Art. 49 derogation */
};

/* A yes/no fact the catalogue may leave out; a zeroed struct has it unstated. */
enum tc_fact { TC_FACT_UNSTATED = 0, TC_FACT_TRUE, TC_FACT_FALSE };

/* The legal ground for data reaching one country outside the EU/EEA. */
typedef struct tc_mechanism {
	char *country;
	enum tc_mech_type type;
	char *dpf_url;          /* DPF participant page (type DPF) */
	char *dpf_status;       /* "active", "inactive", ... as read on that page */
	char *dpf_checked;      /* YYYY-MM-DD */
	char *scc_module;       /* "1".."4" or text, type SCC */
	char *art49_ground;     /* type ART49: "explicit consent", ... */
	char *reference;        /* DPA clause, BCR approval, ... */
	int line;
	char *note;
	enum tc_fact hr;        /* type DPF: whether the participant's certification
	                           covers HR data (unstated when not checked) */
} tc_mechanism;

enum tc_doc_kind {
	TC_DOC_DPA = 1,
	TC_DOC_PRIVACY,
	TC_DOC_SUBPROCESSORS,
	TC_DOC_OTHER,
	TC_DOC_DPF              /* the participant's page on the DPF List (module dpf) */
};

/* A published document of the vendor that tiacheck fetches and compares. */
typedef struct tc_document {
	char *id;               /* unique within the service: "dpa", "privacy", ... */
	enum tc_doc_kind kind;
	char *url;
	enum tc_doc_format format;
	enum tc_fetch_mode render;  /* "render": auto (default), static, browser */
	char **select;          /* optional XPath expressions: keep only these */
	size_t nselect;
	char **remove;          /* optional XPath expressions: drop these */
	size_t nremove;
	char **ignore;          /* optional POSIX extended regular expressions: lines of
	                           the normalised text they match are not compared */
	size_t nignore;
	int min_chars;          /* optional: fewer characters of text is a failure
	                           (0: decided from the document's own history) */
	char *version;          /* optional: DPA version/date the catalogue records */
	int line;
} tc_document;

/* A decision the DPO recorded for the service's transfers. */
typedef struct tc_decision {
	char *outcome;          /* "approved", "approved with conditions", "rejected" */
	char *by;
	char *date;             /* YYYY-MM-DD */
	char *next_review;      /* YYYY-MM-DD, optional */
	char *note;
} tc_decision;

/* A sub-processor of the vendor that the catalogue knows (the vendor's onward
 * transfer), with the same facts as a service: where it has the data and what covers
 * each third country (usually SCC module 3 between the vendor and it). */
typedef struct tc_subprocessor {
	char *name;             /* legal name: "Infosys BPM Limited" */
	char **aliases;         /* other names it appears under on the vendor's list */
	size_t naliases;
	tc_i18n purpose;        /* optional */
	char *sector;           /* optional: its sector (sectors.json) */
	tc_location *locations; /* at least one */
	size_t nlocations;
	tc_mechanism *mechanisms;
	size_t nmechanisms;
	char *note;
	int line;
} tc_subprocessor;

/* Notice and objection windows when the catalogue states no DPA terms. */
#define TC_DPA_DEFAULT_DAYS 30

typedef struct tc_service {
	char *id;               /* [a-z0-9-]+, unique; the file name without .json */
	char *name;             /* display name: "HubSpot" */
	char *legal_entity;     /* "HubSpot Ireland Ltd" */
	char *entity_country;   /* country of the legal entity */
	enum tc_role role;
	tc_i18n purpose;
	char *parent_name;      /* optional parent company */
	char *parent_country;
	char *address;
	char *phone;
	char *email;
	char *website;
	char **categories;      /* data category codes (refdata) */
	size_t ncategories;
	tc_i18n data_subjects;  /* optional */
	tc_location *locations;
	size_t nlocations;
	tc_mechanism *mechanisms;
	size_t nmechanisms;
	char **measures;        /* supplementary measures, free text */
	size_t nmeasures;
	int measures_eu_keys;   /* encryption keys held in the EU (lowers exposure) */
	int measures_pseudonymised;
	char *pnr_justification; /* required when categories has personnummer */
	char *dpa_version;      /* optional */
	char *dpa_date;         /* optional YYYY-MM-DD */
	tc_decision decision;   /* all fields NULL when none recorded */
	tc_document *documents;
	size_t ndocuments;
	char *file;             /* path it was loaded from */
	char **subjects;        /* data-subject group codes (subjects.json); may be empty */
	size_t nsubjects;
	char *sector;           /* the importer's sector (sectors.json), or NULL */
	int dpa_notice_days;    /* days of notice the vendor gives of a new sub-processor */
	int dpa_objection_days; /* days the customer has to object */
	int dpa_days_default;   /* 1 when the catalogue states neither (defaults apply) */
	tc_subprocessor *subprocessors;
	size_t nsubprocessors;
} tc_service;

typedef struct tc_activity {
	char *id;
	tc_i18n name;
	tc_i18n legal_basis;    /* "Avtal med den registrerade" / "Contract with the data subject" */
	char **categories;
	size_t ncategories;
} tc_activity;

typedef struct tc_org {
	char *name;             /* "Elinfo / EL-VIS" */
	char *legal_name;
	char *country;          /* exporter country, "SE" */
	char *dpo_name;
	char *dpo_email;
	char *dpo_phone;
	char *default_lang;     /* "sv" or "en" */
	char *policy_reviewed;  /* YYYY-MM-DD the list was last reviewed */
	tc_activity *activities;
	size_t nactivities;
	char **languages;       /* languages the policy is published in: "sv", "en" */
	size_t nlanguages;
	char *website;
	char *file;
} tc_org;

enum tc_diag_level { TC_DIAG_ERROR = 1, TC_DIAG_WARNING };

typedef struct tc_diag {
	enum tc_diag_level level;
	char *file;
	int line, col;
	char *message;
} tc_diag;

typedef struct tc_diags {
	tc_diag *v;
	size_t n, cap;
	size_t nerrors, nwarnings;
} tc_diags;

typedef struct tc_catalog {
	char *dir;
	tc_org org;
	tc_service *services;   /* sorted by id */
	size_t nservices;
	char *hash;             /* SHA-256 hex over the catalogue files, for history */
} tc_catalog;

#define TC_CATALOG_INIT { 0 }
#define TC_DIAGS_INIT { 0 }

/*
 * Load dir/organisation.json and dir/services/ *.json and validate them against ref.
 * Every problem goes to diags (never printed here). Returns 0 when there is no error
 * (warnings allowed), -1 otherwise; cat is filled as far as possible either way and
 * must be released.
 */
int tc_catalog_load(const char *dir, const tc_refdata *ref, tc_catalog *cat, tc_diags *diags);
/* The whole catalogue as one canonical JSON document (keys sorted at every level;
 * *out owned): what a run records when the catalogue's hash is new. It is not kept
 * after loading (it is the size of all the files together): the files are read
 * again, one at a time, and their hash must still be cat->hash, else an error says
 * that the catalogue changed while tiacheck was running. 0 ok, -1 with err set. */
int tc_catalog_canonical_json(const tc_catalog *cat, char **out, char *err, size_t errlen);
void tc_catalog_release(tc_catalog *cat);
const tc_service *tc_catalog_find(const tc_catalog *cat, const char *id);
const tc_document *tc_service_find_doc(const tc_service *s, const char *doc_id);
/* The service's first document of kind dpf (its page on the DPF List), or NULL. */
const tc_document *tc_service_dpf_doc(const tc_service *s);
int tc_service_has_category(const tc_service *s, const char *code);

void tc_diags_release(tc_diags *d);
/* Add a diagnostic (file may be NULL). */
void tc_diags_add(tc_diags *d, enum tc_diag_level level, const char *file, int line, int col,
		  const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Sort by file, line, column (stable). */
void tc_diags_sort(tc_diags *d);
/* The diagnostics as a JSON array [{"file","line","col","level","message"}];
 * owned string. warnings_only: only the warnings, without "level" (the run report's
 * "catalog_warnings"). */
char *tc_diags_to_json(const tc_diags *d, int warnings_only);
const char *tc_diag_level_name(enum tc_diag_level l);  /* "error", "warning" */
/* i18n text in lang, falling back to the other language; NULL when neither. */
const char *tc_i18n_get(const tc_i18n *t, enum tc_lang lang);
const char *tc_role_name(enum tc_role r);           /* "processor", ... */
const char *tc_doc_kind_name(enum tc_doc_kind k);   /* "dpa", "privacy", ... */
const char *tc_mech_type_name(enum tc_mech_type t); /* "adequacy", "dpf", ... */
const char *tc_loc_kind_name(enum tc_loc_kind k);   /* "storage", ... (one bit) */
/* The mechanism the service records for a country, or NULL. */
const tc_mechanism *tc_service_mechanism(const tc_service *s, const char *country);
/* The same for one of its sub-processors. */
const tc_mechanism *tc_subprocessor_mechanism(const tc_subprocessor *p, const char *country);
int tc_service_has_subject(const tc_service *s, const char *code);

/* Limits on catalogue input. */
#define TC_CATALOG_MAX_FILE ((size_t)1 << 20)
#define TC_CATALOG_MAX_SERVICES 2000

/* The countries outside the EU/EEA that the service's data reaches (any kind of
 * location), in order, added to out (borrowed from s); a contracting entity outside
 * the EU/EEA reaches the data too (remote access). */
void tc_service_outside_countries(const tc_service *s, const tc_refdata *ref, tc_strset *out);

#endif

/*
 * transfer: every data flow of the catalogue (service × location, the parent
 * company's country as "parent" exposure, the contracting entity's own country) and
 * its classification from the reference data: eu / eea / adequate / partial_covered /
 * partial_not_covered / third, with the mechanism and a reason in sv and en (from the
 * message table "flows"). The classification applies the coded scope of an adequacy
 * decision (scope_rules in countries.json) to the catalogue's facts (the importer's
 * sector, the location's region, the service's subjects, a DPF certification's hr):
 * outside it a flow is not covered, and the reason names the rule and the fact; a fact
 * the rules need but the catalogue lacks leaves the classification as without it and
 * is named in the reason. No country is named in the code: the rules are data.
 * The sub-processors a service declares in the catalogue are depth-2 flows; callers
 * may add more (depth 2) from a vendor's published sub-processor list. The transfer-impact records built on these flows are
 * module tia; their rendering, and the flows table, module tia_render.
 *
 * Ownership: tc_flows owns copies of everything (it does not point into the catalogue);
 * release with tc_flows_release(). Functions returning char * return owned strings;
 * const char * results are static. Pure: no I/O, nothing printed.
 */
#ifndef TIACHECK_TRANSFER_H
#define TIACHECK_TRANSFER_H

#include <stddef.h>
#include <time.h>

#include "tiacheck/catalog.h"
#include "tiacheck/i18n.h"
#include "tiacheck/refdata.h"

struct cJSON;
struct tc_dpf_evidence;

enum tc_flow_role {
	TC_FLOW_PROCESSOR = TC_ROLE_PROCESSOR,
	TC_FLOW_SUBPROCESSOR = TC_ROLE_SUBPROCESSOR,
	TC_FLOW_CONTROLLER = TC_ROLE_CONTROLLER,
	TC_FLOW_PARENT                 /* only the parent company's country */
};

/* Flow kinds: the enum tc_loc_kind bits plus this one. */
#define TC_FLOW_KIND_PARENT (1u << 4)

enum tc_flow_class {
	TC_FC_EU = 1,
	TC_FC_EEA,
	TC_FC_ADEQUATE,
	TC_FC_PARTIAL_COVERED,         /* partial adequacy, evidence recorded (DPF active) */
	TC_FC_PARTIAL_NOT_COVERED,     /* partial adequacy without evidence: as third */
	TC_FC_THIRD
};

typedef struct tc_flow {
	char *service;                 /* catalogue service id (depth 2: the vendor's) */
	char *service_name;
	char *entity;                  /* who receives the data there */
	enum tc_flow_role role;
	int depth;                     /* 1 catalogue, 2 the vendor's sub-processor */
	char *via;                     /* depth 2: vendor service id; else NULL */
	char *country;
	unsigned kinds;                /* tc_loc_kind bits | TC_FLOW_KIND_PARENT */
	enum tc_country_status status;
	enum tc_flow_class cls;
	int leaves_eea;
	enum tc_mech_type mechanism;   /* TC_MECH_NONE when none applies / recorded */
	char **categories;
	size_t ncategories;
	int personnummer;              /* a national-id category */
	int special;                   /* an Art. 9/10 category */
	int art9;                      /* an Art. 9 category (special, not "criminal") */
	int criminal;                  /* criminal convictions and offences (Art. 10) */
	int weight;                    /* highest category weight */
	tc_i18n reason;
	char *place;
	char *note;
	char *dpf_checked;             /* copied from the mechanism, when DPF */
	char *dpf_url;                 /* the same */
	char *dpf_status;              /* the same ("active", ...); with a monitored DPF
	                                  page, dpf_checked and dpf_status are the page's
	                                  (tc_flows_apply_dpf) */
	char *art49_ground;            /* copied from the mechanism, when Art. 49 */
	const char *scope_rule;        /* a scope rule that leaves the flow out (static code:
	                                  "sector_excluded", "sector_not_included",
	                                  "region_excluded", "dpf_hr" (HR data, 'hr' false),
	                                  "dpf_hr_unstated" (HR data, 'hr' not recorded)),
	                                  or NULL */
	const char *scope_missing;     /* a catalogue field the scope needs but that is not
	                                  recorded ("sector", "subjects"), or NULL; the
	                                  classification then stays as without it */
	int scope_warn;                /* covered, but a grey zone (subjects_warn) */
	int known_country;             /* the code is in the reference table */
} tc_flow;

typedef struct tc_flows {
	tc_flow *v;
	size_t n, cap;
} tc_flows;

#define TC_FLOWS_INIT { 0 }
#define TC_DPF_MAX_AGE_DAYS 365

/* What a caller knows about one flow; tc_flows_add() classifies it. */
typedef struct tc_flow_in {
	const char *service;
	const char *service_name;
	const char *entity;
	enum tc_flow_role role;
	int depth;
	const char *via;               /* NULL at depth 1 */
	const char *country;
	unsigned kinds;
	const char *const *categories;
	size_t ncategories;
	const tc_mechanism *mechanism; /* recorded for this country, or NULL */
	const char *place, *note;
	/* The facts a scoped adequacy decision needs (scope_rules in countries.json); each
	 * may be missing (NULL / 0): the classification then stays as without the rule
	 * and the reason names the field to add. */
	const char *sector;            /* the importer's sector (sectors.json) */
	const char *region;            /* the location's region ("west_bank"); NULL: the
	                                  country's territory */
	const char *const *subjects;   /* data-subject groups (subjects.json) */
	size_t nsubjects;
} tc_flow_in;

/* The classification of data reaching country under mechanism m (may be NULL) at
 * time now; *mech gets the mechanism that applies (may be NULL). */
enum tc_flow_class tc_classify(const tc_refdata *ref, const char *country,
			       const tc_mechanism *m, time_t now, enum tc_mech_type *mech);

/* All flows of the catalogue, in service order: each service's own (depth 1), then
 * those of the sub-processors it declares in the catalogue (`subprocessors`, depth 2,
 * each with its own locations, mechanisms and sector). 0 ok. */
int tc_flows_build(const tc_catalog *cat, const tc_refdata *ref, time_t now, tc_flows *out);
/* Classify and append one flow. 0 ok. */
int tc_flows_add(tc_flows *f, const tc_refdata *ref, const tc_flow_in *in, time_t now);
/* Append fourth-party flows: entity listed by vendor service via_service as a
 * sub-processor in each of countries (depth 2, categories inherited from the vendor,
 * no mechanism known). A country where the catalogue already declares that
 * sub-processor (by name or alias, as entity.h keys them) is skipped: the declared flow,
 * with its mechanism, stands. -1 when via_service is not in the catalogue. */
int tc_flows_add_subprocessor(tc_flows *f, const tc_catalog *cat, const tc_refdata *ref,
			      const char *via_service, const char *entity,
			      const char *const *countries, size_t ncountries, time_t now);
/* Classify again, with the evidence of each service's monitored DPF page (module
 * dpfstatus reads it from the store), the depth-1 flows that rely on the service's
 * DPF mechanism: the page's status, HR coverage and fetch date stand in for the
 * catalogue's dpf_status, hr and dpf_checked (a status the page does not show
 * leaves the recorded one), and the reason says so. Call after tc_flows_build. 0 ok. */
int tc_flows_apply_dpf(tc_flows *f, const tc_catalog *cat, const tc_refdata *ref,
		       const struct tc_dpf_evidence *ev, size_t nev, time_t now);
void tc_flows_release(tc_flows *f);
/* The sub-processor that service s declares in the catalogue and that the depth-2
 * flow fl of s goes to (by name or alias, with a location in fl's country), or NULL
 * (a depth-1 flow, or one read from the vendor's published list). Borrowed from s. */
const tc_subprocessor *tc_flow_declared(const tc_service *s, const tc_flow *fl);
/* The mechanism recorded for fl's country: the service's at depth 1, the declared
 * sub-processor's at depth 2; NULL when none is known. Borrowed from s. */
const tc_mechanism *tc_flow_mechanism(const tc_service *s, const tc_flow *fl);
/* Keep only the flows for which keep(flow, ud) is non-zero (order kept). */
void tc_flows_filter(tc_flows *f, int (*keep)(const tc_flow *fl, void *ud), void *ud);
size_t tc_flows_count_outside(const tc_flows *f);
/* 1 when the flow needs no transfer tool of its own (EU, EEA, adequacy, partial
 * adequacy covered). */
int tc_flow_covered(const tc_flow *fl);

/* Stable codes (JSON, vocabularies "class", "role", "location_kind"). */
const char *tc_flow_class_name(enum tc_flow_class c);   /* "eu", "partial_covered", ... */
const char *tc_flow_role_name(enum tc_flow_role r);     /* "processor", ..., "parent" */
/* Kinds as codes "storage,processing,parent"; owned. */
char *tc_flow_kinds_str(unsigned kinds);

/* The same in the user's language (static or owned as marked). */
const char *tc_flow_class_label(enum tc_flow_class c, enum tc_lang lang);
const char *tc_flow_role_label(enum tc_flow_role r, enum tc_lang lang);
/* Kinds as "storage, processing" in lang; owned. */
char *tc_flow_kinds_text(unsigned kinds, enum tc_lang lang);
/* A mechanism inside a sentence ("an Art. 49 derogation", "none recorded"). */
const char *tc_mech_text(enum tc_mech_type t, enum tc_lang lang);
/* The reason of a flow's classification in lang. */
const char *tc_flow_reason(const tc_flow *fl, enum tc_lang lang);
/* 1 when m is a DPF mechanism whose recorded evidence covers a transfer at time now
 * (participant page, active status, checked within TC_DPF_MAX_AGE_DAYS). */
int tc_dpf_covers(const tc_mechanism *m, time_t now);

/* Flow JSON (formats.md). The cJSON variants return a new tree the caller owns. */
struct cJSON *tc_flow_to_cjson(const tc_flow *fl, const tc_refdata *ref);
struct cJSON *tc_flows_to_cjson(const tc_flows *f, const tc_refdata *ref);
char *tc_flows_to_json(const tc_flows *f, const tc_refdata *ref);

#endif

/* link: util jsondoc refdata refscope catalog entity transfer */
/*
 * Classification of every status in the reference table, partial adequacy with and
 * without evidence, unknown codes, EEA vs EU; flows of the shipped catalogue (the
 * must-shows); fourth-party flows; Flow JSON; the labels of codes and the reasons in
 * both languages (the records are test_tia's). Every scope rule of the reference data
 * (sector excluded / not included, region excluded, DPF without HR, the grey zone of
 * some subjects) in scope, out of scope and with the facts missing, one named case per
 * row; a rule given to another country at run time applies the same way (no country
 * codes in the code); sub-processors declared in the catalogue as depth-2 flows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "tiacheck/transfer.h"
#include "tiacheck/util.h"
#include "tu.h"

static const char *top(void)
{
	const char *t = getenv("TC_TOP");

	return t && *t ? t : ".";
}

static time_t now_t;

/* A mechanism built from a row of the table. */
struct cls_case {
	const char *country;
	enum tc_mech_type type;     /* TC_MECH_NONE with have_mech 0: no mechanism */
	int have_mech;
	const char *dpf_url, *dpf_status, *dpf_checked;
	enum tc_flow_class want;
	const char *want_mech;      /* tc_mech_type_name or "none" */
};

#define DPFURL "https://www.dataprivacyframework.gov/list"
static const struct cls_case cls_cases[] = {
	{ "SE", 0, 0, NULL, NULL, NULL, TC_FC_EU, "none" },
	{ "IE", 0, 0, NULL, NULL, NULL, TC_FC_EU, "none" },
	{ "AX", 0, 0, NULL, NULL, NULL, TC_FC_EU, "none" },
	{ "EU", 0, 0, NULL, NULL, NULL, TC_FC_EU, "none" },
	{ "NO", 0, 0, NULL, NULL, NULL, TC_FC_EEA, "none" },
	{ "IS", 0, 0, NULL, NULL, NULL, TC_FC_EEA, "none" },
	{ "LI", 0, 0, NULL, NULL, NULL, TC_FC_EEA, "none" },
	{ "EEA", 0, 0, NULL, NULL, NULL, TC_FC_EEA, "none" },
	{ "CH", 0, 0, NULL, NULL, NULL, TC_FC_ADEQUATE, "adequacy" },
	{ "GB", 0, 0, NULL, NULL, NULL, TC_FC_ADEQUATE, "adequacy" },
	{ "BR", 0, 0, NULL, NULL, NULL, TC_FC_ADEQUATE, "adequacy" },
	{ "FO", 0, 0, NULL, NULL, NULL, TC_FC_ADEQUATE, "adequacy" },
	{ "XEPO", 0, 0, NULL, NULL, NULL, TC_FC_ADEQUATE, "adequacy" },
	{ "UK", 0, 0, NULL, NULL, NULL, TC_FC_ADEQUATE, "adequacy" },
	{ "US", 0, 0, NULL, NULL, NULL, TC_FC_PARTIAL_NOT_COVERED, "none" },
	{ "US", TC_MECH_DPF, 1, DPFURL, "active", "2026-11-20", TC_FC_PARTIAL_COVERED, "dpf" },
	{ "US", TC_MECH_DPF, 1, DPFURL, "active", "2025-11-26", TC_FC_PARTIAL_COVERED, "dpf" },
	{ "US", TC_MECH_DPF, 1, DPFURL, "active", "2025-11-24", TC_FC_PARTIAL_NOT_COVERED, "dpf" },
	{ "US", TC_MECH_DPF, 1, DPFURL, "inactive", "2026-11-20", TC_FC_PARTIAL_NOT_COVERED, "dpf" },
	{ "US", TC_MECH_DPF, 1, NULL, "active", "2026-11-20", TC_FC_PARTIAL_NOT_COVERED, "dpf" },
	{ "US", TC_MECH_DPF, 1, DPFURL, "active", NULL, TC_FC_PARTIAL_NOT_COVERED, "dpf" },
	{ "US", TC_MECH_DPF, 1, DPFURL, NULL, "2026-11-20", TC_FC_PARTIAL_NOT_COVERED, "dpf" },
	{ "US", TC_MECH_DPF, 1, DPFURL, "active", "2027-06-01", TC_FC_PARTIAL_NOT_COVERED, "dpf" },
	{ "US", TC_MECH_SCC, 1, NULL, NULL, NULL, TC_FC_PARTIAL_NOT_COVERED, "scc" },
	{ "US", TC_MECH_ADEQUACY, 1, NULL, NULL, NULL, TC_FC_PARTIAL_NOT_COVERED, "adequacy" },
	{ "CA", 0, 0, NULL, NULL, NULL, TC_FC_PARTIAL_NOT_COVERED, "none" },
	{ "CA", TC_MECH_ADEQUACY, 1, NULL, NULL, NULL, TC_FC_PARTIAL_COVERED, "adequacy" },
	{ "JP", TC_MECH_ADEQUACY, 1, NULL, NULL, NULL, TC_FC_PARTIAL_COVERED, "adequacy" },
	{ "KR", TC_MECH_SCC, 1, NULL, NULL, NULL, TC_FC_PARTIAL_NOT_COVERED, "scc" },
	{ "KR", TC_MECH_DPF, 1, DPFURL, "active", "2026-11-20", TC_FC_PARTIAL_NOT_COVERED, "dpf" },
	{ "IN", 0, 0, NULL, NULL, NULL, TC_FC_THIRD, "none" },
	{ "IN", TC_MECH_SCC, 1, NULL, NULL, NULL, TC_FC_THIRD, "scc" },
	{ "CN", TC_MECH_BCR, 1, NULL, NULL, NULL, TC_FC_THIRD, "bcr" },
	{ "GL", TC_MECH_ART49, 1, NULL, NULL, NULL, TC_FC_THIRD, "art49" },
	{ "ZZ", 0, 0, NULL, NULL, NULL, TC_FC_THIRD, "none" },
	{ "", 0, 0, NULL, NULL, NULL, TC_FC_THIRD, "none" },
};

static void test_classify(const tc_refdata *ref)
{
	for (size_t i = 0; i < TC_ARRAY_LEN(cls_cases); i++) {
		const struct cls_case *c = &cls_cases[i];
		tc_mechanism m = { 0 };
		enum tc_mech_type mech;
		enum tc_flow_class got;

		m.country = (char *)c->country;
		m.type = c->type;
		m.dpf_url = (char *)c->dpf_url;
		m.dpf_status = (char *)c->dpf_status;
		m.dpf_checked = (char *)c->dpf_checked;
		got = tc_classify(ref, c->country, c->have_mech ? &m : NULL, now_t, &mech);
		TU_CHECK(got == c->want, "case %zu %s: got %s, want %s", i, c->country,
			 tc_flow_class_name(got), tc_flow_class_name(c->want));
		TU_STR(tc_mech_type_name(mech), c->want_mech);
	}
	/* every status of the table maps to a class */
	for (size_t i = 0; i < ref->ncountries; i++) {
		const tc_country *c = &ref->countries[i];
		enum tc_flow_class got = tc_classify(ref, c->code, NULL, now_t, NULL);
		enum tc_flow_class want = c->status == TC_CS_EU ? TC_FC_EU
					: c->status == TC_CS_EEA ? TC_FC_EEA
					: c->status == TC_CS_ADEQUATE || c->status == TC_CS_ADEQUATE_IO
					? TC_FC_ADEQUATE
					: c->status == TC_CS_ADEQUATE_PARTIAL ? TC_FC_PARTIAL_NOT_COVERED
					: TC_FC_THIRD;

		TU_CHECK(got == want, "%s: %s", c->code, tc_flow_class_name(got));
	}
}

static const tc_flow *find_flow(const tc_flows *f, const char *service, const char *country,
				unsigned kind)
{
	for (size_t i = 0; i < f->n; i++)
		if (tc_streq(f->v[i].service, service) && tc_streq(f->v[i].country, country) &&
		    (!kind || (f->v[i].kinds & kind)))
			return &f->v[i];
	return NULL;
}

static int keep_outside(const tc_flow *fl, void *ud)
{
	(void)ud;
	return fl->leaves_eea;
}

static void test_shipped(const tc_refdata *ref)
{
	tc_catalog cat = TC_CATALOG_INIT;
	tc_diags d = TC_DIAGS_INIT;
	tc_flows f = TC_FLOWS_INIT;
	char *dir = tc_path_join(top(), "catalog");
	const tc_flow *fl;
	const char *sub_countries[] = { "US", "IN" };
	char *s;
	cJSON *j;

	TU_INT(tc_catalog_load(dir, ref, &cat, &d), 0);
	tc_flows_build(&cat, ref, now_t, &f);

	/* Microsoft storage in Norway: EEA, not EU */
	fl = find_flow(&f, "microsoft", "NO", TC_LOC_STORAGE);
	TU_CHECK(fl && fl->cls == TC_FC_EEA && !fl->leaves_eea && fl->personnummer,
		 "microsoft NO is EEA");
	TU_CHECK(fl && strstr(fl->reason.en, "EEA but not in the EU"), "NO reason");
	/* Google LLC in the US: leaves, covered only because DPF is recorded */
	fl = find_flow(&f, "google-analytics", "US", TC_LOC_STORAGE);
	TU_CHECK(fl && fl->leaves_eea && fl->cls == TC_FC_PARTIAL_COVERED &&
		 fl->mechanism == TC_MECH_DPF, "GA4 US partial_covered by DPF");
	TU_STR(fl ? fl->entity : NULL, "Google LLC");
	TU_CHECK(fl && (fl->kinds & TC_FLOW_KIND_PARENT), "GA4 US is also the parent");
	TU_CHECK(fl && strstr(fl->reason.en, "covered only because Google LLC"), "GA4 reason");
	TU_CHECK(fl && strstr(fl->reason.sv, "omfattas bara"), "GA4 reason sv");
	fl = find_flow(&f, "google-analytics", "EU", 0);
	TU_CHECK(fl && fl->cls == TC_FC_EU, "GA4 initial processing in the EU");
	/* US parents as exposure */
	fl = find_flow(&f, "microsoft", "US", TC_FLOW_KIND_PARENT);
	TU_CHECK(fl && fl->role == TC_FLOW_PARENT && fl->leaves_eea && fl->personnummer &&
		 fl->mechanism == TC_MECH_SCC, "microsoft US parent exposure");
	TU_STR(fl ? fl->entity : NULL, "Microsoft Corporation");
	TU_CHECK(fl && strstr(fl->reason.en, "parent company Microsoft Corporation"),
		 "MS parent reason");
	fl = find_flow(&f, "hubspot", "US", TC_FLOW_KIND_PARENT);
	TU_CHECK(fl && fl->leaves_eea && (fl->kinds & TC_LOC_REMOTE_ACCESS),
		 "hubspot US parent + remote access");
	/* the Swedish sub-processors are EU */
	{
		const char *subs[] = { "gunnar-nilsson", "mpel-konsult", "tk-data",
				       "sek-svensk-elstandard", "tekniktxt" };

		for (size_t i = 0; i < TC_ARRAY_LEN(subs); i++) {
			fl = find_flow(&f, subs[i], "SE", 0);
			TU_CHECK(fl && fl->cls == TC_FC_EU && fl->role == TC_FLOW_SUBPROCESSOR,
				 "%s is EU", subs[i]);
		}
	}
	TU_INT(tc_flows_count_outside(&f), 3);

	/* fourth parties */
	TU_INT(tc_flows_add_subprocessor(&f, &cat, ref, "hubspot", "Example Cloud Inc.",
					 sub_countries, 2, now_t), 0);
	TU_INT(tc_flows_add_subprocessor(&f, &cat, ref, "nope", "X", sub_countries, 1, now_t), -1);
	fl = &f.v[f.n - 1];
	TU_INT(fl->depth, 2);
	TU_STR(fl->via, "hubspot");
	TU_STR(fl->country, "IN");
	TU_CHECK(fl->cls == TC_FC_THIRD && fl->mechanism == TC_MECH_NONE, "fourth party IN third");
	TU_CHECK(strstr(fl->reason.en, "Listed by HubSpot as a sub-processor") != NULL,
		 "fourth party reason");
	fl = &f.v[f.n - 2];
	TU_CHECK(fl->cls == TC_FC_PARTIAL_NOT_COVERED, "fourth party US not covered");

	/* Flow JSON */
	s = tc_flows_to_json(&f, ref);
	j = cJSON_Parse(s);
	TU_CHECK(cJSON_IsArray(j) && (size_t)cJSON_GetArraySize(j) == f.n, "flows JSON array");
	{
		static const char *const keys[] = { "service", "service_name", "entity", "role",
			"depth", "via", "country", "country_name", "kinds", "status",
			"classification", "leaves_eea", "mechanism", "categories", "personnummer",
			"scope", "reason" };
		cJSON *first = cJSON_GetArrayItem(j, 0), *last = cJSON_GetArrayItem(j, (int)f.n - 1);

		for (size_t i = 0; i < TC_ARRAY_LEN(keys); i++)
			TU_CHECK(cJSON_HasObjectItem(first, keys[i]), "Flow JSON has %s", keys[i]);
		TU_STR(cJSON_GetObjectItem(last, "via")->valuestring, "hubspot");
		TU_CHECK(cJSON_IsNull(cJSON_GetObjectItem(first, "via")), "via null at depth 1");
		TU_STR(cJSON_GetObjectItem(cJSON_GetObjectItem(last, "country_name"), "sv")->valuestring,
		       "Indien");
	}
	cJSON_Delete(j);
	free(s);

	tc_flows_filter(&f, keep_outside, NULL);
	TU_INT(f.n, 5);
	tc_flows_release(&f);
	tc_catalog_release(&cat);
	tc_diags_release(&d);
	free(dir);
}

/* One row: a flow to country with the facts given, and what the scope makes of it.
 * subjects: up to two codes; hr: the DPF mechanism's "hr" (-1 not stated, 0 false,
 * 1 true). */
struct scope_case {
	const char *name;
	const char *country;
	enum tc_mech_type mech;        /* TC_MECH_NONE: no mechanism */
	int hr;
	const char *sector, *region, *subject1, *subject2;
	enum tc_flow_class want;
	const char *rule, *missing;
	int warn;
	const char *en, *sv;           /* in the reason (NULL: not checked) */
};

static const struct scope_case scope_cases[] = {
	{ "JP commercial importer: in scope", "JP", TC_MECH_ADEQUACY, -1, "commercial", NULL,
	  NULL, NULL, TC_FC_PARTIAL_COVERED, NULL, NULL, 0, "Covered because", "Omfattas eftersom" },
	{ "JP university: out of scope", "JP", TC_MECH_ADEQUACY, -1, "academic", NULL, NULL, NULL,
	  TC_FC_PARTIAL_NOT_COVERED, "sector_excluded", NULL, 0,
	  "it excludes importers of the sector \"Academic institution or research\", and the "
	  "catalogue records Importer Ltd as one ('sector')",
	  "sektorn \"Akademisk institution eller forskning\"" },
	{ "JP press: out of scope", "JP", TC_MECH_ADEQUACY, -1, "press", NULL, NULL, NULL,
	  TC_FC_PARTIAL_NOT_COVERED, "sector_excluded", NULL, 0, "Press and media", "Press och" },
	{ "JP religious body: out of scope", "JP", TC_MECH_ADEQUACY, -1, "religious", NULL, NULL,
	  NULL, TC_FC_PARTIAL_NOT_COVERED, "sector_excluded", NULL, 0, "Religious organisation",
	  "Religiös organisation" },
	{ "JP political body: out of scope", "JP", TC_MECH_ADEQUACY, -1, "political", NULL, NULL,
	  NULL, TC_FC_PARTIAL_NOT_COVERED, "sector_excluded", NULL, 0, "Political organisation",
	  "Politisk organisation" },
	{ "JP university with SCC: not covered, rule named", "JP", TC_MECH_SCC, -1, "academic",
	  NULL, NULL, NULL, TC_FC_PARTIAL_NOT_COVERED, "sector_excluded", NULL, 0,
	  "Mechanism: standard contractual clauses", "Mekanism: standardavtalsklausuler" },
	{ "JP sector missing: stays covered, field named", "JP", TC_MECH_ADEQUACY, -1, NULL, NULL,
	  NULL, NULL, TC_FC_PARTIAL_COVERED, NULL, "sector", 0, "record 'sector' for Importer Ltd",
	  "ange 'sector' för Importer Ltd" },
	{ "KR commercial importer: in scope", "KR", TC_MECH_ADEQUACY, -1, "commercial", NULL, NULL,
	  NULL, TC_FC_PARTIAL_COVERED, NULL, NULL, 0, NULL, NULL },
	{ "KR credit bureau: out of scope", "KR", TC_MECH_ADEQUACY, -1, "credit_information", NULL,
	  NULL, NULL, TC_FC_PARTIAL_NOT_COVERED, "sector_excluded", NULL, 0,
	  "Credit information (under financial supervision)", "Kreditupplysning" },
	{ "KR sector missing", "KR", TC_MECH_ADEQUACY, -1, NULL, NULL, NULL, NULL,
	  TC_FC_PARTIAL_COVERED, NULL, "sector", 0, "record 'sector'", "ange 'sector'" },
	{ "CA commercial importer, customers: in scope", "CA", TC_MECH_ADEQUACY, -1, "commercial",
	  NULL, "customers", NULL, TC_FC_PARTIAL_COVERED, NULL, NULL, 0, NULL, NULL },
	{ "CA public body: not in the included sectors", "CA", TC_MECH_ADEQUACY, -1, "public", NULL,
	  "customers", NULL, TC_FC_PARTIAL_NOT_COVERED, "sector_not_included", NULL, 0,
	  "it covers only importers of the sectors \"Commercial activity\"", "\"Offentlig sektor\"" },
	{ "CA non-profit: not in the included sectors", "CA", TC_MECH_ADEQUACY, -1, "nonprofit",
	  NULL, "members", NULL, TC_FC_PARTIAL_NOT_COVERED, "sector_not_included", NULL, 0,
	  "Non-profit organisation", "Ideell organisation" },
	{ "CA employees: covered, grey zone with its reason", "CA", TC_MECH_ADEQUACY, -1,
	  "commercial", NULL, "customers", "employees", TC_FC_PARTIAL_COVERED, NULL, NULL, 1,
	  "Grey zone for Employees: PIPEDA covers employee data only for federally regulated",
	  "Gråzon för Anställda: PIPEDA" },
	{ "CA subjects missing", "CA", TC_MECH_ADEQUACY, -1, "commercial", NULL, NULL, NULL,
	  TC_FC_PARTIAL_COVERED, NULL, "subjects", 0, "record 'subjects'", "ange 'subjects'" },
	{ "US DPF without HR, employees: out of scope", "US", TC_MECH_DPF, 0, "commercial", NULL,
	  "employees", NULL, TC_FC_PARTIAL_NOT_COVERED, "dpf_hr", NULL, 0,
	  "the DPF certification of Importer Ltd does not cover HR data ('hr': false), and the "
	  "data is about Employees", "omfattar inte personaluppgifter" },
	{ "US DPF without HR, applicants: out of scope", "US", TC_MECH_DPF, 0, NULL, NULL,
	  "customers", "applicants", TC_FC_PARTIAL_NOT_COVERED, "dpf_hr", NULL, 0, "Job applicants",
	  "Arbetssökande" },
	{ "US DPF with HR, employees: in scope", "US", TC_MECH_DPF, 1, NULL, NULL, "employees", NULL,
	  TC_FC_PARTIAL_COVERED, NULL, NULL, 0, "covered only because Importer Ltd", NULL },
	{ "US DPF without HR, customers only: in scope", "US", TC_MECH_DPF, 0, NULL, NULL,
	  "customers", NULL, TC_FC_PARTIAL_COVERED, NULL, NULL, 0, NULL, NULL },
	{ "US DPF, HR data, 'hr' not recorded: no evidence, not covered", "US", TC_MECH_DPF, -1,
	  NULL, NULL, "employees", NULL, TC_FC_PARTIAL_NOT_COVERED, "dpf_hr_unstated", NULL, 0,
	  "('hr' is missing on the DPF mechanism)", "('hr' saknas på DPF-mekanismen)" },
	{ "US DPF, subjects missing", "US", TC_MECH_DPF, -1, NULL, NULL, NULL, NULL,
	  TC_FC_PARTIAL_COVERED, NULL, "subjects", 0, "record 'subjects'", NULL },
	{ "US without DPF: not covered", "US", TC_MECH_SCC, -1, NULL, NULL, "employees", NULL,
	  TC_FC_PARTIAL_NOT_COVERED, NULL, NULL, 0, "no active DPF participation", NULL },
	{ "IL without a region: covered", "IL", TC_MECH_NONE, -1, NULL, NULL, NULL, NULL,
	  TC_FC_ADEQUATE, NULL, NULL, 0, "Israel has an adequacy decision", NULL },
	{ "IL region not excluded: covered", "IL", TC_MECH_NONE, -1, NULL, "haifa", NULL, NULL,
	  TC_FC_ADEQUATE, NULL, NULL, 0, NULL, NULL },
	{ "IL West Bank: out of scope", "IL", TC_MECH_NONE, -1, NULL, "west_bank", NULL, NULL,
	  TC_FC_PARTIAL_NOT_COVERED, "region_excluded", NULL, 0,
	  "it does not cover the West Bank, where the catalogue places this location ('region')",
	  "beslutet omfattar inte Västbanken" },
	{ "IL Golan Heights with SCC: not covered, SCC kept", "IL", TC_MECH_SCC, -1, NULL,
	  "golan_heights", NULL, NULL, TC_FC_PARTIAL_NOT_COVERED, "region_excluded", NULL, 0,
	  "the Golan Heights", "Golanhöjderna" },
	{ "CH has no scope rules: sector irrelevant", "CH", TC_MECH_NONE, -1, "academic", NULL,
	  NULL, NULL, TC_FC_ADEQUATE, NULL, NULL, 0, NULL, NULL },
	{ "SE (EU): no scope", "SE", TC_MECH_NONE, -1, "political", "west_bank", NULL, NULL,
	  TC_FC_EU, NULL, NULL, 0, NULL, NULL },
};

/* Classify one row; the flow is f->v[f->n - 1]. */
static const tc_flow *scope_flow(const tc_refdata *ref, const struct scope_case *c,
				 tc_flows *f)
{
	tc_mechanism m = { 0 };
	const char *subjects[2];
	tc_flow_in in = { .service = "svc", .service_name = "Svc", .entity = "Importer Ltd",
			  .depth = 1, .kinds = TC_LOC_STORAGE | TC_LOC_PROCESSING };

	m.country = (char *)c->country;
	m.type = c->mech;
	m.hr = c->hr < 0 ? TC_FACT_UNSTATED : c->hr ? TC_FACT_TRUE : TC_FACT_FALSE;
	if (c->mech == TC_MECH_DPF) {
		m.dpf_url = DPFURL;
		m.dpf_status = "active";
		m.dpf_checked = "2026-11-20";
	}
	in.country = c->country;
	in.mechanism = c->mech == TC_MECH_NONE ? NULL : &m;
	in.sector = c->sector;
	in.region = c->region;
	if (c->subject1)
		subjects[in.nsubjects++] = c->subject1;
	if (c->subject2)
		subjects[in.nsubjects++] = c->subject2;
	in.subjects = subjects;
	if (tc_flows_add(f, ref, &in, now_t) < 0)
		return NULL;
	return &f->v[f->n - 1];
}

static void test_scope(tc_refdata *ref)
{
	for (size_t i = 0; i < TC_ARRAY_LEN(scope_cases); i++) {
		const struct scope_case *c = &scope_cases[i];
		tc_flows f = TC_FLOWS_INIT;
		const tc_flow *fl;

		TU_CASE(c->name);
		fl = scope_flow(ref, c, &f);
		TU_CHECK(fl != NULL, "no flow");
		if (!fl)
			continue;
		TU_STR(tc_flow_class_name(fl->cls), tc_flow_class_name(c->want));
		TU_STR(fl->scope_rule ? fl->scope_rule : "-", c->rule ? c->rule : "-");
		TU_STR(fl->scope_missing ? fl->scope_missing : "-", c->missing ? c->missing : "-");
		TU_INT(fl->scope_warn, c->warn);
		if (c->rule)
			TU_INT(fl->mechanism, c->mech);
		if (c->en)
			TU_CHECK(strstr(fl->reason.en, c->en) != NULL, "en reason lacks '%s': %s",
				 c->en, fl->reason.en);
		if (c->sv)
			TU_CHECK(strstr(fl->reason.sv, c->sv) != NULL, "sv reason lacks '%s': %s",
				 c->sv, fl->reason.sv);
		TU_CHECK(!strstr(fl->reason.sv, "Covers") && !strstr(fl->reason.sv, "covers"),
			 "English in the Swedish reason: %s", fl->reason.sv);
		tc_flows_release(&f);
	}

	TU_CASE("a rule is data: given to Switzerland at run time it applies there");
	{
		tc_country *ch = (tc_country *)tc_refdata_country(ref, "CH");
		char *excluded[] = { "press" };
		tc_scope_rules rules = { 0 }, *saved = ch ? ch->rules : NULL;
		struct scope_case c = { "", "CH", TC_MECH_NONE, -1, "press", NULL, NULL, NULL,
					0, NULL, NULL, 0, NULL, NULL };
		tc_flows f = TC_FLOWS_INIT;
		const tc_flow *fl;

		TU_CHECK(ch != NULL, "CH in the table");
		if (ch) {
			rules.sectors_excluded = excluded;
			rules.nsectors_excluded = 1;
			rules.summary.en = "Test scope.";
			rules.summary.sv = "Testområde.";
			ch->rules = &rules;
			fl = scope_flow(ref, &c, &f);
			TU_CHECK(fl && fl->cls == TC_FC_PARTIAL_NOT_COVERED &&
				 tc_streq(fl->scope_rule, "sector_excluded"), "CH press out of scope");
			c.sector = "commercial";
			fl = scope_flow(ref, &c, &f);
			TU_CHECK(fl && fl->cls == TC_FC_ADEQUATE, "CH commercial in scope");
			ch->rules = saved;
		}
		tc_flows_release(&f);
	}
}

/* A service declaring a sub-processor: its flows come at depth 2 with its own
 * mechanism and sector; the vendor's published list does not add it twice. */
static void test_declared(const tc_refdata *ref)
{
	tc_catalog cat = TC_CATALOG_INIT;
	tc_service s = { 0 };
	tc_location loc = { 0 }, sloc[2] = { { 0 } };
	tc_mechanism sm = { 0 };
	tc_subprocessor p = { 0 };
	char *cats[] = { "email" }, *aliases[] = { "Infosys" };
	const char *listed[] = { "IN", "SG" };
	tc_flows f = TC_FLOWS_INIT;
	const tc_flow *fl;

	s.id = "helpdesk";
	s.name = "Helpdesk";
	s.legal_entity = "Helpdesk AB";
	s.entity_country = "SE";
	s.role = TC_ROLE_PROCESSOR;
	s.categories = cats;
	s.ncategories = 1;
	loc.country = "SE";
	loc.kinds = TC_LOC_STORAGE;
	s.locations = &loc;
	s.nlocations = 1;
	sloc[0].country = "IN";
	sloc[0].kinds = TC_LOC_SUPPORT;
	sloc[1].country = "JP";
	sloc[1].kinds = TC_LOC_STORAGE;
	sm.country = "IN";
	sm.type = TC_MECH_SCC;
	sm.hr = TC_FACT_UNSTATED;
	p.name = "Infosys BPM Limited";
	p.aliases = aliases;
	p.naliases = 1;
	p.sector = "academic";
	p.locations = sloc;
	p.nlocations = 2;
	p.mechanisms = &sm;
	p.nmechanisms = 1;
	s.subprocessors = &p;
	s.nsubprocessors = 1;
	cat.services = &s;
	cat.nservices = 1;

	TU_CASE("declared sub-processors are depth-2 flows");
	tc_flows_build(&cat, ref, now_t, &f);
	TU_INT(f.n, 3);
	fl = find_flow(&f, "helpdesk", "IN", 0);
	TU_CHECK(fl && fl->depth == 2 && tc_streq(fl->via, "helpdesk") &&
		 fl->role == TC_FLOW_SUBPROCESSOR && fl->cls == TC_FC_THIRD &&
		 fl->mechanism == TC_MECH_SCC && tc_streq(fl->entity, "Infosys BPM Limited"),
		 "IN support sub-processor with SCC");
	TU_CHECK(fl && strstr(fl->reason.en, "Listed by Helpdesk as a sub-processor"), "IN reason");
	fl = find_flow(&f, "helpdesk", "JP", 0);
	TU_CHECK(fl && fl->depth == 2 && fl->cls == TC_FC_PARTIAL_NOT_COVERED &&
		 fl->mechanism == TC_MECH_NONE, "JP: no mechanism recorded");

	TU_CASE("a depth-2 flow finds its declared sub-processor and mechanism");
	fl = find_flow(&f, "helpdesk", "IN", 0);
	TU_CHECK(fl && tc_flow_declared(&s, fl) == &p && tc_flow_mechanism(&s, fl) == &sm,
		 "IN flow -> Infosys, SCC");
	fl = find_flow(&f, "helpdesk", "JP", 0);
	TU_CHECK(fl && tc_flow_declared(&s, fl) == &p && !tc_flow_mechanism(&s, fl),
		 "JP flow -> Infosys, no mechanism");
	fl = find_flow(&f, "helpdesk", "SE", 0);
	TU_CHECK(fl && !tc_flow_declared(&s, fl) && !tc_flow_mechanism(&s, fl), "SE depth 1");

	TU_CASE("the published list does not repeat a declared sub-processor");
	TU_INT(tc_flows_add_subprocessor(&f, &cat, ref, "helpdesk", "INFOSYS", listed, 2, now_t), 0);
	TU_INT(f.n, 4);            /* IN known (alias), SG new */
	TU_INT(tc_flows_add_subprocessor(&f, &cat, ref, "helpdesk", "Infosys BPM Ltd.", listed, 1,
					 now_t), 0);
	TU_INT(f.n, 4);            /* the same legal name with another legal form */
	fl = &f.v[f.n - 1];
	TU_STR(fl->country, "SG");
	TU_CHECK(fl->mechanism == TC_MECH_NONE && fl->depth == 2, "SG from the list");
	TU_CHECK(!tc_flow_declared(&s, fl), "SG is not a declared location");
	tc_flows_release(&f);
}

/* Every code a user could read has words in both languages, none the raw code where
 * the language has other words; reasons come in both languages. */
static void test_labels(const tc_refdata *ref)
{
	static const char *const raw[] = { "processor", "subprocessor", "partial_covered",
		"partial_not_covered", "remote_access", "storage", "processing", "art49" };
	char *k;

	TU_CASE("class, role and mechanism labels");
	for (int c = TC_FC_EU; c <= TC_FC_THIRD; c++) {
		const char *sv = tc_flow_class_label((enum tc_flow_class)c, TC_LANG_SV);
		const char *en = tc_flow_class_label((enum tc_flow_class)c, TC_LANG_EN);

		TU_CHECK(strcmp(sv, tc_flow_class_name((enum tc_flow_class)c)) != 0 ||
			 strcmp(sv, "EU") == 0, "class %d has no Swedish label", c);
		TU_CHECK(!strchr(en, '_'), "class %d: English label '%s'", c, en);
	}
	for (int r = TC_FLOW_PROCESSOR; r <= TC_FLOW_PARENT; r++) {
		const char *sv = tc_flow_role_label((enum tc_flow_role)r, TC_LANG_SV);

		for (size_t i = 0; i < TC_ARRAY_LEN(raw); i++)
			TU_CHECK(!strstr(sv, raw[i]), "role %d in Swedish: '%s'", r, sv);
	}
	TU_STR(tc_flow_role_label(TC_FLOW_SUBPROCESSOR, TC_LANG_EN), "sub-processor");
	TU_STR(tc_flow_class_label(TC_FC_PARTIAL_COVERED, TC_LANG_SV), "delvis adekvat, omfattas");
	TU_STR(tc_mech_text(TC_MECH_ART49, TC_LANG_EN), "an Art. 49 derogation");
	TU_STR(tc_mech_text(TC_MECH_NONE, TC_LANG_SV), "ingen registrerad");

	TU_CASE("kinds as codes and as words");
	k = tc_flow_kinds_str(TC_LOC_STORAGE | TC_LOC_REMOTE_ACCESS | TC_FLOW_KIND_PARENT);
	TU_STR(k, "storage,remote_access,parent");
	free(k);
	k = tc_flow_kinds_text(TC_LOC_STORAGE | TC_LOC_REMOTE_ACCESS | TC_FLOW_KIND_PARENT,
			       TC_LANG_SV);
	TU_STR(k, "lagring, fjärråtkomst, moderbolag");
	free(k);
	k = tc_flow_kinds_text(TC_LOC_PROCESSING | TC_LOC_SUPPORT, TC_LANG_EN);
	TU_STR(k, "processing, support");
	free(k);

	TU_CASE("reasons in both languages");
	{
		tc_flows f = TC_FLOWS_INIT;
		tc_flow_in in = { .service = "x", .entity = "Acme Inc.", .country = "ZZ",
				  .kinds = TC_LOC_SUPPORT, .depth = 1 };

		TU_INT(tc_flows_add(&f, ref, &in, now_t), 0);
		TU_STR(tc_flow_reason(&f.v[0], TC_LANG_EN),
		       "Remote access or support from ZZ is a transfer even when the data is stored "
		       "in the EU/EEA. 'ZZ' is not in the reference table and is treated as a third "
		       "country. ZZ is a third country without an adequacy decision: the transfer "
		       "needs a transfer tool (SCC, BCR) and a transfer-impact assessment, or an Art. "
		       "49 derogation. Mechanism: none recorded.");
		TU_CHECK(strstr(tc_flow_reason(&f.v[0], TC_LANG_SV), "Mekanism: ingen registrerad.")
			 != NULL, "Swedish reason: %s", tc_flow_reason(&f.v[0], TC_LANG_SV));
		tc_flows_release(&f);
	}
}

int main(void)
{
	tc_refdata ref = TC_REFDATA_INIT;
	char err[512];
	char *dir = tc_path_join(top(), "catalog/reference");

	setenv("TIACHECK_NOW", "2026-11-25T06:00:00Z", 1);
	now_t = tc_now();
	if (tc_refdata_load(dir, &ref, err, sizeof(err)) < 0) {
		printf("setup: %s\n", err);
		return 1;
	}
	test_classify(&ref);
	test_shipped(&ref);
	test_labels(&ref);
	test_scope(&ref);
	test_declared(&ref);
	tc_refdata_release(&ref);
	free(dir);
	return TU_END("test_transfer");
}

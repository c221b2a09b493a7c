/* link: util utf8 jsondoc refdata refscope catalog entity transfer tia tia_render render */
/*
 * Transfer-impact records: scores, ratings, line and action codes on the shipped
 * catalogue and on a hand-made service; the document in sv and en without raw codes;
 * hostile entity names (Markdown, HTML, pipes, control characters) escaped by the
 * render layer; the JSON. Every action and score rule as a named case (one flow each):
 * what each classification asks for (never a transfer-tool action for a covered flow),
 * measures credited only for the kinds they protect, Art. 9 vs Art. 10 data, Art. 49,
 * scope facts and grey zones, the chain, decisions; the rating always follows the
 * score; law and practice for the 15 destinations of laws.json with whether the
 * importer is in reach.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "tiacheck/tia.h"
#include "tiacheck/tia_render.h"
#include "tiacheck/transfer.h"
#include "tiacheck/util.h"
#include "tu.h"

static time_t now_t;

static const char *top(void)
{
	const char *t = getenv("TC_TOP");

	return t && *t ? t : ".";
}

/* The codes of a record's lines (or actions) joined with ",". Owned. */
static char *codes(const tc_tia *t, int actions)
{
	tc_buf b = TC_BUF_INIT;
	size_t n = actions ? t->nactions : t->nlines;

	for (size_t i = 0; i < n; i++)
		tc_buf_printf(&b, "%s%s", i ? "," : "",
			      actions ? t->actions[i].code : t->lines[i].code);
	return tc_buf_detach(&b);
}

/* Raw codes that must not reach a reader of the document. */
static const char *const raw_codes[] = {
	"subprocessor", "partial_covered", "partial_not_covered", "remote_access", "| dpf |",
	"| scc |", "(parent)", "tia.", "flows.",
};

static void test_shipped(const tc_refdata *ref)
{
	tc_catalog cat = TC_CATALOG_INIT;
	tc_diags d = TC_DIAGS_INIT;
	tc_flows f = TC_FLOWS_INIT;
	tc_tias t = TC_TIAS_INIT;
	char *dir = tc_path_join(top(), "catalog");
	const char *sub_countries[] = { "US", "IN" };
	char *s;
	cJSON *j;

	TU_INT(tc_catalog_load(dir, ref, &cat, &d), 0);
	tc_flows_build(&cat, ref, now_t, &f);
	tc_flows_add_subprocessor(&f, &cat, ref, "hubspot", "Example Cloud Inc.", sub_countries, 2,
				  now_t);

	TU_CASE("scores, ratings and codes of the shipped catalogue");
	tc_tia_build(&cat, ref, &f, now_t, &t);
	TU_INT(t.n, 5);
	for (size_t i = 0; i < t.n; i++) {
		const tc_tia *r = &t.v[i];
		const tc_flow *x = &f.v[r->flow];
		int sum = 0;
		char *c;

		for (size_t k = 0; k < r->nlines; k++)
			sum += r->lines[k].points;
		TU_INT(r->score, sum < 0 ? 0 : sum);
		TU_CHECK(r->nactions > 0, "%s has actions", x->service);
		if (tc_streq(x->service, "google-analytics")) {
			TU_INT(r->score, 6);
			TU_STR(tc_rating_name(r->rating), "amber");
			TU_STR(tc_rating_label(r->rating, TC_LANG_SV), "gul");
			TU_STR(r->next_review, "2027-05-24");
			c = codes(r, 0);
			TU_STR(c, "dest_partial_dpf_checked,data,exposure_stored,exposure_parent");
			free(c);
			c = codes(r, 1);
			TU_STR(c, "recheck_dpf,record_decision");
			free(c);
		} else if (tc_streq(x->service, "microsoft")) {
			TU_INT(r->score, 8);
			TU_CHECK(x->personnummer, "MS personnummer weighed");
			TU_CHECK(r->lines[1].points == 4, "personnummer weighs 4");
			TU_STR(r->lines[1].code, "data_pnr");
		} else if (x->depth == 2 && tc_streq(x->country, "IN")) {
			TU_STR(tc_rating_name(r->rating), "red");
			TU_STR(r->lines[0].code, "dest_no_tool");
		}
	}

	TU_CASE("the document in Swedish");
	s = tc_tia_render(&cat, ref, &f, &t, TC_RENDER_MD, TC_LANG_SV, now_t);
	TU_CHECK(s && strstr(s, "# Konsekvensbedömning av överföringar: Elinfo / EL-VIS"),
		 "sv title");
	TU_CHECK(s && strstr(s, "| Google Analytics 4 | Google LLC | Förenta staterna (USA) | "
			      "delvis adekvat, omfattas | EU-US Data Privacy Framework (DPF) | 6 | gul |"),
		 "sv table row");
	TU_CHECK(s && strstr(s, "Rättslig grund för överföringen (EDPB steg 2)"), "sv steps");
	TU_CHECK(s && strstr(s, "- **Mottagare och roll:** Microsoft Corporation (moderbolag)"),
		 "sv role");
	for (size_t i = 0; s && i < TC_ARRAY_LEN(raw_codes); i++)
		TU_CHECK(!strstr(s, raw_codes[i]), "sv document has '%s'", raw_codes[i]);
	free(s);

	TU_CASE("the document in English");
	s = tc_tia_render(&cat, ref, &f, &t, TC_RENDER_MD, TC_LANG_EN, now_t);
	TU_CHECK(s && strstr(s, "covered only because Google LLC is recorded as an active "
			      "participant"), "GA4 depends on DPF");
	TU_CHECK(s && strstr(s, "| Example Cloud Inc. |"), "fourth party in the table");
	TU_CHECK(s && strstr(s, "- **Importer and role:** Google LLC (sub-processor)"), "en role");
	for (size_t i = 0; s && i < TC_ARRAY_LEN(raw_codes); i++)
		TU_CHECK(!strstr(s, raw_codes[i]), "en document has '%s'", raw_codes[i]);
	free(s);

	TU_CASE("the document as HTML and text");
	s = tc_tia_render(&cat, ref, &f, &t, TC_RENDER_HTML, TC_LANG_EN, now_t);
	TU_CHECK(s && strstr(s, "<!DOCTYPE html>") && strstr(s, "<td>Google LLC</td>") &&
		 strstr(s, "</html>"), "html document");
	free(s);
	s = tc_tia_render(&cat, ref, &f, &t, TC_RENDER_TEXT, TC_LANG_SV, now_t);
	TU_CHECK(s && strstr(s, "Konsekvensbedömning av överföringar: Elinfo / EL-VIS\n====") &&
		 !strstr(s, "**"), "text document");
	free(s);

	TU_CASE("the JSON keeps codes and both languages");
	s = tc_tia_json(&cat, ref, &f, &t, now_t);
	j = cJSON_Parse(s);
	TU_CHECK(j && cJSON_GetArraySize(cJSON_GetObjectItem(j, "records")) == 5, "TIA JSON");
	{
		cJSON *r0 = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "records"), 0);
		cJSON *a = cJSON_GetObjectItem(r0, "assessment");
		cJSON *l0 = cJSON_GetArrayItem(cJSON_GetObjectItem(a, "score_lines"), 0);
		static const char *const groups[] = { "flow", "identity", "data", "geography",
						       "legal", "assessment", "decision" };

		for (size_t i = 0; i < TC_ARRAY_LEN(groups); i++)
			TU_CHECK(cJSON_HasObjectItem(r0, groups[i]), "record has %s", groups[i]);
		TU_STR(cJSON_GetStringValue(cJSON_GetObjectItem(a, "rating")), "amber");
		TU_STR(cJSON_GetStringValue(cJSON_GetObjectItem(l0, "code")),
		       "dest_partial_dpf_checked");
		TU_STR(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(r0, "flow"),
								"classification")), "partial_covered");
	}
	cJSON_Delete(j);
	free(s);

	tc_tias_release(&t);
	tc_flows_release(&f);
	tc_catalog_release(&cat);
	tc_diags_release(&d);
	free(dir);
}

/* A service with a recorded decision, measures and no mechanism. */
static void test_rules(const tc_refdata *ref)
{
	tc_catalog cat = TC_CATALOG_INIT;
	tc_service s = { 0 };
	tc_location loc[2] = { { 0 } };
	tc_mechanism m = { 0 };
	char *cats[] = { "health", "email" };
	tc_flows f = TC_FLOWS_INIT;
	tc_tias t = TC_TIAS_INIT;
	char *md, *c;

	s.id = "clinic";
	s.name = "Clinic Cloud";
	s.legal_entity = "Clinic Cloud Pte Ltd";
	s.entity_country = "SG";
	s.role = TC_ROLE_PROCESSOR;
	s.categories = cats;
	s.ncategories = 2;
	loc[0].country = "DE";
	loc[0].kinds = TC_LOC_STORAGE;
	loc[1].country = "CH";
	loc[1].kinds = TC_LOC_SUPPORT;
	s.locations = loc;
	s.nlocations = 2;
	m.country = "SG";
	m.type = TC_MECH_SCC;
	s.mechanisms = &m;
	s.nmechanisms = 1;
	s.measures_eu_keys = 1;
	s.decision.outcome = "approved";
	s.decision.by = "DPO";
	s.decision.date = "2025-01-10";
	cat.services = &s;
	cat.nservices = 1;
	tc_flows_build(&cat, ref, now_t, &f);
	TU_INT(f.n, 3);   /* DE, CH, and the contracting entity's SG */
	tc_tia_build(&cat, ref, &f, now_t, &t);
	TU_INT(t.n, 2);
	TU_STR(tc_rating_name(t.v[0].rating), "green");    /* CH: adequacy */
	TU_STR(t.v[0].lines[0].code, "dest_adequate");
	/* SG: 3 (SCC) + 5 (health) + 1 (access) + 0 (EU keys do not help access in clear) */
	TU_INT(t.v[1].score, 9);
	TU_STR(tc_rating_name(t.v[1].rating), "red");
	TU_INT(t.v[1].decision_age_days, 684);
	c = codes(&t.v[1], 0);
	TU_STR(c, "dest_tool,data_special,exposure_remote,measures_keys_clear");
	free(c);
	c = codes(&t.v[1], 1);
	TU_STR(c, "document,special,government_access,review_decision");
	free(c);
	md = tc_tia_render(&cat, ref, &f, &t, TC_RENDER_MD, TC_LANG_EN, now_t);
	TU_CHECK(md && strstr(md, "Special categories (Art. 9) reach Singapore without an adequacy decision"),
		 "special action");
	TU_CHECK(md && strstr(md, "The decision of 2025-01-10 (684 days old) is due for review"),
		 "old decision flagged");
	TU_CHECK(md && strstr(md, "+0 Measures: encryption with keys held in the EU is not credited"),
		 "keys held in the EU do not help remote support in clear");
	free(md);
	md = tc_tia_render(&cat, ref, &f, &t, TC_RENDER_MD, TC_LANG_SV, now_t);
	TU_CHECK(md && strstr(md, "Beslutet från 2025-01-10 (684 dagar gammalt) ska omprövas."),
		 "old decision flagged in Swedish");
	TU_CHECK(md && strstr(md, "| adekvat skyddsnivå (beslut) | beslut om adekvat skyddsnivå |"),
		 "adequacy in words");
	free(md);
	tc_tias_release(&t);
	tc_flows_release(&f);
}

/* One flow and what its record must say. kinds: letters S storage, P processing,
 * R remote access, U support, A parent; cats and subjects: comma lists. */
struct act_case {
	const char *name;
	const char *country;
	const char *kinds;
	enum tc_flow_role role;
	int depth;
	enum tc_mech_type mech;        /* TC_MECH_NONE: no mechanism */
	int hr;
	const char *dpf_checked;
	const char *cats, *subjects, *sector;
	int keys, pseudo;
	const char *decision_date;
	const char *lines, *actions;
	int score;
	const char *rating;
};

static const struct act_case act_cases[] = {
	{ "adequate: watch the decision, no tool", "CH", "SP", TC_FLOW_PROCESSOR, 1, 0, -1, NULL,
	  "email", NULL, NULL, 0, 0, NULL, "dest_adequate,data_adequate",
	  "watch_adequacy,record_decision", 0, "green" },
	{ "adequate with Art. 9 data: no strong measures", "CH", "S", TC_FLOW_PROCESSOR, 1, 0, -1,
	  NULL, "health", NULL, NULL, 0, 0, NULL, "dest_adequate,data_adequate",
	  "watch_adequacy,special_covered,record_decision", 0, "green" },
	{ "criminal-offence data: Art. 10, not Art. 9", "GB", "SP", TC_FLOW_PROCESSOR, 1, 0, -1,
	  NULL, "criminal,name", NULL, NULL, 0, 0, NULL, "dest_adequate,data_adequate",
	  "watch_adequacy,criminal,record_decision", 0, "green" },
	{ "partial adequacy within its scope: watch the scope", "JP", "SP", TC_FLOW_PROCESSOR, 1,
	  TC_MECH_ADEQUACY, -1, NULL, "email", NULL, "commercial", 0, 0, NULL,
	  "dest_partial_scope,data_adequate", "watch_scope,record_decision", 0, "green" },
	{ "partial adequacy, sector missing: record it", "JP", "SP", TC_FLOW_PROCESSOR, 1,
	  TC_MECH_ADEQUACY, -1, NULL, "email", NULL, NULL, 0, 0, NULL,
	  "dest_partial_scope,data_adequate", "watch_scope,scope_fact,record_decision", 0, "green" },
	{ "grey zone: confirm the regime", "CA", "SP", TC_FLOW_CONTROLLER, 1, TC_MECH_ADEQUACY, -1,
	  NULL, "email", "employees", "commercial", 0, 0, NULL, "dest_partial_scope,data_adequate",
	  "watch_scope,scope_warn,record_decision", 0, "green" },
	{ "DPF covered: re-check the participant", "US", "SP", TC_FLOW_PROCESSOR, 1, TC_MECH_DPF,
	  -1, "2026-11-20", "email", "customers", NULL, 0, 0, NULL,
	  "dest_partial_dpf_checked,data,exposure_stored", "recheck_dpf,record_decision", 5,
	  "amber" },
	{ "DPF, HR data, 'hr' not recorded: check it, SCC until then", "US", "SP",
	  TC_FLOW_PROCESSOR, 1, TC_MECH_DPF, -1, "2026-11-20", "email", "employees", NULL, 0, 0,
	  NULL, "dest_no_tool,data,exposure_stored", "dpf_hr_unstated,record_decision", 13,
	  "red" },
	{ "subjects missing for the DPF's HR rule: record them", "US", "SP", TC_FLOW_PROCESSOR, 1,
	  TC_MECH_DPF, -1, "2026-11-20", "email", NULL, NULL, 0, 0, NULL,
	  "dest_partial_dpf_checked,data,exposure_stored",
	  "recheck_dpf,scope_fact,record_decision", 5, "amber" },
	{ "DPF checked too long ago: check the DPF", "US", "SP", TC_FLOW_PROCESSOR, 1, TC_MECH_DPF,
	  -1, "2025-06-01", "email", "customers", NULL, 0, 0, NULL,
	  "dest_no_tool,data,exposure_stored", "check_dpf,record_decision", 13, "red" },
	{ "DPF without HR, employees: SCC for the HR data", "US", "SP", TC_FLOW_PROCESSOR, 1,
	  TC_MECH_DPF, 0, "2026-11-20", "email", "employees", NULL, 0, 0, NULL,
	  "dest_no_tool,data,exposure_stored", "dpf_hr,record_decision", 13, "red" },
	{ "no transfer tool: put one in place, red", "IN", "S", TC_FLOW_PROCESSOR, 1, 0, -1, NULL,
	  "email", NULL, NULL, 0, 0, NULL, "dest_no_tool,data,exposure_stored",
	  "put_tool,record_decision", 13, "red" },
	{ "outside the decision's scope: a tool is needed", "JP", "SP", TC_FLOW_PROCESSOR, 1,
	  TC_MECH_ADEQUACY, -1, NULL, "email", NULL, "academic", 0, 0, NULL,
	  "dest_no_tool,data,exposure_stored", "put_tool,record_decision", 13, "red" },
	{ "SCC: document, ask for commitments", "IN", "P", TC_FLOW_PROCESSOR, 1, TC_MECH_SCC, -1,
	  NULL, "email", NULL, NULL, 0, 0, NULL, "dest_tool,data,exposure_stored",
	  "document,government_access,record_decision", 7, "amber" },
	{ "SCC with Art. 9 data: strong measures", "IN", "S", TC_FLOW_PROCESSOR, 1, TC_MECH_SCC,
	  -1, NULL, "health", NULL, NULL, 0, 0, NULL, "dest_tool,data_special,exposure_stored",
	  "document,special,government_access,record_decision", 10, "red" },
	{ "BCR: as a tool", "CN", "S", TC_FLOW_PROCESSOR, 1, TC_MECH_BCR, -1, NULL, "email", NULL,
	  NULL, 0, 0, NULL, "dest_tool,data,exposure_stored",
	  "document,government_access,record_decision", 7, "amber" },
	{ "Art. 49: an occasional derogation, not scored as a tool", "AE", "P", TC_FLOW_CONTROLLER,
	  1, TC_MECH_ART49, -1, NULL, "email", NULL, NULL, 0, 0, NULL, "dest_art49,data",
	  "art49,record_decision", 7, "amber" },
	{ "keys held in the EU: credited for data at rest", "IN", "S", TC_FLOW_PROCESSOR, 1,
	  TC_MECH_SCC, -1, NULL, "email", NULL, NULL, 1, 0, NULL,
	  "dest_tool,data,exposure_stored,measures_keys",
	  "document,government_access,record_decision", 5, "amber" },
	{ "keys held in the EU: not credited for processing in clear", "IN", "SP",
	  TC_FLOW_PROCESSOR, 1, TC_MECH_SCC, -1, NULL, "email", NULL, NULL, 1, 0, NULL,
	  "dest_tool,data,exposure_stored,measures_keys_clear",
	  "document,government_access,record_decision", 7, "amber" },
	{ "keys held in the EU: not credited for support (use cases 6-7)", "IN", "U",
	  TC_FLOW_PROCESSOR, 1, TC_MECH_SCC, -1, NULL, "email", NULL, NULL, 1, 0, NULL,
	  "dest_tool,data,exposure_remote,measures_keys_clear",
	  "document,government_access,record_decision", 6, "amber" },
	{ "pseudonymisation: credited for storage", "IN", "S", TC_FLOW_PROCESSOR, 1, TC_MECH_SCC,
	  -1, NULL, "email", NULL, NULL, 0, 1, NULL,
	  "dest_tool,data,exposure_stored,measures_pseudonymised",
	  "document,government_access,record_decision", 6, "amber" },
	{ "pseudonymisation: not credited for remote access", "IN", "R", TC_FLOW_PROCESSOR, 1,
	  TC_MECH_SCC, -1, NULL, "email", NULL, NULL, 0, 1, NULL,
	  "dest_tool,data,exposure_remote,measures_pseudonymised_clear",
	  "document,government_access,record_decision", 6, "amber" },
	{ "measures never make up for a missing tool", "IN", "S", TC_FLOW_PROCESSOR, 1, 0, -1,
	  NULL, "email", NULL, NULL, 1, 1, NULL, "dest_no_tool,data,exposure_stored",
	  "put_tool,record_decision", 13, "red" },
	{ "personnummer without a justification", "IN", "S", TC_FLOW_PROCESSOR, 1, TC_MECH_SCC,
	  -1, NULL, "personnummer,email", NULL, NULL, 0, 0, NULL,
	  "dest_tool,data_pnr,exposure_stored",
	  "document,pnr_unjustified,government_access,record_decision", 9, "red" },
	{ "a parent company as exposure", "US", "A", TC_FLOW_PARENT, 1, TC_MECH_SCC, -1, NULL,
	  "email", NULL, NULL, 0, 0, NULL, "dest_tool,data,exposure_parent",
	  "document,government_access,record_decision", 6, "amber" },
	{ "a sub-processor of the vendor: the chain and the notice period", "IN", "U",
	  TC_FLOW_SUBPROCESSOR, 2, TC_MECH_SCC, -1, NULL, "email", NULL, NULL, 1, 0, NULL,
	  "dest_tool,data,exposure_remote,exposure_chain",
	  "document,government_access,notice_period,record_decision", 7, "amber" },
	{ "a decision older than a year: review it", "CH", "S", TC_FLOW_PROCESSOR, 1, 0, -1, NULL,
	  "email", NULL, NULL, 0, 0, "2025-01-10", "dest_adequate,data_adequate",
	  "watch_adequacy,review_decision", 0, "green" },
};

static char *codes(const tc_tia *t, int actions);

/* Split a comma list into v (at most n items) inside buf; the count. */
static size_t split(const char *list, char *buf, size_t len, char **v, size_t n)
{
	size_t k = 0;

	if (!list)
		return 0;
	snprintf(buf, len, "%s", list);
	for (char *save = NULL, *t = strtok_r(buf, ",", &save); t && k < n;
	     t = strtok_r(NULL, ",", &save))
		v[k++] = t;
	return k;
}

static unsigned kinds_of(const char *k)
{
	unsigned v = 0;

	v |= strchr(k, 'S') ? TC_LOC_STORAGE : 0;
	v |= strchr(k, 'P') ? TC_LOC_PROCESSING : 0;
	v |= strchr(k, 'R') ? TC_LOC_REMOTE_ACCESS : 0;
	v |= strchr(k, 'U') ? TC_LOC_SUPPORT : 0;
	v |= strchr(k, 'A') ? TC_FLOW_KIND_PARENT : 0;
	return v;
}

/* The catalogue of one service "svc" and the one flow of c; the record in *t. */
static void act_record(const tc_refdata *ref, const struct act_case *c, tc_flows *f,
		       tc_tias *t)
{
	static char catbuf[256], subbuf[256];
	static char *cats[8], *subjects[8];
	static tc_service s;
	static tc_mechanism m;
	tc_catalog cat = TC_CATALOG_INIT;
	tc_flow_in in = { 0 };

	memset(&s, 0, sizeof(s));
	memset(&m, 0, sizeof(m));
	s.id = "svc";
	s.name = "Svc";
	s.legal_entity = "Importer Ltd";
	s.entity_country = "SE";
	s.role = TC_ROLE_PROCESSOR;
	s.ncategories = split(c->cats, catbuf, sizeof(catbuf), cats, 8);
	s.categories = cats;
	s.nsubjects = split(c->subjects, subbuf, sizeof(subbuf), subjects, 8);
	s.subjects = subjects;
	s.sector = (char *)c->sector;
	s.measures_eu_keys = c->keys;
	s.measures_pseudonymised = c->pseudo;
	if (c->decision_date) {
		s.decision.outcome = "approved";
		s.decision.by = "DPO";
		s.decision.date = (char *)c->decision_date;
	}
	m.country = (char *)c->country;
	m.type = c->mech;
	m.hr = c->hr < 0 ? TC_FACT_UNSTATED : c->hr ? TC_FACT_TRUE : TC_FACT_FALSE;
	m.art49_ground = c->mech == TC_MECH_ART49 ? "explicit consent, one occasion" : NULL;
	if (c->mech == TC_MECH_DPF) {
		m.dpf_url = "https://www.dataprivacyframework.gov/list";
		m.dpf_status = "active";
		m.dpf_checked = (char *)c->dpf_checked;
	}
	cat.services = &s;
	cat.nservices = 1;
	in.service = "svc";
	in.service_name = "Svc";
	in.entity = "Importer Ltd";
	in.role = c->role;
	in.depth = c->depth;
	in.via = c->depth > 1 ? "svc" : NULL;
	in.country = c->country;
	in.kinds = kinds_of(c->kinds);
	in.categories = (const char *const *)cats;
	in.ncategories = s.ncategories;
	in.subjects = (const char *const *)subjects;
	in.nsubjects = s.nsubjects;
	in.sector = c->sector;
	in.mechanism = c->mech == TC_MECH_NONE ? NULL : &m;
	tc_flows_add(f, ref, &in, now_t);
	tc_tia_build(&cat, ref, f, now_t, t);
}

/* The row of act_cases whose name starts with prefix (the first row when none). */
static const struct act_case *act_row(const char *prefix)
{
	for (size_t i = 0; i < TC_ARRAY_LEN(act_cases); i++)
		if (tc_startswith(act_cases[i].name, prefix))
			return &act_cases[i];
	TU_CHECK(0, "no row '%s'", prefix);
	return &act_cases[0];
}

/* Transfer-tool actions: never for a flow that needs no tool of its own. */
static const char *const tool_actions[] = { "put_tool", "check_dpf", "dpf_hr",
					     "dpf_hr_unstated" };

static void test_actions(const tc_refdata *ref)
{
	for (size_t i = 0; i < TC_ARRAY_LEN(act_cases); i++) {
		const struct act_case *c = &act_cases[i];
		tc_flows f = TC_FLOWS_INIT;
		tc_tias t = TC_TIAS_INIT;
		char *got;

		TU_CASE(c->name);
		act_record(ref, c, &f, &t);
		TU_INT(t.n, 1);
		if (t.n != 1) {
			tc_flows_release(&f);
			tc_tias_release(&t);
			continue;
		}
		got = codes(&t.v[0], 0);
		TU_STR(got, c->lines);
		free(got);
		got = codes(&t.v[0], 1);
		TU_STR(got, c->actions);
		free(got);
		TU_INT(t.v[0].score, c->score);
		TU_STR(tc_rating_name(t.v[0].rating), c->rating);
		TU_CHECK(t.v[0].rating == tc_rating_of_score(t.v[0].score), "rating %s for score %d",
			 tc_rating_name(t.v[0].rating), t.v[0].score);
		for (size_t k = 0; tc_flow_covered(&f.v[0]) && k < t.v[0].nactions; k++)
			for (size_t a = 0; a < TC_ARRAY_LEN(tool_actions); a++)
				TU_CHECK(!tc_streq(t.v[0].actions[k].code, tool_actions[a]),
					 "covered flow told '%s'", tool_actions[a]);
		tc_flows_release(&f);
		tc_tias_release(&t);
	}
}

/* The words of the rules the issue names: Art. 10 and the Swedish rule for criminal
 * data; Art. 49 as an occasional derogation; EU-held keys and access in clear. */
static void test_action_words(const tc_refdata *ref)
{
	tc_flows f = TC_FLOWS_INIT;
	tc_tias t = TC_TIAS_INIT;
	const tc_tia_action *a;

	TU_CASE("criminal-offence data cites Art. 10 and ch. 3 s. 8 (2018:218, 2018:219)");
	act_record(ref, act_row("criminal-offence data"), &f, &t);
	a = t.n && t.v[0].nactions > 1 ? &t.v[0].actions[1] : NULL;
	TU_CHECK(a && strstr(a->text.en, "Art. 10 GDPR") && strstr(a->text.en, "ch. 3 s. 8") &&
		 strstr(a->text.en, "(2018:218)") && strstr(a->text.en, "(2018:219)") &&
		 !strstr(a->text.en, "Art. 9"), "en: %s", a ? a->text.en : "-");
	TU_CHECK(a && strstr(a->text.sv, "art. 10") && strstr(a->text.sv, "3 kap. 8 §") &&
		 strstr(a->text.sv, "2018:219"), "sv: %s", a ? a->text.sv : "-");
	tc_tias_release(&t);
	tc_flows_release(&f);

	TU_CASE("Art. 49 has its own words: occasional, not repetitive, the ground");
	act_record(ref, act_row("Art. 49"), &f, &t);
	TU_CHECK(t.n && strstr(t.v[0].lines[0].text.en, "occasional") &&
		 strstr(t.v[0].lines[0].text.en, "explicit consent, one occasion") &&
		 strstr(t.v[0].lines[0].text.en, "not scored as one"), "line: %s",
		 t.n ? t.v[0].lines[0].text.en : "-");
	TU_CHECK(t.n && strstr(t.v[0].actions[0].text.en, "not repetitive") &&
		 strstr(t.v[0].actions[0].text.sv, "inte upprepas"), "action: %s",
		 t.n ? t.v[0].actions[0].text.en : "-");
	tc_tias_release(&t);
	tc_flows_release(&f);

	TU_CASE("keys held in the EU do not help where staff see the data in clear");
	act_record(ref, act_row("keys held in the EU: not credited for support"), &f, &t);
	TU_CHECK(t.n && strstr(t.v[0].lines[3].text.en, "use cases 6 and 7") &&
		 t.v[0].lines[3].points == 0, "line: %s", t.n ? t.v[0].lines[3].text.en : "-");
	tc_tias_release(&t);
	tc_flows_release(&f);
}

/* Law and practice: every destination of laws.json has a profile in its records, and
 * the conclusion follows whom each law reaches. */
static void test_law(const tc_refdata *ref)
{
	static const char *const dests[] = { "US", "IN", "CN", "SG", "PH", "AE", "BR", "TR",
					     "RU", "IL", "KR", "JP", "CA", "GB", "CH" };
	struct act_case c = *act_row("SCC: document");   /* a processor under SCC */
	tc_flows f = TC_FLOWS_INIT;
	tc_tias t = TC_TIAS_INIT;
	tc_catalog cat = TC_CATALOG_INIT;
	char *doc;

	TU_CASE("the 15 destinations of laws.json have law and practice");
	for (size_t i = 0; i < TC_ARRAY_LEN(dests); i++) {
		c.country = dests[i];
		act_record(ref, &c, &f, &t);
		TU_CHECK(t.n == 1 && t.v[0].law && t.v[0].law->nlaws && t.v[0].law->nsources &&
			 t.v[0].reach_text.en && t.v[0].reach_text.sv, "%s: no law profile", dests[i]);
		doc = tc_tia_render(&cat, ref, &f, &t, TC_RENDER_MD, TC_LANG_SV, now_t);
		TU_CHECK(doc && !strstr(doc, "inte registrerade i referensdata") &&
			 strstr(doc, "**Källor:**") && strstr(doc, "**Rättsmedel:**"),
			 "%s: Swedish step 3", dests[i]);
		free(doc);
		tc_tias_release(&t);
		tc_flows_release(&f);
	}

	TU_CASE("a US cloud processor is in reach of FISA 702 and the CLOUD Act");
	c.country = "US";
	act_record(ref, &c, &f, &t);
	TU_CHECK(t.n && t.v[0].reach == TC_REACH_YES && t.v[0].law->nlaws == 3 &&
		 t.v[0].law_reach[0] == TC_REACH_YES &&
		 t.v[0].law_reach[1] == TC_REACH_NOT_COMPELLED &&
		 strstr(t.v[0].reach_text.en, "Likely in reach: Importer Ltd handles the data as a "
			"service") && strstr(t.v[0].reach_text.en, "The Commission assessed"),
		 "US processor: %s", t.n ? t.v[0].reach_text.en : "-");
	tc_tias_release(&t);
	tc_flows_release(&f);

	TU_CASE("an independent controller is not a provider those laws reach");
	c.role = TC_FLOW_CONTROLLER;
	act_record(ref, &c, &f, &t);
	TU_CHECK(t.n && t.v[0].reach == TC_REACH_NO &&
		 strstr(t.v[0].reach_text.en, "Unlikely in reach"), "US controller: %s",
		 t.n ? t.v[0].reach_text.en : "-");
	tc_tias_release(&t);
	tc_flows_release(&f);

	TU_CASE("a law that reaches every organisation reaches a controller too");
	c.country = "IN";
	act_record(ref, &c, &f, &t);
	TU_CHECK(t.n && t.v[0].reach == TC_REACH_YES &&
		 strstr(t.v[0].reach_text.en, "reach every organisation in India, Importer Ltd "
			"included"), "IN: %s", t.n ? t.v[0].reach_text.en : "-");
	tc_tias_release(&t);
	tc_flows_release(&f);

	TU_CASE("telecom operators only: not in reach unless the importer is one");
	c.country = "IL";
	c.role = TC_FLOW_CONTROLLER;
	act_record(ref, &c, &f, &t);
	for (size_t i = 0; t.n && i < t.v[0].law->nlaws; i++)
		if (tc_streq(t.v[0].law->laws[i].reaches, "telecom_operators"))
			TU_CHECK(t.v[0].law_reach[i] == TC_REACH_NO, "IL telecom law in reach");
	tc_tias_release(&t);
	tc_flows_release(&f);

	TU_CASE("a destination without law and practice says so");
	c.country = "AR";
	act_record(ref, &c, &f, &t);
	TU_CHECK(t.n && !t.v[0].law, "AR has a profile");
	doc = tc_tia_render(&cat, ref, &f, &t, TC_RENDER_MD, TC_LANG_EN, now_t);
	TU_CHECK(doc && strstr(doc, "not recorded in the reference data"), "AR step 3");
	free(doc);
	tc_tias_release(&t);
	tc_flows_release(&f);
}

/* Entity names come from vendors' published lists: whatever they hold stays text. */
static void test_hostile(const tc_refdata *ref)
{
	static const char *const entity =
		"Evil | Corp <script>alert(1)</script> **bold** [x](http://e.test) # _u_\n## H";
	static const char *const countries[] = { "IN" };
	tc_catalog cat = TC_CATALOG_INIT;
	tc_service s = { 0 };
	tc_location loc = { 0 };
	char *cats[] = { "email" };
	tc_flows f = TC_FLOWS_INIT;
	tc_tias t = TC_TIAS_INIT;
	char *md, *html;

	s.id = "crm";
	s.name = "CRM";
	s.legal_entity = "CRM AB";
	s.entity_country = "SE";
	s.role = TC_ROLE_PROCESSOR;
	s.categories = cats;
	s.ncategories = 1;
	loc.country = "SE";
	loc.kinds = TC_LOC_STORAGE;
	s.locations = &loc;
	s.nlocations = 1;
	cat.services = &s;
	cat.nservices = 1;
	tc_flows_build(&cat, ref, now_t, &f);
	TU_INT(tc_flows_add_subprocessor(&f, &cat, ref, "crm", entity, countries, 1, now_t), 0);
	tc_tia_build(&cat, ref, &f, now_t, &t);
	TU_INT(t.n, 1);

	TU_CASE("hostile entity name in Markdown");
	md = tc_tia_render(&cat, ref, &f, &t, TC_RENDER_MD, TC_LANG_EN, now_t);
	TU_CHECK(md != NULL, "no document");
	TU_CHECK(md && !strstr(md, "<script>"), "raw <script> in Markdown");
	TU_CHECK(md && strstr(md, "&lt;script&gt;"), "< not escaped");
	TU_CHECK(md && strstr(md, "Evil \\| Corp"), "| not escaped in the table");
	TU_CHECK(md && !strstr(md, " **bold**") && strstr(md, "\\*\\*bold\\*\\*"),
		 "emphasis not escaped");
	TU_CHECK(md && !strstr(md, "[x](http") && strstr(md, "\\[x\\]"), "link not escaped");
	TU_CHECK(md && !strstr(md, "\n## H"), "a line break in a name starts a heading");
	TU_CHECK(md && strstr(md, "## 1. CRM → Evil \\| Corp"), "record heading");
	free(md);

	TU_CASE("hostile entity name in HTML");
	html = tc_tia_render(&cat, ref, &f, &t, TC_RENDER_HTML, TC_LANG_SV, now_t);
	TU_CHECK(html && !strstr(html, "<script>") && strstr(html, "&lt;script&gt;"),
		 "raw <script> in HTML");
	free(html);
	tc_tias_release(&t);
	tc_flows_release(&f);
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
	test_shipped(&ref);
	test_rules(&ref);
	test_hostile(&ref);
	test_actions(&ref);
	test_action_words(&ref);
	test_law(&ref);
	tc_refdata_release(&ref);
	free(dir);
	return TU_END("test_tia");
}

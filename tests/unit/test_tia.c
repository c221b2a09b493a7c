/* link: util utf8 jsondoc refdata refscope catalog transfer tia tia_render render */
/*
 * Transfer-impact records: scores, ratings, line and action codes on the shipped
 * catalogue and on a hand-made service; the document in sv and en without raw codes;
 * hostile entity names (Markdown, HTML, pipes, control characters) escaped by the
 * render layer; the JSON.
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
	tc_refdata_release(&ref);
	free(dir);
	return TU_END("test_tia");
}

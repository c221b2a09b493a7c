/* link: util jsondoc refdata refscope gazetteer subproc diff dpf phrases findings */
/* Findings on two versions of real-shaped documents: sub-processor rows, countries,
 * undeclared transfers, key terms, versions, stale mechanisms; the Finding JSON.
 * The reference data is built by hand (sorted by code, as refdata keeps it). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "tiacheck/findings.h"
#include "tiacheck/util.h"
#include "tu.h"

/* Time limits are for optimised builds; sanitizers make code ~10 times slower. */
#ifdef __SANITIZE_ADDRESS__
#define SLOW 10
#else
#define SLOW 1
#endif

static tc_country countries[] = {
	{ .code = "AR", .name_en = "Argentina", .name_sv = "Argentina", .status = TC_CS_ADEQUATE },
	{ .code = "CA", .name_en = "Canada", .name_sv = "Kanada", .status = TC_CS_ADEQUATE_PARTIAL },
	{ .code = "CH", .name_en = "Switzerland", .name_sv = "Schweiz", .status = TC_CS_ADEQUATE },
	{ .code = "DE", .name_en = "Germany", .name_sv = "Tyskland", .status = TC_CS_EU },
	{ .code = "FI", .name_en = "Finland", .name_sv = "Finland", .status = TC_CS_EU },
	{ .code = "FR", .name_en = "France", .name_sv = "Frankrike", .status = TC_CS_EU },
	{ .code = "GB", .name_en = "United Kingdom", .name_sv = "Förenade kungariket", .status = TC_CS_ADEQUATE },
	{ .code = "IE", .name_en = "Ireland", .name_sv = "Irland", .status = TC_CS_EU },
	{ .code = "JP", .name_en = "Japan", .name_sv = "Japan", .status = TC_CS_ADEQUATE_PARTIAL },
	{ .code = "NL", .name_en = "Netherlands", .name_sv = "Nederländerna", .status = TC_CS_EU },
	{ .code = "NO", .name_en = "Norway", .name_sv = "Norge", .status = TC_CS_EEA },
	{ .code = "PL", .name_en = "Poland", .name_sv = "Polen", .status = TC_CS_EU },
	{ .code = "SE", .name_en = "Sweden", .name_sv = "Sverige", .status = TC_CS_EU },
	{ .code = "US", .name_en = "United States", .name_sv = "Förenta staterna (USA)", .status = TC_CS_ADEQUATE_PARTIAL },
};
static tc_refdata ref = { .countries = countries,
			  .ncountries = sizeof(countries) / sizeof(countries[0]) };

static tc_gazetteer *gz;
static const char *top;

static char *fixture(const char *name)
{
	char *rel = tc_xasprintf("tests/fixtures/subproc/%s", name);
	char *path = tc_path_join(top, rel);
	tc_buf b = TC_BUF_INIT;
	char err[256];

	if (tc_read_file(path, 1 << 20, &b, err, sizeof(err)) < 0)
		printf("cannot read %s: %s\n", path, err);
	free(rel);
	free(path);
	return tc_buf_detach(&b);
}

/* Analyse v1 -> v2 (v1 NULL: first snapshot) and return "kind/severity/subject/country"
 * of every finding, joined by "; ". *fs keeps the findings for closer checks. */
static char *run(const char *v1, const char *v2, const char *kind, const char *decl,
		 const char *recorded, tc_findings *fs)
{
	const char *codes[16];
	size_t nd = 0;
	char *d = tc_xstrdup(decl), *save = NULL;
	char *t1 = v1 ? fixture(v1) : NULL, *t2 = fixture(v2);
	tc_findings_input in;
	tc_buf out = TC_BUF_INIT;
	char err[256];

	for (char *t = strtok_r(d, ",", &save); t && nd < 16; t = strtok_r(NULL, ",", &save))
		codes[nd++] = t;
	memset(&in, 0, sizeof(in));
	in.old_text = t1;
	in.new_text = t2;
	in.doc_kind = kind;
	in.declared = codes;
	in.ndeclared = nd;
	in.recorded_version = recorded;
	in.ref = &ref;
	in.gz = gz;
	if (tc_findings_analyse(&in, fs, err, sizeof(err)) < 0)
		tc_buf_printf(&out, "error: %s", err);
	for (size_t i = 0; i < fs->n; i++)
		tc_buf_printf(&out, "%s%s/%s/%s/%s", i ? "; " : "", tc_finding_kind_name(fs->v[i].kind),
			      tc_finding_severity_name(fs->v[i].severity),
			      fs->v[i].subject ? fs->v[i].subject : "-",
			      fs->v[i].country ? fs->v[i].country : "-");
	free(d);
	free(t1);
	free(t2);
	return tc_buf_detach(&out);
}

static char *json(const tc_finding *f)
{
	cJSON *j = tc_finding_to_json(f, &ref);
	char *s = cJSON_PrintUnformatted(j);

	cJSON_Delete(j);
	return s;
}

static void test_dpa(void)
{
	tc_findings fs = TC_FINDINGS_INIT;
	char *s = run("dpa-v1.txt", "dpa-v2.txt", "dpa", "IE,US", "3.1", &fs);

	TU_STR(s, "undeclared_transfer/high/-/IN; undeclared_transfer/high/-/PH; "
		  "country_added/high/-/IN; country_added/high/-/PH; "
		  "term_added/medium/scc/-; dpa_version_changed/medium/3.2/-; "
		  "stale_mechanism/medium/privacy_shield/-");
	free(s);
	if (fs.n == 7) {
		s = json(&fs.v[0]);
		TU_STR(s, "{\"kind\":\"undeclared_transfer\",\"severity\":\"high\",\"subject\":null,"
			  "\"country\":\"IN\",\"countries_before\":[],\"countries_after\":[],"
			  "\"evidence\":\"Personal data is stored in Ireland and may be accessed from "
			  "the United States and India.\",\"message\":{\"en\":\"Possible undeclared "
			  "transfer: the text names India (third country), which the catalogue does not "
			  "declare for this service.\",\"sv\":\"Möjlig odeklarerad överföring: texten "
			  "nämner Indien (tredjeland), som katalogen inte anger för tjänsten.\"}}");
		free(s);
		TU_STR(fs.v[0].key, "undeclared_transfer::IN");
		TU_STR(fs.v[3].evidence, "Support staff in the Philippines may access account data.");
		TU_STR(fs.v[3].msg_sv, "Filippinerna nämns nu i texten (tredjeland).");
		TU_STR(fs.v[4].evidence, "Transfers to India rely on the standard contractual clauses.");
		TU_STR(fs.v[5].msg_en, "Document version changed from 3.1 to 3.2.");
		TU_STR(fs.v[5].evidence, "Version 3.2");
		TU_STR(fs.v[6].msg_en, "The text still relies on the invalidated EU-US Privacy Shield "
				       "(Schrems II, 2020).");
	}
	tc_findings_release(&fs);

	/* first snapshot: undeclared transfers in the whole text, version vs catalogue */
	s = run(NULL, "dpa-v2.txt", "dpa", "IE,US", "3.1", &fs);
	TU_STR(s, "undeclared_transfer/high/-/IN; undeclared_transfer/high/-/PH; "
		  "dpa_version_changed/medium/3.2/-; stale_mechanism/medium/privacy_shield/-");
	if (fs.n == 4)
		TU_STR(fs.v[2].msg_sv, "Sidan visar 3.2; katalogen anger 3.1.");
	free(s);
	tc_findings_release(&fs);

	/* the catalogue already records this version, or a later date */
	s = run(NULL, "dpa-v2.txt", "dpa", "IE,US,IN,PH", "3.2", &fs);
	TU_STR(s, "stale_mechanism/medium/privacy_shield/-");
	free(s);
	tc_findings_release(&fs);
	s = run(NULL, "dpa-v2.txt", "dpa", "IE,US,IN,PH", "2026-06-01", &fs);
	TU_STR(s, "stale_mechanism/medium/privacy_shield/-");
	free(s);
	tc_findings_release(&fs);
	s = run(NULL, "dpa-v2.txt", "dpa", "IE,US,IN,PH", "Version 3.1 (2026-02-01)", &fs);
	TU_STR(s, "dpa_version_changed/medium/3.2/-; stale_mechanism/medium/privacy_shield/-");
	free(s);
	tc_findings_release(&fs);

	/* same text: nothing but the standing stale mechanism */
	s = run("dpa-v2.txt", "dpa-v2.txt", "dpa", "IE,US,IN,PH", NULL, &fs);
	TU_STR(s, "stale_mechanism/medium/privacy_shield/-");
	free(s);
	tc_findings_release(&fs);
}

static void test_privacy_sv(void)
{
	tc_findings fs = TC_FINDINGS_INIT;
	char *s = run("privacy-sv-v1.txt", "privacy-sv-v2.txt", "privacy", "SE,DE", NULL, &fs);

	TU_STR(s, "undeclared_transfer/high/-/CN; country_added/high/-/CN; "
		  "term_added/medium/scc/-; term_added/medium/transfer/-; "
		  "term_added/medium/third_country/-; dpa_version_changed/info/2026-03-20/-");
	if (fs.n == 6) {
		TU_STR(fs.v[0].evidence, "Vi anlitar personuppgiftsbiträden i Sverige, Tyskland och Kina.");
		TU_STR(fs.v[1].msg_en, "China is now named in the text (third country).");
		TU_STR(fs.v[1].msg_sv, "Kina nämns nu i texten (tredjeland).");
		TU_STR(fs.v[4].evidence, "Vissa uppgifter kan överföras till tredjeland.");
		TU_STR(fs.v[5].msg_sv, "Dokumentets datum ändrat från 2026-01-10 till 2026-03-20.");
	}
	free(s);
	tc_findings_release(&fs);

	/* the reverse: removed country and terms */
	s = run("privacy-sv-v2.txt", "privacy-sv-v1.txt", "privacy", "SE,DE", NULL, &fs);
	TU_STR(s, "term_removed/high/scc/-; country_removed/info/-/CN; "
		  "term_removed/info/transfer/-; term_removed/info/third_country/-; "
		  "dpa_version_changed/info/2026-01-10/-");
	free(s);
	tc_findings_release(&fs);
}

static void test_subprocessor_lists(void)
{
	tc_findings fs = TC_FINDINGS_INIT;
	char *s;

	s = run("google-v1.txt", "google-v2.txt", "subprocessors", "US,IE,SG,NL", NULL, &fs);
	TU_STR(s, "subprocessor_location_changed/high/Example Ireland Limited/-; "
		  "subprocessor_added/high/Acme Support Services Pvt. Ltd./-; "
		  "undeclared_transfer/high/Example Ireland Limited/IN; "
		  "subprocessor_reworded/info/Example Asia Pacific Pte. Ltd./-; "
		  "subprocessor_removed/info/Northwind Data Centers B.V./-; "
		  "dpa_version_changed/info/2026-06-01/-");
	if (fs.n == 6) {
		char *j = json(&fs.v[0]);

		TU_STR(j, "{\"kind\":\"subprocessor_location_changed\",\"severity\":\"high\","
			  "\"subject\":\"Example Ireland Limited\",\"country\":null,"
			  "\"countries_before\":[\"IE\"],\"countries_after\":[\"IE\",\"IN\"],"
			  "\"evidence\":\"| Example Ireland Limited | Workspace | Customer support | "
			  "Ireland; India | Gordon House, Barrow Street, Dublin 4, Ireland | Example "
			  "Holdings Inc. |\",\"message\":{\"en\":\"Sub-processor Example Ireland Limited: "
			  "location changed from Ireland to Ireland and India.\",\"sv\":\"Underbiträdet "
			  "Example Ireland Limited: plats ändrad från Irland till Irland och Indien.\"}}");
		free(j);
		TU_STR(fs.v[0].key, "subprocessor_location_changed:example ireland:IE,IN");
		TU_STR(fs.v[1].msg_en, "New sub-processor Acme Support Services Pvt. Ltd. added, "
				       "located in India.");
		TU_STR(fs.v[1].msg_sv, "Nytt underbiträde Acme Support Services Pvt. Ltd. tillagt, "
				       "beläget i Indien.");
		TU_STR(fs.v[1].key, "subprocessor_added:acme support services");
		TU_INT(fs.v[4].nbefore, 1);
		TU_STR(fs.v[4].msg_en, "Sub-processor Northwind Data Centers B.V. removed (was "
				       "located in Netherlands).");
	}
	free(s);
	tc_findings_release(&fs);

	s = run("slack-v1.txt", "slack-v2.txt", "subprocessors", "US,IE,DE", NULL, &fs);
	TU_STR(s, "subprocessor_added/high/Helpdesk Outsourcing Corp./-; "
		  "undeclared_transfer/high/Amazon Web Services Inc/JP; "
		  "undeclared_transfer/high/Lingua Translations Ltd/PH; "
		  "undeclared_transfer/high/Helpdesk Outsourcing Corp./IN; "
		  "subprocessor_location_changed/medium/Amazon Web Services Inc/-; "
		  "subprocessor_added/medium/Model Provider, LLC/-; "
		  "undeclared_transfer/medium/Cloudflare, Inc./-; "
		  "subprocessor_reworded/info/Lingua Translations Ltd/-; "
		  "dpa_version_changed/info/2026-04-02/-");
	if (fs.n == 9) {
		TU_STR(fs.v[5].msg_en, "New sub-processor Model Provider, LLC added, located in a "
				       "region the customer selects, the EU and United States.");
		TU_STR(fs.v[4].msg_sv, "Underbiträdet Amazon Web Services Inc: plats ändrad från "
				       "Förenta staterna (USA), Irland och Tyskland till Förenta staterna "
				       "(USA), Irland, Tyskland och Japan.");
		TU_STR(fs.v[6].key, "undeclared_transfer::WORLD");
	}
	free(s);
	tc_findings_release(&fs);

	s = run("zoom-v1.txt", "zoom-v2.txt", "subprocessors", "US,AU", NULL, &fs);
	TU_STR(s, "subprocessor_added/medium/Example AI Labs Inc./-; "
		  "subprocessor_reworded/info/Kangaroo Media Pty Ltd/-; "
		  "subprocessor_removed/info/Oracle America, Inc./-; "
		  "term_added/info/tia/-; dpa_version_changed/info/2026-05-01/-");
	free(s);
	tc_findings_release(&fs);

	s = run("markdown-v1.txt", "markdown-v2.txt", "subprocessors", "DE,US", NULL, &fs);
	TU_STR(s, "subprocessor_location_changed/medium/Hetzner Online GmbH/-; "
		  "subprocessor_added/medium/Exempel Support AB/-; "
		  "dpa_version_changed/info/2026-04-15/-");
	free(s);
	tc_findings_release(&fs);

	s = run("pdf-v1.txt", "pdf-v2.txt", "subprocessors", "US,PL,IE", NULL, &fs);
	TU_STR(s, "subprocessor_added/high/Example Workforce India Private Limited/-; "
		  "undeclared_transfer/high/Example Workforce India Private Limited/IN; "
		  "dpa_version_changed/info/3.2/-");
	if (fs.n == 3) {
		TU_INT(fs.v[0].nafter, 1);   /* corporate location when no processing column */
		TU_STR(fs.v[0].nafter ? fs.v[0].after[0] : "", "IN");
	}
	free(s);
	tc_findings_release(&fs);
}

static void test_misc(void)
{
	tc_findings fs = TC_FINDINGS_INIT;
	tc_findings_input in;
	tc_subproc_list l = TC_SUBPROC_LIST_INIT;
	char err[256];
	char *t = fixture("slack-v2.txt");

	/* no reference data is an error */
	memset(&in, 0, sizeof(in));
	in.new_text = "x";
	in.gz = gz;
	TU_INT(tc_findings_analyse(&in, &fs, err, sizeof(err)), -1);
	TU_INT(fs.n, 0);

	/* names and kinds */
	TU_STR(tc_finding_kind_name(TC_FK_STALE_MECHANISM), "stale_mechanism");
	TU_STR(tc_finding_kind_name(TC_FK_SUBPROCESSOR_LOCATION_CHANGED),
	       "subprocessor_location_changed");
	TU_STR(tc_finding_severity_name(TC_SEV_MEDIUM), "medium");

	/* the rows of one text, for fourth-party flows */
	TU_INT(tc_findings_subprocessors(gz, t, &l, err, sizeof(err)), 0);
	TU_INT(l.nrows, 6);
	if (l.nrows == 6) {
		TU_STR(l.rows[4].entity, "Helpdesk Outsourcing Corp.");
		TU_INT(l.rows[4].ncountries, 2);
	}
	tc_subproc_list_release(&l);
	free(t);

	/* dates in several languages and forms */
	{
		static const struct { const char *text, *want; } dates[] = {
			{ "Last updated: March 3, 2026", "2026-03-03" },
			{ "Effective as of 3rd March 2026", "" },
			{ "Effective date: 3 March 2026", "2026-03-03" },
			{ "Stand: 3. März 2026", "2026-03-03" },
			{ "Dernière mise à jour : 1er mars 2026", "2026-03-01" },
			{ "Senast uppdaterad den 3 mars 2026", "2026-03-03" },
			{ "Gültig ab 03.03.2026", "2026-03-03" },
		};
		for (size_t i = 0; i < TC_ARRAY_LEN(dates); i++) {
			char *s;

			memset(&in, 0, sizeof(in));
			in.old_text = "# Terms\nLast updated: 2020-01-01\n";
			in.new_text = dates[i].text;
			in.ref = &ref;
			in.gz = gz;
			in.doc_kind = "dpa";
			tc_findings_analyse(&in, &fs, err, sizeof(err));
			s = tc_xstrdup(fs.n && fs.v[fs.n - 1].kind == TC_FK_DPA_VERSION_CHANGED
					       ? fs.v[fs.n - 1].subject : "");
			TU_STR(s, dates[i].want);
			free(s);
			tc_findings_release(&fs);
		}
	}
}

/* Every message of every kind comes from the message table in both languages: no id
 * left unresolved, no raw code (country status, term id), the status in words. */
static void test_messages(void)
{
	static const char *const raw[] = { "findings.", "THIRD", "ADEQUATE", "third_country",
					   "government_access", "privacy_shield", "old_scc" };
	tc_findings fs = TC_FINDINGS_INIT;
	tc_findings_input in;
	char err[256];

	memset(&in, 0, sizeof(in));
	in.old_text = "# Data processing agreement\nWe process data in Sweden.\n"
		      "Standard contractual clauses apply. Notice period: 30 days.\n";
	in.new_text = "# Data processing agreement\nWe process data in Sweden and India.\n"
		      "Transfers rely on the Privacy Shield and binding corporate rules; "
		      "government access requests are reviewed; Japan is named.\n";
	in.doc_kind = "dpa";
	in.ref = &ref;
	in.gz = gz;
	TU_INT(tc_findings_analyse(&in, &fs, err, sizeof(err)), 0);
	TU_CHECK(fs.n >= 6, "only %zu findings", fs.n);
	for (size_t i = 0; i < fs.n; i++) {
		const tc_finding *f = &fs.v[i];

		TU_CHECK(f->msg_en && *f->msg_en && f->msg_sv && *f->msg_sv, "finding %zu: no text",
			 i);
		for (size_t k = 0; k < TC_ARRAY_LEN(raw); k++) {
			TU_CHECK(!strstr(f->msg_en, raw[k]), "en '%s' has '%s'", f->msg_en, raw[k]);
			TU_CHECK(!strstr(f->msg_sv, raw[k]), "sv '%s' has '%s'", f->msg_sv, raw[k]);
		}
	}
	{
		int seen_in = 0, seen_jp = 0, seen_ps = 0;

		for (size_t i = 0; i < fs.n; i++) {
			seen_in |= tc_streq(fs.v[i].msg_sv, "Indien nämns nu i texten (tredjeland).");
			seen_jp |= tc_streq(fs.v[i].msg_en,
					    "Japan is now named in the text (partial adequacy decision).");
			seen_ps |= tc_streq(fs.v[i].msg_sv, "Texten hänvisar fortfarande till den "
					    "ogiltigförklarade Privacy Shield (Schrems II, 2020).");
		}
		TU_CHECK(seen_in, "India in Swedish with its status in words");
		TU_CHECK(seen_jp, "Japan with partial adequacy in English");
		TU_CHECK(seen_ps, "stale mechanism named in Swedish");
		TU_CHECK(fs.n && tc_finding_message(&fs.v[0], TC_LANG_SV) == fs.v[0].msg_sv &&
			 tc_finding_message(&fs.v[0], TC_LANG_EN) == fs.v[0].msg_en, "message by lang");
	}
	tc_findings_release(&fs);
}

/* 500 KB texts with a few changes analyse quickly. */
static void test_speed(void)
{
	tc_buf a = TC_BUF_INIT, b = TC_BUF_INIT;
	tc_findings fs = TC_FINDINGS_INIT;
	tc_findings_input in;
	struct timespec t0, t1;
	char err[256];
	double ms;

	for (int i = 0; a.len < 500000; i++) {
		tc_buf_printf(&a, "Clause %d. The processor stores personal data in Ireland and the "
			      "United States under the standard contractual clauses.\n", i);
		tc_buf_printf(&b, "Clause %d. The processor stores personal data in Ireland and the "
			      "United States%s under the standard contractual clauses.\n", i,
			      i == 4000 ? " and Vietnam" : "");
		if (i % 100 == 0) {
			tc_buf_printf(&a, "| Entity | Purpose | Location |\n| --- | --- | --- |\n"
				      "| Vendor %d Inc | Hosting | United States |\n", i);
			tc_buf_printf(&b, "| Entity | Purpose | Location |\n| --- | --- | --- |\n"
				      "| Vendor %d Inc | Hosting | United States |\n", i);
		}
	}
	memset(&in, 0, sizeof(in));
	in.old_text = a.data;
	in.new_text = b.data;
	in.doc_kind = "dpa";
	in.ref = &ref;
	in.gz = gz;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	TU_INT(tc_findings_analyse(&in, &fs, err, sizeof(err)), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	printf("findings on %zu bytes: %zu findings in %.1f ms\n", b.len, fs.n, ms);
	TU_CHECK(fs.n >= 3, "findings: %zu", fs.n);   /* undeclared US, VN; country VN */
	TU_CHECK(ms < 3000 * SLOW, "too slow: %.1f ms", ms);
	tc_findings_release(&fs);
	tc_buf_release(&a);
	tc_buf_release(&b);
}

int main(void)
{
	char err[512];
	char *path;

	top = getenv("TC_TOP") ? getenv("TC_TOP") : ".";
	path = tc_path_join(top, "catalog/reference/gazetteer.json");
	if (tc_gazetteer_load(path, &gz, err, sizeof(err)) < 0) {
		printf("FAIL cannot load gazetteer: %s\n", err);
		free(path);
		return 1;
	}
	test_dpa();
	test_privacy_sv();
	test_subprocessor_lists();
	test_misc();
	test_messages();
	test_speed();
	tc_gazetteer_free(gz);
	free(path);
	return TU_END("test_findings");
}

/* Unit tests of the policy module: rendering (languages, formats, escaping, order)
 * and checking a published policy (unknown names, missing services, locations that
 * hide a transfer, categories), on a catalogue built by hand. */
/* link: util render policy catalog policy_check policy_source extract extract_html extract_pdf subproc_feed subproc gazetteer fetch fetch_curl refdata refscope jsondoc gen_reference */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "tiacheck/policy.h"
#include "tiacheck/policy_check.h"
#include "tiacheck/policy_source.h"
#include "tu.h"

static tc_country countries[] = {
	{ .code = "DE", .name_en = "Germany", .name_sv = "Tyskland", .status = TC_CS_EU },
	{ .code = "IE", .name_en = "Ireland", .name_sv = "Irland", .status = TC_CS_EU },
	{ .code = "NO", .name_en = "Norway", .name_sv = "Norge", .status = TC_CS_EEA },
	{ .code = "SE", .name_en = "Sweden", .name_sv = "Sverige", .status = TC_CS_EU },
	{ .code = "US", .name_en = "United States", .name_sv = "Förenta staterna (USA)",
	  .status = TC_CS_ADEQUATE_PARTIAL, .decision = "(EU) 2023/1795" },
};

static tc_category categories[] = {
	{ .code = "email", .name_sv = "E-post", .name_en = "Email address", .weight = 2 },
	{ .code = "name", .name_sv = "Namn", .name_en = "Name", .weight = 2 },
	{ .code = "personnummer", .name_sv = "Personnummer", .name_en = "Personal identity number",
	  .weight = 4, .national_id = 1 },
};

static tc_refdata ref = { .countries = countries, .ncountries = TC_ARRAY_LEN(countries),
			  .categories = categories, .ncategories = TC_ARRAY_LEN(categories) };

static char *cat_email[] = { "email" };
static char *cat_cloud[] = { "email", "name", "personnummer" };
static char *cat_name[] = { "name" };

static tc_location loc_acme[] = { { .country = "IE", .kinds = TC_LOC_STORAGE } };
static tc_location loc_cloud[] = {
	{ .country = "DE", .kinds = TC_LOC_STORAGE | TC_LOC_PROCESSING, .place = "Frankfurt" },
	{ .country = "US", .kinds = TC_LOC_PROCESSING, .entity = "CloudCo Inc." },
};
static tc_location loc_anna[] = { { .country = "SE", .kinds = TC_LOC_PROCESSING } };
static tc_location loc_nordic[] = {
	{ .country = "NO", .kinds = TC_LOC_STORAGE }, { .country = "SE", .kinds = TC_LOC_STORAGE },
};
static tc_mechanism mech_cloud[] = { { .country = "US", .type = TC_MECH_DPF,
				       .dpf_status = "active", .dpf_checked = "2026-11-20" } };
static tc_document docs_cloud[] = {
	{ .id = "dpa", .kind = TC_DOC_DPA, .url = "https://cloudco.example/dpa?a=1&b=2" },
	{ .id = "bad", .kind = TC_DOC_OTHER, .url = "javascript:alert(1)" },
};

/* Services deliberately not in name order: rendering sorts them. */
static tc_service services[] = {
	{ .id = "cloudco", .name = "CloudCo", .legal_entity = "CloudCo GmbH", .entity_country = "DE",
	  .role = TC_ROLE_PROCESSOR, .purpose = { "Drift av <våra> tjänster & e-post.", "Hosting of <our> services & e-mail." },
	  .categories = cat_cloud, .ncategories = 3, .locations = loc_cloud, .nlocations = 2,
	  .mechanisms = mech_cloud, .nmechanisms = 1, .documents = docs_cloud, .ndocuments = 2,
	  .phone = "+46 8 123 45", .email = "privacy@cloudco.example" },
	{ .id = "acme-mail", .name = "AcmeMail", .legal_entity = "AcmeMail Ltd", .entity_country = "IE",
	  .role = TC_ROLE_PROCESSOR, .purpose = { "Utskick av e-post.", "Sending e-mail." },
	  .parent_name = "Acme Inc.", .parent_country = "US",
	  .categories = cat_email, .ncategories = 1, .locations = loc_acme, .nlocations = 1 },
	{ .id = "anna", .name = "Anna Andersson", .legal_entity = "Anna Andersson", .entity_country = "SE",
	  .role = TC_ROLE_SUBPROCESSOR, .purpose = { "Konsult i support.", "Support consultant." },
	  .categories = cat_name, .ncategories = 1, .locations = loc_anna, .nlocations = 1 },
	{ .id = "nordstore", .name = "NordStore", .legal_entity = "NordStore AS", .entity_country = "NO",
	  .role = TC_ROLE_CONTROLLER, .purpose = { "Lagring.", "Storage." },
	  .categories = cat_name, .ncategories = 1, .locations = loc_nordic, .nlocations = 2 },
};

static tc_catalog cat = { .org = { .name = "Exempel AB", .default_lang = "sv",
				   .policy_reviewed = "2026-11-01" },
			  .services = services, .nservices = TC_ARRAY_LEN(services) };

static const char vocab_json[] =
	"{\"services\":[{\"name\":\"SendGrid\",\"aliases\":[\"Sendgrid\"]},"
	"{\"name\":\"Teams\"},{\"name\":\"AcmeMail\",\"aliases\":[\"Acme Mailer\"]}],"
	"\"not_services\":[\"EU\",\"EES\"],\"triggers\":[\"med hjälp av\",\"via\",\"using\"],"
	"\"fillers\":[\"tjänsten\"],\"country_aliases\":{\"USA\":\"US\",\"Frankfurt\":\"DE\"},"
	"\"category_aliases\":{\"E-postadress\":\"email\"}}";

static char *render(enum tc_lang lang, enum tc_policy_format f, const tc_catalog *c)
{
	tc_buf b = TC_BUF_INIT;
	tc_policy_opts o = { lang, f, NULL };
	char err[256];

	if (tc_policy_render(c, &ref, &o, &b, err, sizeof(err)) < 0) {
		tc_buf_release(&b);
		return NULL;
	}
	return tc_buf_detach(&b);
}

static int has(const char *hay, const char *needle)
{
	int ok = hay && strstr(hay, needle) != NULL;

	if (!ok)
		printf("  missing: %s\n", needle);
	return ok;
}

static void test_render(void)
{
	char *sv = render(TC_LANG_SV, TC_POLICY_MD, &cat), *again = render(TC_LANG_SV, TC_POLICY_MD, &cat);
	char *en = render(TC_LANG_EN, TC_POLICY_TEXT, &cat), *html = render(TC_LANG_EN, TC_POLICY_HTML, &cat);
	tc_catalog empty = { .org = { .name = "X" } };
	char *none = render(TC_LANG_EN, TC_POLICY_MD, &empty), err[128];
	tc_buf b = TC_BUF_INIT;
	tc_policy_opts dated = { TC_LANG_SV, TC_POLICY_TEXT, "2026-11-25" };
	enum tc_policy_format f;

	TU_CHECK(sv && again && strcmp(sv, again) == 0, "same catalogue, same bytes");
	TU_CHECK(has(sv, "## Externa tjänster\n"), "sv h2");
	TU_CHECK(has(sv, "## Underbiträden\n"), "sv sub-processor h2");
	TU_CHECK(has(sv, "Listan granskades senast 2026-11-01."), "reviewed date");
	TU_CHECK(strstr(sv, "### AcmeMail") < strstr(sv, "### CloudCo") &&
		 strstr(sv, "### CloudCo") < strstr(sv, "### NordStore"), "sorted by name");
	TU_CHECK(has(sv, "Uppgifter överförs till USA (behandling). Överföringen sker med stöd av "
			 "EU–US Data Privacy Framework (CloudCo Inc. är certifierat, kontrollerat 2026-11-20)."),
		 "DPF sentence in Swedish");
	TU_CHECK(has(sv, "Moderbolaget Acme Inc. finns i USA; uppgifterna finns inom EU/EES"),
		 "parent outside the EU/EEA");
	TU_CHECK(has(sv, "- **Plats för data:** EU – Tyskland (Frankfurt); utanför EU/EES – USA"),
		 "location summary with place");
	TU_CHECK(has(sv, "- **Plats för data:** EU/EES – Norge och Sverige"), "EEA, not only EU");
	TU_CHECK(has(sv, "- **Roll:** självständigt personuppgiftsansvarig"), "controller role");
	TU_CHECK(has(sv, "Drift av &lt;våra&gt; tjänster &amp; e-post."), "markdown escaping");
	TU_CHECK(has(sv, "- **Personuppgifter som kan finnas här:** E-post, Namn, Personnummer"),
		 "category names in Swedish");
	TU_CHECK(has(sv, "[Personuppgiftsbiträdesavtal (DPA)](https://cloudco.example/dpa?a=1&b=2)"),
		 "document link");
	TU_CHECK(!strstr(sv, "](javascript:"), "no javascript link in md");
	TU_CHECK(!strstr(sv, "2026-11-25"), "no date unless asked");

	TU_CHECK(has(en, "Data is transferred to the United States (processing). The transfer relies on "
			 "the EU–US Data Privacy Framework (CloudCo Inc. is certified, checked 2026-11-20)."),
		 "DPF sentence in English");
	TU_CHECK(has(en, "The parent company Acme Inc. is in the United States;"), "parent in English");
	TU_CHECK(has(en, "External services\n\n"), "text heading");
	TU_CHECK(has(en, "Personal data that may be processed: Email address, Name, Personal identity number\n"),
		 "text facts");

	TU_CHECK(has(html, "<h2>External services</h2>\n"), "html h2");
	TU_CHECK(has(html, "<p>Hosting of &lt;our&gt; services &amp; e-mail.</p>"), "html escaping");
	TU_CHECK(has(html, "<a href=\"https://cloudco.example/dpa?a=1&amp;b=2\">"), "href escaped");
	TU_CHECK(has(html, "<a href=\"mailto:privacy@cloudco.example\">"), "mailto link");
	TU_CHECK(!strstr(html, "href=\"javascript"), "no javascript: href");
	TU_CHECK(!strstr(html, "<script"), "no script");
	TU_CHECK(html && html[strlen(html) - 1] == '\n' && html[strlen(html) - 2] != '\n',
		 "ends with one newline");

	TU_CHECK(has(none, "We currently use no sub-processors."), "empty catalogue says so");
	TU_INT(tc_policy_render(&cat, &ref, &dated, &b, err, sizeof(err)), 0);
	TU_CHECK(has(tc_buf_str(&b), "Texten uppdaterades 2026-11-25."), "date when asked");
	tc_buf_release(&b);
	b.max = 64;
	TU_INT(tc_policy_render(&cat, &ref, &dated, &b, err, sizeof(err)), -1);
	tc_buf_release(&b);

	TU_INT(tc_policy_format_parse("html", &f), 0);
	TU_INT(f, TC_POLICY_HTML);
	TU_INT(tc_policy_format_parse("txt", &f), 0);
	TU_INT(f, TC_POLICY_TEXT);
	TU_INT(tc_policy_format_parse("pdf", &f), -1);
	free(sv);
	free(again);
	free(en);
	free(html);
	free(none);
}

/* Run the check on text; returns the findings (release them). */
static tc_pcheck check(const char *text, const tc_policy_vocab *v)
{
	tc_pcheck pc = TC_PCHECK_INIT;
	char err[256];

	if (tc_policy_check(text, strlen(text), &cat, &ref, v, &pc, err, sizeof(err)) < 0)
		printf("  check failed: %s\n", err);
	return pc;
}

static const tc_pcheck_finding *find(const tc_pcheck *pc, enum tc_pcheck_kind k, const char *name)
{
	for (size_t i = 0; i < pc->n; i++)
		if (pc->v[i].kind == k && (!name || strcmp(pc->v[i].name, name) == 0))
			return &pc->v[i];
	return NULL;
}

static const char consistent[] =
	"9.1 Externa tjänster\n"
	"\n"
	"AcmeMail Ltd\n"
	"Utskick av e-post. Moderbolaget Acme Inc. finns i USA.\n"
	"Personuppgifter som kan finnas här: E-postadress.\n"
	"Plats för data: EU (Irland)\n"
	"\n"
	"CloudCo\n"
	"Personuppgifter: E-post, Namn och Personnummer\n"
	"Plats för data: Frankfurt och USA\n"
	"\n"
	"NordStore AS\n"
	"Plats: Norge, Sverige\n"
	"\n"
	"9.2 Underbiträden\n"
	"\n"
	"Anna Andersson\n"
	"Personuppgifter: Namn\n"
	"Plats: Sverige\n";

static void test_check(void)
{
	tc_policy_vocab v = TC_POLICY_VOCAB_INIT;
	tc_pcheck pc;
	const tc_pcheck_finding *f;
	char err[256], *json;
	cJSON *j;

	TU_INT(tc_policy_vocab_parse(vocab_json, strlen(vocab_json), "vocab", &v, err, sizeof(err)), 0);
	TU_INT(v.nservices, 3);
	TU_INT(v.ntriggers, 3);

	pc = check(consistent, &v);
	TU_INT(pc.n, 0);
	for (size_t i = 0; i < pc.n; i++)
		printf("  unexpected: %s\n", pc.v[i].message_en);
	tc_pcheck_release(&pc);

	/* (a) a known name after "med hjälp av", a generic name after "via" */
	pc = check("Vi skickar mejl med hjälp av Sendgrid.\nFakturor går via Billogram och Fortnox.\n"
		   "Data skickas via e-post och via EU.\nVåra teams använder Teams.\n", &v);
	f = find(&pc, TC_PC_UNKNOWN_SERVICE, "SendGrid");
	TU_CHECK(f && f->line == 1 && strstr(f->snippet, "Sendgrid"), "SendGrid found on line 1");
	TU_CHECK(find(&pc, TC_PC_UNKNOWN_SERVICE, "Billogram") != NULL, "generic name after 'via'");
	TU_CHECK(find(&pc, TC_PC_UNKNOWN_SERVICE, "Fortnox") != NULL, "a list after 'via'");
	f = find(&pc, TC_PC_UNKNOWN_SERVICE, "Teams");
	TU_CHECK(f && f->line == 4, "the product Teams, once");
	TU_CHECK(!find(&pc, TC_PC_UNKNOWN_SERVICE, "EU"), "EU is never a service");
	/* (b) nothing of the catalogue is named */
	f = find(&pc, TC_PC_NOT_MENTIONED, "CloudCo");
	TU_CHECK(f && f->line == 0 && f->severity == TC_PC_MEDIUM, "CloudCo not mentioned");
	TU_INT(pc.ndiscrepancies, 8);
	tc_pcheck_release(&pc);

	/* aliases of a catalogued service count as it; a URL is no mention */
	pc = check("Vi använder Acme Mailer.\nSe https://www.cloudco.example/ och privacy@nordstore.example.\n", &v);
	TU_CHECK(!find(&pc, TC_PC_NOT_MENTIONED, "AcmeMail"), "alias from the vocabulary");
	TU_CHECK(find(&pc, TC_PC_NOT_MENTIONED, "CloudCo") != NULL, "URL is not a mention");
	TU_CHECK(find(&pc, TC_PC_NOT_MENTIONED, "NordStore") != NULL, "e-mail is not a mention");
	tc_pcheck_release(&pc);

	/* (c) EU/EES claimed for a service whose data goes to the US; (d) categories */
	pc = check("CloudCo GmbH\nPersonuppgifter som kan finnas här: E-post, Namn, Telefon\n"
		   "Plats för data: EU/EES\n\nAcmeMail\nPlats för data: EU\n\nNordStore\nPlats: EU\n"
		   "\nAnna Andersson\nPlats: Sverige och Tyskland\n", &v);
	f = find(&pc, TC_PC_LOCATION, "CloudCo");
	TU_CHECK(f && f->severity == TC_PC_HIGH && f->line == 3 && f->ncountries == 1 &&
		 strcmp(f->countries[0], "US") == 0, "hidden transfer to the US");
	TU_CHECK(f && strstr(f->message_en, "EU/EEA") && strstr(f->message_sv, "utanför EU/EES"),
		 "message in both languages");
	f = find(&pc, TC_PC_CATEGORIES, "CloudCo");
	TU_CHECK(f && f->severity == TC_PC_HIGH && f->nmissing == 1 &&
		 strcmp(f->missing[0], "personnummer") == 0 && f->nextra == 1 &&
		 strcmp(f->extra[0], "Telefon") == 0, "personnummer missing, unknown label extra");
	f = find(&pc, TC_PC_PARENT, "AcmeMail");
	TU_CHECK(f && f->severity == TC_PC_INFO, "parent outside the EU/EEA is a note");
	f = find(&pc, TC_PC_LOCATION, "NordStore");
	TU_CHECK(f && f->severity == TC_PC_MEDIUM && strcmp(f->countries[0], "NO") == 0,
		 "EU said, Norway is EEA");
	f = find(&pc, TC_PC_LOCATION, "Anna Andersson");
	TU_CHECK(f && strcmp(f->countries[0], "DE") == 0, "a country the catalogue lacks");
	TU_INT(pc.ndiscrepancies, 4);
	TU_INT(pc.n, 5);
	for (size_t i = 1; i < pc.n; i++)
		TU_CHECK(pc.v[i - 1].line <= pc.v[i].line, "sorted by line");
	json = tc_pcheck_to_json(&pc, "p.txt");
	j = cJSON_Parse(json);
	TU_CHECK(j != NULL, "JSON parses");
	TU_CHECK(cJSON_IsFalse(cJSON_GetObjectItem(j, "consistent")), "not consistent");
	TU_INT(cJSON_GetArraySize(cJSON_GetObjectItem(j, "findings")), 5);
	TU_CHECK(strstr(json, "\"kind\":\"location_mismatch\"") != NULL, "kind names");
	cJSON_Delete(j);
	free(json);
	tc_pcheck_release(&pc);

	/* "some services are outside the EU/EEA", but no entry names such a country */
	{
		char *text = tc_xasprintf("Några tjänster finns utanför EU/EES.\n\n%s", consistent);

		pc = check(text, &v);
		TU_INT(pc.ndiscrepancies, 0);  /* CloudCo's entry names the USA */
		tc_pcheck_release(&pc);
		free(text);
		pc = check("Some services are outside the EU/EEA.\n\nAnna Andersson\nPlats: Sverige\n", &v);
		f = find(&pc, TC_PC_OUTSIDE_UNNAMED, NULL);
		TU_CHECK(f && f->line == 1 && f->severity == TC_PC_MEDIUM, "outside statement without a country");
		tc_pcheck_release(&pc);
	}

	/* no vocabulary: only the catalogue's names */
	pc = check(consistent, NULL);
	TU_INT(pc.ndiscrepancies, 0);
	tc_pcheck_release(&pc);

	/* bad input */
	{
		tc_pcheck bad = TC_PCHECK_INIT;

		TU_INT(tc_policy_check("abc\xff", 4, &cat, &ref, &v, &bad, err, sizeof(err)), -1);
		TU_CHECK(has(err, "UTF-8"), "not UTF-8");
		tc_pcheck_release(&bad);
	}
	tc_policy_vocab_release(&v);
	TU_INT(tc_policy_vocab_parse("{\"triggers\":\"via\"}", 18, "k.json", &v, err, sizeof(err)), -1);
	TU_CHECK(has(err, "k.json: 'triggers'"), "vocabulary type error");
	TU_INT(tc_policy_vocab_parse("{", 1, "k.json", &v, err, sizeof(err)), -1);
	TU_INT(tc_policy_vocab_load("/nonexistent/known.json", &v, err, sizeof(err)), -1);
}

/* What tiacheck writes, --check reads back as consistent: both languages, every format
 * (HTML through the extractor, as `policy --check FILE.html` does). */
static void test_check_own_output(void)
{
	static const enum tc_policy_format fmts[] = { TC_POLICY_MD, TC_POLICY_HTML, TC_POLICY_TEXT };
	static const char *const fmt_names[] = { "md", "html", "text" };
	static const enum tc_lang langs[] = { TC_LANG_SV, TC_LANG_EN };
	tc_policy_vocab v = TC_POLICY_VOCAB_INIT;
	char err[256];

	tc_policy_vocab_parse(vocab_json, strlen(vocab_json), "vocab", &v, err, sizeof(err));
	for (size_t l = 0; l < TC_ARRAY_LEN(langs); l++) {
		for (size_t f = 0; f < TC_ARRAY_LEN(fmts); f++) {
			char *out = render(langs[l], fmts[f], &cat), name[32];
			tc_buf text = TC_BUF_INIT;
			tc_pcheck pc = TC_PCHECK_INIT;

			snprintf(name, sizeof(name), "own %s %s", tc_lang_code(langs[l]), fmt_names[f]);
			TU_CASE(name);
			TU_INT(tc_policy_source_text(out, strlen(out), NULL, NULL,
						     fmts[f] == TC_POLICY_HTML ? "x.html" : "x.txt",
						     &text, err, sizeof(err)), 0);
			TU_INT(tc_policy_check(tc_buf_str(&text), text.len, &cat, &ref, &v, &pc, err,
					       sizeof(err)), 0);
			TU_INT(pc.n, 0);
			for (size_t i = 0; i < pc.n; i++)
				printf("  %s: unexpected: %s\n", name, pc.v[i].message_en);
			tc_pcheck_release(&pc);
			tc_buf_release(&text);
			free(out);
		}
	}
	tc_policy_vocab_release(&v);
}

/* The published section shows no working note: the catalogue's notes and references,
 * the reference data's note after a decision number; and no "location not stated". */
static void test_published_only(void)
{
	static tc_country c2[] = {
		{ .code = "GB", .name_en = "United Kingdom", .name_sv = "Förenade kungariket",
		  .status = TC_CS_ADEQUATE, .decision = "(EU) 2021/1772 + renewal (number unconfirmed)" },
		{ .code = "SE", .name_en = "Sweden", .name_sv = "Sverige", .status = TC_CS_EU },
		{ .code = "US", .name_en = "United States", .name_sv = "Förenta staterna (USA)",
		  .status = TC_CS_ADEQUATE_PARTIAL },
	};
	static tc_refdata ref2 = { .countries = c2, .ncountries = TC_ARRAY_LEN(c2),
				   .categories = categories, .ncategories = TC_ARRAY_LEN(categories) };
	static tc_location loc[] = {
		{ .country = "GB", .kinds = TC_LOC_PROCESSING, .note = "INTERNAL-LOC-NOTE" },
	};
	static tc_location remote[] = {
		{ .country = "US", .kinds = TC_LOC_REMOTE_ACCESS, .note = "INTERNAL-REMOTE-NOTE" },
	};
	static tc_mechanism mech[] = { { .country = "US", .type = TC_MECH_SCC,
					 .reference = "INTERNAL-DPA-CLAUSE", .note = "INTERNAL-MECH-NOTE" } };
	static char *measures[] = { "INTERNAL-MEASURE" };
	static tc_service svcs[] = {
		{ .id = "uk", .name = "UK Co", .role = TC_ROLE_PROCESSOR, .locations = loc, .nlocations = 1,
		  .measures = measures, .nmeasures = 1, .pnr_justification = "INTERNAL-PNR",
		  .decision = { .outcome = "approved", .note = "INTERNAL-DECISION-NOTE" } },
		{ .id = "remote", .name = "Remote Person", .role = TC_ROLE_SUBPROCESSOR,
		  .locations = remote, .nlocations = 1, .mechanisms = mech, .nmechanisms = 1 },
	};
	tc_catalog c = { .org = { .name = "X" }, .services = svcs, .nservices = TC_ARRAY_LEN(svcs) };
	static const enum tc_policy_format fmts[] = { TC_POLICY_MD, TC_POLICY_HTML, TC_POLICY_TEXT };

	TU_CASE("published section shows no internal note");
	for (size_t l = 0; l < 2; l++) {
		for (size_t f = 0; f < TC_ARRAY_LEN(fmts); f++) {
			tc_policy_opts o = { l ? TC_LANG_EN : TC_LANG_SV, fmts[f], NULL };
			tc_buf b = TC_BUF_INIT;
			char err[128];
			const char *t;

			TU_INT(tc_policy_render(&c, &ref2, &o, &b, err, sizeof(err)), 0);
			t = tc_buf_str(&b);
			TU_CHECK(!strstr(t, "INTERNAL"), "internal note published (%zu/%zu): %s", l, f, t);
			TU_CHECK(!strstr(t, "unconfirmed"), "decision note published: %s", t);
			TU_CHECK(strstr(t, l ? "decision (EU) 2021/1772)" : "beslut (EU) 2021/1772)") != NULL,
				 "decision citation kept: %s", t);
			TU_CHECK(!strstr(t, "not stated") && !strstr(t, "inte angiven"),
				 "location not stated: %s", t);
			tc_buf_release(&b);
		}
	}
}

int main(void)
{
	test_render();
	test_check();
	test_check_own_output();
	test_published_only();
	return TU_END("test_policy");
}

/* link: util jsondoc refdata refscope */
/*
 * Reference data: the shipped tables hold DOMAIN.md's rows exactly (EU 27, EEA 3,
 * every adequacy decision); lookups, aliases, names; broken files give file:line:col.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tiacheck/refdata.h"
#include "tiacheck/util.h"
#include "tu.h"

static const char *top(void)
{
	const char *t = getenv("TC_TOP");

	return t && *t ? t : ".";
}

static const char *const eu27[] = { "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI",
	"FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO",
	"SK", "SI", "ES", "SE" };

static const struct {
	const char *code, *status, *decision, *date, *sv;
} decisions[] = {
	{ "IS", "EEA", NULL, NULL, "Island" },
	{ "LI", "EEA", NULL, NULL, "Liechtenstein" },
	{ "NO", "EEA", NULL, NULL, "Norge" },
	{ "AD", "ADEQUATE", "2010/625/EU", "2010-10-19", "Andorra" },
	{ "AR", "ADEQUATE", "2003/490/EC", "2003-06-30", "Argentina" },
	{ "CA", "ADEQUATE_PARTIAL", "2002/2/EC", "2001-12-20", "Kanada" },
	{ "FO", "ADEQUATE", "2010/146/EU", "2010-03-05", "Färöarna" },
	{ "GG", "ADEQUATE", "2003/821/EC", "2003-11-21", "Guernsey" },
	{ "IL", "ADEQUATE", "2011/61/EU", "2011-01-31", "Israel" },
	{ "IM", "ADEQUATE", "2004/411/EC", "2004-04-28", "Isle of Man" },
	{ "JP", "ADEQUATE_PARTIAL", "(EU) 2019/419", "2019-01-23", "Japan" },
	{ "JE", "ADEQUATE", "2008/393/EC", "2008-05-08", "Jersey" },
	{ "NZ", "ADEQUATE", "2013/65/EU", "2012-12-19", "Nya Zeeland" },
	{ "KR", "ADEQUATE_PARTIAL", "(EU) 2022/254", "2021-12-17", "Sydkorea" },
	{ "CH", "ADEQUATE", "2000/518/EC", "2000-07-26", "Schweiz" },
	{ "GB", "ADEQUATE", "(EU) 2021/1772 and (EU) 2021/1773, renewed on 2025-12-19", "2025-12-19",
	  "Förenade kungariket" },
	{ "UY", "ADEQUATE", "2012/484/EU", "2012-08-21", "Uruguay" },
	{ "US", "ADEQUATE_PARTIAL", "(EU) 2023/1795", "2023-07-10", "Förenta staterna (USA)" },
	{ "BR", "ADEQUATE", "(EU) 2026/179", "2026-01-26", "Brasilien" },
	{ "XEPO", "ADEQUATE_IO", "adequacy decision of 2025-07-15", "2025-07-15", "Europeiska patentorganisationen" },
	{ "IN", "THIRD", NULL, NULL, "Indien" },
	{ "CN", "THIRD", NULL, NULL, "Kina" },
	{ "SG", "THIRD", NULL, NULL, "Singapore" },
	{ "AU", "THIRD", NULL, NULL, "Australien" },
	{ "PH", "THIRD", NULL, NULL, "Filippinerna" },
	{ "GL", "THIRD", NULL, NULL, "Grönland" },
};

static void test_shipped(void)
{
	tc_refdata ref = TC_REFDATA_INIT;
	char err[512] = "";
	char *dir = tc_path_join(top(), "catalog/reference");
	size_t neea = 0;

	TU_INT(tc_refdata_load(dir, &ref, err, sizeof(err)), 0);
	TU_STR(err, "");
	TU_STR(ref.countries_checked, "2026-11-30");
	TU_STR(ref.categories_checked, "2026-11-25");
	for (size_t i = 0; i < TC_ARRAY_LEN(eu27); i++) {
		const tc_country *c = tc_refdata_country(&ref, eu27[i]);

		TU_CHECK(c && c->status == TC_CS_EU, "%s is EU", eu27[i]);
	}
	for (size_t i = 0; i < ref.ncountries; i++) {
		neea += ref.countries[i].status == TC_CS_EEA && !ref.countries[i].region;
		TU_CHECK(ref.countries[i].name_sv && ref.countries[i].name_en, "names of %s",
			 ref.countries[i].code);
		if (i)
			TU_CHECK(strcmp(ref.countries[i - 1].code, ref.countries[i].code) < 0,
				 "sorted at %s", ref.countries[i].code);
	}
	TU_INT(neea, 3);
	for (size_t i = 0; i < TC_ARRAY_LEN(decisions); i++) {
		const tc_country *c = tc_refdata_country(&ref, decisions[i].code);

		TU_CHECK(c != NULL, "%s listed", decisions[i].code);
		if (!c)
			continue;
		TU_STR(tc_country_status_name(c->status), decisions[i].status);
		if (decisions[i].decision) {
			TU_STR(c->decision, decisions[i].decision);
			TU_STR(c->decision_date, decisions[i].date);
		}
		TU_STR(c->name_sv, decisions[i].sv);
	}
	TU_STR(tc_refdata_country(&ref, "US")->partial_evidence, "dpf");
	TU_STR(tc_refdata_country(&ref, "CA")->partial_evidence, "adequacy");
	TU_CHECK(tc_refdata_country(&ref, "US")->nlaws >= 3, "US laws of concern");
	TU_CHECK(strstr(tc_refdata_country(&ref, "NO")->scope, "Svalbard") != NULL, "NO scope");
	TU_STR(tc_refdata_country(&ref, "EL")->code, "GR");
	TU_STR(tc_refdata_country(&ref, "GB")->expires, "2031-12-27");
	TU_STR(tc_refdata_country(&ref, "UK")->code, "GB");
	TU_CHECK(tc_refdata_country(&ref, "ZZ") == NULL, "unknown code");
	TU_CHECK(tc_refdata_country(&ref, "se") == NULL, "codes are upper case");
	TU_INT(tc_refdata_status(&ref, "ZZ"), TC_CS_THIRD);
	TU_INT(tc_refdata_status(&ref, "EU"), TC_CS_EU);
	TU_STR(tc_refdata_country_name(&ref, "NO", TC_LANG_SV), "Norge");
	TU_STR(tc_refdata_country_name(&ref, "NO", TC_LANG_EN), "Norway");
	TU_STR(tc_refdata_country_name(&ref, "ZZ", TC_LANG_SV), "ZZ");
	/* categories */
	{
		static const struct { const char *code, *sv; int weight, nid, special; } cats[] = {
			{ "address", "Adress", 2, 0, 0 }, { "email", "E-post", 2, 0, 0 },
			{ "log", "Logg", 2, 0, 0 }, { "name", "Namn", 2, 0, 0 },
			{ "personnummer", "Personnummer", 4, 1, 0 },
			{ "phone", "Telefonnummer", 2, 0, 0 },
			{ "web_statistics", "Anonymiserad webbstatistik", 1, 0, 0 },
			{ "online_id", NULL, 2, 0, 0 }, { "health", "Hälsouppgifter", 5, 0, 1 },
		};

		for (size_t i = 0; i < TC_ARRAY_LEN(cats); i++) {
			const tc_category *c = tc_refdata_category(&ref, cats[i].code);

			TU_CHECK(c != NULL, "category %s", cats[i].code);
			if (!c)
				continue;
			if (cats[i].sv)
				TU_STR(c->name_sv, cats[i].sv);
			TU_CHECK(c->name_en && *c->name_en, "en name of %s", c->code);
			TU_INT(c->weight, cats[i].weight);
			TU_INT(c->national_id, cats[i].nid);
			TU_INT(c->special, cats[i].special);
		}
		TU_STR(tc_refdata_category_name(&ref, "email", TC_LANG_EN), "Email address");
		TU_STR(tc_refdata_category_name(&ref, "nope", TC_LANG_EN), "nope");
	}
	TU_INT(tc_country_status_parse("ADEQUATE_IO"), TC_CS_ADEQUATE_IO);
	TU_INT(tc_country_status_parse("adequate"), -1);
	tc_refdata_release(&ref);
	free(dir);
}

/* A reference directory with a bad countries.json gives that file's line:col. */
static void bad_ref(const char *countries, const char *want)
{
	char dir[] = "/tmp/tc-ref.XXXXXX";
	char err[512] = "", *p, *cmd, *src;
	tc_refdata ref = TC_REFDATA_INIT;
	tc_buf cats = TC_BUF_INIT;

	if (!mkdtemp(dir))
		return;
	p = tc_path_join(dir, "countries.json");
	tc_write_file_atomic(p, countries, strlen(countries), 0644, err, sizeof(err));
	free(p);
	src = tc_path_join(top(), "catalog/reference/categories.json");
	tc_read_file(src, 1 << 20, &cats, err, sizeof(err));
	p = tc_path_join(dir, "categories.json");
	tc_write_file_atomic(p, cats.data, cats.len, 0644, err, sizeof(err));
	free(p);
	free(src);
	tc_buf_release(&cats);
	TU_INT(tc_refdata_load(dir, &ref, err, sizeof(err)), -1);
	TU_CHECK(strstr(err, want) != NULL, "got '%s', want '%s'", err, want);
	tc_refdata_release(&ref);
	cmd = tc_xasprintf("rm -rf %s", dir);
	if (system(cmd) != 0)
		printf("cleanup failed\n");
	free(cmd);
}

static void test_bad(void)
{
	bad_ref("{\"checked\": \"2026-11-25\", \"countries\": [}\n",
		"countries.json:1:41: JSON syntax error");
	bad_ref("{\"checked\": \"2026-11-25\",\n \"countries\": [\n"
		"  {\"code\": \"SE\", \"en\": \"Sweden\", \"sv\": \"Sverige\", \"status\": \"EUU\"}]}\n",
		"countries.json:3:61: unknown status 'EUU'");
	bad_ref("{\"checked\": \"2026-11-25\",\n \"countries\": [\n"
		"  {\"code\": \"SE\", \"en\": \"Sweden\", \"sv\": \"Sverige\", \"status\": \"EU\"},\n"
		"  {\"code\": \"SE\", \"en\": \"Sweden\", \"sv\": \"Sverige\", \"status\": \"EU\"}]}\n",
		"countries.json:4:12: duplicate country code 'SE'");
	bad_ref("{\"checked\": \"2026-11-25\",\n \"countries\": [\n"
		"  {\"code\": \"CH\", \"en\": \"Switzerland\", \"sv\": \"Schweiz\", \"status\": \"ADEQUATE\"}]}\n",
		"countries.json:3:66: status ADEQUATE needs the decision number");
	bad_ref("{\"checked\": \"2026-13-25\", \"countries\": []}\n",
		"countries.json:1:13: '2026-13-25' is not a date of the calendar");
	bad_ref("{\"checked\": \"2026-11-25\", \"contries\": []}\n",
		"countries.json:1:27: unknown field 'contries'; did you mean 'countries'?");
	bad_ref("{\"checked\": \"2026-11-25\", \"countries\": [{\"code\": \"se\", \"en\": \"x\", "
		"\"sv\": \"x\", \"status\": \"EU\"}]}\n",
		"countries.json:1:50: country code 'se' must be 2-4 upper-case letters");
}

/* Scope rules, subjects, sectors and law and practice of the shipped data: every
 * scoped decision states its rules in codes that exist, with sources and a date, and
 * no shipped text says "verify" or "unconfirmed". */
static void test_scopes(void)
{
	tc_refdata ref = TC_REFDATA_INIT;
	char err[512] = "";
	char *dir = tc_path_join(top(), "catalog/reference");
	static const char *const scoped[] = { "US", "CA", "JP", "KR", "IL" };
	static const char *const law_countries[] = { "US", "IN", "CN", "SG", "PH", "AE", "BR",
						     "TR", "RU", "IL", "KR", "JP", "CA", "GB", "CH" };

	TU_INT(tc_refdata_load(dir, &ref, err, sizeof(err)), 0);
	TU_STR(err, "");
	for (size_t i = 0; i < TC_ARRAY_LEN(scoped); i++) {
		const tc_country *c = tc_refdata_country(&ref, scoped[i]);
		const tc_scope_rules *r = c ? c->rules : NULL;

		TU_CHECK(r != NULL, "%s has scope_rules", scoped[i]);
		if (!r)
			continue;
		TU_CHECK(r->nsources > 0 && r->checked, "%s: sources and date", scoped[i]);
		TU_CHECK(r->summary.sv && r->summary.en, "%s: summary in both languages", scoped[i]);
		for (size_t k = 0; k < r->nsectors_excluded; k++)
			TU_CHECK(tc_refscope_sector(&ref.scope, r->sectors_excluded[k]) != NULL,
				 "%s: sector '%s' is in sectors.json", scoped[i], r->sectors_excluded[k]);
		for (size_t k = 0; k < r->nsectors_only; k++)
			TU_CHECK(tc_refscope_sector(&ref.scope, r->sectors_only[k]) != NULL,
				 "%s: sector '%s' is in sectors.json", scoped[i], r->sectors_only[k]);
		for (size_t k = 0; k < r->nsubjects_warn; k++)
			TU_CHECK(tc_refscope_subject(&ref.scope, r->subjects_warn[k]) != NULL,
				 "%s: subject '%s' is in subjects.json", scoped[i], r->subjects_warn[k]);
	}
	TU_CHECK(tc_refdata_country(&ref, "US")->rules->requires_dpf, "US needs DPF");
	TU_CHECK(tc_refdata_country(&ref, "US")->rules->hr_requires_dpf_hr, "US HR rule");
	TU_CHECK(tc_code_in("academic", tc_refdata_country(&ref, "JP")->rules->sectors_excluded,
			    tc_refdata_country(&ref, "JP")->rules->nsectors_excluded), "JP academia");
	TU_CHECK(tc_code_in("credit_information",
			    tc_refdata_country(&ref, "KR")->rules->sectors_excluded,
			    tc_refdata_country(&ref, "KR")->rules->nsectors_excluded), "KR credit");
	TU_CHECK(tc_refscope_subject(&ref.scope, "employees")->hr, "employees are HR data");
	TU_CHECK(ref.scope.naliases >= 18 && tc_streq(ref.scope.aliases_checked, "2026-11-30"),
		 "alias table: %zu groups", ref.scope.naliases);
	for (size_t i = 0; i < ref.scope.naliases; i++) {
		const tc_alias_group *g = &ref.scope.aliases[i];

		TU_CHECK(g->nnames >= 2, "alias group %s joins at least two names", g->id);
	}
	TU_CHECK(!tc_refscope_subject(&ref.scope, "customers")->hr, "customers are not");
	for (size_t i = 0; i < TC_ARRAY_LEN(law_countries); i++) {
		const tc_law_profile *p = tc_refscope_laws(&ref.scope, law_countries[i]);

		TU_CHECK(p && p->nlaws > 0 && p->nsources > 0 && p->scc.sv && p->redress.en,
			 "law and practice of %s", law_countries[i]);
	}
	for (size_t i = 0; i < ref.ncountries; i++) {
		const tc_country *c = &ref.countries[i];
		const char *texts[] = { c->scope, c->decision };

		for (size_t k = 0; k < TC_ARRAY_LEN(texts); k++)
			TU_CHECK(!texts[k] || (!strstr(texts[k], "verify") &&
					       !strstr(texts[k], "unconfirmed")),
				 "%s: no unconfirmed fact shipped", c->code);
	}
	tc_refdata_release(&ref);
	free(dir);
}

/* A malformed scope: unknown field, impossible date, unknown law reach. */
static void test_scope_errors(void)
{
	static const struct { const char *file, *text, *want; } cases[] = {
		{ "countries.json",
		  "{\"checked\":\"2026-11-30\",\"countries\":[{\"code\":\"JP\",\"en\":\"Japan\","
		  "\"sv\":\"Japan\",\"status\":\"ADEQUATE_PARTIAL\",\"decision\":\"x\","
		  "\"scope_rules\":{\"sectors_excluded\":[],\"sources\":[],\"checked\":\"2026-02-30\"}}]}",
		  "unknown field 'sectors_excluded'" },
		{ "countries.json",
		  "{\"checked\":\"2026-11-30\",\"countries\":[{\"code\":\"JP\",\"en\":\"Japan\","
		  "\"sv\":\"Japan\",\"status\":\"ADEQUATE_PARTIAL\",\"decision\":\"x\","
		  "\"scope_rules\":{\"sources\":[],\"checked\":\"2026-02-30\"}}]}",
		  "not a date of the calendar" },
		{ "laws.json",
		  "{\"checked\":\"2026-11-30\",\"destinations\":[{\"country\":\"US\",\"assessment\":"
		  "\"concerns\",\"laws\":[{\"name\":\"x\",\"reaches\":\"everyone\",\"sv\":\"a\","
		  "\"en\":\"b\"}],\"redress\":{\"sv\":\"a\",\"en\":\"b\"},\"scc\":{\"sv\":\"a\","
		  "\"en\":\"b\"},\"sources\":[]}]}",
		  "unknown reach 'everyone'" },
		{ "countries.json",
		  "{\"checked\":\"2026-11-30\",\"countries\":[{\"code\":\"JP\",\"en\":\"Japan\","
		  "\"sv\":\"Japan\",\"status\":\"ADEQUATE_PARTIAL\",\"decision\":\"x\","
		  "\"scope_rules\":{\"sources\":[],\"checked\":\"30.11.2026\"}}]}",
		  "malformed date '30.11.2026'; expected YYYY-MM-DD" },
		{ "aliases.json",
		  "{\"checked\":\"2026-11-30\",\"source\":\"s\",\"groups\":["
		  "{\"id\":\"a\",\"names\":[\"Acme, Inc.\"]},{\"id\":\"b\",\"names\":[\"ACME, INC.\"]}]}",
		  "name 'ACME, INC.' is already in group 'a'" },
		{ "aliases.json",
		  "{\"checked\":\"2026-11-30\",\"source\":\"s\",\"groups\":["
		  "{\"id\":\"a\",\"names\":[\"A\"]},{\"id\":\"a\",\"names\":[\"B\"]}]}",
		  "duplicate group id 'a'" },
		{ "aliases.json",
		  "{\"checked\":\"2026-11-30\",\"source\":\"s\",\"groups\":["
		  "{\"id\":\"Bad Id\",\"names\":[\"A\"]}]}",
		  "code 'Bad Id' must be lower-case letters" },
		{ "aliases.json",
		  "{\"checked\":\"2026-11-30\",\"groups\":[]}",
		  "missing required field 'source'" },
	};

	for (size_t i = 0; i < TC_ARRAY_LEN(cases); i++) {
		char tmpl[] = "/tmp/tc-refscope-XXXXXX";
		char *dir = mkdtemp(tmpl);
		char err[512] = "";
		tc_refdata ref = TC_REFDATA_INIT;
		char *src = tc_path_join(top(), "catalog/reference");

		TU_CHECK(dir != NULL, "mkdtemp");
		if (!dir)
			continue;
		static const char *const base[] = { "countries.json", "categories.json" };
		for (size_t k = 0; k < TC_ARRAY_LEN(base); k++) {
			char *from = tc_path_join(src, base[k]), *to = tc_path_join(dir, base[k]);
			tc_buf b = TC_BUF_INIT;
			TU_INT(tc_read_file(from, 1 << 20, &b, err, sizeof(err)), 0);
			TU_INT(tc_write_file_atomic(to, b.data, b.len, 0644, err, sizeof(err)), 0);
			tc_buf_release(&b);
			free(from);
			free(to);
		}
		char *path = tc_path_join(dir, cases[i].file);
		TU_INT(tc_write_file_atomic(path, cases[i].text, strlen(cases[i].text), 0644, err,
					    sizeof(err)), 0);
		TU_INT(tc_refdata_load(dir, &ref, err, sizeof(err)), -1);
		TU_CHECK(strstr(err, cases[i].want) != NULL, "case %zu: '%s' in '%s'", i,
			 cases[i].want, err);
		TU_CHECK(strstr(err, cases[i].file) != NULL, "case %zu: names the file: %s", i, err);
		char cmd[600];
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		TU_INT(system(cmd), 0);
		free(path);
		free(src);
	}
}

/* Dates: well-formed and real, malformed, or well-formed but not a day. */
static void test_dates(void)
{
	static const struct { const char *s; int want; } rows[] = {
		{ "2026-11-30", 0 }, { "2024-02-29", 0 }, { "2026-02-30", TC_DATE_IMPOSSIBLE },
		{ "2023-02-29", TC_DATE_IMPOSSIBLE }, { "2026-13-01", TC_DATE_IMPOSSIBLE },
		{ "2026-00-10", TC_DATE_IMPOSSIBLE }, { "2026-1-01", TC_DATE_MALFORMED },
		{ "30.11.2026", TC_DATE_MALFORMED }, { "2026-11-30T00:00:00Z", TC_DATE_MALFORMED },
		{ "", TC_DATE_MALFORMED }, { "2026-11-3x", TC_DATE_MALFORMED },
	};

	for (size_t i = 0; i < TC_ARRAY_LEN(rows); i++)
		TU_CHECK(tc_date_check(rows[i].s) == rows[i].want, "'%s': %d, want %d", rows[i].s,
			 tc_date_check(rows[i].s), rows[i].want);
	TU_INT(tc_date_check(NULL), TC_DATE_MALFORMED);
}

int main(void)
{
	test_shipped();
	test_scopes();
	test_scope_errors();
	test_dates();
	test_bad();
	return TU_END("test_refdata");
}

/* link: util utf8 jsondoc refdata refscope catalog */
/*
 * Catalogue loader and validator: the shipped catalogue loads clean; dozens of bad
 * inputs each give the expected message at the expected file:line:col.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tiacheck/catalog.h"
#include "tiacheck/util.h"
#include "tu.h"

static const char *top(void)
{
	const char *t = getenv("TC_TOP");

	return t && *t ? t : ".";
}

static char tmpdir[256];

static void put(const char *rel, const char *text)
{
	char *p = tc_path_join(tmpdir, rel);
	char err[256];

	if (tc_write_file_atomic(p, text, strlen(text), 0644, err, sizeof(err)) < 0)
		printf("setup: %s\n", err);
	free(p);
}

static void clear_services(void)
{
	char *cmd = tc_xasprintf("rm -f '%s'/services/*.json", tmpdir);

	if (system(cmd) != 0)
		printf("setup: %s failed\n", cmd);
	free(cmd);
}

#define ORG_OK \
	"{\n" \
	"  \"name\": \"Org\",\n" \
	"  \"country\": \"SE\",\n" \
	"  \"dpo\": {\"email\": \"dpo@example.com\"},\n" \
	"  \"languages\": [\"sv\", \"en\"],\n" \
	"  \"default_lang\": \"sv\"\n" \
	"}\n"

/* A service file: head lines (after "{"), shared middle, then tail lines. */
#define SVC_HEAD "{\n  \"id\": \"svc\",\n  \"name\": \"Svc\",\n  \"legal_entity\": \"Svc AB\",\n"
/* lines 1-4 above; the base continues at line 5 */
#define SVC_BASE SVC_HEAD \
	"  \"country\": \"SE\",\n" \
	"  \"role\": \"processor\",\n" \
	"  \"purpose\": {\"sv\": \"x\", \"en\": \"y\"},\n" \
	"  \"categories\": [\"email\"],\n" \
	"  \"locations\": [{\"country\": \"SE\", \"kinds\": [\"storage\"]}]"
/* SVC_BASE ends on line 9; extra fields start on line 10 */
#define SVC(extra) SVC_BASE extra "\n}\n"

struct bad_case {
	const char *name;
	const char *file;       /* relative to the catalogue */
	const char *text;
	const char *level;      /* "error" or "warning" */
	const char *message;    /* substring expected in a diagnostic */
	int line, col;
};

static const struct bad_case cases[] = {
	{ "syntax: missing comma", "services/svc.json",
	  "{\n  \"id\": \"svc\"\n  \"name\": \"x\"\n}\n", "error", "JSON syntax error", 3, 3 },
	{ "syntax: trailing text", "services/svc.json", SVC("") "x\n", "error",
	  "JSON syntax error near 'x'", 11, 1 },
	{ "syntax: end of file", "services/svc.json", "{\n  \"id\": \"svc\",\n", "error",
	  "JSON syntax error", 3, 1 },
	{ "syntax: single quotes", "services/svc.json", "{\n  'id': 1\n}\n", "error",
	  "JSON syntax error", 2, 4 },
	{ "root not an object", "services/svc.json", "[1, 2]\n", "error",
	  "must hold a JSON object, not an array", 1, 1 },
	{ "misspelt field", "services/svc.json", SVC(",\n  \"purpse\": \"x\""), "error",
	  "unknown field 'purpse'; did you mean 'purpose'?", 10, 3 },
	{ "unknown field", "services/svc.json", SVC(",\n  \"zzzzzzzz\": 1"), "error",
	  "unknown field 'zzzzzzzz'", 10, 3 },
	{ "misspelt nested field", "services/svc.json",
	  SVC(",\n  \"parent\": {\"name\": \"P\", \"contry\": \"US\"}"), "error",
	  "unknown field 'contry'; did you mean 'country'?", 10, 27 },
	{ "missing required field", "services/svc.json",
	  "{\n  \"id\": \"svc\",\n  \"name\": \"Svc\"\n}\n", "error",
	  "missing required field 'legal_entity'", 1, 1 },
	{ "missing field in a location", "services/svc.json",
	  SVC_HEAD "  \"country\": \"SE\",\n  \"role\": \"processor\",\n"
	  "  \"purpose\": {\"sv\": \"x\"},\n  \"categories\": [\"email\"],\n"
	  "  \"locations\": [{\"kinds\": [\"storage\"]}]\n}\n", "error",
	  "missing required field 'country'", 9, 17 },
	{ "wrong type", "services/svc.json",
	  "{\n  \"id\": \"svc\",\n  \"name\": 5\n}\n", "error",
	  "'name' must be a string, not a number", 3, 11 },
	{ "empty required string", "services/svc.json",
	  "{\n  \"id\": \"svc\",\n  \"name\": \"\"\n}\n", "error", "'name' must not be empty", 3, 11 },
	{ "categories not an array", "services/svc.json",
	  SVC_HEAD "  \"categories\": \"email\"\n}\n", "error",
	  "'categories' must be an array of strings, not a string", 5, 17 },
	{ "category not a string", "services/svc.json",
	  SVC_HEAD "  \"categories\": [\"email\", 1]\n}\n", "error", "element 1 is a number", 5, 27 },
	{ "duplicate key", "services/svc.json",
	  "{\n  \"id\": \"svc\",\n  \"name\": \"a\",\n  \"name\": \"b\"\n}\n", "error",
	  "duplicate key 'name' (first at line 3)", 4, 3 },
	{ "id does not match the file", "services/other.json", SVC(""), "error",
	  "id 'svc' does not match the file name 'other.json'", 2, 9 },
	{ "bad id", "services/Bad_Id.json",
	  "{\n  \"id\": \"Bad_Id\"\n}\n", "error", "must be lower-case letters", 2, 9 },
	{ "country by name", "services/svc.json",
	  SVC_HEAD "  \"country\": \"Sweden\"\n}\n", "error",
	  "unknown country code 'Sweden'; did you mean 'SE'?", 5, 14 },
	{ "country lower case", "services/svc.json",
	  SVC_HEAD "  \"country\": \"se\"\n}\n", "error", "did you mean 'SE'?", 5, 14 },
	{ "country nonsense", "services/svc.json",
	  SVC_HEAD "  \"country\": \"Xyzzy\"\n}\n", "error", "unknown country code 'Xyzzy'", 5, 14 },
	{ "country not in the table", "services/svc.json",
	  SVC(",\n  \"parent\": {\"name\": \"P\", \"country\": \"KE\"}"), "warning",
	  "unknown country code 'KE'; it is not in reference/countries.json", 10, 38 },
	{ "country alias", "services/svc.json",
	  SVC(",\n  \"parent\": {\"name\": \"P\", \"country\": \"EL\"}"), "warning",
	  "'EL' stands for 'GR' (Greece); use 'GR'", 10, 38 },
	{ "misspelt category", "services/svc.json",
	  SVC_HEAD "  \"categories\": [\"emial\"]\n}\n", "error",
	  "unknown data category 'emial'; did you mean 'email'?", 5, 18 },
	{ "category by Swedish name", "services/svc.json",
	  SVC_HEAD "  \"categories\": [\"name\", \"E-post\"]\n}\n", "error",
	  "unknown data category 'E-post'; did you mean 'email'?", 5, 26 },
	{ "misspelt role", "services/svc.json",
	  SVC_HEAD "  \"role\": \"procesor\"\n}\n", "error",
	  "unknown role 'procesor'; did you mean 'processor'?", 5, 11 },
	{ "clean: empty mechanisms", "services/svc.json",
	  SVC(",\n  \"mechanisms\": []"), "none", NULL, 0, 0 },
	{ "unknown location kind", "services/svc.json",
	  SVC_HEAD "  \"locations\": [{\"country\": \"SE\", \"kinds\": [\"storge\"]}]\n}\n", "error",
	  "unknown location kind 'storge'; did you mean 'storage'?", 5, 45 },
	{ "no locations", "services/svc.json", SVC_HEAD "  \"locations\": []\n}\n", "error",
	  "'locations' needs at least one location", 5, 16 },
	{ "no kinds", "services/svc.json",
	  SVC_HEAD "  \"locations\": [{\"country\": \"SE\", \"kinds\": []}]\n}\n", "error",
	  "'kinds' needs at least one", 5, 44 },
	{ "purpose without text", "services/svc.json",
	  SVC_HEAD "  \"purpose\": {}\n}\n", "error", "needs a text in 'sv' or 'en'", 5, 14 },
	{ "document URL not http", "services/svc.json",
	  SVC(",\n  \"documents\": [{\"id\": \"dpa\", \"kind\": \"dpa\", \"url\": \"ftp://x.example/dpa\"}]"),
	  "error",
	  "'ftp://x.example/dpa' is not an http(s) URL", 10, 53 },
	{ "document URL without host", "services/svc.json",
	  SVC(",\n  \"documents\": [{\"id\": \"dpa\", \"kind\": \"dpa\", \"url\": \"https://\"}]"),
	  "error",
	  "'https://' is not an http(s) URL", 10, 53 },
	{ "document URL with a space", "services/svc.json",
	  SVC(",\n  \"website\": \"https://a.example/x y\""), "error", "is not an http(s) URL", 10, 14 },
	{ "misspelt document kind", "services/svc.json",
	  SVC(",\n  \"documents\": [{\"id\": \"dpa\", \"kind\": \"dap\", \"url\": \"https://a.example/\"}]"),
	  "error",
	  "unknown document kind 'dap'; did you mean 'dpa'?", 10, 39 },
	{ "duplicate document id", "services/svc.json",
	  SVC(",\n  \"documents\": [\n    {\"id\": \"dpa\", \"kind\": \"dpa\", \"url\": \"https://a.example/1\"},\n"
	      "    {\"id\": \"dpa\", \"kind\": \"dpa\", \"url\": \"https://a.example/2\"}\n  ]"),
	  "error",
	  "duplicate document id 'dpa' (first at line 11)", 12, 12 },
	{ "duplicate document URL", "services/svc.json",
	  SVC(",\n  \"documents\": [\n    {\"id\": \"a\", \"kind\": \"dpa\", \"url\": \"https://a.example/1\"},\n"
	      "    {\"id\": \"b\", \"kind\": \"dpa\", \"url\": \"https://a.example/1\"}\n  ]"),
	  "warning",
	  "same URL as document 'a'", 12, 39 },
	{ "malformed date", "services/svc.json",
	  SVC(",\n  \"dpa\": {\"date\": \"2024-1-01\"}"), "error",
	  "malformed date '2024-1-01'; expected YYYY-MM-DD", 10, 19 },
	{ "impossible date", "services/svc.json",
	  SVC(",\n  \"dpa\": {\"date\": \"2023-02-29\"}"), "error",
	  "'2023-02-29' is not a date of the calendar", 10, 19 },
	{ "bad e-mail", "services/svc.json", SVC(",\n  \"email\": \"nobody\""), "error",
	  "'nobody' is not an e-mail address", 10, 12 },
	{ "third-country flow without mechanism", "services/svc.json",
	  SVC_HEAD "  \"locations\": [{\"country\": \"SE\", \"kinds\": [\"storage\"]},\n"
	  "                {\"country\": \"IN\", \"kinds\": [\"support\"]}]\n}\n", "error",
	  "data in India (IN) leaves the EU/EEA but no transfer mechanism is recorded for IN", 6, 29 },
	{ "US flow without mechanism", "services/svc.json",
	  SVC_HEAD "  \"locations\": [{\"country\": \"US\", \"kinds\": [\"storage\"]}]\n}\n", "error",
	  "data in United States (US) leaves the EU/EEA", 5, 29 },
	{ "unknown-code flow without mechanism", "services/svc.json",
	  SVC_HEAD "  \"locations\": [{\"country\": \"ZZ\", \"kinds\": [\"storage\"]}]\n}\n", "error",
	  "no transfer mechanism is recorded for ZZ", 5, 29 },
	{ "DPF without participant URL", "services/svc.json",
	  SVC(",\n  \"mechanisms\": [{\"country\": \"US\", \"type\": \"dpf\", \"dpf_status\": \"active\", "
	      "\"dpf_checked\": \"2026-11-01\"}],\n  \"parent\": {\"name\": \"P\", \"country\": \"US\"}"),
	  "error",
	  "a DPF mechanism needs 'dpf_url'", 10, 18 },
	{ "DPF without check date", "services/svc.json",
	  SVC(",\n  \"mechanisms\": [{\"country\": \"US\", \"type\": \"dpf\", \"dpf_status\": \"active\", "
	      "\"dpf_url\": \"https://www.dataprivacyframework.gov/list\"}],\n"
	      "  \"parent\": {\"name\": \"P\", \"country\": \"US\"}"),
	  "error",
	  "a DPF mechanism needs 'dpf_checked'", 10, 18 },
	{ "DPF checked over a year ago", "services/svc.json",
	  SVC(",\n  \"mechanisms\": [{\"country\": \"US\", \"type\": \"dpf\", \"dpf_status\": \"active\",\n"
	      "    \"dpf_url\": \"https://www.dataprivacyframework.gov/list\", \"dpf_checked\": \"2025-06-01\"}],\n"
	      "  \"parent\": {\"name\": \"P\", \"country\": \"US\"}"),
	  "warning",
	  "DPF status was checked 542 days ago (2025-06-01), more than a year", 11, 76 },
	{ "DPF checked in the future", "services/svc.json",
	  SVC(",\n  \"mechanisms\": [{\"country\": \"US\", \"type\": \"dpf\", \"dpf_status\": \"active\",\n"
	      "    \"dpf_url\": \"https://www.dataprivacyframework.gov/list\", \"dpf_checked\": \"2027-01-01\"}],\n"
	      "  \"parent\": {\"name\": \"P\", \"country\": \"US\"}"),
	  "error",
	  "dpf_checked 2027-01-01 is in the future", 11, 76 },
	{ "DPF inactive", "services/svc.json",
	  SVC(",\n  \"mechanisms\": [{\"country\": \"US\", \"type\": \"dpf\", \"dpf_status\": \"inactive\",\n"
	      "    \"dpf_url\": \"https://www.dataprivacyframework.gov/list\", \"dpf_checked\": \"2026-11-01\"}],\n"
	      "  \"parent\": {\"name\": \"P\", \"country\": \"US\"}"),
	  "warning",
	  "DPF status is 'inactive', not 'active'", 10, 65 },
	{ "DPF outside the US", "services/svc.json",
	  SVC(",\n  \"mechanisms\": [{\"country\": \"IN\", \"type\": \"dpf\", \"dpf_status\": \"active\",\n"
	      "    \"dpf_url\": \"https://www.dataprivacyframework.gov/list\", \"dpf_checked\": \"2026-11-01\"}],\n"
	      "  \"parent\": {\"name\": \"P\", \"country\": \"IN\"}"),
	  "error",
	  "the Data Privacy Framework covers only the United States, not 'IN'", 10, 44 },
	{ "adequacy claimed for a third country", "services/svc.json",
	  SVC(",\n  \"mechanisms\": [{\"country\": \"IN\", \"type\": \"adequacy\"}],\n"
	      "  \"parent\": {\"name\": \"P\", \"country\": \"IN\"}"),
	  "error",
	  "no adequacy decision for 'IN'", 10, 44 },
	{ "Art. 49 without ground", "services/svc.json",
	  SVC(",\n  \"mechanisms\": [{\"country\": \"IN\", \"type\": \"art49\"}],\n"
	      "  \"parent\": {\"name\": \"P\", \"country\": \"IN\"}"),
	  "error",
	  "an Art. 49 derogation needs 'art49_ground'", 10, 18 },
	{ "misspelt mechanism type", "services/svc.json",
	  SVC(",\n  \"mechanisms\": [{\"country\": \"IN\", \"type\": \"sccs\"}]"), "error",
	  "unknown mechanism type 'sccs'; did you mean 'scc'?", 10, 44 },
	{ "mechanism not used", "services/svc.json",
	  SVC(",\n  \"mechanisms\": [{\"country\": \"IN\", \"type\": \"scc\"}]"), "warning",
	  "mechanism for IN, but no location or parent of this service is there", 10, 30 },
	{ "parent in a third country without mechanism", "services/svc.json",
	  SVC(",\n  \"parent\": {\"name\": \"P Inc.\", \"country\": \"US\"}"), "warning",
	  "parent company 'P Inc.' in United States may be compelled", 10, 43 },
	{ "personnummer without justification", "services/svc.json",
	  SVC_HEAD "  \"categories\": [\"email\", \"personnummer\"]\n}\n", "error",
	  "'personnummer' is a national identification number: add "
	  "'personnummer_justification'", 5, 27 },
	{ "justification without personnummer", "services/svc.json",
	  SVC(",\n  \"personnummer_justification\": \"why\""), "warning",
	  "'personnummer_justification' given but no national-id category", 10, 3 },
	{ "decision in the future", "services/svc.json",
	  SVC(",\n  \"decision\": {\"outcome\": \"approved\", \"by\": \"DPO\", \"date\": \"2027-01-01\"}"),
	  "error",
	  "decision date 2027-01-01 is in the future", 10, 60 },
	{ "decision without who", "services/svc.json",
	  SVC(",\n  \"decision\": {\"outcome\": \"approved\", \"date\": \"2026-01-01\"}"),
	  "error",
	  "missing required field 'by'", 10, 15 },
	{ "review overdue", "services/svc.json",
	  SVC(",\n  \"decision\": {\"outcome\": \"approved\", \"by\": \"DPO\", \"date\": \"2025-01-01\", "
	      "\"next_review\": \"2026-01-01\"}"),
	  "warning",
	  "the review of this decision was due on 2026-01-01", 10, 89 },
	{ "nesting too deep", "services/svc.json",
	  "{\"a\": [[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]}\n", "error",
	  "nesting deeper than 16 levels", 1, 22 },
	{ "invalid UTF-8", "services/svc.json", "{\n  \"name\": \"caf\xe9\"\n}\n", "error",
	  "invalid UTF-8", 2, 15 },
	/* issue 11, defect (8): cJSON ends the C string at \u0000 and the rest was lost */
	{ "NUL in a string", "services/svc.json",
	  SVC(",\n  \"address\": \"Gatan 1\\u0000 hidden\""), "error",
	  "may not contain \\u0000 (a NUL character)", 10, 22 },
	{ "NUL in a translated text", "services/svc.json",
	  SVC_HEAD "  \"purpose\": {\"sv\": \"a\\u0000b\"}\n}\n", "error",
	  "may not contain \\u0000", 5, 23 },
	{ "NUL in a key", "services/svc.json", SVC(",\n  \"na\\u0000me\": \"x\""), "error",
	  "may not contain \\u0000", 10, 6 },
	{ "org: missing dpo", "organisation.json",
	  "{\n  \"name\": \"Org\",\n  \"country\": \"SE\",\n  \"default_lang\": \"sv\"\n}\n", "error",
	  "missing required field 'dpo'", 1, 1 },
	{ "org: misspelt field", "organisation.json",
	  "{\n  \"name\": \"Org\",\n  \"country\": \"SE\",\n  \"dpo\": {\"email\": \"a@b.se\"},\n"
	  "  \"defualt_lang\": \"sv\"\n}\n", "error",
	  "unknown field 'defualt_lang'; did you mean 'default_lang'?", 5, 3 },
	{ "org: unknown language", "organisation.json",
	  "{\n  \"name\": \"Org\",\n  \"country\": \"SE\",\n  \"dpo\": {\"email\": \"a@b.se\"},\n"
	  "  \"default_lang\": \"de\"\n}\n", "error", "language must be 'sv' or 'en', not 'de'", 5, 19 },
	{ "org: default language not offered", "organisation.json",
	  "{\n  \"name\": \"Org\",\n  \"country\": \"SE\",\n  \"dpo\": {\"email\": \"a@b.se\"},\n"
	  "  \"languages\": [\"sv\"],\n  \"default_lang\": \"en\"\n}\n", "error",
	  "default_lang 'en' is not one of 'languages'", 6, 19 },
	{ "org: bad DPO e-mail", "organisation.json",
	  "{\n  \"name\": \"Org\",\n  \"country\": \"SE\",\n  \"dpo\": {\"email\": \"dpo at example\"},\n"
	  "  \"default_lang\": \"sv\"\n}\n", "error", "'dpo at example' is not an e-mail address", 4, 20 },
	{ "org: duplicate activity", "organisation.json",
	  "{\n  \"name\": \"Org\",\n  \"country\": \"SE\",\n  \"dpo\": {\"email\": \"a@b.se\"},\n"
	  "  \"default_lang\": \"sv\",\n  \"activities\": [\n"
	  "    {\"id\": \"a\", \"name\": {\"sv\": \"A\"}, \"legal_basis\": {\"sv\": \"Samtycke\"}},\n"
	  "    {\"id\": \"a\", \"name\": {\"sv\": \"B\"}, \"legal_basis\": {\"sv\": \"Samtycke\"}}\n  ]\n}\n",
	  "error",
	  "duplicate activity id 'a'", 8, 12 },
	{ "org: old review", "organisation.json",
	  "{\n  \"name\": \"Org\",\n  \"country\": \"SE\",\n  \"dpo\": {\"email\": \"a@b.se\"},\n"
	  "  \"default_lang\": \"sv\",\n  \"policy_reviewed\": \"2024-05-30\"\n}\n", "warning",
	  "the list was last reviewed 909 days ago (2024-05-30)", 6, 22 },
};

/* Whether diags hold one with this level and message at file:line:col. */
static const tc_diag *find_diag(const tc_diags *d, const char *file, const char *level,
				const char *msg)
{
	for (size_t i = 0; i < d->n; i++)
		if (tc_endswith(d->v[i].file, file) && strstr(d->v[i].message, msg) &&
		    strcmp(tc_diag_level_name(d->v[i].level), level) == 0)
			return &d->v[i];
	return NULL;
}

static void dump(const tc_diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		printf("    %s:%d:%d: %s: %s\n", d->v[i].file, d->v[i].line, d->v[i].col,
		       tc_diag_level_name(d->v[i].level), d->v[i].message);
}

static void run_case(const tc_refdata *ref, const struct bad_case *c)
{
	tc_catalog cat = TC_CATALOG_INIT;
	tc_diags d = TC_DIAGS_INIT;
	const tc_diag *g;
	int rc;

	clear_services();
	put("organisation.json", tc_startswith(c->file, "organisation") ? c->text : ORG_OK);
	if (!tc_startswith(c->file, "organisation"))
		put(c->file, c->text);
	rc = tc_catalog_load(tmpdir, ref, &cat, &d);
	if (strcmp(c->level, "none") == 0) {
		TU_CHECK(rc == 0 && d.nerrors == 0 && d.nwarnings == 0, "%s: expected clean", c->name);
		if (d.n)
			dump(&d);
	} else {
		g = find_diag(&d, c->file, c->level, c->message);
		TU_CHECK(g != NULL, "%s: no %s '%s'", c->name, c->level, c->message);
		if (g) {
			TU_CHECK(g->line == c->line && g->col == c->col,
				 "%s: at %d:%d, want %d:%d", c->name, g->line, g->col, c->line, c->col);
		} else {
			dump(&d);
		}
		TU_INT(rc, strcmp(c->level, "error") == 0 ? -1 : 0);
	}
	tc_catalog_release(&cat);
	tc_diags_release(&d);
}

static void test_shipped(const tc_refdata *ref)
{
	tc_catalog cat = TC_CATALOG_INIT, cat2 = TC_CATALOG_INIT;
	tc_diags d = TC_DIAGS_INIT;
	char *dir = tc_path_join(top(), "catalog"), *json = NULL, *json2 = NULL, err[512];
	const tc_service *s;

	TU_INT(tc_catalog_load(dir, ref, &cat, &d), 0);
	TU_INT(d.nerrors, 0);
	TU_INT(cat.nservices, 10);
	TU_STR(cat.org.dpo_email, "dpo@el-info.se");
	TU_STR(cat.org.default_lang, "sv");
	TU_CHECK(cat.org.nactivities >= 10, "activities: %zu", cat.org.nactivities);
	s = tc_catalog_find(&cat, "microsoft");
	TU_CHECK(s && s->nlocations == 3, "microsoft locations");
	TU_CHECK(s && tc_service_has_category(s, "personnummer") && s->pnr_justification,
		 "microsoft personnummer justified");
	TU_STR(s ? s->parent_country : NULL, "US");
	s = tc_catalog_find(&cat, "google-analytics");
	TU_CHECK(s && s->nmechanisms == 1 && s->mechanisms[0].type == TC_MECH_DPF,
		 "GA4 has a DPF mechanism");
	TU_STR(s ? s->mechanisms[0].dpf_checked : NULL, "2026-11-20");
	s = tc_catalog_find(&cat, "hubspot");
	TU_CHECK(s && s->ndocuments == 4 && tc_service_find_doc(s, "subprocessors") &&
		 tc_service_find_doc(s, "subprocessors")->kind == TC_DOC_SUBPROCESSORS,
		 "hubspot documents");
	TU_CHECK(strcmp(cat.services[0].id, cat.services[1].id) < 0, "services sorted");
	TU_INT(strlen(cat.hash), 64);
	TU_INT(tc_catalog_canonical_json(&cat, &json, err, sizeof(err)), 0);
	TU_CHECK(json && json[0] == '{', "canonical json: %s", err);
	/* the same files give the same hash and canonical document */
	tc_diags_release(&d);
	tc_catalog_load(dir, ref, &cat2, &d);
	TU_STR(cat2.hash, cat.hash);
	TU_INT(tc_catalog_canonical_json(&cat2, &json2, err, sizeof(err)), 0);
	TU_STR(json2, json);
	TU_CHECK(json && strstr(json, "\"organisation\":{\"activities\"") != NULL,
		 "canonical keys sorted");
	TU_CHECK(json && strstr(json, "\"services\":[{") && tc_endswith(json, "],\"tiacheck_catalog\":\"1\"}"),
		 "services, then the format mark");
	free(json);
	free(json2);
	tc_catalog_release(&cat2);
	tc_catalog_release(&cat);
	tc_diags_release(&d);
	free(dir);
}

static void test_limits(const tc_refdata *ref)
{
	tc_catalog cat = TC_CATALOG_INIT;
	tc_diags d = TC_DIAGS_INIT;
	size_t n = TC_CATALOG_MAX_FILE + 10;
	char *big = tc_xmalloc(n + 1);

	memset(big, ' ', n);
	big[0] = '{';
	big[n - 2] = '}';
	big[n - 1] = '\n';
	big[n] = '\0';
	clear_services();
	put("organisation.json", ORG_OK);
	put("services/big.json", big);
	TU_INT(tc_catalog_load(tmpdir, ref, &cat, &d), -1);
	TU_CHECK(find_diag(&d, "services/big.json", "error", "larger than the limit") != NULL,
		 "size limit reported");
	tc_catalog_release(&cat);
	tc_diags_release(&d);
	free(big);
	/* every problem of a file is listed, not only the first */
	clear_services();
	put("services/svc.json", SVC_HEAD "  \"country\": \"Sweden\",\n  \"role\": \"x\",\n"
	    "  \"purpse\": 1\n}\n");
	tc_catalog_load(tmpdir, ref, &cat, &d);
	TU_CHECK(d.nerrors >= 4, "all errors listed: %zu", d.nerrors);
	TU_CHECK(d.n >= 2 && d.v[0].line <= d.v[1].line, "sorted by position");
	tc_catalog_release(&cat);
	tc_diags_release(&d);
	/* missing organisation and services */
	clear_services();
	{
		char *p = tc_path_join(tmpdir, "organisation.json");

		unlink(p);
		free(p);
	}
	TU_INT(tc_catalog_load(tmpdir, ref, &cat, &d), -1);
	TU_CHECK(find_diag(&d, "organisation.json", "error", "cannot read") != NULL,
		 "missing organisation.json");
	tc_catalog_release(&cat);
	tc_diags_release(&d);
}

/* The canonical JSON is made from the files again: a file changed since the
 * catalogue was loaded is an error, not a JSON that does not match the hash. */
static void test_canonical_changed(const tc_refdata *ref)
{
	tc_catalog cat = TC_CATALOG_INIT;
	tc_diags d = TC_DIAGS_INIT;
	char *json = NULL, err[512] = "";

	clear_services();
	put("organisation.json", ORG_OK);
	put("services/svc.json", SVC_BASE "\n}\n");
	TU_INT(tc_catalog_load(tmpdir, ref, &cat, &d), 0);
	TU_INT(tc_catalog_canonical_json(&cat, &json, err, sizeof(err)), 0);
	TU_CHECK(json && strstr(json, "{\"categories\":[\"email\"],\"country\":\"SE\""),
		 "the service with sorted keys: %s", json ? json : err);
	free(json);
	json = NULL;
	put("services/svc.json", SVC_BASE ",\n  \"address\": \"Gatan 1\"\n}\n");
	TU_INT(tc_catalog_canonical_json(&cat, &json, err, sizeof(err)), -1);
	TU_CHECK(json == NULL && strstr(err, "changed while tiacheck was running"), "error: %s", err);
	tc_catalog_release(&cat);
	tc_diags_release(&d);
}

static void test_diags_json(void)
{
	tc_diags d = TC_DIAGS_INIT;
	char *j;

	tc_diags_add(&d, TC_DIAG_WARNING, "b.json", 2, 1, "w \"%s\"", "q");
	tc_diags_add(&d, TC_DIAG_ERROR, "a.json", 3, 4, "e");
	tc_diags_sort(&d);
	TU_STR(d.v[0].file, "a.json");
	j = tc_diags_to_json(&d, 1);
	TU_STR(j, "[{\"file\":\"b.json\",\"line\":2,\"col\":1,\"message\":\"w \\\"q\\\"\"}]");
	free(j);
	tc_diags_release(&d);
}

/*
 * Scope facts, sub-processors and the wording of check's messages (issues 12 and 14):
 * one named case per row. The file is services/svc.json; level "none" means no
 * diagnostic at all; absent is a text no diagnostic may hold; ndiags, when not 0, is
 * the exact number of diagnostics (one message per problem).
 */
/* The head of such a file: lines 1-8; "locations" is on line 9. */
#define SVC_NEW "{\n  \"id\": \"svc\",\n  \"name\": \"Svc\",\n  \"legal_entity\": \"Svc AB\",\n" \
	"  \"country\": \"SE\",\n  \"role\": \"processor\",\n  \"purpose\": {\"sv\": \"x\"},\n" \
	"  \"categories\": [\"email\"],\n"

struct msg_case {
	const char *name;
	const char *text;
	const char *level;
	const char *message;
	const char *absent;
	size_t ndiags;
};

static const struct msg_case msg_cases[] = {
	{ "subjects: misspelt code",
	  SVC_NEW "  \"locations\": [{\"country\": \"SE\", \"kinds\": [\"storage\"]}],\n  \"subjects\": ["
	  "\"employes\"]\n}\n",
	  "error",
	  "unknown data-subject group 'employes'; did you mean 'employees'?",
	  NULL, 0 },
	{ "subjects: English name",
	  SVC_NEW "  \"locations\": [{\"country\": \"SE\", \"kinds\": [\"storage\"]}],\n  \"subjects\": ["
	  "\"Job applicants\"]\n}\n",
	  "error",
	  "unknown data-subject group 'Job applicants'; did you mean 'applicants'?",
	  NULL, 0 },
	{ "sector: misspelt code",
	  SVC_NEW "  \"locations\": [{\"country\": \"SE\", \"kinds\": [\"storage\"]}],\n  \"sector\": \"a"
	  "cadmic\"\n}\n",
	  "error",
	  "unknown sector 'acadmic'; did you mean 'academic'?",
	  NULL, 0 },
	{ "sector: unknown",
	  SVC_NEW "  \"locations\": [{\"country\": \"SE\", \"kinds\": [\"storage\"]}],\n  \"sector\": \"z"
	  "zzzzzzzzz\"\n}\n",
	  "error",
	  "unknown sector 'zzzzzzzzzz' (see reference/sectors.json)",
	  NULL, 0 },
	{ "dpa: days out of range",
	  SVC_NEW "  \"locations\": [{\"country\": \"SE\", \"kinds\": [\"storage\"]}],\n  \"dpa\": {\"not"
	  "ice_days\": 400}\n}\n",
	  "error",
	  "400 days: expected 0 to 366",
	  NULL, 0 },
	{ "region: not a code",
	  SVC_NEW "  \"locations\": [{\"country\": \"IL\", \"kinds\": [\"storage\"], \"region\": \"West B"
	  "ank\"}]\n}\n",
	  "error",
	  "region 'West Bank' must be a code",
	  NULL, 0 },
	{ "JP adequacy without sector",
	  SVC_NEW "  \"locations\": [{\"country\": \"JP\", \"kinds\": [\"storage\"]}],\n  \"mechanisms\":"
	  " [{\"country\": \"JP\", \"type\": \"adequacy\"}]\n}\n",
	  "warning",
	  "add \"sector\" to services/svc.json (a code of reference/sectors.json): the adequacy d"
	  "ecision for Japan excludes importers of the sectors academic, press, religious, politi"
	  "cal",
	  NULL, 1 },
	{ "JP adequacy for an academic importer",
	  SVC_NEW "  \"locations\": [{\"country\": \"JP\", \"kinds\": [\"storage\"]}],\n  \"sector\": \"a"
	  "cademic\",\n  \"mechanisms\": [{\"country\": \"JP\", \"type\": \"adequacy\"}]\n}\n",
	  "error",
	  "the adequacy mechanism for JP (line 11) does not cover this importer: the adequacy dec"
	  "ision for Japan: it excludes importers of the sector 'academic'; record scc, bcr or ar"
	  "t49",
	  NULL, 1 },
	{ "JP adequacy for a commercial importer",
	  SVC_NEW "  \"locations\": [{\"country\": \"JP\", \"kinds\": [\"storage\"]}],\n  \"sector\": \"c"
	  "ommercial\",\n  \"mechanisms\": [{\"country\": \"JP\", \"type\": \"adequacy\"}]\n}\n",
	  "none",
	  NULL,
	  NULL, 0 },
	{ "JP without mechanism: adequacy suggested",
	  SVC_NEW "  \"locations\": [{\"country\": \"JP\", \"kinds\": [\"storage\"]}]\n}\n",
	  "error",
	  "no transfer mechanism is recorded for JP; add one to 'mechanisms': adequacy when the i"
	  "mporter is within the decision's scope, else scc, bcr or art49",
	  "dpf", 1 },
	{ "CA without mechanism: adequacy suggested",
	  SVC_NEW "  \"locations\": [{\"country\": \"CA\", \"kinds\": [\"storage\"]}]\n}\n",
	  "error",
	  "recorded for CA; add one to 'mechanisms': adequacy when",
	  "dpf", 1 },
	{ "KR without mechanism: adequacy suggested",
	  SVC_NEW "  \"locations\": [{\"country\": \"KR\", \"kinds\": [\"storage\"]}]\n}\n",
	  "error",
	  "recorded for KR; add one to 'mechanisms': adequacy when",
	  "dpf", 1 },
	{ "JP without mechanism, importer out of scope",
	  SVC_NEW "  \"locations\": [{\"country\": \"JP\", \"kinds\": [\"storage\"]}],\n  \"sector\": \"p"
	  "ress\"\n}\n",
	  "error",
	  "add one to 'mechanisms': scc, bcr or art49 (the adequacy decision for Japan does not c"
	  "over this importer: it excludes importers of the sector 'press')",
	  "adequacy when", 1 },
	{ "US without mechanism: dpf or scc",
	  SVC_NEW "  \"locations\": [{\"country\": \"US\", \"kinds\": [\"storage\"]}]\n}\n",
	  "error",
	  "data in United States (US) leaves the EU/EEA but no transfer mechanism is recorded for"
	  " US; add one to 'mechanisms': dpf when the importer is active on the Data Privacy Fram"
	  "ework List, else scc",
	  NULL, 1 },
	{ "IN without mechanism: scc, bcr or art49",
	  SVC_NEW "  \"locations\": [{\"country\": \"IN\", \"kinds\": [\"storage\"]}]\n}\n",
	  "error",
	  "recorded for IN; add one to 'mechanisms': scc, bcr or art49",
	  "dpf", 1 },
	{ "type none stays an error",
	  SVC_NEW "  \"locations\": [{\"country\": \"IN\", \"kinds\": [\"storage\"]}],\n  \"mechanisms\":"
	  " [{\"country\": \"IN\", \"type\": \"none\"}]\n}\n",
	  "error",
	  "data in India (IN) leaves the EU/EEA and the mechanism recorded for IN (line 10) is 'n"
	  "one': nothing covers this transfer; record scc, bcr or art49",
	  "records that nothing covers", 1 },
	{ "unknown code PS",
	  SVC_NEW "  \"locations\": [{\"country\": \"PS\", \"kinds\": [\"storage\"]}]\n}\n",
	  "warning",
	  "unknown country code 'PS'; it is not in reference/countries.json",
	  "PS (PS)", 2 },
	{ "unknown code PS: the flow error names no country",
	  SVC_NEW "  \"locations\": [{\"country\": \"PS\", \"kinds\": [\"storage\"]}]\n}\n",
	  "error",
	  "data in 'PS' (a code not in reference/countries.json, so a third country) leaves the E"
	  "U/EEA",
	  "PS (PS)", 2 },
	{ "unknown code with a near name",
	  SVC_NEW "  \"locations\": [{\"country\": \"SE\", \"kinds\": [\"storage\"]}],\n  \"parent\": {\""
	  "name\": \"P\", \"country\": \"SW\"}\n}\n",
	  "warning",
	  "unknown country code 'SW'; did you mean 'CH' (Switzerland) or 'SE' (Sweden)?",
	  NULL, 0 },
	{ "alpha-3 code with a near name",
	  SVC_NEW "  \"locations\": [{\"country\": \"SE\", \"kinds\": [\"storage\"]}],\n"
	  "  \"parent\": {\"name\": \"P\", \"country\": \"SWE\"}\n}\n",
	  "error",
	  "unknown country code 'SWE'; did you mean 'SE' (Sweden)?",
	  NULL, 1 },
	{ "impossible date",
	  SVC_NEW "  \"locations\": [{\"country\": \"SE\", \"kinds\": [\"storage\"]}],\n  \"dpa\": {\"dat"
	  "e\": \"2026-02-30\"}\n}\n",
	  "error",
	  "'2026-02-30' is not a date of the calendar",
	  "malformed", 1 },
	{ "malformed date",
	  SVC_NEW "  \"locations\": [{\"country\": \"SE\", \"kinds\": [\"storage\"]}],\n  \"dpa\": {\"dat"
	  "e\": \"30.02.2026\"}\n}\n",
	  "error",
	  "malformed date '30.02.2026'; expected YYYY-MM-DD",
	  "calendar", 1 },
	{ "US parent and US location: one message",
	  SVC_NEW "  \"locations\": [{\"country\": \"SE\", \"kinds\": [\"storage\"]}, {\"country\": \"US"
	  "\", \"kinds\": [\"storage\"]}],\n  \"parent\": {\"name\": \"P Inc.\", \"country\": \"U"
	  "S\"}\n}\n",
	  "error",
	  "no transfer mechanism is recorded for US",
	  "parent company", 1 },
	{ "US parent alone: one warning",
	  SVC_NEW "  \"locations\": [{\"country\": \"SE\", \"kinds\": [\"storage\"]}],\n  \"parent\": {\""
	  "name\": \"P Inc.\", \"country\": \"US\"}\n}\n",
	  "warning",
	  "parent company 'P Inc.' in United States may be compelled to give access to the data ("
	  "e.g. CLOUD Act): record what covers it in 'mechanisms' (dpf when",
	  NULL, 1 },
	{ "CA adequacy without sector or subjects",
	  SVC_NEW "  \"locations\": [{\"country\": \"CA\", \"kinds\": [\"storage\"]}],\n  \"mechanisms\":"
	  " [{\"country\": \"CA\", \"type\": \"adequacy\"}]\n}\n",
	  "warning",
	  "add \"subjects\" to services/svc.json (codes of reference/subjects.json): the adequacy"
	  " decision for Canada is a grey zone for employees, applicants",
	  NULL, 2 },
	{ "CA adequacy: sector needed",
	  SVC_NEW "  \"locations\": [{\"country\": \"CA\", \"kinds\": [\"storage\"]}],\n  \"subjects\": ["
	  "\"customers\"],\n  \"mechanisms\": [{\"country\": \"CA\", \"type\": \"adequacy\"}]\n}"
	  "\n",
	  "warning",
	  "add \"sector\" to services/svc.json (a code of reference/sectors.json): the adequacy d"
	  "ecision for Canada covers only importers of the sectors commercial, health, credit_inf"
	  "ormation",
	  NULL, 1 },
	{ "CA adequacy for employees: grey zone with the reason",
	  SVC_NEW "  \"locations\": [{\"country\": \"CA\", \"kinds\": [\"storage\"]}],\n  \"sector\": \"c"
	  "ommercial\",\n  \"subjects\": [\"employees\", \"customers\"],\n  \"mechanisms\": [{\"c"
	  "ountry\": \"CA\", \"type\": \"adequacy\"}]\n}\n",
	  "warning",
	  "the adequacy decision for Canada is a grey zone for employees: PIPEDA covers employee "
	  "data only for federally regulated employers",
	  NULL, 1 },
	{ "CA adequacy for a public body",
	  SVC_NEW "  \"locations\": [{\"country\": \"CA\", \"kinds\": [\"storage\"]}],\n  \"sector\": \"p"
	  "ublic\",\n  \"subjects\": [\"customers\"],\n  \"mechanisms\": [{\"country\": \"CA\", "
	  "\"type\": \"adequacy\"}]\n}\n",
	  "error",
	  "it covers only importers of the sectors commercial, health, credit_information, not 'p"
	  "ublic'; record scc, bcr or art49",
	  NULL, 1 },
	{ "US DPF without subjects",
	  SVC_NEW "  \"locations\": [{\"country\": \"US\", \"kinds\": [\"storage\"]}],\n  \"mechanisms\":"
	  " [{\"country\": \"US\", \"type\": \"dpf\", \"dpf_status\": \"active\", \"dpf_url\": \""
	  "https://www.dataprivacyframework.gov/list\", \"dpf_checked\": \"2026-11-01\"}]\n}\n",
	  "warning",
	  "add \"subjects\" to services/svc.json (codes of reference/subjects.json): the Data Pri"
	  "vacy Framework covers HR data",
	  NULL, 2 },  /* and: no dpf document to monitor */
	{ "US DPF with employees, hr not stated",
	  SVC_NEW "  \"locations\": [{\"country\": \"US\", \"kinds\": [\"storage\"]}],\n  \"subjects\": ["
	  "\"employees\"],\n  \"mechanisms\": [{\"country\": \"US\", \"type\": \"dpf\", \"dpf_sta"
	  "tus\": \"active\", \"dpf_url\": \"https://www.dataprivacyframework.gov/list\", \"dpf_c"
	  "hecked\": \"2026-11-01\"}]\n}\n",
	  "warning",
	  "add \"hr\" to this DPF mechanism (true when the participant's certification covers HR "
	  "data): 'subjects' has employees",
	  NULL, 2 },  /* and: no dpf document to monitor */
	{ "US DPF with applicants, no HR certification",
	  SVC_NEW "  \"locations\": [{\"country\": \"US\", \"kinds\": [\"storage\"]}],\n  \"subjects\": ["
	  "\"applicants\", \"customers\"],\n  \"mechanisms\": [{\"country\": \"US\", \"type\": \""
	  "dpf\", \"dpf_status\": \"active\", \"dpf_url\": \"https://www.dataprivacyframework.gov"
	  "/list\", \"dpf_checked\": \"2026-11-01\", \"hr\": false}]\n}\n",
	  "warning",
	  "the participant's DPF certification does not cover HR data, and 'subjects' has applica"
	  "nts: those transfers are not covered by the DPF; record scc for them",
	  NULL, 2 },  /* and: no dpf document to monitor */
	{ "US DPF with HR certification",
	  SVC_NEW "  \"locations\": [{\"country\": \"US\", \"kinds\": [\"storage\"]}],\n  \"subjects\": ["
	  "\"employees\"],\n  \"mechanisms\": [{\"country\": \"US\", \"type\": \"dpf\", \"dpf_sta"
	  "tus\": \"active\", \"dpf_url\": \"https://www.dataprivacyframework.gov/list\", \"dpf_c"
	  "hecked\": \"2026-11-01\", \"hr\": true}]\n}\n",
	  "warning",
	  "no document of kind 'dpf' to monitor: add the participant's page on the DPF List",
	  NULL, 1 },
	{ "US DPF for customers only",
	  SVC_NEW "  \"locations\": [{\"country\": \"US\", \"kinds\": [\"storage\"]}],\n  \"subjects\": ["
	  "\"customers\"],\n  \"mechanisms\": [{\"country\": \"US\", \"type\": \"dpf\", \"dpf_sta"
	  "tus\": \"active\", \"dpf_url\": \"https://www.dataprivacyframework.gov/list\", \"dpf_c"
	  "hecked\": \"2026-11-01\"}]\n}\n",
	  "warning",
	  "no document of kind 'dpf' to monitor: add the participant's page on the DPF List",
	  NULL, 1 },
	{ "US DPF with a monitored page, nothing written by hand",
	  SVC_NEW "  \"locations\": [{\"country\": \"US\", \"kinds\": [\"storage\"]}],\n  \"subjects\": ["
	  "\"employees\"],\n  \"mechanisms\": [{\"country\": \"US\", \"type\": \"dpf\"}],\n  \"docume"
	  "nts\": [{\"id\": \"dpf\", \"kind\": \"dpf\", \"url\": \"https://dpf.example/participant/1\","
	  " \"render\": \"browser\"}]\n}\n",
	  "none",
	  NULL,
	  NULL, 0 },
	{ "hr on an SCC mechanism",
	  SVC_NEW "  \"locations\": [{\"country\": \"IN\", \"kinds\": [\"storage\"]}],\n  \"mechanisms\":"
	  " [{\"country\": \"IN\", \"type\": \"scc\", \"hr\": true}]\n}\n",
	  "warning",
	  "'hr' is a fact of a DPF certification; it has no effect on a 'scc' mechanism",
	  NULL, 1 },
	{ "adequacy claimed for the US",
	  SVC_NEW "  \"locations\": [{\"country\": \"US\", \"kinds\": [\"storage\"]}],\n  \"mechanisms\":"
	  " [{\"country\": \"US\", \"type\": \"adequacy\"}]\n}\n",
	  "error",
	  "the adequacy decision for United States covers only participants of the Data Privacy F"
	  "ramework: record type 'dpf'",
	  NULL, 0 },
	{ "IL outside its borders",
	  SVC_NEW "  \"locations\": [{\"country\": \"IL\", \"kinds\": [\"storage\"], \"region\": \"west_b"
	  "ank\"}]\n}\n",
	  "error",
	  "no transfer mechanism is recorded for IL; add one to 'mechanisms': scc, bcr or art49 ("
	  "the adequacy decision for Israel does not cover this importer: the region 'west_bank' "
	  "is outside it)",
	  NULL, 1 },
	{ "IL within its borders",
	  SVC_NEW "  \"locations\": [{\"country\": \"IL\", \"kinds\": [\"storage\"]}]\n}\n",
	  "none",
	  NULL,
	  NULL, 0 },
	{ "IL outside its borders with SCCs",
	  SVC_NEW "  \"locations\": [{\"country\": \"IL\", \"kinds\": [\"storage\"], \"region\": \"golan_"
	  "heights\"}],\n  \"mechanisms\": [{\"country\": \"IL\", \"type\": \"scc\"}]\n}\n",
	  "none",
	  NULL,
	  NULL, 0 },
	{ "location sector without its entity",
	  SVC_NEW "  \"locations\": [{\"country\": \"SE\", \"kinds\": [\"storage\"], \"sector\": \"public"
	  "\"}]\n}\n",
	  "warning",
	  "'sector' of a location is the sector of its 'entity'",
	  NULL, 1 },
	{ "JP location with its own entity: sector asked there",
	  SVC_NEW "  \"locations\": [{\"country\": \"SE\", \"kinds\": [\"storage\"]}, {\"country\": \"JP"
	  "\", \"kinds\": [\"storage\"], \"entity\": \"Tokyo KK\"}],\n  \"sector\": \"commercial"
	  "\",\n  \"mechanisms\": [{\"country\": \"JP\", \"type\": \"adequacy\"}]\n}\n",
	  "none",
	  NULL,
	  NULL, 0 },
	{ "sub-processor: the issue's example",
	  SVC_NEW "  \"locations\": [{\"country\": \"SE\", \"kinds\": [\"storage\"]}],\n  \"subprocessors"
	  "\": [{\"name\": \"Infosys BPM Limited\", \"aliases\": [\"Infosys\"], \"purpose\": {\"s"
	  "v\": \"Kundsupport\", \"en\": \"Customer support\"}, \"sector\": \"commercial\", \"loc"
	  "ations\": [{\"country\": \"IN\", \"kinds\": [\"remote_access\", \"support\"]}], \"mech"
	  "anisms\": [{\"country\": \"IN\", \"type\": \"scc\", \"scc_module\": \"3\"}]}]\n}\n",
	  "none",
	  NULL,
	  NULL, 0 },
	{ "sub-processor: third country without mechanism",
	  SVC_NEW "  \"locations\": [{\"country\": \"SE\", \"kinds\": [\"storage\"]}],\n  \"subprocessors"
	  "\": [{\"name\": \"X Ltd\", \"locations\": [{\"country\": \"SG\", \"kinds\": [\"storage"
	  "\"]}]}]\n}\n",
	  "error",
	  "data in Singapore (SG) leaves the EU/EEA but no transfer mechanism is recorded for SG;"
	  " add one to 'mechanisms': scc, bcr or art49",
	  NULL, 1 },
	{ "sub-processor: misspelt kind",
	  SVC_NEW "  \"locations\": [{\"country\": \"SE\", \"kinds\": [\"storage\"]}],\n  \"subprocessors"
	  "\": [{\"name\": \"X Ltd\", \"locations\": [{\"country\": \"SE\", \"kinds\": [\"suport"
	  "\"]}]}]\n}\n",
	  "error",
	  "unknown location kind 'suport'; did you mean 'support'?",
	  NULL, 0 },
	{ "sub-processor: DPF outside the US",
	  SVC_NEW "  \"locations\": [{\"country\": \"SE\", \"kinds\": [\"storage\"]}],\n  \"subprocessors"
	  "\": [{\"name\": \"X Ltd\", \"locations\": [{\"country\": \"IN\", \"kinds\": [\"storage"
	  "\"]}], \"mechanisms\": [{\"country\": \"IN\", \"type\": \"dpf\", \"dpf_url\": \"https:"
	  "//www.dataprivacyframework.gov/list\", \"dpf_checked\": \"2026-11-01\", \"dpf_status\""
	  ": \"active\"}]}]\n}\n",
	  "error",
	  "the Data Privacy Framework covers only the United States, not 'IN'",
	  NULL, 0 },
	{ "sub-processor: without locations",
	  SVC_NEW "  \"locations\": [{\"country\": \"SE\", \"kinds\": [\"storage\"]}],\n  \"subprocessors"
	  "\": [{\"name\": \"X Ltd\"}]\n}\n",
	  "error",
	  "missing required field 'locations'",
	  NULL, 0 },
	{ "sub-processor: misspelt field",
	  SVC_NEW "  \"locations\": [{\"country\": \"SE\", \"kinds\": [\"storage\"]}],\n  \"subprocessors"
	  "\": [{\"name\": \"X Ltd\", \"alias\": [], \"locations\": [{\"country\": \"SE\", \"kind"
	  "s\": [\"storage\"]}]}]\n}\n",
	  "error",
	  "unknown field 'alias'; did you mean 'aliases'?",
	  NULL, 0 },
	{ "sub-processor: listed twice",
	  SVC_NEW "  \"locations\": [{\"country\": \"SE\", \"kinds\": [\"storage\"]}],\n  \"subprocessors"
	  "\": [\n    {\"name\": \"X Ltd\", \"aliases\": [\"X\"], \"locations\": [{\"country\": "
	  "\"SE\", \"kinds\": [\"storage\"]}]},\n    {\"name\": \"x\", \"locations\": [{\"country"
	  "\": \"SE\", \"kinds\": [\"storage\"]}]}]\n}\n",
	  "error",
	  "sub-processor 'x' is listed twice (first at line 11)",
	  NULL, 1 },
	{ "sub-processor: mechanism not used",
	  SVC_NEW "  \"locations\": [{\"country\": \"SE\", \"kinds\": [\"storage\"]}],\n  \"subprocessors"
	  "\": [{\"name\": \"X Ltd\", \"locations\": [{\"country\": \"SE\", \"kinds\": [\"storage"
	  "\"]}], \"mechanisms\": [{\"country\": \"IN\", \"type\": \"scc\"}]}]\n}\n",
	  "warning",
	  "mechanism for IN, but no location of this sub-processor is there",
	  NULL, 1 },
	{ "sub-processor in Japan without sector",
	  SVC_NEW "  \"locations\": [{\"country\": \"SE\", \"kinds\": [\"storage\"]}],\n  \"sector\": \"c"
	  "ommercial\",\n  \"subprocessors\": [{\"name\": \"Y KK\", \"locations\": [{\"country\":"
	  " \"JP\", \"kinds\": [\"storage\"]}], \"mechanisms\": [{\"country\": \"JP\", \"type\": "
	  "\"adequacy\"}]}]\n}\n",
	  "warning",
	  "add \"sector\" to sub-processor 'Y KK' in services/svc.json",
	  NULL, 1 },
};

static void run_msg_case(const tc_refdata *ref, const struct msg_case *c)
{
	tc_catalog cat = TC_CATALOG_INIT;
	tc_diags d = TC_DIAGS_INIT;
	int rc, bad = 0;

	TU_CASE(c->name);
	clear_services();
	put("organisation.json", ORG_OK);
	put("services/svc.json", c->text);
	rc = tc_catalog_load(tmpdir, ref, &cat, &d);
	if (strcmp(c->level, "none") == 0) {
		TU_CHECK(d.n == 0, "%s: expected no diagnostic, got %zu", c->name, d.n);
		bad |= d.n != 0;
	} else {
		const tc_diag *g = find_diag(&d, "services/svc.json", c->level, c->message);

		TU_CHECK(g != NULL, "%s: no %s '%s'", c->name, c->level, c->message);
		if (strcmp(c->level, "error") == 0)
			TU_INT(rc, -1);
		bad |= g == NULL;
	}
	for (size_t i = 0; c->absent && i < d.n; i++) {
		TU_CHECK(!strstr(d.v[i].message, c->absent), "%s: '%s' in '%s'", c->name, c->absent,
			 d.v[i].message);
		bad |= strstr(d.v[i].message, c->absent) != NULL;
	}
	if (c->ndiags) {
		TU_INT(d.n, c->ndiags);
		bad |= d.n != c->ndiags;
	}
	if (bad)
		dump(&d);
	tc_catalog_release(&cat);
	tc_diags_release(&d);
}

/* The new facts as loaded: subjects, sector, region, hr, DPA windows, sub-processors. */
static void test_facts(const tc_refdata *ref)
{
	tc_catalog cat = TC_CATALOG_INIT;
	tc_diags d = TC_DIAGS_INIT;
	const tc_service *s;
	const tc_subprocessor *p;

	clear_services();
	put("organisation.json", ORG_OK);
	put("services/svc.json", SVC(",\n  \"subjects\": [\"customers\", \"employees\"],\n"
	    "  \"sector\": \"commercial\",\n  \"dpa\": {\"objection_days\": 10},\n"
	    "  \"subprocessors\": [{\"name\": \"Infosys BPM Limited\", \"aliases\": [\"Infosys\"],"
	    " \"sector\": \"commercial\", \"locations\": [{\"country\": \"IL\", \"kinds\": "
	    "[\"support\"], \"region\": \"east_jerusalem\", \"entity\": \"I IL\"}], "
	    "\"mechanisms\": [{\"country\": \"IL\", \"type\": \"scc\", \"scc_module\": \"3\"}]}]"));
	put("services/other.json", "{\n  \"id\": \"other\",\n  \"name\": \"O\",\n"
	    "  \"legal_entity\": \"O AB\",\n  \"country\": \"SE\",\n  \"role\": \"processor\",\n"
	    "  \"purpose\": {\"sv\": \"x\"},\n  \"categories\": [\"email\"],\n"
	    "  \"locations\": [{\"country\": \"SE\", \"kinds\": [\"storage\"]}],\n"
	    "  \"mechanisms\": [{\"country\": \"US\", \"type\": \"scc\"}]\n}\n");
	TU_INT(tc_catalog_load(tmpdir, ref, &cat, &d), 0);
	if (d.n)
		dump(&d);
	s = tc_catalog_find(&cat, "svc");
	TU_CHECK(s != NULL, "svc loaded");
	if (!s)
		goto out;
	TU_INT(s->nsubjects, 2);
	TU_CHECK(tc_service_has_subject(s, "employees") && !tc_service_has_subject(s, "children"),
		 "subjects");
	TU_STR(s->sector, "commercial");
	TU_INT(s->dpa_notice_days, TC_DPA_DEFAULT_DAYS);
	TU_INT(s->dpa_objection_days, 10);
	TU_INT(s->dpa_days_default, 0);
	TU_INT(s->nsubprocessors, 1);
	p = &s->subprocessors[0];
	TU_STR(p->name, "Infosys BPM Limited");
	TU_CHECK(p->naliases == 1 && strcmp(p->aliases[0], "Infosys") == 0, "aliases");
	TU_CHECK(p->nlocations == 1 && tc_streq(p->locations[0].region, "east_jerusalem") &&
		 p->locations[0].kinds == TC_LOC_SUPPORT, "sub-processor location");
	TU_CHECK(tc_subprocessor_mechanism(p, "IL") &&
		 tc_subprocessor_mechanism(p, "IL")->hr == TC_FACT_UNSTATED,
		 "sub-processor mechanism, hr not stated");
	TU_INT(p->line, 13);
	s = tc_catalog_find(&cat, "other");
	TU_CHECK(s && s->dpa_days_default && s->dpa_notice_days == 30 &&
		 s->dpa_objection_days == 30, "DPA defaults 30/30");
	TU_CHECK(s && s->nmechanisms == 1 && s->mechanisms[0].hr == TC_FACT_UNSTATED,
		 "hr unknown by default");
out:
	tc_catalog_release(&cat);
	tc_diags_release(&d);
}

int main(void)
{
	tc_refdata ref = TC_REFDATA_INIT;
	char err[512];
	char *refdir = tc_path_join(top(), "catalog/reference");

	setenv("TIACHECK_NOW", "2026-11-25T06:00:00Z", 1);
	snprintf(tmpdir, sizeof(tmpdir), "%s/tc-catalog.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(tmpdir) || tc_refdata_load(refdir, &ref, err, sizeof(err)) < 0) {
		printf("setup failed: %s\n", err);
		return 1;
	}
	{
		char *sv = tc_path_join(tmpdir, "services");

		tc_mkdir_p(sv, 0755, err, sizeof(err));
		free(sv);
	}
	test_shipped(&ref);
	for (size_t i = 0; i < TC_ARRAY_LEN(cases); i++)
		run_case(&ref, &cases[i]);
	for (size_t i = 0; i < TC_ARRAY_LEN(msg_cases); i++)
		run_msg_case(&ref, &msg_cases[i]);
	test_facts(&ref);
	test_limits(&ref);
	test_canonical_changed(&ref);
	test_diags_json();
	{
		char *cmd = tc_xasprintf("rm -rf '%s'", tmpdir);

		if (system(cmd) != 0)
			printf("cleanup failed\n");
		free(cmd);
	}
	tc_refdata_release(&ref);
	free(refdir);
	return TU_END("test_catalog");
}

/*
 * cli_init_files: the files `tiacheck init` writes (see cli_init_files.h): an
 * organisation.json to fill in, one example service, a commented tiacheck.conf.
 */
#include <stdlib.h>

#include <cjson/cJSON.h>

#include "tiacheck/cli_init_files.h"
#include "tiacheck/util.h"

const char tc_init_example_service[] =
	"{\n"
	"  \"id\": \"example\",\n"
	"  \"name\": \"Example CRM\",\n"
	"  \"legal_entity\": \"Example Europe B.V.\",\n"
	"  \"country\": \"NL\",\n"
	"  \"role\": \"processor\",\n"
	"  \"purpose\": {\n"
	"    \"sv\": \"Kundregister och kundtjänstärenden.\",\n"
	"    \"en\": \"Customer records and customer service cases.\"\n"
	"  },\n"
	"  \"address\": \"Example Street 1, 1000 AA Amsterdam, Netherlands\",\n"
	"  \"website\": \"https://www.example.com/\",\n"
	"  \"categories\": [\"name\", \"email\", \"phone\"],\n"
	"  \"locations\": [\n"
	"    {\"country\": \"NL\", \"kinds\": [\"storage\", \"processing\"], \"place\": \"Amsterdam\"}\n"
	"  ],\n"
	"  \"documents\": [\n"
	"    {\"id\": \"privacy\", \"kind\": \"privacy\", \"url\": \"https://www.example.com/privacy\"},\n"
	"    {\"id\": \"dpa\", \"kind\": \"dpa\", \"url\": \"https://www.example.com/dpa\"}\n"
	"  ],\n"
	"  \"comment\": \"An example: replace it with a real service. The format is in the catalogue README.\"\n"
	"}\n";

const char tc_init_config_template[] =
	"# tiacheck.conf: settings of the weekly run. 'key = value'; '#' starts a comment.\n"
	"# Every setting below is commented out and shows its default.\n"
	"\n"
	"# Paths (relative to the directory tiacheck runs in)\n"
	"# catalog_dir = catalog\n"
	"# db = tiacheck.db\n"
	"# reports_dir = reports\n"
	"# report_url = https://intranet.example.com/tiacheck/   # where reports are published\n"
	"# lang = sv                     # sv or en; default: the organisation's default_lang\n"
	"# contact = dpo@example.com     # put in the User-Agent so vendors can reach you\n"
	"\n"
	"# Fetching\n"
	"# fetch.parallel = 16\n"
	"# fetch.per_host = 2\n"
	"# fetch.connect_timeout = 10    # seconds\n"
	"# fetch.timeout = 60            # seconds\n"
	"# fetch.max_body = 20971520     # bytes\n"
	"# fetch.max_redirects = 5\n"
	"# fetch.retries = 2\n"
	"# fetch.retry_delay_ms = 1000   # doubled on each retry\n"
	"# fetch.failures_alert = 3      # failures in a row before an alert\n"
	"\n"
	"# E-mail (the password never goes in this file: use $TIACHECK_SMTP_PASSWORD or a\n"
	"# password file readable by its owner only)\n"
	"# smtp.url = smtp://mail.example.com:587\n"
	"# smtp.from = tiacheck@example.com\n"
	"# smtp.to = dpo@example.com\n"
	"# smtp.user = tiacheck\n"
	"# smtp.password_file = /etc/tiacheck/smtp-password\n"
	"# smtp.starttls = 2             # 2 required, 1 if offered, 0 off\n"
	"# smtp.timeout = 30\n";

/* organisation.json for NAME, reviewed today. Owned. */
char *tc_init_organisation_json(const char *name)
{
	cJSON *o = cJSON_CreateObject(), *dpo, *langs, *acts, *a, *t, *cats;
	char today[16], *s, *out;

	tc_date_utc(tc_now(), today);
	cJSON_AddStringToObject(o, "name", name);
	cJSON_AddStringToObject(o, "country", "SE");
	dpo = cJSON_AddObjectToObject(o, "dpo");
	cJSON_AddStringToObject(dpo, "name", "Data Protection Officer");
	cJSON_AddStringToObject(dpo, "email", "dpo@example.com");
	langs = cJSON_AddArrayToObject(o, "languages");
	cJSON_AddItemToArray(langs, cJSON_CreateString("sv"));
	cJSON_AddItemToArray(langs, cJSON_CreateString("en"));
	cJSON_AddStringToObject(o, "default_lang", "sv");
	cJSON_AddStringToObject(o, "policy_reviewed", today);
	acts = cJSON_AddArrayToObject(o, "activities");
	a = cJSON_CreateObject();
	cJSON_AddStringToObject(a, "id", "customer-service");
	t = cJSON_AddObjectToObject(a, "name");
	cJSON_AddStringToObject(t, "sv", "Kundtjänst");
	cJSON_AddStringToObject(t, "en", "Customer service");
	t = cJSON_AddObjectToObject(a, "legal_basis");
	cJSON_AddStringToObject(t, "sv", "Avtal med den registrerade");
	cJSON_AddStringToObject(t, "en", "Contract with the data subject");
	cats = cJSON_AddArrayToObject(a, "categories");
	cJSON_AddItemToArray(cats, cJSON_CreateString("name"));
	cJSON_AddItemToArray(cats, cJSON_CreateString("email"));
	cJSON_AddItemToArray(acts, a);
	s = cJSON_Print(o);
	out = tc_xasprintf("%s\n", s ? s : "{}");
	cJSON_free(s);
	cJSON_Delete(o);
	return out;
}

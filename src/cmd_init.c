/*
 * cmd_init: `tiacheck init`: scaffold a catalogue (organisation, one example service,
 * the reference data shipped with tiacheck) and a commented tiacheck.conf in DIR.
 * Refuses to overwrite existing files without --force.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "tiacheck/cmd.h"
#include "tiacheck/util.h"

/* The shipped reference files (copies of countries.json and categories.json in
 * catalog/reference, generated: see the end of this file). tests/e2e/test_init.sh
 * fails when they drift apart. */
extern const char tc_init_ref_countries[];
extern const char tc_init_ref_categories[];

static const char example_service[] =
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

static const char config_template[] =
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
static char *organisation_json(const char *name)
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

struct scaffold_file {
	char *path;
	const char *text;
	int mode;
};

int cmd_init(int argc, char **argv, tc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "force", no_argument, NULL, 'f' },
		{ "name", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dir = ".", *name = "My organisation";
	struct scaffold_file files[6];
	char *catdir = NULL, *sub = NULL, *org = NULL, err[512];
	size_t nfiles = 0, existing = 0;
	int c, force = 0, rc = TC_EXIT_OK;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "fh", opts, NULL)) != -1) {
		switch (c) {
		case 'f': force = 1; break;
		case 'n': name = optarg; break;
		case 'h': tc_cmd_help("init", stdout); return TC_EXIT_OK;
		default:
			return tc_cmd_usage_error("init", "unknown option or missing value: '%s'",
						  argv[optind - 1]);
		}
	}
	if (argc - optind > 1)
		return tc_cmd_usage_error("init", "at most one directory, not '%s' too",
					  argv[optind + 1]);
	if (optind < argc)
		dir = argv[optind];
	if (!*name || strlen(name) > 200)
		return tc_cmd_usage_error("init", "--name needs 1 to 200 characters");

	catdir = tc_path_join(dir, ctx->catalog_dir);
	org = organisation_json(name);
	files[nfiles++] = (struct scaffold_file){ tc_path_join(catdir, "organisation.json"), org, 0644 };
	files[nfiles++] = (struct scaffold_file){ tc_path_join(catdir, "services/example.json"),
						  example_service, 0644 };
	files[nfiles++] = (struct scaffold_file){ tc_path_join(catdir, "reference/countries.json"),
						  tc_init_ref_countries, 0644 };
	files[nfiles++] = (struct scaffold_file){ tc_path_join(catdir, "reference/categories.json"),
						  tc_init_ref_categories, 0644 };
	files[nfiles++] = (struct scaffold_file){ tc_path_join(dir, "tiacheck.conf"),
						  config_template, 0644 };
	for (size_t i = 0; i < nfiles; i++) {
		if (access(files[i].path, F_OK) == 0) {
			existing++;
			if (!force)
				tc_error("'%s' exists; not overwriting it (use --force)", files[i].path);
		}
	}
	if (existing && !force) {
		rc = TC_EXIT_FAILURE;
		goto out;
	}
	for (const char *const *d = (const char *const[]){ "services", "reference", NULL }; *d; d++) {
		free(sub);
		sub = tc_path_join(catdir, *d);
		if (tc_mkdir_p(sub, 0755, err, sizeof(err)) < 0) {
			tc_error("%s", err);
			rc = TC_EXIT_FAILURE;
			goto out;
		}
	}
	for (size_t i = 0; i < nfiles; i++) {
		if (tc_write_file_atomic(files[i].path, files[i].text, strlen(files[i].text),
					 files[i].mode, err, sizeof(err)) < 0) {
			tc_error("%s", err);
			rc = TC_EXIT_FAILURE;
			goto out;
		}
		if (!ctx->quiet)
			printf("created %s\n", files[i].path);
	}
	tc_note("next: edit '%s/organisation.json', describe each service in '%s/services/', "
		"then run 'tiacheck check'", catdir, catdir);
out:
	for (size_t i = 0; i < nfiles; i++)
		free(files[i].path);
	free(org);
	free(sub);
	free(catdir);
	return rc;
}

/*
 * ---- generated: the reference files, byte for byte ----
 * Regenerate after editing catalog/reference/{countries,categories}.json with:
 *   python3 - <<'EOF'
 *   import re; p = "src/cmd_init.c"; s = open(p).read()
 *   i = s.index("const char tc_init_ref_countries[] =\n")
 *   def lit(path):
 *       return "".join('\t"%s"\n' % l.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
 *                      for l in open(path).read().splitlines(True))
 *   s = s[:i] + "const char tc_init_ref_countries[] =\n" + lit("catalog/reference/countries.json") + \
 *       "\t;\n\nconst char tc_init_ref_categories[] =\n" + lit("catalog/reference/categories.json") + "\t;\n"
 *   open(p, "w").write(s)
 *   EOF
 */
const char tc_init_ref_countries[] =
	"{\n"
	"  \"checked\": \"2026-11-25\",\n"
	"  \"source\": \"European Commission adequacy decisions (GDPR Art. 45) and the EEA Agreement; see DOMAIN.md. Rows marked 'verify' were not conclusive when checked.\",\n"
	"  \"countries\": [\n"
	"    {\"code\": \"AD\", \"en\": \"Andorra\", \"sv\": \"Andorra\", \"status\": \"ADEQUATE\", \"decision\": \"2010/625/EU\", \"date\": \"2010-10-19\"},\n"
	"    {\"code\": \"AE\", \"en\": \"United Arab Emirates\", \"sv\": \"Förenade Arabemiraten\", \"status\": \"THIRD\"},\n"
	"    {\"code\": \"AR\", \"en\": \"Argentina\", \"sv\": \"Argentina\", \"status\": \"ADEQUATE\", \"decision\": \"2003/490/EC\", \"date\": \"2003-06-30\"},\n"
	"    {\"code\": \"AT\", \"en\": \"Austria\", \"sv\": \"Österrike\", \"status\": \"EU\"},\n"
	"    {\"code\": \"AU\", \"en\": \"Australia\", \"sv\": \"Australien\", \"status\": \"THIRD\"},\n"
	"    {\"code\": \"AW\", \"en\": \"Aruba\", \"sv\": \"Aruba\", \"status\": \"THIRD\", \"scope\": \"part of the Kingdom of the Netherlands but outside the EU\"},\n"
	"    {\"code\": \"AX\", \"en\": \"Åland Islands\", \"sv\": \"Åland\", \"status\": \"EU\", \"scope\": \"part of Finland\"},\n"
	"    {\"code\": \"BE\", \"en\": \"Belgium\", \"sv\": \"Belgien\", \"status\": \"EU\"},\n"
	"    {\"code\": \"BG\", \"en\": \"Bulgaria\", \"sv\": \"Bulgarien\", \"status\": \"EU\"},\n"
	"    {\"code\": \"BQ\", \"en\": \"Caribbean Netherlands (Bonaire, Sint Eustatius, Saba)\", \"sv\": \"Karibiska Nederländerna\", \"status\": \"THIRD\", \"scope\": \"part of the Kingdom of the Netherlands but outside the EU\"},\n"
	"    {\"code\": \"BR\", \"en\": \"Brazil\", \"sv\": \"Brasilien\", \"status\": \"ADEQUATE\", \"scope\": \"LGPD; EEA-EFTA incorporation pending (for NO/IS/LI exporters)\", \"decision\": \"(EU) 2026/179\", \"date\": \"2026-01-26\"},\n"
	"    {\"code\": \"CA\", \"en\": \"Canada\", \"sv\": \"Kanada\", \"status\": \"ADEQUATE_PARTIAL\", \"scope\": \"commercial organisations subject to PIPEDA only\", \"decision\": \"2002/2/EC\", \"date\": \"2001-12-20\", \"partial_evidence\": \"adequacy\"},\n"
	"    {\"code\": \"CH\", \"en\": \"Switzerland\", \"sv\": \"Schweiz\", \"status\": \"ADEQUATE\", \"decision\": \"2000/518/EC\", \"date\": \"2000-07-26\"},\n"
	"    {\"code\": \"CL\", \"en\": \"Chile\", \"sv\": \"Chile\", \"status\": \"THIRD\"},\n"
	"    {\"code\": \"CN\", \"en\": \"China\", \"sv\": \"Kina\", \"status\": \"THIRD\", \"laws\": [\"National Intelligence Law 2017, art. 7\", \"Data Security Law 2021\"]},\n"
	"    {\"code\": \"CO\", \"en\": \"Colombia\", \"sv\": \"Colombia\", \"status\": \"THIRD\"},\n"
	"    {\"code\": \"CR\", \"en\": \"Costa Rica\", \"sv\": \"Costa Rica\", \"status\": \"THIRD\"},\n"
	"    {\"code\": \"CW\", \"en\": \"Curaçao\", \"sv\": \"Curaçao\", \"status\": \"THIRD\", \"scope\": \"part of the Kingdom of the Netherlands but outside the EU\"},\n"
	"    {\"code\": \"CY\", \"en\": \"Cyprus\", \"sv\": \"Cypern\", \"status\": \"EU\"},\n"
	"    {\"code\": \"CZ\", \"en\": \"Czechia\", \"sv\": \"Tjeckien\", \"status\": \"EU\"},\n"
	"    {\"code\": \"DE\", \"en\": \"Germany\", \"sv\": \"Tyskland\", \"status\": \"EU\"},\n"
	"    {\"code\": \"DK\", \"en\": \"Denmark\", \"sv\": \"Danmark\", \"status\": \"EU\", \"scope\": \"excl. Faroe Islands (FO) and Greenland (GL)\"},\n"
	"    {\"code\": \"EE\", \"en\": \"Estonia\", \"sv\": \"Estland\", \"status\": \"EU\"},\n"
	"    {\"code\": \"EEA\", \"en\": \"EEA (country not stated)\", \"sv\": \"EES (land ej angivet)\", \"status\": \"EEA\", \"scope\": \"region code: a vendor states only \\\"EEA\\\"; may be outside the EU\", \"region\": true},\n"
	"    {\"code\": \"EG\", \"en\": \"Egypt\", \"sv\": \"Egypten\", \"status\": \"THIRD\"},\n"
	"    {\"code\": \"ES\", \"en\": \"Spain\", \"sv\": \"Spanien\", \"status\": \"EU\", \"scope\": \"incl. Canary Islands\"},\n"
	"    {\"code\": \"EU\", \"en\": \"European Union (member state not stated)\", \"sv\": \"EU (medlemsland ej angivet)\", \"status\": \"EU\", \"scope\": \"region code: a vendor states only \\\"EU\\\"\", \"region\": true},\n"
	"    {\"code\": \"FI\", \"en\": \"Finland\", \"sv\": \"Finland\", \"status\": \"EU\", \"scope\": \"incl. Åland (AX)\"},\n"
	"    {\"code\": \"FO\", \"en\": \"Faroe Islands\", \"sv\": \"Färöarna\", \"status\": \"ADEQUATE\", \"decision\": \"2010/146/EU\", \"date\": \"2010-03-05\"},\n"
	"    {\"code\": \"FR\", \"en\": \"France\", \"sv\": \"Frankrike\", \"status\": \"EU\", \"scope\": \"incl. outermost regions GF GP MQ RE YT MF\"},\n"
	"    {\"code\": \"GB\", \"en\": \"United Kingdom\", \"sv\": \"Förenade kungariket\", \"status\": \"ADEQUATE\", \"scope\": \"GDPR + LED; renewed 2025-12-19, sunset 2031-12-27; Gibraltar not covered – verify\", \"decision\": \"(EU) 2021/1772 + renewal (number unconfirmed)\", \"date\": \"2021-06-28\", \"aliases\": [\"UK\"]},\n"
	"    {\"code\": \"GF\", \"en\": \"French Guiana\", \"sv\": \"Franska Guyana\", \"status\": \"EU\", \"scope\": \"outermost region of France\"},\n"
	"    {\"code\": \"GG\", \"en\": \"Guernsey\", \"sv\": \"Guernsey\", \"status\": \"ADEQUATE\", \"decision\": \"2003/821/EC\", \"date\": \"2003-11-21\"},\n"
	"    {\"code\": \"GI\", \"en\": \"Gibraltar\", \"sv\": \"Gibraltar\", \"status\": \"THIRD\", \"scope\": \"not covered by the UK adequacy decision – verify\"},\n"
	"    {\"code\": \"GL\", \"en\": \"Greenland\", \"sv\": \"Grönland\", \"status\": \"THIRD\", \"scope\": \"part of the Kingdom of Denmark but outside the EU\"},\n"
	"    {\"code\": \"GP\", \"en\": \"Guadeloupe\", \"sv\": \"Guadeloupe\", \"status\": \"EU\", \"scope\": \"outermost region of France\"},\n"
	"    {\"code\": \"GR\", \"en\": \"Greece\", \"sv\": \"Grekland\", \"status\": \"EU\", \"scope\": \"EU texts use EL; ISO is GR\", \"aliases\": [\"EL\"]},\n"
	"    {\"code\": \"HK\", \"en\": \"Hong Kong\", \"sv\": \"Hongkong\", \"status\": \"THIRD\"},\n"
	"    {\"code\": \"HR\", \"en\": \"Croatia\", \"sv\": \"Kroatien\", \"status\": \"EU\"},\n"
	"    {\"code\": \"HU\", \"en\": \"Hungary\", \"sv\": \"Ungern\", \"status\": \"EU\"},\n"
	"    {\"code\": \"ID\", \"en\": \"Indonesia\", \"sv\": \"Indonesien\", \"status\": \"THIRD\"},\n"
	"    {\"code\": \"IE\", \"en\": \"Ireland\", \"sv\": \"Irland\", \"status\": \"EU\"},\n"
	"    {\"code\": \"IL\", \"en\": \"Israel\", \"sv\": \"Israel\", \"status\": \"ADEQUATE\", \"decision\": \"2011/61/EU\", \"date\": \"2011-01-31\"},\n"
	"    {\"code\": \"IM\", \"en\": \"Isle of Man\", \"sv\": \"Isle of Man\", \"status\": \"ADEQUATE\", \"decision\": \"2004/411/EC\", \"date\": \"2004-04-28\"},\n"
	"    {\"code\": \"IN\", \"en\": \"India\", \"sv\": \"Indien\", \"status\": \"THIRD\", \"laws\": [\"Information Technology Act 2000, s. 69\"]},\n"
	"    {\"code\": \"IS\", \"en\": \"Iceland\", \"sv\": \"Island\", \"status\": \"EEA\"},\n"
	"    {\"code\": \"IT\", \"en\": \"Italy\", \"sv\": \"Italien\", \"status\": \"EU\"},\n"
	"    {\"code\": \"JE\", \"en\": \"Jersey\", \"sv\": \"Jersey\", \"status\": \"ADEQUATE\", \"decision\": \"2008/393/EC\", \"date\": \"2008-05-08\"},\n"
	"    {\"code\": \"JP\", \"en\": \"Japan\", \"sv\": \"Japan\", \"status\": \"ADEQUATE_PARTIAL\", \"scope\": \"private business operators under APPI + Supplementary Rules; not press, academia, religious, political bodies\", \"decision\": \"(EU) 2019/419\", \"date\": \"2019-01-23\", \"partial_evidence\": \"adequacy\"},\n"
	"    {\"code\": \"KR\", \"en\": \"Republic of Korea\", \"sv\": \"Sydkorea\", \"status\": \"ADEQUATE_PARTIAL\", \"scope\": \"PIPA-covered private and public sector; excludes credit information supervised by FSC, religious orgs (missionary), political parties (nominations)\", \"decision\": \"(EU) 2022/254\", \"date\": \"2021-12-17\", \"partial_evidence\": \"adequacy\"},\n"
	"    {\"code\": \"LI\", \"en\": \"Liechtenstein\", \"sv\": \"Liechtenstein\", \"status\": \"EEA\"},\n"
	"    {\"code\": \"LT\", \"en\": \"Lithuania\", \"sv\": \"Litauen\", \"status\": \"EU\"},\n"
	"    {\"code\": \"LU\", \"en\": \"Luxembourg\", \"sv\": \"Luxemburg\", \"status\": \"EU\"},\n"
	"    {\"code\": \"LV\", \"en\": \"Latvia\", \"sv\": \"Lettland\", \"status\": \"EU\"},\n"
	"    {\"code\": \"MF\", \"en\": \"Saint Martin (French part)\", \"sv\": \"Saint-Martin (franska delen)\", \"status\": \"EU\", \"scope\": \"outermost region of France\"},\n"
	"    {\"code\": \"MQ\", \"en\": \"Martinique\", \"sv\": \"Martinique\", \"status\": \"EU\", \"scope\": \"outermost region of France\"},\n"
	"    {\"code\": \"MT\", \"en\": \"Malta\", \"sv\": \"Malta\", \"status\": \"EU\"},\n"
	"    {\"code\": \"MX\", \"en\": \"Mexico\", \"sv\": \"Mexiko\", \"status\": \"THIRD\"},\n"
	"    {\"code\": \"MY\", \"en\": \"Malaysia\", \"sv\": \"Malaysia\", \"status\": \"THIRD\"},\n"
	"    {\"code\": \"NL\", \"en\": \"Netherlands\", \"sv\": \"Nederländerna\", \"status\": \"EU\", \"scope\": \"Caribbean parts (AW CW SX BQ) are not EU\"},\n"
	"    {\"code\": \"NO\", \"en\": \"Norway\", \"sv\": \"Norge\", \"status\": \"EEA\", \"scope\": \"EEA Agreement does not cover Svalbard (SJ) – verify\"},\n"
	"    {\"code\": \"NZ\", \"en\": \"New Zealand\", \"sv\": \"Nya Zeeland\", \"status\": \"ADEQUATE\", \"decision\": \"2013/65/EU\", \"date\": \"2012-12-19\"},\n"
	"    {\"code\": \"PH\", \"en\": \"Philippines\", \"sv\": \"Filippinerna\", \"status\": \"THIRD\"},\n"
	"    {\"code\": \"PK\", \"en\": \"Pakistan\", \"sv\": \"Pakistan\", \"status\": \"THIRD\"},\n"
	"    {\"code\": \"PL\", \"en\": \"Poland\", \"sv\": \"Polen\", \"status\": \"EU\"},\n"
	"    {\"code\": \"PT\", \"en\": \"Portugal\", \"sv\": \"Portugal\", \"status\": \"EU\", \"scope\": \"incl. Azores and Madeira\"},\n"
	"    {\"code\": \"RE\", \"en\": \"Réunion\", \"sv\": \"Réunion\", \"status\": \"EU\", \"scope\": \"outermost region of France\"},\n"
	"    {\"code\": \"RO\", \"en\": \"Romania\", \"sv\": \"Rumänien\", \"status\": \"EU\"},\n"
	"    {\"code\": \"RS\", \"en\": \"Serbia\", \"sv\": \"Serbien\", \"status\": \"THIRD\"},\n"
	"    {\"code\": \"RU\", \"en\": \"Russia\", \"sv\": \"Ryssland\", \"status\": \"THIRD\", \"laws\": [\"Federal Law 374-FZ (data retention and access)\"]},\n"
	"    {\"code\": \"SA\", \"en\": \"Saudi Arabia\", \"sv\": \"Saudiarabien\", \"status\": \"THIRD\"},\n"
	"    {\"code\": \"SE\", \"en\": \"Sweden\", \"sv\": \"Sverige\", \"status\": \"EU\"},\n"
	"    {\"code\": \"SG\", \"en\": \"Singapore\", \"sv\": \"Singapore\", \"status\": \"THIRD\"},\n"
	"    {\"code\": \"SI\", \"en\": \"Slovenia\", \"sv\": \"Slovenien\", \"status\": \"EU\"},\n"
	"    {\"code\": \"SJ\", \"en\": \"Svalbard and Jan Mayen\", \"sv\": \"Svalbard och Jan Mayen\", \"status\": \"THIRD\", \"scope\": \"Norwegian, but outside the EEA Agreement – verify\"},\n"
	"    {\"code\": \"SK\", \"en\": \"Slovakia\", \"sv\": \"Slovakien\", \"status\": \"EU\"},\n"
	"    {\"code\": \"SX\", \"en\": \"Sint Maarten\", \"sv\": \"Sint Maarten\", \"status\": \"THIRD\", \"scope\": \"part of the Kingdom of the Netherlands but outside the EU\"},\n"
	"    {\"code\": \"TH\", \"en\": \"Thailand\", \"sv\": \"Thailand\", \"status\": \"THIRD\"},\n"
	"    {\"code\": \"TR\", \"en\": \"Türkiye\", \"sv\": \"Turkiet\", \"status\": \"THIRD\"},\n"
	"    {\"code\": \"TW\", \"en\": \"Taiwan\", \"sv\": \"Taiwan\", \"status\": \"THIRD\"},\n"
	"    {\"code\": \"UA\", \"en\": \"Ukraine\", \"sv\": \"Ukraina\", \"status\": \"THIRD\"},\n"
	"    {\"code\": \"US\", \"en\": \"United States\", \"sv\": \"Förenta staterna (USA)\", \"status\": \"ADEQUATE_PARTIAL\", \"scope\": \"only organisations active on the EU-US DPF List and under FTC/DoT jurisdiction; otherwise THIRD\", \"decision\": \"(EU) 2023/1795\", \"date\": \"2023-07-10\", \"partial_evidence\": \"dpf\", \"laws\": [\"FISA Section 702\", \"Executive Order 12333 (as limited by EO 14086)\", \"CLOUD Act (18 U.S.C. 2713)\"]},\n"
	"    {\"code\": \"UY\", \"en\": \"Uruguay\", \"sv\": \"Uruguay\", \"status\": \"ADEQUATE\", \"decision\": \"2012/484/EU\", \"date\": \"2012-08-21\"},\n"
	"    {\"code\": \"VN\", \"en\": \"Vietnam\", \"sv\": \"Vietnam\", \"status\": \"THIRD\"},\n"
	"    {\"code\": \"XEPO\", \"en\": \"European Patent Organisation\", \"sv\": \"Europeiska patentorganisationen\", \"status\": \"ADEQUATE_IO\", \"scope\": \"international organisation, no ISO code; use a private code\", \"decision\": \"(EU) 2025/1382\", \"date\": \"2025-07-15\"},\n"
	"    {\"code\": \"YT\", \"en\": \"Mayotte\", \"sv\": \"Mayotte\", \"status\": \"EU\", \"scope\": \"outermost region of France\"},\n"
	"    {\"code\": \"ZA\", \"en\": \"South Africa\", \"sv\": \"Sydafrika\", \"status\": \"THIRD\"}\n"
	"  ]\n"
	"}\n"
	;

const char tc_init_ref_categories[] =
	"{\n"
	"  \"checked\": \"2026-11-25\",\n"
	"  \"source\": \"Categories from the organisation's privacy policy (section 1), plus common ones. Weight = sensitivity in the transfer-impact score: contact data 2, logs and online identifiers 2, national identification numbers 4, special categories (GDPR Art. 9/10) 5, anonymised statistics 1.\",\n"
	"  \"categories\": [\n"
	"    {\"code\": \"address\", \"sv\": \"Adress\", \"en\": \"Postal address\", \"group\": \"contact\", \"weight\": 2},\n"
	"    {\"code\": \"email\", \"sv\": \"E-post\", \"en\": \"Email address\", \"group\": \"contact\", \"weight\": 2},\n"
	"    {\"code\": \"log\", \"sv\": \"Logg\", \"en\": \"Usage logs\", \"group\": \"log\", \"weight\": 2},\n"
	"    {\"code\": \"name\", \"sv\": \"Namn\", \"en\": \"Name\", \"group\": \"contact\", \"weight\": 2},\n"
	"    {\"code\": \"personnummer\", \"sv\": \"Personnummer\", \"en\": \"Swedish personal identity number (personnummer)\", \"group\": \"national_id\", \"weight\": 4, \"national_id\": true},\n"
	"    {\"code\": \"phone\", \"sv\": \"Telefonnummer\", \"en\": \"Phone number\", \"group\": \"contact\", \"weight\": 2},\n"
	"    {\"code\": \"web_statistics\", \"sv\": \"Anonymiserad webbstatistik\", \"en\": \"Anonymised web statistics\", \"group\": \"statistics\", \"weight\": 1},\n"
	"    {\"code\": \"online_id\", \"sv\": \"Onlineidentifierare (cookie-id, IP-adress)\", \"en\": \"Online identifiers (cookie IDs, IP addresses)\", \"group\": \"log\", \"weight\": 2},\n"
	"    {\"code\": \"payment\", \"sv\": \"Betalnings- och fakturauppgifter\", \"en\": \"Payment and invoicing data\", \"group\": \"financial\", \"weight\": 3},\n"
	"    {\"code\": \"health\", \"sv\": \"Hälsouppgifter\", \"en\": \"Health data\", \"group\": \"special\", \"weight\": 5, \"special\": true},\n"
	"    {\"code\": \"criminal\", \"sv\": \"Uppgifter om lagöverträdelser\", \"en\": \"Criminal convictions and offences\", \"group\": \"special\", \"weight\": 5, \"special\": true}\n"
	"  ]\n"
	"}\n"
	;

/* link: util utf8 gazetteer */
/* Gazetteer: names per language, adjectives, codes in context, region tokens, and
 * the words that must not match. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tiacheck/gazetteer.h"
#include "tiacheck/util.h"
#include "tu.h"

/* Time limits are for optimised builds; sanitizers make code ~10 times slower. */
#ifdef __SANITIZE_ADDRESS__
#define SLOW 10
#else
#define SLOW 1
#endif

static tc_gazetteer *gz;
static char got[512];

/* Codes found in text, comma-separated, in order. */
static const char *scan_mode(const char *text, enum tc_gz_mode mode)
{
	tc_gz_match *m;
	size_t n = tc_gazetteer_scan(gz, text, strlen(text), mode, &m);

	got[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(got, ",");
		strncat(got, m[i].code, sizeof(got) - strlen(got) - 8);
	}
	free(m);
	return got;
}

static const char *scan(const char *text)
{
	return scan_mode(text, TC_GZ_TEXT);
}

static const char *cell(const char *text)
{
	return scan_mode(text, TC_GZ_CELL);
}

static const struct { const char *text, *want; } cases[] = {
	/* English names and variants */
	{ "Data is stored in the United States.", "US" },
	{ "the United States of America and the U.S. and the USA", "US,US,US" },
	{ "processed in India, Ireland and Japan", "IN,IE,JP" },
	{ "United Kingdom, UK, Great Britain", "GB,GB,GB" },
	{ "Papua New Guinea and Guinea-Bissau and Equatorial Guinea and Guinea", "PG,GW,GQ,GN" },
	{ "Northern Ireland is not Ireland", "GB,IE" },
	{ "the Republic of Korea and South Korea", "KR,KR" },
	/* Swedish */
	{ "Uppgifterna lagras i Förenta staterna och Indien.", "US,IN" },
	{ "Vi överför till Kina, Storbritannien och Schweiz", "CN,GB,CH" },
	{ "en amerikansk leverantör med indiska och indiskt ägda bolag", "US,IN,IN" },
	{ "ÖSTERRIKE och Österrike", "AT,AT" },
	/* German */
	{ "in den Vereinigten Staaten von Amerika und Indien", "US,IN" },
	{ "Vereinigte Staaten, Schweiz, Vereinigtes Königreich", "US,CH,GB" },
	{ "ein amerikanisches Unternehmen", "US" },
	/* French */
	{ "aux États-Unis et en Inde", "US,IN" },
	{ "Etats-Unis, Royaume-Uni, Suisse", "US,GB,CH" },
	{ "une société américaine", "US" },
	/* adjectives */
	{ "an American company with Indian staff", "US,IN" },
	{ "a Swiss and a Brazilian subsidiary", "CH,BR" },
	/* codes in context */
	{ "Acme Ltd (SG) and Beta Inc (US)", "SG,US" },
	{ "our US-based and SG-hosted vendors", "US,SG" },
	{ "We use IT (IT) services", "" },
	{ "Processed in US, IN and CN.", "US,IN,CN" },
	{ "IN the event IT is DE facto NO AT all", "" },
	{ "information technology (IT) and (DE)", "" },
	{ "IT-avdelningen och IT-stöd", "" },
	{ "CONTACT US", "" },
	{ "ABOUT US and JOIN US", "" },
	{ "the US and the EU", "US,EU" },
	{ "price US$ 100", "" },
	/* regions */
	{ "within the EU/EEA", "EEA" },
	{ "inom EU/EES och EES", "EEA,EEA" },
	{ "outside the European Economic Area", "EEA" },
	{ "worldwide", "WORLD" },
	{ "globally distributed", "WORLD" },
	{ "customer-selected region", "CUSTOMER" },
	{ "depending on customer's region", "CUSTOMER" },
	{ "depending on the customer’s region", "CUSTOMER" },
	{ "transfers to third countries", "THIRD" },
	{ "överföring till tredjeland", "THIRD" },
	{ "Übermittlung in Drittländer", "THIRD" },
	{ "transfert vers des pays tiers", "THIRD" },
	/* must not match */
	{ "a red jersey and a Jersey shirt", "" },
	{ "offices in New Jersey", "" },
	{ "Jersey and Guernsey", "JE,GG" },
	{ "roast turkey and a Turkey sandwich", "" },
	{ "Turkey is a candidate country.", "TR" },
	{ "offices in Turkey and Türkiye", "TR,TR" },
	{ "contact Chad Smith today", "" },
	{ "operations in Chad, Niger and Mali", "TD,NE,ML" },
	{ "our office in Atlanta, Georgia", "" },
	{ "Georgia, USA", "US" },
	{ "Savannah GA", "" },
	{ "Armenia and Georgia", "AM,GE" },
	{ "a Guinea pig experiment", "" },
	{ "fine china clay and China clay", "" },
	{ "made in China", "CN" },
	{ "ask Jordan Peterson or Michael Jordan", "" },
	{ "Amman, Jordan", "JO" },
	{ "the Hashemite Kingdom of Jordan", "JO" },
	{ "available in German and translated into French", "" },
	{ "German law applies", "DE" },
	{ "på svenska, svensk lag", "SE" },
	{ "Rhode Island and Long Island", "" },
	{ "American Express and Latin America", "" },
	{ "the Indian Ocean", "" },
	{ "United\nStates", "" },
	{ "see [Maps](https://maps.example.com/?hl=en-US&gl=IN) in India", "IN" },
	{ "www.example.co.uk/Japan and http://x.example/Chad", "" },
};

static const struct { const char *text, *want; } cell_cases[] = {
	{ "US", "US" },
	{ "IN", "IN" },
	{ "IT, DE, NO", "IT,DE,NO" },
	{ "United States, Ireland and India", "US,IE,IN" },
	{ "US / EU", "US,EU" },
	{ "Germany; France; Netherlands", "DE,FR,NL" },
	{ "USA & Canada", "US,CA" },
	{ "Sverige och Norge", "SE,NO" },
	{ "EU/EES", "EEA" },
	{ "Worldwide (Local to Customer)", "WORLD,CUSTOMER" },
	{ "Global", "WORLD" },
	{ "Dublin, Ireland", "IE" },
	{ "Jersey", "JE" },
	{ "Customer-selected (EU or US)", "CUSTOMER,EU,US" },
};

/* Matches of text as "CODE@start-end ..." (a line is scanned at a time: what
 * crosses a line break must come out as for the whole text). */
static const char *spans(const char *text)
{
	tc_gz_match *m;
	size_t n = tc_gazetteer_scan(gz, text, strlen(text), TC_GZ_TEXT, &m);

	got[0] = '\0';
	for (size_t i = 0; i < n; i++)
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s@%zu-%zu", i ? " " : "",
			 m[i].code, m[i].start, m[i].end);
	free(m);
	return got;
}

static void test_lines(void)
{
	static const struct { const char *text, *want; } lines[] = {
		/* a list of codes goes on after a line break that follows a match */
		{ "Hosted in Singapore\n, SG", "SG@10-19 SG@22-24" },
		{ "Hosted in Singapore today\n, SG", "SG@10-19" },
		{ "Stored in the US\n\n, CN and IN", "US@14-16 CN@20-22" },
		{ "US\n, IT", "US@0-2 IT@5-7" },
		/* a code at the start of a line is not in a list */
		{ "Servers: US,\nIN", "US@9-11" },
		/* URLs, also on another line than the last one */
		{ "See https://example.com/en-US and\nwww.x.de/IN (SG)\nhttp is not a URL: Germany",
		  "SG@47-49 DE@70-77" },
		{ "no name\n\n\nIndia\r\nJapan", "IN@10-15 JP@17-22" },
	};

	TU_CASE("lists and URLs across line breaks");
	for (size_t i = 0; i < TC_ARRAY_LEN(lines); i++)
		TU_STR(spans(lines[i].text), lines[i].want);
}

/* tc_gazetteer_scan_folded with tc_gz_fold_dup's fold finds what tc_gazetteer_scan
 * finds; tc_gz_fold_dup folds as tc_gz_fold. */
static void test_folded(void)
{
	static const char *const texts[] = {
		"ÖSTERRIKE och Österrike, ÉTATS-UNIS, Ünited? ČESKO", "ABCDEFGHIJKLMNOPQRSTUVWXYZ abc",
		"\xff\xfe invalid \xc3 bytes \xe2\x80 INDIA", "", "A",
	};
	tc_buf f = TC_BUF_INIT;

	TU_CASE("a folded text scans the same");
	for (size_t i = 0; i < TC_ARRAY_LEN(cases); i++) {
		const char *t = cases[i].text;
		char *fold = tc_gz_fold_dup(t, strlen(t));
		tc_gz_match *a, *b;
		size_t na = tc_gazetteer_scan(gz, t, strlen(t), TC_GZ_TEXT, &a);
		size_t nb = tc_gazetteer_scan_folded(gz, t, fold, strlen(t), TC_GZ_TEXT, &b);
		int same = na == nb;

		for (size_t k = 0; same && k < na; k++)
			same = a[k].start == b[k].start && a[k].end == b[k].end &&
			       strcmp(a[k].code, b[k].code) == 0 && a[k].kind == b[k].kind;
		TU_CHECK(same, "scan_folded differs for '%s'", t);
		free(a);
		free(b);
		free(fold);
	}
	for (size_t i = 0; i < TC_ARRAY_LEN(texts); i++) {
		char *d = tc_gz_fold_dup(texts[i], strlen(texts[i]));

		TU_STR(d, tc_gz_fold(&f, texts[i], strlen(texts[i])));
		free(d);
	}
	{
		char *d = tc_gz_fold_dup("ÖSTERRIKE Och ÉTÉ", strlen("ÖSTERRIKE Och ÉTÉ"));

		TU_STR(d, "österrike och été");
		free(d);
	}
	tc_buf_release(&f);
}

int main(void)
{
	char err[512];
	const char *top = getenv("TC_TOP");
	char *path = tc_path_join(top ? top : ".", "catalog/reference/gazetteer.json");
	tc_gazetteer *bad = NULL;
	struct timespec t0, t1;
	tc_buf big = TC_BUF_INIT;
	tc_gz_match *m;
	size_t n;
	double ms;

	TU_INT(tc_gazetteer_load(path, &gz, err, sizeof(err)), 0);
	if (!gz) {
		printf("cannot load: %s\n", err);
		free(path);
		return TU_END("test_gazetteer");
	}
	TU_CHECK(tc_gazetteer_count(gz) > 500, "names loaded: %zu", tc_gazetteer_count(gz));
	for (size_t i = 0; i < TC_ARRAY_LEN(cases); i++)
		TU_STR(scan(cases[i].text), cases[i].want);
	for (size_t i = 0; i < TC_ARRAY_LEN(cell_cases); i++)
		TU_STR(cell(cell_cases[i].text), cell_cases[i].want);

	/* offsets and kinds */
	n = tc_gazetteer_scan(gz, "in the U.S. (SG)", 16, TC_GZ_TEXT, &m);
	TU_INT(n, 2);
	if (n == 2) {
		TU_INT(m[0].start, 7);
		TU_INT(m[0].end, 11);
		TU_INT(m[0].kind, TC_GZ_NAME);
		TU_INT(m[1].kind, TC_GZ_CODE);
	}
	free(m);
	n = tc_gazetteer_scan(gz, "indisk", 6, TC_GZ_TEXT, &m);
	TU_INT(n, 1);
	TU_INT(n ? m[0].kind : 0, TC_GZ_ADJ);
	free(m);

	/* names and codes */
	TU_STR(tc_gazetteer_name(gz, "IN", TC_LANG_EN), "India");
	TU_STR(tc_gazetteer_name(gz, "IN", TC_LANG_SV), "Indien");
	TU_STR(tc_gazetteer_name(gz, "THIRD", TC_LANG_SV), "tredjeland");
	TU_CHECK(tc_gazetteer_name(gz, "XX", TC_LANG_EN) == NULL, "unknown code");
	TU_STR(tc_gazetteer_code(gz, "SG"), "SG");
	TU_CHECK(tc_gazetteer_is_region("WORLD") && !tc_gazetteer_is_region("US"), "regions");

	/* every country of the adequacy table and the usual third countries is known */
	{
		static const char *const need[] = {
			"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR",
			"HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK",
			"SI", "ES", "SE", "IS", "LI", "NO", "AD", "AR", "CA", "FO", "GG", "IL",
			"IM", "JP", "JE", "NZ", "KR", "CH", "GB", "UY", "US", "BR", "IN", "CN",
			"SG", "AU", "PH", "MX", "ZA", "TR", "UA", "VN", "ID", "MY", "AE", "HK",
			"TW", "CL", "CO", "EG", "NG", "KE", "PK", "BD", "RU",
		};
		for (size_t i = 0; i < TC_ARRAY_LEN(need); i++)
			TU_CHECK(tc_gazetteer_name(gz, need[i], TC_LANG_SV) != NULL, "missing %s", need[i]);
	}

	/* bad data is reported with a position */
	TU_INT(tc_gazetteer_load_json("{\n \"regions\": [,\n", 17, "x.json", &bad, err, sizeof(err)), -1);
	TU_CHECK(strncmp(err, "x.json:2:", 9) == 0, "error position: %s", err);
	TU_INT(tc_gazetteer_load_json("{\"regions\":[{\"token\":\"MOON\"}],\"countries\":[]}", 45,
				      "y.json", &bad, err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "regions[0]") != NULL, "semantic error: %s", err);
	TU_CHECK(bad == NULL, "no gazetteer on error");

	/* speed: 500 KB of prose with mentions */
	while (big.len < 500000)
		tc_buf_adds(&big, "Our vendor in the United States may transfer data to India, "
			    "Ireland (IE) and Singapore; the customer-selected region applies. "
			    "This is a longer sentence about nothing in particular at all.\n");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	n = tc_gazetteer_scan(gz, big.data, big.len, TC_GZ_TEXT, &m);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	printf("scan of %zu bytes: %zu matches in %.1f ms\n", big.len, n, ms);
	TU_CHECK(n > 10000, "matches: %zu", n);
	TU_CHECK(ms < 500 * SLOW, "scan too slow: %.1f ms", ms);
	free(m);
	tc_buf_release(&big);

	test_lines();
	test_folded();
	tc_gazetteer_free(gz);
	free(path);
	return TU_END("test_gazetteer");
}

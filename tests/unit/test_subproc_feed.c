/* link: util utf8 gazetteer subproc subproc_feed */
/* Sub-processor lists as feeds: RSS items of list updates, Atom entries and JSON
 * arrays of objects become table text and rows; each with an added and a removed
 * row; sniffing; malformed and foreign input. */
#include <stdlib.h>
#include <string.h>

#include "tiacheck/subproc_feed.h"
#include "tiacheck/util.h"
#include "tu.h"

static tc_gazetteer *gz;
static const char *top;

static char *fixture(const char *name, size_t *len)
{
	char *rel = tc_xasprintf("tests/fixtures/subproc/%s", name);
	char *path = tc_path_join(top, rel);
	tc_buf b = TC_BUF_INIT;
	char err[256];

	if (tc_read_file(path, 1 << 20, &b, err, sizeof(err)) < 0)
		printf("cannot read %s: %s\n", path, err);
	free(rel);
	free(path);
	*len = b.len;
	return tc_buf_detach(&b);
}

static void parse(const char *name, tc_subproc_list *l)
{
	size_t len;
	char *body = fixture(name, &len), err[256] = "";

	TU_CHECK(tc_subproc_feed_parse(gz, body, len, l, err, sizeof(err)) == 0, "%s: %s", name,
		 err);
	free(body);
}

/* "entity[countries]" for every row, joined by "; ". */
static char *rows_str(const tc_subproc_list *l)
{
	tc_buf b = TC_BUF_INIT;

	for (size_t i = 0; i < l->nrows; i++) {
		tc_buf_printf(&b, "%s%s[", i ? "; " : "", l->rows[i].entity);
		for (size_t k = 0; k < l->rows[i].ncountries; k++)
			tc_buf_printf(&b, "%s%s", k ? "," : "", l->rows[i].countries[k]);
		tc_buf_adds(&b, "]");
	}
	return tc_buf_detach(&b);
}

/* Rows of v1, and "kind:entity" for each change from v1 to v2. */
static void feed_case(const char *v1, const char *v2, const char *rows_want,
		      const char *changes_want)
{
	tc_subproc_list a = TC_SUBPROC_LIST_INIT, b = TC_SUBPROC_LIST_INIT;
	tc_subproc_changes c = TC_SUBPROC_CHANGES_INIT;
	tc_buf out = TC_BUF_INIT;
	char *s;
	int feed = 1;

	TU_CASE(v1);
	parse(v1, &a);
	parse(v2, &b);
	s = rows_str(&a);
	TU_STR(s, rows_want);
	free(s);
	for (size_t i = 0; i < a.nrows; i++)
		feed &= a.rows[i].layout == TC_SUBPROC_FEED;
	TU_CHECK(feed, "%s: rows marked as feed rows", v1);
	tc_subproc_diff(&a, &b, &c);
	for (size_t i = 0; i < c.n; i++)
		tc_buf_printf(&out, "%s%s:%s", i ? "; " : "", tc_subproc_change_kind_name(c.v[i].kind),
			      c.v[i].entity);
	TU_STR(tc_buf_str(&out), changes_want);
	tc_buf_release(&out);
	tc_subproc_changes_release(&c);
	tc_subproc_list_release(&a);
	tc_subproc_list_release(&b);
}

static void test_feeds(void)
{
	/* an RSS feed of list updates: "New sub-processor:" titles, labelled
	 * descriptions in escaped HTML, a one-line title, a category; a removal notice
	 * is not a row */
	feed_case("rss-v1.xml", "rss-v2.xml",
		  "Nimbus Compute, Inc.[US]; Parcelpost Mail Ltd[IE]; Quillon Analytics GmbH[DE]",
		  "added:Inferix Labs, Inc.; removed:Parcelpost Mail Ltd");
	feed_case("atom-v1.xml", "atom-v2.xml",
		  "Brightwave Hosting B.V.[NL,DE]; Tallyhook Payments Inc.[US]",
		  "added:Corvid Support Oy; removed:Tallyhook Payments Inc.");
	/* JSON: an array under a key, then a bare array; keys by synonyms (camelCase,
	 * snake_case), arrays of countries, a "|" inside a value */
	feed_case("json-v1.json", "json-v2.json",
		  "Nimbus Compute, Inc.[US,IE]; Parcelpost Mail Ltd[IE]; Quillon Analytics GmbH[DE]",
		  "location_changed:Nimbus Compute, Inc.; added:Corvid Support | Oy; "
		  "removed:Parcelpost Mail Ltd");
}

static void test_text(void)
{
	size_t len;
	char *body = fixture("rss-v1.xml", &len), *text = NULL, err[256];

	TU_CASE("feed as table text");
	TU_INT(tc_subproc_feed_text(gz, body, len, TC_FEED_RSS, &text, err, sizeof(err)), 0);
	TU_STR(text, "# Lumen Notes sub-processor updates\n"
		     "| Entity | Purpose | Location |\n| --- | --- | --- |\n"
		     "| Nimbus Compute, Inc. | Cloud hosting and storage | United States |\n"
		     "| Parcelpost Mail Ltd | Transactional e-mail | Ireland |\n"
		     "| Quillon Analytics GmbH | Product usage analytics | Germany |\n");
	free(text);
	free(body);
}

static void test_sniff(void)
{
	static const struct { const char *body, *type; enum tc_feed_kind want; } cases[] = {
		{ "<?xml version=\"1.0\"?>\n<rss version=\"2.0\">", NULL, TC_FEED_RSS },
		{ "\xEF\xBB\xBF <feed xmlns=\"http://www.w3.org/2005/Atom\">", NULL, TC_FEED_ATOM },
		{ "<rdf:RDF xmlns:rdf=\"x\">", NULL, TC_FEED_RSS },
		{ "  [ {\"name\": \"x\"} ]", NULL, TC_FEED_JSON },
		{ "<!doctype html><html>", NULL, TC_FEED_NONE },
		{ "<html>", "application/json; charset=utf-8", TC_FEED_JSON },
		{ "", "application/atom+xml", TC_FEED_ATOM },
		{ "plain text", NULL, TC_FEED_NONE },
	};

	TU_CASE("sniffing");
	for (size_t i = 0; i < TC_ARRAY_LEN(cases); i++) {
		enum tc_feed_kind k = tc_subproc_feed_sniff(cases[i].body, strlen(cases[i].body),
							    cases[i].type);

		TU_CHECK(k == cases[i].want, "case %zu: %s, want %s", i, tc_feed_kind_name(k),
			 tc_feed_kind_name(cases[i].want));
	}
}

/* Malformed and foreign input fails with a reason; a feed without items is no list;
 * an entity-bomb stays small (no entity substitution). */
static void test_bad(void)
{
	static const char *const bad[] = {
		"<rss><channel><item><title>x", "<html><body>no feed</body></html>",
		"{\"a\": 1}", "[1, 2", "not a feed at all",
	};
	const char *empty = "<rss version=\"2.0\"><channel><title>Nothing yet</title></channel></rss>";
	const char *bomb = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\">"
			   "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
			   "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
			   "<rss><channel><item><title>&c; – hosting – Ireland</title></item>"
			   "</channel></rss>";
	char *text = NULL, err[256];
	tc_subproc_list l = TC_SUBPROC_LIST_INIT;

	TU_CASE("malformed and foreign input");
	for (size_t i = 0; i < TC_ARRAY_LEN(bad); i++) {
		int rc = tc_subproc_feed_parse(gz, bad[i], strlen(bad[i]), &l, err, sizeof(err));

		TU_CHECK(rc == -1 && *err, "bad %zu accepted", i);
		TU_CHECK(l.nrows == 0, "bad %zu gave rows", i);
		tc_subproc_list_release(&l);
	}
	TU_INT(tc_subproc_feed_text(gz, empty, strlen(empty), TC_FEED_NONE, &text, err, sizeof(err)),
	       0);
	TU_STR(text, "# Nothing yet\n");
	free(text);
	TU_CASE("entity expansion");
	tc_subproc_feed_parse(gz, bomb, strlen(bomb), &l, err, sizeof(err));   /* 0 or -1 */
	TU_CHECK(l.nrows <= 1 && (l.nrows == 0 || strlen(l.rows[0].entity) <= 400),
		 "entities not expanded beyond the cell limit");
	tc_subproc_list_release(&l);
	TU_CASE("no gazetteer");
	TU_INT(tc_subproc_feed_parse(NULL, empty, strlen(empty), &l, err, sizeof(err)), -1);
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
	test_feeds();
	test_text();
	test_sniff();
	test_bad();
	tc_gazetteer_free(gz);
	free(path);
	return TU_END("test_subproc_feed");
}

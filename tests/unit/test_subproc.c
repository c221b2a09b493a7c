/* link: util gazetteer subproc */
/* Sub-processor tables: header synonyms, several tables, multi-country cells, PDF
 * artefacts, entity matching and the row diff, on fixtures in five real shapes; and
 * lists that are not tables (cards, card grids, definition lists, a heading per
 * entity, one-line entries, a short 2-row list), each with added and removed rows. */
#include <stdlib.h>
#include <string.h>

#include "tiacheck/subproc.h"
#include "tiacheck/util.h"
#include "tu.h"

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

static void parse(const char *text, tc_subproc_list *l)
{
	char err[256];

	TU_INT(tc_subproc_parse(gz, text, l, err, sizeof(err)), 0);
}

static void add_list(tc_buf *b, char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		tc_buf_printf(b, "%s%s", i ? "," : "", v[i]);
}

/* "entity[countries|corp]" for every row, joined by "; ". */
static char *rows_str(const tc_subproc_list *l)
{
	tc_buf b = TC_BUF_INIT;

	for (size_t i = 0; i < l->nrows; i++) {
		tc_buf_printf(&b, "%s%s[", i ? "; " : "", l->rows[i].entity);
		add_list(&b, l->rows[i].countries, l->rows[i].ncountries);
		tc_buf_adds(&b, "|");
		add_list(&b, l->rows[i].corp_countries, l->rows[i].ncorp);
		tc_buf_adds(&b, "]");
	}
	return tc_buf_detach(&b);
}

/* "kind:entity:before>after" for every change, joined by "; ". */
static char *changes_str(const char *v1, const char *v2)
{
	tc_subproc_list a = TC_SUBPROC_LIST_INIT, b = TC_SUBPROC_LIST_INIT;
	tc_subproc_changes c = TC_SUBPROC_CHANGES_INIT;
	tc_buf out = TC_BUF_INIT;
	char *t1 = fixture(v1), *t2 = fixture(v2);

	parse(t1, &a);
	parse(t2, &b);
	tc_subproc_diff(&a, &b, &c);
	for (size_t i = 0; i < c.n; i++) {
		tc_buf_printf(&out, "%s%s:%s:", i ? "; " : "", tc_subproc_change_kind_name(c.v[i].kind),
			      c.v[i].entity);
		add_list(&out, c.v[i].before, c.v[i].nbefore);
		tc_buf_adds(&out, ">");
		add_list(&out, c.v[i].after, c.v[i].nafter);
		TU_CHECK((c.v[i].kind == TC_SPC_ADDED) == (c.v[i].old_row == NULL), "old row");
		TU_CHECK((c.v[i].kind == TC_SPC_REMOVED) == (c.v[i].new_row == NULL), "new row");
	}
	tc_subproc_changes_release(&c);
	tc_subproc_list_release(&a);
	tc_subproc_list_release(&b);
	free(t1);
	free(t2);
	return tc_buf_detach(&out);
}

static void test_google(void)
{
	tc_subproc_list l = TC_SUBPROC_LIST_INIT;
	char *t = fixture("google-v1.txt"), *s;

	parse(t, &l);
	TU_INT(l.ntables, 1);
	TU_INT(l.nrows, 5);
	s = rows_str(&l);
	/* the registered address is corporate; "CA 94043" is not Canada */
	TU_STR(s, "Example LLC[US|US]; Example Ireland Limited[IE|IE]; "
		  "Example Asia Pacific Pte. Ltd.[SG|SG]; Northwind Data Centers B.V.[NL|NL]; "
		  "Example LLC[US|US]");
	free(s);
	if (l.nrows == 5) {
		TU_STR(l.rows[0].purpose, "Workspace; Data center operations");
		TU_STR(l.rows[0].location, "United States");
		TU_STR(l.rows[0].key, "example");
		TU_STR(l.rows[2].key, "example asia pacific");
		TU_INT(l.rows[0].line, 7);
		TU_CHECK(l.rows[0].mechanism == NULL, "no mechanism column");
	}
	tc_subproc_list_release(&l);
	free(t);

	s = changes_str("google-v1.txt", "google-v2.txt");
	TU_STR(s, "location_changed:Example Ireland Limited:IE>IE,IN; "
		  "reworded:Example Asia Pacific Pte. Ltd.:SG>SG; "
		  "added:Acme Support Services Pvt. Ltd.:>IN; "
		  "removed:Northwind Data Centers B.V.:NL>");
	free(s);
}

static void test_slack(void)
{
	tc_subproc_list l = TC_SUBPROC_LIST_INIT;
	char *t = fixture("slack-v2.txt"), *s;

	parse(t, &l);
	TU_INT(l.ntables, 3);   /* the cookie table is not one */
	s = rows_str(&l);
	TU_STR(s, "Amazon Web Services Inc[US,IE,DE,JP|]; Cloudflare, Inc.[WORLD|]; "
		  "Zendesk, Inc.[US,EU|]; Lingua Translations Ltd[GB,PH|]; "
		  "Helpdesk Outsourcing Corp.[PH,IN|]; Model Provider, LLC[CUSTOMER,EU,US|]");
	free(s);
	if (l.nrows == 6) {
		TU_INT(l.rows[2].table, 1);
		TU_INT(l.rows[5].table, 2);
	}
	tc_subproc_list_release(&l);
	free(t);

	s = changes_str("slack-v1.txt", "slack-v2.txt");
	TU_STR(s, "location_changed:Amazon Web Services Inc:US,IE,DE>US,IE,DE,JP; "
		  "reworded:Lingua Translations Ltd:GB,PH>GB,PH; "
		  "added:Helpdesk Outsourcing Corp.:>PH,IN; "
		  "added:Model Provider, LLC:>CUSTOMER,EU,US");
	free(s);
}

static void test_zoom(void)
{
	tc_subproc_list l = TC_SUBPROC_LIST_INIT;
	char *t = fixture("zoom-v1.txt"), *s;

	parse(t, &l);
	TU_INT(l.nrows, 3);
	if (l.nrows == 3) {
		TU_STR(l.rows[0].mechanism, "EU-U.S. Data Privacy Framework; Encryption in transit and at rest");
		TU_STR(l.rows[1].mechanism, "Standard Contractual Clauses; Encryption at rest");
		TU_STR(l.rows[0].purpose, "Provision of the services");
	}
	s = rows_str(&l);
	TU_STR(s, "Example Video Communications, Inc.[US|]; Kangaroo Media Pty Ltd[AU|]; "
		  "Oracle America, Inc.[US,WORLD|]");
	free(s);
	tc_subproc_list_release(&l);
	free(t);

	s = changes_str("zoom-v1.txt", "zoom-v2.txt");
	TU_STR(s, "reworded:Kangaroo Media Pty Ltd:AU>AU; "
		  "added:Example AI Labs Inc.:>US; "
		  "removed:Oracle America, Inc.:US,WORLD>");
	free(s);
}

static void test_markdown_sv(void)
{
	tc_subproc_list l = TC_SUBPROC_LIST_INIT;
	char *t = fixture("markdown-v1.txt"), *s;

	parse(t, &l);
	s = rows_str(&l);
	TU_STR(s, "Hetzner Online GmbH[DE|]; Postmark (ActiveCampaign, LLC)[US|]");
	free(s);
	if (l.nrows == 2) {
		TU_STR(l.rows[0].purpose, "Drift av servrar");
		TU_STR(l.rows[1].mechanism, "EU-US Data Privacy Framework");
		TU_STR(l.rows[1].key, "postmark");
	}
	tc_subproc_list_release(&l);
	free(t);

	s = changes_str("markdown-v1.txt", "markdown-v2.txt");
	TU_STR(s, "location_changed:Hetzner Online GmbH:DE>DE,FI; added:Exempel Support AB:>SE");
	free(s);
}

static void test_pdf(void)
{
	tc_subproc_list l = TC_SUBPROC_LIST_INIT;
	char *t = fixture("pdf-v1.txt"), *s;

	parse(t, &l);
	TU_INT(l.ntables, 1);
	s = rows_str(&l);   /* the repeated header after the page break is skipped */
	TU_STR(s, "Accent Staffing LLP[|US]; Example Global Services Sp. z o.o.[|PL]; "
		  "Example Software Ltd.[|IE]; Example Operations Ireland Limited[|IE]");
	free(s);
	if (l.nrows == 4) {
		TU_STR(l.rows[0].corporate, "United States");
		TU_CHECK(l.rows[0].location == NULL, "no processing location column");
	}
	tc_subproc_list_release(&l);
	free(t);

	s = changes_str("pdf-v1.txt", "pdf-v2.txt");
	TU_STR(s, "added:Example Workforce India Private Limited:>");
	free(s);
}

static void test_headers_and_keys(void)
{
	static const struct { const char *text, *want; } cases[] = {
		/* header synonyms: entity + purpose or location needed */
		{ "| Sub-processor name | Country |\n| --- | --- |\n| A Ltd | IN |\n", "A Ltd[IN|]" },
		{ "| Vendor | Function | Data location |\n| --- | --- | --- |\n| B | Mail | EU |\n",
		  "B[EU|]" },
		{ "| Leverantör | Tjänst | Land |\n| --- | --- | --- |\n| C AB | E-post | Sverige, Norge |\n",
		  "C AB[SE,NO|]" },
		{ "| Unterauftragsverarbeiter | Zweck | Standort |\n| --- | --- | --- |\n"
		  "| D GmbH | Hosting | Deutschland und Österreich |\n", "D GmbH[DE,AT|]" },
		{ "| Sous-traitant | Finalité | Pays |\n| --- | --- | --- |\n"
		  "| E SAS | Hébergement | France, États-Unis |\n", "E SAS[FR,US|]" },
		{ "| Provider | Service | Headquarters | Processing location |\n| --- | --- | --- | --- |\n"
		  "| F Inc | CRM | USA | EU/EES |\n", "F Inc[EEA|US]" },
		{ "| Company | Entity country | Description |\n| --- | --- | --- |\n"
		  "| G | IT | Helpdesk |\n", "G[|IT]" },
		{ "| Name | Location |\n| --- | --- |\n| H | depending on customer's region |\n",
		  "H[CUSTOMER|]" },
		{ "| Name | Countries |\n| --- | --- |\n| [I \\| J](https://i.example) | US; UK & IN |\n",
		  "I | J[US,GB,IN|]" },
		/* not sub-processor tables */
		{ "| Name | Email |\n| --- | --- |\n| DPO | dpo@example.com |\n", "" },
		{ "| Cookie | Purpose |\n| --- | --- |\n| _ga | Analytics |\n", "" },
		{ "| Entity | Location |\n| A | US |\n", "" },   /* no separator */
		/* two tables back to back */
		{ "| Entity | Location |\n| --- | --- |\n| K | US |\n| Vendor | Country |\n| --- | --- |\n"
		  "| L | IN |\n", "K[US|]; L[IN|]" },
	};
	for (size_t i = 0; i < TC_ARRAY_LEN(cases); i++) {
		tc_subproc_list l = TC_SUBPROC_LIST_INIT;
		char *s;

		parse(cases[i].text, &l);
		s = rows_str(&l);
		TU_STR(s, cases[i].want);
		free(s);
		tc_subproc_list_release(&l);
	}

	{
		static const struct { const char *name, *key; } keys[] = {
			{ "Amazon Web Services, Inc.", "amazon web services" },
			{ "Amazon Web Services Inc", "amazon web services" },
			{ "[Stripe, Inc.](https://stripe.com)", "stripe" },
			{ "Postmark (ActiveCampaign, LLC)", "postmark" },
			{ "The Rocket Science Group LLC", "rocket science group" },
			{ "Brevo SAS", "brevo" },
			{ "Zoom Video Communications, Inc.", "zoom video communications" },
			{ "Elastic N.V.", "elastic" },
			{ "Microsoft Ireland Operations Limited", "microsoft ireland operations" },
			{ "Atlassian Pty Ltd", "atlassian" },
			{ "Företaget Åström AB (publ)", "företaget åström" },
			{ "Inc", "inc" },
		};
		for (size_t i = 0; i < TC_ARRAY_LEN(keys); i++) {
			char *k = tc_subproc_entity_key(keys[i].name);

			TU_STR(k, keys[i].key);
			free(k);
		}
	}
	{
		tc_subproc_list l = TC_SUBPROC_LIST_INIT;
		char err[128];

		TU_INT(tc_subproc_parse(NULL, "x", &l, err, sizeof(err)), -1);
		TU_INT(tc_subproc_parse(gz, NULL, &l, err, sizeof(err)), 0);
		TU_INT(l.nrows, 0);
	}
}

/* One layout: the rows of v1 and the changes from v1 to v2. */
static void layout_case(const char *name, const char *rows_want, const char *changes_want,
			enum tc_subproc_layout layout)
{
	char *f1 = tc_xasprintf("%s-v1.txt", name), *f2 = tc_xasprintf("%s-v2.txt", name);
	char *t = fixture(f1), *s;
	tc_subproc_list l = TC_SUBPROC_LIST_INIT;
	int same_layout = 1;

	TU_CASE(name);
	parse(t, &l);
	s = rows_str(&l);
	TU_STR(s, rows_want);
	for (size_t i = 0; i < l.nrows; i++)
		same_layout &= l.rows[i].layout == layout && l.rows[i].line_end >= l.rows[i].line;
	TU_CHECK(same_layout, "%s: layout and lines", name);
	free(s);
	s = changes_str(f1, f2);
	TU_STR(s, changes_want);
	free(s);
	tc_subproc_list_release(&l);
	free(t);
	free(f1);
	free(f2);
}

static void test_layouts(void)
{
	/* class-soup cards: name, a dot line, purpose, an icon glued to the region */
	layout_case("cards", "Nimbus Compute, Inc.[US|]; Parcelpost Mail Ltd[IE|]; "
		    "Quillon Analytics GmbH[DE|]",
		    "location_changed:Quillon Analytics GmbH:DE>DE,IN; "
		    "added:Inferix Labs, Inc.:>US; removed:Parcelpost Mail Ltd:IE>",
		    TC_SUBPROC_BLOCKS);
	/* a trust-centre card grid: a heading per card, purpose and region lines */
	layout_case("grid", "Brightwave Hosting B.V.[NL,DE|]; Tallyhook Payments Inc.[US|]; "
		    "Corvid Support Oy[FI|]",
		    "added:Helmsman Translate Ltd:>GB; removed:Tallyhook Payments Inc.:US>",
		    TC_SUBPROC_BLOCKS);
	/* a definition list with labelled fields */
	layout_case("dl", "Nimbus Compute, Inc.[US|]; Parcelpost Mail Ltd[IE|]; "
		    "Quillon Analytics GmbH[DE|]",
		    "added:Corvid Support Oy:>FI; removed:Parcelpost Mail Ltd:IE>",
		    TC_SUBPROC_BLOCKS);
	/* a heading per entity, then "Purpose:" and "Location:" paragraphs */
	layout_case("headings", "Nimbus Compute, Inc.[US|]; Parcelpost Mail Ltd[IE|]; "
		    "Quillon Analytics GmbH[DE|]",
		    "added:Tallyhook Payments Inc.:>US,CA; removed:Nimbus Compute, Inc.:US>",
		    TC_SUBPROC_BLOCKS);
	/* list items with en dashes, pipes, commas and em dashes */
	layout_case("bullets", "Nimbus Compute, Inc.[US|]; Parcelpost Mail Ltd[IE|]; "
		    "Quillon Analytics GmbH[DE|]; Corvid Support Oy[FI|]",
		    "added:Inferix Labs, Inc.:>US; removed:Parcelpost Mail Ltd:IE>",
		    TC_SUBPROC_ITEMS);
	/* a real small vendor's list: two rows, under 200 characters */
	layout_case("short", "Nimbus Compute, Inc.[US|]; Parcelpost Mail Ltd[IE|]",
		    "added:Corvid Support Oy:>FI; removed:Parcelpost Mail Ltd:IE>", TC_SUBPROC_ITEMS);
}

/* Blocks without separators, headings or labels: name, purpose, region repeated. */
static void test_periodic(void)
{
	const char *t = "# Subprocessors\nThe companies below process data for us.\n"
			"Nimbus Compute\nHosting\nUnited States\n"
			"Parcelpost Mail\nE-mail delivery\nIreland\n"
			"Quillon Analytics\nAnalytics\nGermany\n";
	tc_subproc_list l = TC_SUBPROC_LIST_INIT;
	char *s;

	TU_CASE("periodic blocks");
	parse(t, &l);
	s = rows_str(&l);
	TU_STR(s, "Nimbus Compute[US|]; Parcelpost Mail[IE|]; Quillon Analytics[DE|]");
	if (l.nrows == 3) {
		TU_STR(l.rows[1].purpose, "E-mail delivery");
		TU_INT(l.rows[1].line, 6);
		TU_INT(l.rows[1].line_end, 8);
	}
	free(s);
	tc_subproc_list_release(&l);
}

/* Prose never becomes rows: addresses with commas, a heading over a contact block,
 * dashes in sentences, and a page that is not about sub-processors at all. */
static void test_not_lists(void)
{
	static const char *const texts[] = {
		"# Sub-processors\n## Contact\nWrite to our privacy team about the list.\n"
		"Example Ltd\n1 Main Street, Dublin 2, D02 XY00\nIreland\n",
		"# Sub-processors\nWe may use Example Ltd, for support, in Ireland.\n"
		"Our office - the one in Stockholm - is in Sweden.\n",
		"# Privacy\n- Nimbus Compute - Hosting - United States\n"
		"- Parcelpost Mail - E-mail - Ireland\n",
		"# Sub-processors\nCC: Example BV, Main Street, The Netherlands\n"
		"Postal: 24161 Town, Germany\n",
		/* one entry or one record alone: a clause reference, a party block */
		"# Processor terms\n- Standard Contractual Clauses - Module 2 - European Union\n"
		"The processor shall assist the controller.\n",
		"# Annex I\n### Data importer\nActivities: hosting for the controller\n"
		"Location: United States\n## Annex II\nMeasures of the processor.\n",
	};

	TU_CASE("prose is no list");
	for (size_t i = 0; i < TC_ARRAY_LEN(texts); i++) {
		tc_subproc_list l = TC_SUBPROC_LIST_INIT;
		char *s;

		parse(texts[i], &l);
		s = rows_str(&l);
		TU_CHECK(l.nrows == 0, "text %zu gave rows: %s", i, s);
		free(s);
		tc_subproc_list_release(&l);
	}
}

/* Every row field of a list, for comparing two parses. */
static char *rows_full(const tc_subproc_list *l)
{
	tc_buf b = TC_BUF_INIT;

	for (size_t i = 0; i < l->nrows; i++) {
		const tc_subproc_row *r = &l->rows[i];

		tc_buf_printf(&b, "%s|%s|%s|%s|%s|%s|%s|%zu-%zu|%zu|%d|", r->entity, r->key,
			      r->purpose ? r->purpose : "-", r->location ? r->location : "-",
			      r->corporate ? r->corporate : "-", r->mechanism ? r->mechanism : "-",
			      r->raw, r->line, r->line_end, r->table, (int)r->layout);
		add_list(&b, r->countries, r->ncountries);
		tc_buf_adds(&b, "|");
		add_list(&b, r->corp_countries, r->ncorp);
		tc_buf_adds(&b, "\n");
	}
	tc_buf_printf(&b, "tables %zu", l->ntables);
	return tc_buf_detach(&b);
}

/* tc_subproc_parse_folded (the caller's fold, or none) reads what tc_subproc_parse
 * reads. */
static void test_folded(void)
{
	static const char *const names[] = {
		"google-v1.txt", "slack-v2.txt", "zoom-v1.txt", "cards-v1.txt", "dl-v2.txt",
		"headings-v2.txt", "bullets-v1.txt", "grid-v2.txt", "markdown-v1.txt", "pdf-v2.txt",
	};

	TU_CASE("a folded text parses the same");
	for (size_t i = 0; i < TC_ARRAY_LEN(names); i++) {
		char *text = fixture(names[i]), *fold = tc_gz_fold_dup(text, strlen(text));
		tc_subproc_list a = TC_SUBPROC_LIST_INIT, b = TC_SUBPROC_LIST_INIT;
		tc_subproc_list c = TC_SUBPROC_LIST_INIT;
		char err[256], *sa, *sb, *sc;

		parse(text, &a);
		TU_INT(tc_subproc_parse_folded(gz, text, fold, &b, err, sizeof(err)), 0);
		TU_INT(tc_subproc_parse_folded(gz, text, NULL, &c, err, sizeof(err)), 0);
		sa = rows_full(&a);
		sb = rows_full(&b);
		sc = rows_full(&c);
		TU_CHECK(a.nrows > 0, "%s: rows", names[i]);
		TU_CHECK(strcmp(sa, sb) == 0 && strcmp(sa, sc) == 0, "%s: parses differ", names[i]);
		free(sa);
		free(sb);
		free(sc);
		tc_subproc_list_release(&a);
		tc_subproc_list_release(&b);
		tc_subproc_list_release(&c);
		free(fold);
		free(text);
	}
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
	test_google();
	test_slack();
	test_zoom();
	test_markdown_sv();
	test_pdf();
	test_headers_and_keys();
	test_layouts();
	test_periodic();
	test_not_lists();
	test_folded();
	tc_gazetteer_free(gz);
	free(path);
	return TU_END("test_subproc");
}

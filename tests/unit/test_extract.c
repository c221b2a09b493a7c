/* Unit tests of extract: every rule on our own fixtures (tests/fixtures/extract). */
/* link: util utf8 extract extract_html extract_pdf gazetteer subproc subproc_feed */
#include <stdlib.h>
#include <string.h>

#include "tiacheck/catalog.h"
#include "tiacheck/extract.h"
#include "tiacheck/utf8.h"
#include "tiacheck/util.h"
#include "tu.h"

/* A sentence long enough that a page holding it passes the minimum size rule. */
#define FILLER "<p>This paragraph is filler text that makes the document long enough to " \
	"count as a real document and not as a tiny page, so that the rule under test is " \
	"what decides the output of the extraction in this case.</p>"
#define FILLER_TEXT "This paragraph is filler text that makes the document long enough to " \
	"count as a real document and not as a tiny page, so that the rule under test is " \
	"what decides the output of the extraction in this case.\n"

static char *fixture(const char *name, size_t *len)
{
	const char *top = getenv("TC_TOP");
	char *path = tc_xasprintf("%s/tests/fixtures/extract/%s", top ? top : ".", name);
	tc_buf b = TC_BUF_INIT;
	char err[256];

	if (tc_read_file(path, 1 << 24, &b, err, sizeof(err)) < 0) {
		printf("cannot read fixture: %s\n", err);
		free(path);
		*len = 0;
		return tc_xstrdup("");
	}
	free(path);
	*len = b.len;
	return tc_buf_detach(&b);
}

/* Extract s as HTML (or by opts); returns an owned copy of the text, or of
 * "[status]" when not OK. */
static char *ex_opts(const char *s, size_t n, const tc_extract_opts *o)
{
	tc_extract_result r;
	char *out;

	tc_extract(s, n, o, &r);
	out = r.status == TC_EX_OK ? tc_xstrdup(r.text) :
	      tc_xasprintf("[%s]", tc_extract_status_name(r.status));
	tc_extract_result_release(&r);
	return out;
}

static char *ex(const char *html)
{
	return ex_opts(html, strlen(html), NULL);
}

static char *ex_file(const char *name, const tc_extract_opts *o)
{
	size_t n;
	char *s = fixture(name, &n), *out = ex_opts(s, n, o);

	free(s);
	return out;
}

#define EXPECT(got_expr, want)                  \
	do {                                    \
		char *g_ = (got_expr);          \
		TU_STR(g_, want);               \
		free(g_);                       \
	} while (0)

static void test_full_page(void)
{
	size_t n;
	char *s = fixture("dpa_page.html", &n);
	tc_extract_result r;

	TU_INT(tc_extract(s, n, NULL, &r), 0);
	TU_STR(r.text,
	       "# Data Processing Addendum\n"
	       "Last updated: 2025-12-01\n"
	       "This Data Processing Addendum (\xe2\x80\x9c" "DPA\xe2\x80\x9d) forms part of the agreement "
	       "between Acme Cloud AB and the Customer. It governs the profiling-free processing of "
	       "personal data on the Customer\xe2\x80\x99s behalf.\n"
	       "## 1. Sub-processors\n"
	       "Acme engages the sub-processors listed below. See the [DPF list](https://www.example.org/dpf/list?id=42) and our security page.\n"
	       "| Entity | Purpose | Location |\n"
	       "| --- | --- | --- |\n"
	       "| Example Cloud Ltd | Hosting | Ireland |\n"
	       "| Mail \\| Corp | Email delivery | United States |\n"
	       "## 2. Transfers\n"
	       "- Standard Contractual Clauses apply.\n"
	       "- Transfers to:\n"
	       "- the United States\n"
	       "- India\n"
	       "### Cookies\n"
	       "We set cookies only as described in the Cookie Policy.\n"
	       "Contact dpo@acme.example or write to [our office](https://acme.example/contact).\n"
	       "line one\n"
	       "line two\n");
	TU_STR(r.title, "Data Processing Addendum | Acme Cloud");
	TU_INT(r.len, strlen(r.text));
	tc_extract_result_release(&r);
	free(s);
}

static void test_noise_pair(void)
{
	char *a = ex_file("noise_a.html", NULL), *b = ex_file("noise_b.html", NULL);

	TU_STR(a, b);
	TU_STR(a, "# Privacy Notice\n"
		  "Example Shop AB (\xe2\x80\x9cwe\xe2\x80\x9d) processes personal data about customers and "
		  "visitors. This notice explains which data we collect, why, for how long we keep it, "
		  "and which rights you have under the GDPR.\n"
		  "## Recipients\n"
		  "We share data with our payment provider and our hosting provider. Read the "
		  "[payment provider's notice](https://payments.example.com/privacy).\n"
		  "Questions: contact us. Updated 2026-03-03.\n");
	free(a);
	free(b);
}

static void test_statuses(void)
{
	static const struct {
		const char *file;
		const char *want;
	} cases[] = {
		{ "challenge_cloudflare.html", "[challenge]" },
		{ "challenge_captcha.html", "[challenge]" },
		{ "challenge_redirect.html", "[challenge]" },
		{ "consent_wall.html", "[consent_wall]" },
		{ "consent_banner_only.html", "[consent_wall]" },
		{ "empty.html", "[empty]" },
		{ "tiny.html", "[too_small]" },
	};
	tc_extract_result r;

	for (size_t i = 0; i < TC_ARRAY_LEN(cases); i++)
		EXPECT(ex_file(cases[i].file, NULL), cases[i].want);
	/* a long policy that mentions captcha and cookies is a document */
	{
		char *doc = ex("<html><body><h1>Privacy</h1><p>We use reCAPTCHA to protect forms and "
			       "cookies to remember your choices; accept all or reject all in the "
			       "settings.</p>" FILLER FILLER FILLER FILLER FILLER FILLER FILLER FILLER
			       FILLER FILLER FILLER FILLER FILLER FILLER FILLER FILLER "</body></html>");

		TU_CHECK(tc_startswith(doc, "# Privacy\n"), "long page is a document: %.40s", doc);
		free(doc);
	}
	/* failures come with a detail and an empty text */
	tc_extract("<html><title>Just a moment...</title></html>", 44, NULL, &r);
	TU_INT(r.status, TC_EX_CHALLENGE);
	TU_STR(r.text, "");
	TU_CHECK(r.detail[0] != '\0', "detail is set");
	tc_extract_result_release(&r);
	TU_INT(tc_extract("", 0, NULL, &r), -1);
	TU_INT(r.status, TC_EX_EMPTY);
	tc_extract_result_release(&r);
	TU_INT(tc_extract("x", TC_EXTRACT_MAX_INPUT + 1, NULL, &r), -1);
	TU_INT(r.status, TC_EX_BAD_INPUT);
	tc_extract_result_release(&r);
	TU_STR(tc_extract_status_name(TC_EX_OK), "ok");
	TU_STR(tc_extract_status_name(TC_EX_CONSENT_WALL), "consent_wall");
	TU_STR(tc_extract_status_name(TC_EX_NO_MATCH), "no_match");
	TU_STR(tc_extract_status_name((enum tc_extract_status)99), "unknown");
}

static void test_broken_markup(void)
{
	EXPECT(ex_file("broken.html", NULL),
	       "First paragraph of the terms, never closed\n"
	       "Second paragraph with bold and italic text that the parser must recover from.\n"
	       "| Provider A | Sweden |\n"
	       "| --- | --- |\n"
	       "| Provider B | Germany |\n"
	       "- item one\n"
	       "- item two\n"
	       "Unclosed span and div at the end of a document that is long enough to be "
	       "accepted as a real document by the minimum size rule.\n");
}

static void test_pdf(void)
{
	size_t n;
	char *s = fixture("subprocessors.pdf", &n);
	tc_extract_result r;
	tc_extract_opts o = { 0 };

	TU_INT(tc_extract(s, n, NULL, &r), 0);
	TU_STR(r.text, "Acme Sub-processor List\n"
		       "Acme uses the following sub-processors to provide the service.\n"
		       "| Entity | Purpose | Location |\n"
		       "| --- | --- | --- |\n"
		       "| Example Cloud Ltd | Hosting | Ireland |\n"
		       "| Mail Corp | Email delivery | United States |\n"
		       "This list was last updated on 2026-03-01 and applies to all customers.\n");
	TU_STR(r.title, "Acme sub-processors");
	tc_extract_result_release(&r);
	/* by content type too; and a PDF content type on bytes that are not a PDF */
	o.content_type = "application/pdf";
	TU_INT(tc_extract(s, n, &o, &r), 0);
	tc_extract_result_release(&r);
	tc_extract("<html>not a pdf</html>", 22, &o, &r);
	TU_INT(r.status, TC_EX_BAD_INPUT);
	tc_extract_result_release(&r);
	free(s);
}

static void test_formats(void)
{
	tc_extract_opts o = { 0 };
	const char *txt = "  Plain\xc2\xa0text  policy \r\n\r\n# Heading kept as written\n"
			  "Second\tline of the plain text document, long enough to pass the "
			  "minimum size rule of the extractor, which wants two hundred characters "
			  "of text at least, and this sentence makes sure of it.\n";
	tc_extract_result r;

	o.content_type = "text/plain; charset=utf-8";
	EXPECT(ex_opts(txt, strlen(txt), &o),
	       "Plain text policy\n# Heading kept as written\nSecond line of the plain text "
	       "document, long enough to pass the minimum size rule of the extractor, which "
	       "wants two hundred characters of text at least, and this sentence makes sure of it.\n");
	o.content_type = "text/markdown";
	EXPECT(ex_opts(txt, strlen(txt), &o),
	       "Plain text policy\n# Heading kept as written\nSecond line of the plain text "
	       "document, long enough to pass the minimum size rule of the extractor, which "
	       "wants two hundred characters of text at least, and this sentence makes sure of it.\n");
	/* opts->format wins over the content type */
	o.content_type = "text/html";
	o.format = TC_FMT_TEXT;
	EXPECT(ex_opts("<p>" FILLER_TEXT, strlen("<p>" FILLER_TEXT), &o), "<p>" FILLER_TEXT);
	o.format = 0;
	/* sniffing without a content type */
	EXPECT(ex("<!doctype html><p>" FILLER_TEXT "</p>"), FILLER_TEXT);
	EXPECT(ex(FILLER_TEXT), FILLER_TEXT);
	o.content_type = "image/png";
	tc_extract("\x89PNG....", 8, &o, &r);
	TU_INT(r.status, TC_EX_UNSUPPORTED);
	tc_extract_result_release(&r);
}

static void test_normalise(void)
{
	tc_buf b = TC_BUF_INIT;
	const char *in =
		"  a\xc2\xa0" "b\xe2\x80\xaf" "c\xe2\x80\x89" "d\xe3\x80\x80" "e "          /* spaces */
		"so\xc2\xad" "ft zero\xe2\x80\x8bwidth jo\xe2\x80\x8din\xef\xbb\xbf" "ed "  /* invisible */
		"\xef\xac\x81le \xef\xac\x82ow \xef\xac\x80 "                              /* ligatures */
		"\xef\xbc\xa1\xef\xbc\xa2\xef\xbc\xa3\xef\xbc\x91\xef\xbc\x92 "            /* fullwidth */
		"ctl\x01\x7f\xc2\x85x "                                                    /* controls */
		"wait\xe2\x80\xa6 non\xe2\x80\x91" "breaking "
		"\xe2\x80\x9cquotes\xe2\x80\x9d \t\n ";

	TU_INT(tc_extract_normalise_inline(&b, in, strlen(in)), 0);
	TU_STR(tc_buf_str(&b), "a b c d e soft zerowidth joined file flow ff ABC12 ctlx "
			       "wait... non-breaking \xe2\x80\x9cquotes\xe2\x80\x9d");
	tc_buf_release(&b);
	/* the same in a page, with entities */
	EXPECT(ex("<p>Data&nbsp;&nbsp;pro&shy;cessing&#8203; &#xFB01;les&#x200C; &#65313;&#65314;</p>" FILLER),
	       "Data processing files AB\n" FILLER_TEXT);
}

static void test_charsets(void)
{
	tc_extract_opts o = { 0 };
	char *s;

	/* meta charset */
	EXPECT(ex("<html><head><meta charset=\"iso-8859-1\"></head><body><p>Caf\xe9 "
		  "och \xe5terf\xf6rs\xe4ljare</p>" FILLER "</body></html>"),
	       "Caf\xc3\xa9 och \xc3\xa5terf\xc3\xb6rs\xc3\xa4ljare\n" FILLER_TEXT);
	/* http-equiv, windows-1252 specials */
	EXPECT(ex("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
		  "charset=windows-1252\"></head><body><p>\x93Price\x94 \x80" "5</p>" FILLER "</body></html>"),
	       "\xe2\x80\x9cPrice\xe2\x80\x9d \xe2\x82\xac" "5\n" FILLER_TEXT);
	/* the Content-Type header wins over the meta */
	o.content_type = "text/html; charset=ISO-8859-1";
	s = "<html><head><meta charset=\"utf-8\"></head><body><p>Gr\xfc\xdf" "e</p>" FILLER "</body></html>";
	EXPECT(ex_opts(s, strlen(s), &o), "Gr\xc3\xbc\xc3\x9f" "e\n" FILLER_TEXT);
	/* UTF-8 BOM, no declaration */
	EXPECT(ex("\xef\xbb\xbf<html><body><p>\xc3\x85" "ngstr\xc3\xb6m</p>" FILLER "</body></html>"),
	       "\xc3\x85ngstr\xc3\xb6m\n" FILLER_TEXT);
	/* undeclared Latin-1 body (not UTF-8 at all) */
	EXPECT(ex("<html><body><p>V\xe4lkommen till v\xe5r tj\xe4nst</p>" FILLER "</body></html>"),
	       "V\xc3\xa4lkommen till v\xc3\xa5r tj\xc3\xa4nst\n" FILLER_TEXT);
	/* mostly UTF-8 with one stray byte: replacement character */
	EXPECT(ex("<html><body><p>M\xc3\xbcnchen \xff ok</p>" FILLER "</body></html>"),
	       "M\xc3\xbcnchen \xef\xbf\xbd ok\n" FILLER_TEXT);
	/* UTF-16LE with BOM */
	{
		const char *ascii = "<html><body><p>Sixteen bits</p>" FILLER "</body></html>";
		size_t n = strlen(ascii);
		char *u16 = tc_xmalloc(2 * n + 2);

		u16[0] = (char)0xff;
		u16[1] = (char)0xfe;
		for (size_t i = 0; i < n; i++) {
			u16[2 + 2 * i] = ascii[i];
			u16[3 + 2 * i] = 0;
		}
		EXPECT(ex_opts(u16, 2 * n + 2, NULL), "Sixteen bits\n" FILLER_TEXT);
		free(u16);
	}
}

static void test_hostile_input(void)
{
	/* NUL bytes inside the markup */
	{
		static const char nul[] = "<html><body><p>before\0after</p>" FILLER "</body></html>";

		EXPECT(ex_opts(nul, sizeof(nul) - 1, NULL), "beforeafter\n" FILLER_TEXT);
	}
	/* deeply nested markup: bounded, no crash, text after it kept */
	{
		tc_buf b = TC_BUF_INIT;
		char *out;

		tc_buf_adds(&b, "<html><body>");
		for (int i = 0; i < 100000; i++)
			tc_buf_adds(&b, "<div>");
		tc_buf_adds(&b, "deep");
		for (int i = 0; i < 100000; i++)
			tc_buf_adds(&b, "</div>");
		tc_buf_adds(&b, FILLER "</body></html>");
		out = ex_opts(b.data, b.len, NULL);
		TU_CHECK(strstr(out, FILLER_TEXT) != NULL || strcmp(out, "[too_small]") == 0 ||
			 out[0] == '[', "deep nesting handled: %.60s", out);
		free(out);
		tc_buf_release(&b);
	}
	/* a huge attribute */
	{
		tc_buf b = TC_BUF_INIT;

		tc_buf_adds(&b, "<html><body><div class=\"");
		for (int i = 0; i < 200000; i++)
			tc_buf_adds(&b, "cookie-x ");
		tc_buf_adds(&b, "\" data-x=\"");
		for (int i = 0; i < 2000000; i++)
			tc_buf_addc(&b, 'a');
		tc_buf_adds(&b, "\"><p>Attribute survived.</p>" FILLER "</div></body></html>");
		EXPECT(ex_opts(b.data, b.len, NULL), "Attribute survived.\n" FILLER_TEXT);
		tc_buf_release(&b);
	}
	/* a 1 MB single line */
	{
		tc_buf b = TC_BUF_INIT;
		tc_extract_result r;

		tc_buf_adds(&b, "<html><body><p>");
		for (int i = 0; i < (1 << 20); i++)
			tc_buf_addc(&b, (char)('a' + i % 26));
		tc_buf_adds(&b, "</p></body></html>");
		TU_INT(tc_extract(b.data, b.len, NULL, &r), 0);
		TU_INT(r.len, (1 << 20) + 1);
		TU_CHECK(r.len && strchr(r.text, '\n') == r.text + (1 << 20), "one line");
		tc_extract_result_release(&r);
		tc_buf_release(&b);
	}
}

static void test_xpath_rules(void)
{
	const char *page = "<html><body><div id=\"nav\">Menu</div><article><h1>Terms</h1>"
			   "<p class=\"promo\">Buy now!</p>" FILLER "</article><div class=\"x\">"
			   "<p>Outside text</p></div></body></html>";
	const char *sel[] = { "//article" }, *rem[] = { "//p[@class='promo']" };
	const char *none[] = { "//section[@id='nothing']" }, *bad[] = { "//[" };
	tc_extract_opts o = { 0 };
	tc_extract_result r;

	o.select = sel;
	o.nselect = 1;
	o.remove = rem;
	o.nremove = 1;
	EXPECT(ex_opts(page, strlen(page), &o), "# Terms\n" FILLER_TEXT);
	o.nremove = 0;
	EXPECT(ex_opts(page, strlen(page), &o), "# Terms\nBuy now!\n" FILLER_TEXT);
	o.select = none;
	tc_extract(page, strlen(page), &o, &r);
	TU_INT(r.status, TC_EX_NO_MATCH);
	tc_extract_result_release(&r);
	o.select = bad;
	tc_extract(page, strlen(page), &o, &r);
	TU_INT(r.status, TC_EX_BAD_INPUT);
	TU_CHECK(strstr(r.detail, "XPath") != NULL, "detail names XPath: %s", r.detail);
	tc_extract_result_release(&r);
	/* remove only: the usual rules apply to the rest (the article dominates) */
	o.nselect = 0;
	o.remove = rem;
	o.nremove = 1;
	EXPECT(ex_opts(page, strlen(page), &o), "# Terms\n" FILLER_TEXT);
}

static void test_main_content(void)
{
	/* <main> preferred over a big sidebar outside it */
	EXPECT(ex("<html><body><div class=\"sidebar\"><p>Latest news one</p><p>Latest news two</p>"
		  "</div><main><h1>Policy</h1>" FILLER "</main><div>Promo block</div></body></html>"),
	       "# Policy\n" FILLER_TEXT);
	/* role=main too */
	EXPECT(ex("<html><body><div>Outside</div><div role=\"main\"><h2>Policy</h2>" FILLER
		  "</div></body></html>"),
	       "## Policy\n" FILLER_TEXT);
	/* a dominant article when there is no main */
	EXPECT(ex("<html><body><div>Promo</div><article><h1>DPA</h1>" FILLER FILLER
		  "</article><div>Other</div></body></html>"),
	       "# DPA\n" FILLER_TEXT FILLER_TEXT);
	/* a <main> that holds little of the text is not preferred */
	EXPECT(ex("<html><body><main><p>" FILLER_TEXT "</p></main><div>" FILLER FILLER FILLER FILLER
		  FILLER "</div></body></html>"),
	       FILLER_TEXT FILLER_TEXT FILLER_TEXT FILLER_TEXT FILLER_TEXT FILLER_TEXT);
	/* header inside an article is content; the page header is not; headers/footers in
	 * sections stay */
	EXPECT(ex("<html><body><header>Site</header><div><section><header><h2>Intro</h2></header>"
		  FILLER "<footer>Section note</footer></section></div><footer>Copyright</footer>"
		  "</body></html>"),
	       "## Intro\n" FILLER_TEXT "Section note\n");
}

static void test_boilerplate(void)
{
	static const struct {
		const char *html;
		const char *want;
	} cases[] = {
		{ "<div id=\"CybotCookiebotDialog\">We use cookies</div>", "" },
		{ "<div class=\"didomi-popup\">Consent</div>", "" },
		{ "<div class=\"gdpr-banner\">GDPR</div>", "" },
		{ "<div class=\"cookie-notice-bar\">Cookies!</div>", "" },
		{ "<div aria-label=\"Cookie consent banner\">Cookies</div>", "" },
		{ "<section id=\"cookies\"><p>About cookies.</p></section>", "About cookies.\n" },
		{ "<div class=\"cookie-policy-text\"><p>Cookie policy.</p></div>", "Cookie policy.\n" },
		{ "<div role=\"dialog\">Sign up</div>", "" },
		{ "<div aria-modal=\"true\">Modal</div>", "" },
		{ "<div role=\"navigation\">Links</div>", "" },
		{ "<nav>Links</nav><aside>Aside</aside>", "" },
		{ "<div hidden=\"until-found\">Accordion body</div>", "Accordion body\n" },
		{ "<div style=\"DISPLAY : NONE\">x</div><div style=\"visibility: hidden\">y</div>", "" },
		{ "<button>Click</button><select><option>o</option></select><input value=\"v\">", "" },
		{ "<canvas>c</canvas><object>o</object><math>m</math><video>v</video>", "" },
	};

	for (size_t i = 0; i < TC_ARRAY_LEN(cases); i++) {
		char *html = tc_xasprintf("<html><body>%s" FILLER "</body></html>", cases[i].html);
		char *want = tc_xasprintf("%s" FILLER_TEXT, cases[i].want);

		EXPECT(ex(html), want);
		free(html);
		free(want);
	}
}

static void test_blocks(void)
{
	/* headings h1..h6, inner blocks stay on the heading's line */
	EXPECT(ex("<html><body><h1>A</h1><h2>B</h2><h3>C</h3><h4>D</h4><h5>E</h5><h6>F</h6>"
		  "<h2><span>3.</span><div>Title</div></h2>" FILLER "</body></html>"),
	       "# A\n## B\n### C\n#### D\n##### E\n###### F\n## 3. Title\n" FILLER_TEXT);
	/* list items, nested lists, paragraphs in items, br */
	EXPECT(ex("<html><body><ol><li><p>One</p></li><li>Two<ol><li>Two.a</li></ol></li></ol>"
		  "<p>Line<br>break</p>" FILLER "</body></html>"),
	       "- One\n- Two\n- Two.a\nLine\nbreak\n" FILLER_TEXT);
	/* single-column tables are not tables; nested tables make a layout table */
	EXPECT(ex("<html><body><table><tr><td>Only</td></tr><tr><td>Column</td></tr></table>"
		  "<table><tr><td><table><tr><td>x</td><td>y</td></tr></table></td><td>z</td></tr></table>"
		  FILLER "</body></html>"),
	       "Only\nColumn\n| x | y |\n| --- | --- |\nz\n" FILLER_TEXT);
	/* empty rows dropped, empty cells kept, br in a cell is a space, caption is a block */
	EXPECT(ex("<html><body><table><caption>Subs</caption><tr><th>A</th><th>B</th></tr>"
		  "<tr><td></td><td></td></tr><tr><td>1<br>2</td><td></td></tr></table>" FILLER
		  "</body></html>"),
	       "Subs\n| A | B |\n| --- | --- |\n| 1 2 | |\n" FILLER_TEXT);
	/* two tables each get their separator */
	EXPECT(ex("<html><body><table><tr><td>a</td><td>b</td></tr></table><table><tr><td>c</td>"
		  "<td>d</td></tr><tr><td>e</td><td>f</td></tr></table>" FILLER "</body></html>"),
	       "| a | b |\n| --- | --- |\n| c | d |\n| --- | --- |\n| e | f |\n" FILLER_TEXT);
}

static void test_links(void)
{
	tc_extract_opts o = { 0 };
	const char *page =
		"<html><body><p>"
		"<a href=\"https://example.com/dpa\">https://example.com/dpa</a> "
		"<a href=\"https://www.example.com/\">example.com</a> "
		"<a href=\"mailto:dpo@example.com\">dpo@example.com</a> "
		"<a href=\"mailto:dpo@example.com\">our DPO</a> "
		"<a href=\"javascript:void(0)\">script</a> "
		"<a href=\"#sec-2\">section 2</a> "
		"<a href=\"/terms\">terms</a> "
		"<a href=\"https://vendor.example/terms\">same host</a> "
		"<a href=\"https://other.example/a(b)?utm_source=x&sid=1&page=2&t0k=8f7e6d5c4b3a29180716\">other</a> "
		"<a href=\"https://other.example/x?_hsenc=p2&mc_cid=9&q=1#part\"><span>nested</span> text</a> "
		"<a href=\"https://other.example/y\"></a>"
		"<span class=\"__cf_email__\" data-cfemail=\"4232302b3423213b0223212f276c273a232f322e27\">[email protected]</span>"
		"</p>" FILLER "</body></html>";

	o.url = "https://vendor.example/legal/dpa";
	EXPECT(ex_opts(page, strlen(page), &o),
	       "https://example.com/dpa example.com dpo@example.com [our DPO](mailto:dpo@example.com) "
	       "script section 2 terms same host [other](https://other.example/a%28b%29?page=2) "
	       "[nested text](https://other.example/x?q=1#part) privacy@acme.example\n" FILLER_TEXT);
}

static void test_dates(void)
{
	EXPECT(ex("<html><body><p>Effective 1st of December, 2025; Dec. 1, 2025; 1 december 2025; "
		  "1. Dezember 2025; 12/01/2025; May 2025; Mar 32, 2025; 3 mars 2026.</p>" FILLER
		  "</body></html>"),
	       "Effective 2025-12-01; 2025-12-01; 2025-12-01; 2025-12-01; 12/01/2025; May 2025; "
	       "Mar 32, 2025; 2026-03-03.\n" FILLER_TEXT);
}

/* Count the lines of s that start with prefix. */
static size_t count_lines(const char *s, const char *prefix)
{
	size_t n = 0;

	for (const char *p = s; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		n += strncmp(p, prefix, strlen(prefix)) == 0;
	return n;
}

/* Issue 13: real pages that were failed by generic rules. */
static void test_real_web(void)
{
	tc_extract_opts o;
	tc_extract_result r;
	size_t n;
	char *page, *t;

	TU_CASE("a 32-row table page (generated classes, banner-like wrapper, captcha in scripts)");
	t = ex_file("subproc_table32.html", NULL);
	TU_CHECK(count_lines(t, "| ") == 34, "34 table lines (header, separator, 32 rows): %zu",
		 count_lines(t, "| "));
	TU_CHECK(strstr(t, "| Ember Captcha Ltd | Bot detection | United States |") != NULL,
		 "a captcha vendor in the list is a row, not a challenge");
	TU_CHECK(!strstr(t, "Footer links") && !strstr(t, "Home"), "page header and footer dropped");
	free(t);

	TU_CASE("the same page with an 11 MB JSON state blob before the list");
	page = fixture("subproc_table32.html", &n);
	{
		tc_buf b = TC_BUF_INIT;
		const char *body = strstr(page, "<body");

		tc_buf_init(&b, (size_t)64 << 20);
		tc_buf_add(&b, page, (size_t)(body - page));
		tc_buf_adds(&b, "<script type=\"application/json\">{\"captcha\":\"");
		for (int i = 0; i < 11 * 1024; i++)
			tc_buf_adds(&b, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
					"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
					"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
					"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
					"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
					"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
					"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
					"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
					"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
					"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
					"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
					"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
					"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
					"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
					"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
					"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
		tc_buf_adds(&b, "\"}</script>");
		tc_buf_adds(&b, body);
		t = ex_opts(b.data, b.len, NULL);
		TU_CHECK(count_lines(t, "| ") == 34, "all rows after a huge script: %.60s", t);
		free(t);
		tc_buf_release(&b);
	}
	free(page);

	TU_CASE("a short real-shaped 2-row list passes");
	t = ex_file("short_list.html", NULL);
	TU_CHECK(tc_startswith(t, "## Sub-processors\n| Name | Purpose | Country |\n"), "short list: %s", t);
	n = tc_utf8_count(t, strlen(t));
	TU_CHECK(n >= 170 && n <= 200, "170 to 200 characters: %zu", n);
	free(t);

	TU_CASE("min_chars per document, and the text extracted when it fails");
	memset(&o, 0, sizeof(o));
	o.min_chars = 500;
	page = fixture("short_list.html", &n);
	tc_extract(page, n, &o, &r);
	TU_INT(r.status, TC_EX_TOO_SMALL);
	TU_INT(r.min_chars, 500);
	TU_CHECK(r.seen && strstr(r.seen, "Granhult Hosting AB"), "the text it got is kept");
	TU_CHECK(strstr(r.detail, "min_chars") != NULL, "detail names min_chars: %s", r.detail);
	tc_extract_result_release(&r);
	free(page);

	TU_CASE("too little text is relative to the last good text");
	memset(&o, 0, sizeof(o));
	t = ex_file("tiny.html", &o);
	TU_STR(t, "[too_small]");
	free(t);
	o.last_len = 60;
	t = ex_file("tiny.html", &o);
	TU_CHECK(t[0] != '[', "37 characters pass when the last good text had 60: %s", t);
	free(t);

	TU_CASE("no generic removal rule drops the page's main content");
	{
		static const char *const wrappers[][2] = {
			{ "<div aria-hidden=\"true\">", "</div>" },
			{ "<div hidden>", "</div>" },
			{ "<div class=\"x1 gdprConsentWrapper_k2\">", "</div>" },
			{ "<div role=\"dialog\">", "</div>" },
			{ "<nav>", "</nav>" },
			{ "<header>", "</header>" },
			{ "<aside>", "</aside>" },
		};

		for (size_t i = 0; i < TC_ARRAY_LEN(wrappers); i++) {
			char *html = tc_xasprintf(
				"<html><body>%s<h1>Sub-processors</h1><table>"
				"<tr><th>Name</th><th>Purpose</th><th>Country</th></tr>"
				"<tr><td>Alpha Hosting Ltd</td><td>Hosting</td><td>Ireland</td></tr>"
				"<tr><td>Beta Mail Inc.</td><td>E-mail delivery</td><td>United States</td></tr>"
				"<tr><td>Gamma Support AB</td><td>Support</td><td>Sweden</td></tr>"
				"</table>%s<footer>Footer</footer></body></html>",
				wrappers[i][0], wrappers[i][1]);

			t = ex(html);
			TU_CHECK(strstr(t, "| Gamma Support AB | Support | Sweden |") != NULL,
				 "content kept inside %s: %s", wrappers[i][0], t);
			free(t);
			free(html);
		}
	}

	TU_CASE("no challenge from the absence of text alone or a word in a script");
	t = ex("<html><head><title>Legal</title><script>var captcha=1;</script></head>"
	       "<body><div id=\"root\"></div></body></html>");
	TU_STR(t, "[empty]");
	free(t);
}

/* Noise rules: lines of the normalised text that match are dropped. */
static void test_ignore_rules(void)
{
	const char *rules[] = { "^Updated [0-9-]+\\.$", "Generated (on|at) " };
	const char *bad[] = { "([unclosed" };
	tc_extract_opts o;
	char sha1[65], sha2[65];
	char *t;

	memset(&o, 0, sizeof(o));
	o.ignore = rules;
	o.nignore = 2;
	t = ex_file("short_list.html", &o);
	TU_CHECK(!strstr(t, "Updated") && strstr(t, "Postlåda Mail Inc."), "stamp line dropped: %s", t);
	free(t);
	o.ignore = bad;
	o.nignore = 1;
	t = ex_file("short_list.html", &o);
	TU_STR(t, "[bad_input]");
	free(t);
	memset(&o, 0, sizeof(o));
	tc_extract_rules_sha(&o, sha1);
	TU_STR(sha1, "");
	o.ignore = rules;
	o.nignore = 1;
	tc_extract_rules_sha(&o, sha1);
	o.nignore = 2;
	tc_extract_rules_sha(&o, sha2);
	TU_CHECK(strlen(sha1) == 64 && strcmp(sha1, sha2) != 0, "the rules hash follows the rules");
}

/* Feeds and PDF tables as document formats. */
static void test_feeds_and_pdf_tables(void)
{
	static const char json[] = "{\"subprocessors\": [{\"name\": \"Fjordline Hosting AS\", "
				   "\"purpose\": \"Cloud hosting\", \"location\": \"Norway\"}, "
				   "{\"name\": \"Brightpost Mail Inc.\", \"purpose\": \"E-mail\", "
				   "\"location\": \"United States\"}, {\"name\": \"Tallinn Support OU\", "
				   "\"purpose\": \"Support\", \"location\": \"Estonia\"}]}";
	tc_extract_opts o;
	char *a, *b;

	TU_CASE("an RSS feed is a table; an added and a removed item are rows");
	a = ex_file("feed_v1.xml", NULL);
	b = ex_file("feed_v2.xml", NULL);
	TU_CHECK(tc_startswith(a, "# Nordvik sub-processor updates\n| Entity |"), "RSS as table: %s", a);
	TU_CHECK(strstr(a, "| Brightpost Mail Inc. |") && !strstr(b, "Brightpost"), "removed row");
	TU_CHECK(!strstr(a, "Inferix") && strstr(b, "| Inferix Labs Inc. |"), "added row");
	free(a);
	free(b);

	TU_CASE("a JSON list by Content-Type");
	memset(&o, 0, sizeof(o));
	o.content_type = "application/json; charset=utf-8";
	a = ex_opts(json, strlen(json), &o);
	TU_CHECK(strstr(a, "| Fjordline Hosting AS | Cloud hosting | Norway |") != NULL, "JSON rows: %s", a);
	free(a);

	TU_CASE("a PDF with a ruled table (printed by Chromium) yields rows");
	a = ex_file("subprocessors_ruled.pdf", NULL);
	TU_CHECK(strstr(a, "| Entity | Purpose | Location |\n| --- | --- | --- |\n"
			   "| Fjordline Hosting AS | Cloud hosting | Norway |\n") != NULL, "PDF rows: %s", a);
	TU_CHECK(strstr(a, "| Tallinn Support O\xc3\x9c | Customer support | Estonia |") != NULL,
		 "third row");
	free(a);
}

int main(void)
{
	test_full_page();
	test_noise_pair();
	test_statuses();
	test_broken_markup();
	test_pdf();
	test_formats();
	test_normalise();
	test_charsets();
	test_hostile_input();
	test_xpath_rules();
	test_main_content();
	test_boilerplate();
	test_blocks();
	test_links();
	test_dates();
	test_real_web();
	test_ignore_rules();
	test_feeds_and_pdf_tables();
	return TU_END("test_extract");
}
